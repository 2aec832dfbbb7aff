package org.ketaminefhir.server.clinical.summary;

import ca.uhn.fhir.jpa.ips.generator.IIpsGeneratorSvc;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IIdType;
import org.ketaminefhir.server.fhir.OperationProvider;

/**
 * {@code Patient/[id]/$summary}: the patient's International Patient Summary, a document Bundle made by HAPI's IPS
 * generator with {@link KetamineIpsStrategy}. Only the instance level is served (HAPI's own provider also offers
 * {@code Patient/$summary?identifier=}, which this server does not): the caller names the patient its token may read.
 * The operation is declared by this server's own OperationDefinition (the walk of the CapabilityStatement reads it),
 * not by the IPS canonical. The generator reads the chart with the caller's request, so the access rules narrow it as they narrow
 * {@code $everything} (the patient's compartment, the granted types, labelled data only with the sensitive-data
 * scope).
 */
public class SummaryOperation implements OperationProvider {

    private final IIpsGeneratorSvc generator;

    public SummaryOperation(IIpsGeneratorSvc generator) {
        this.generator = generator;
    }

    @Operation(
            name = JpaConstants.OPERATION_SUMMARY,
            idempotent = true,
            bundleType = BundleTypeEnum.DOCUMENT,
            typeName = "Patient")
    public IBaseBundle summary(@IdParam IIdType patient, RequestDetails request) {
        return generator.generateIps(request, patient.toUnqualifiedVersionless(), null);
    }
}
