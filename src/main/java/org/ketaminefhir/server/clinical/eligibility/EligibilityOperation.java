package org.ketaminefhir.server.clinical.eligibility;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.database.PatientLocks;
import org.ketaminefhir.server.fhir.OperationProvider;
import org.ketaminefhir.server.fhir.RuleViolation;

/**
 * {@code POST /Patient/{id}/$ketamine-eligibility}: (re)evaluates the patient's latest screening with the baseline
 * vital signs, weight and scores it links to, stores the outcome and its reasons (each naming its rule) on the
 * screening, and returns it. Runs in one transaction holding the patient's write lock.
 */
public class EligibilityOperation implements OperationProvider {

    public static final String NO_SCREENING = "ELIG-NO-SCREENING";

    private final FhirContext fhirContext;
    private final DaoRegistry daos;
    private final IHapiTransactionService transactions;
    private final PatientLocks locks;
    private final PatientChart chart;
    private final ScreeningEvaluation evaluation;

    public EligibilityOperation(
            FhirContext fhirContext,
            DaoRegistry daos,
            IHapiTransactionService transactions,
            PatientLocks locks,
            PatientChart chart,
            ScreeningEvaluation evaluation) {
        this.fhirContext = fhirContext;
        this.daos = daos;
        this.transactions = transactions;
        this.locks = locks;
        this.chart = chart;
        this.evaluation = evaluation;
    }

    @Description(
            shortDefinition =
                    "Evaluates the patient's latest ketamine screening (with the baseline vitals, weight and scores it links to), stores the eligibility outcome and its reasons (each naming its rule id) on the screening and returns it.",
            value =
                    "Evaluates the patient's latest ketamine screening with the baseline vital signs, weight and scores it"
                            + " links to, and stores the outcome on it; 422 ELIG-NO-SCREENING if the patient has none. Output: return"
                            + " (Observation, 1..1), the stored screening: its value the eligibility outcome (eligible,"
                            + " eligible-with-precautions, deferred, incomplete, not-eligible), one eligibility-reason extension per"
                            + " finding, each naming its rule id.")
    @Operation(
            name = "$ketamine-eligibility",
            type = Patient.class,
            idempotent = false,
            returnParameters = {@OperationParam(name = "return", type = Observation.class, min = 1, max = 1)})
    public Observation evaluate(@IdParam IdType patientId, RequestDetails request) {
        return transactions.withRequest(request).execute(() -> {
            daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
            String patient = patientId.toUnqualifiedVersionless().getValue();
            locks.lock(List.of(patient));
            Observation screening = chart.latestScreening(patient)
                    .orElseThrow(() -> RuleViolation.reject(
                            fhirContext,
                            NO_SCREENING,
                            "patient " + patient + " has no ketamine screening to evaluate",
                            "Patient"));
            evaluation.record(screening, evaluation.decide(screening, request));
            return (Observation) daos.getResourceDao(Observation.class)
                    .update(screening, request)
                    .getResource();
        });
    }
}
