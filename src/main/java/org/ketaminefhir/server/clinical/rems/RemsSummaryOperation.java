package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.ketaminefhir.server.fhir.OperationProvider;
import org.ketaminefhir.server.fhir.RuleViolation;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * {@code GET /MedicationAdministration/{id}/$rems-summary}: the SPRAVATO REMS Patient Monitoring Form fields of an
 * esketamine session, derived from its records (patient, treatment date, dose, lot, concomitant medication flags from
 * the latest screening, blood pressure before dosing, at 40 minutes and before completion, vital signs acceptable,
 * total monitoring minutes; sedation, loss of consciousness, dissociation and respiratory depression), and a list of
 * what is missing; also the middle initial, first treatment, prescriber, monitoring clinician and healthcare setting
 * where the records (or the configured setting) give them. Not an esketamine session: 422. The records
 * fill in the form ({@link RemsChart}); the answer has one parameter per field filled in, then one {@code missing}
 * per field that is not.
 */
public class RemsSummaryOperation implements OperationProvider {

    public static final String NOT_ESKETAMINE = "REMS-ESKETAMINE-ONLY";

    private final FhirContext fhirContext;
    private final DaoRegistry daos;
    private final RemsChart chart;
    private final KetamineProducts products;

    public RemsSummaryOperation(FhirContext fhirContext, DaoRegistry daos, RemsChart chart, KetamineProducts products) {
        this.fhirContext = fhirContext;
        this.daos = daos;
        this.chart = chart;
        this.products = products;
    }

    @Description(
            shortDefinition =
                    "SPRAVATO REMS Patient Monitoring Form fields of an esketamine session, derived from its records, with what is missing. 422 for other sessions.",
            value =
                    "SPRAVATO REMS Patient Monitoring Form fields of an esketamine session, derived from its records; 422"
                            + " REMS-ESKETAMINE-ONLY for other sessions. Each field (0..1) is present when the records give it, else"
                            + " named in a missing parameter: patientFirstName, patientLastName (string), patientBirthDate (date),"
                            + " patientSex (string, administrative gender code), treatmentDate (date), doseAdministered (Quantity, mg),"
                            + " lotNumber (string); concomitant-benzodiazepines, concomitant-non-benzodiazepine-hypnotics,"
                            + " concomitant-psychostimulants, concomitant-maois, concomitant-opioids (boolean, from the latest"
                            + " screening); bloodPressurePreDose, bloodPressure40Minutes, bloodPressureBeforeCompletion (string,"
                            + " \"systolic/diastolic mmHg\"); vitalSignsAcceptableBeforeCompletion (boolean), totalMonitoringMinutes"
                            + " (integer), from the discharge readiness; sedation, lossOfConsciousness, dissociation and"
                            + " respiratoryDepression (boolean): true when a side effect of that kind is recorded, an in-session"
                            + " MOAA/S is at or below the sedation alert level (at or below the loss-of-consciousness level, 0, for"
                            + " lossOfConsciousness), a CADSS total is above its alert level (dissociation), or an SpO2 or low"
                            + " respiratory-rate alert was raised in the session (respiratoryDepression); false once the discharge is"
                            + " recorded without any; patientMiddleInitial (string, the initial of a second given name);"
                            + " firstTreatment (boolean, no earlier esketamine session of the patient, entered in error or not"
                            + " done aside); prescriberFirstName, prescriberLastName (string, the requester of the session's"
                            + " MedicationRequest); hcpFirstName, hcpLastName, hcpTelephone, hcpEmail (string, the session's"
                            + " performer); settingName, settingAddress1, settingAddress2, settingCity, settingState, settingZip"
                            + " (string, the clinic's configured REMS healthcare setting); missing (string, 0..*), the name of each field"
                            + " the records do not give. Questionnaire/spravato-rems-monitoring/$populate gives the same fields"
                            + " as a QuestionnaireResponse.")
    @Operation(
            name = "$rems-summary",
            type = MedicationAdministration.class,
            idempotent = true,
            returnParameters = {
                @OperationParam(name = "patientFirstName", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "patientMiddleInitial", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "patientLastName", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "patientBirthDate", type = DateType.class, min = 0, max = 1),
                @OperationParam(name = "patientSex", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "firstTreatment", type = BooleanType.class, min = 0, max = 1),
                @OperationParam(name = "prescriberFirstName", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "prescriberLastName", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "hcpFirstName", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "hcpLastName", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "hcpTelephone", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "hcpEmail", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "settingName", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "settingAddress1", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "settingAddress2", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "settingCity", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "settingState", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "settingZip", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "treatmentDate", type = DateType.class, min = 0, max = 1),
                @OperationParam(name = "doseAdministered", type = Quantity.class, min = 0, max = 1),
                @OperationParam(name = "lotNumber", type = StringType.class, min = 0, max = 1),
                // One per question of the form (RemsSettings.FORM_CONCOMITANT_MEDICATIONS), as configured.
                @OperationParam(name = "concomitant-benzodiazepines", type = BooleanType.class, min = 0, max = 1),
                @OperationParam(
                        name = "concomitant-non-benzodiazepine-hypnotics",
                        type = BooleanType.class,
                        min = 0,
                        max = 1),
                @OperationParam(name = "concomitant-psychostimulants", type = BooleanType.class, min = 0, max = 1),
                @OperationParam(name = "concomitant-maois", type = BooleanType.class, min = 0, max = 1),
                @OperationParam(name = "concomitant-opioids", type = BooleanType.class, min = 0, max = 1),
                @OperationParam(name = "bloodPressurePreDose", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "bloodPressure40Minutes", type = StringType.class, min = 0, max = 1),
                @OperationParam(name = "bloodPressureBeforeCompletion", type = StringType.class, min = 0, max = 1),
                @OperationParam(
                        name = "vitalSignsAcceptableBeforeCompletion",
                        type = BooleanType.class,
                        min = 0,
                        max = 1),
                @OperationParam(name = "totalMonitoringMinutes", type = IntegerType.class, min = 0, max = 1),
                @OperationParam(name = "sedation", type = BooleanType.class, min = 0, max = 1),
                @OperationParam(name = "lossOfConsciousness", type = BooleanType.class, min = 0, max = 1),
                @OperationParam(name = "dissociation", type = BooleanType.class, min = 0, max = 1),
                @OperationParam(name = "respiratoryDepression", type = BooleanType.class, min = 0, max = 1),
                @OperationParam(name = "missing", type = StringType.class, min = 0, max = OperationParam.MAX_UNLIMITED)
            })
    public Parameters summary(@IdParam IdType sessionId, RequestDetails request) {
        MedicationAdministration session =
                daos.getResourceDao(MedicationAdministration.class).read(sessionId.toUnqualifiedVersionless(), request);
        requireEsketamine(fhirContext, products, session);
        RemsForm form = chart.form(session);
        Parameters out = new Parameters();
        form.fields().forEach((name, value) -> {
            if (value != null) {
                out.addParameter().setName(name).setValue(value);
            }
        });
        form.missing().forEach(name -> out.addParameter().setName("missing").setValue(new StringType(name)));
        return out;
    }

    /** 422 {@code REMS-ESKETAMINE-ONLY} unless the session is an esketamine session (also for $populate). */
    static void requireEsketamine(
            FhirContext fhirContext, KetamineProducts products, MedicationAdministration session) {
        if (!products.isEsketamine(session)) {
            throw RuleViolation.reject(
                    fhirContext,
                    NOT_ESKETAMINE,
                    "the REMS Patient Monitoring Form applies to esketamine sessions only",
                    "MedicationAdministration.medication");
        }
    }
}
