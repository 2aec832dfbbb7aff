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
import org.hl7.fhir.r4.model.IdType;

/**
 * HAPI's JPA CapabilityStatement provider, with one repair: HAPI routes every {@code GET OperationDefinition/[id]} to
 * the definitions it generates for the server's own operations, so a stored OperationDefinition (created, updated and
 * found by search like any resource, as the statement declares) answered 404 on read. A read the generated
 * definitions do not know is answered from the database; everything else is HAPI's. And a Bulk Data export's
 * canonical definition (which the statement declares, {@link ServedCapabilities}) is answered, when HAPI's OpenAPI
 * description asks for it, with HAPI's own definition of the operation.
 */
class ServerCapabilityStatements extends JpaCapabilityStatementProvider {

    private final DaoRegistry daos;
    private final ServedCapabilities served;

    ServerCapabilityStatements(
            RestfulServer server,
            IFhirSystemDao<?, ?> systemDao,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DaoRegistry daos,
            ServedCapabilities served) {
        super(server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        this.daos = daos;
        this.served = served;
    }

    @Override
    public IBaseResource readOperationDefinition(IIdType id, RequestDetails request) {
        String generated = served.generatedDefinitionId(id.getValue());
        if (generated != null) {
            return super.readOperationDefinition(new IdType("OperationDefinition", generated), request);
        }
        try {
            return super.readOperationDefinition(id, request);
        } catch (ResourceNotFoundException notGenerated) {
            return daos.getResourceDao("OperationDefinition").read(id, request);
        }
    }
}
