package org.ketaminefhir.server.assembly;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * HAPI's JPA CapabilityStatement provider, with one repair: HAPI routes every {@code GET OperationDefinition/[id]} to
 * the definitions it generates for the server's own operations, so a stored OperationDefinition (created, updated and
 * found by search like any resource, as the statement declares) answered 404 on read. A read the generated
 * definitions do not know is answered from the database; everything else is HAPI's.
 */
class ServerCapabilityStatements extends JpaCapabilityStatementProvider {

    private final DaoRegistry daos;

    ServerCapabilityStatements(
            RestfulServer server,
            IFhirSystemDao<?, ?> systemDao,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DaoRegistry daos) {
        super(server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        this.daos = daos;
    }

    @Override
    public IBaseResource readOperationDefinition(IIdType id, RequestDetails request) {
        try {
            return super.readOperationDefinition(id, request);
        } catch (ResourceNotFoundException notGenerated) {
            return daos.getResourceDao("OperationDefinition").read(id, request);
        }
    }
}
