package org.ketaminefhir.server.clinical.plan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.plan.PlanSettings.Protocol;
import org.ketaminefhir.server.database.PatientLocks;
import org.ketaminefhir.server.fhir.OperationProvider;
import org.ketaminefhir.server.fhir.RuleViolation;

/**
 * {@code POST /Patient/{id}/$ketamine-plan} with {@code start} (date), {@code protocol} (code of the IG's
 * treatment-protocol CodeSystem) and {@code treatmentDay} (mon ... sun, repeating): stores and returns a treatment-plan
 * CarePlan with dated induction sessions that respect the protocol's sessions per week and the minimum interval, a
 * maintenance activity, and weekly measurement activities. Refuses (422) a patient whose current screening (see
 * {@link CurrentScreening}) does not allow treatment. Runs in one transaction holding the patient's write lock.
 * Reads the chart ({@link PlanChart}), plans ({@link TreatmentPlanning}), and stores the plan as a CarePlan
 * ({@link TreatmentPlanCarePlan}).
 */
public class TreatmentPlanOperation implements OperationProvider {

    private final FhirContext fhirContext;
    private final DaoRegistry daos;
    private final IHapiTransactionService transactions;
    private final PatientLocks locks;
    private final PlanChart chart;
    private final TreatmentPlanCarePlan carePlans;
    private final IgTerms terms;
    private final PlanSettings settings;
    private final TreatmentPlanning.Rules rules;

    public TreatmentPlanOperation(
            FhirContext fhirContext,
            DaoRegistry daos,
            IHapiTransactionService transactions,
            PatientLocks locks,
            PlanChart chart,
            TreatmentPlanCarePlan carePlans,
            IgTerms terms,
            PlanSettings settings,
            TreatmentPlanning.Rules rules) {
        this.fhirContext = fhirContext;
        this.daos = daos;
        this.transactions = transactions;
        this.locks = locks;
        this.chart = chart;
        this.carePlans = carePlans;
        this.terms = terms;
        this.settings = settings;
        this.rules = rules;
    }

    @Description(
            shortDefinition =
                    "Generates and stores a ketamine treatment plan: dated induction sessions for the protocol (iv-racemic, esketamine-intranasal, im-racemic) on the clinic's treatment days, maintenance and measurement activities. Needs a current eligible screening.",
            value =
                    "Generates and stores a ketamine treatment plan for the patient: dated induction sessions for the protocol"
                            + " on the clinic's treatment days (at most the protocol's sessions per week, never sooner than the minimum"
                            + " interval), a maintenance activity and weekly rating-scale measurement. Needs a screening that is current"
                            + " at the first session and allows treatment (else 422 PLAN-ELIGIBLE-SCREENING); a fixed-dose protocol"
                            + " needs a baseline body weight on it (422 PLAN-BASELINE-WEIGHT). Output: return (CarePlan, 1..1), the"
                            + " stored plan, conforming to the IG's ketamine-treatment-plan profile.")
    @Operation(
            name = "$ketamine-plan",
            type = Patient.class,
            idempotent = false,
            returnParameters = {@OperationParam(name = "return", type = CarePlan.class, min = 1, max = 1)})
    public CarePlan plan(
            @IdParam IdType patientId,
            @Description(
                            shortDefinition =
                                    "The first day of the plan: induction starts on the first treatment day from it")
                    @OperationParam(name = "start", min = 1, max = 1)
                    DateType start,
            @Description(
                            shortDefinition =
                                    "The protocol: a code of the IG's treatment-protocol CodeSystem that the clinic"
                                            + " has configured (iv-racemic, esketamine-intranasal, im-racemic)")
                    @OperationParam(name = "protocol", min = 1, max = 1)
                    CodeType protocol,
            @Description(
                            shortDefinition =
                                    "A day the clinic treats on: mon, tue, wed, thu, fri, sat or sun (repeat for"
                                            + " each; none: the clinic's default days)")
                    @OperationParam(name = "treatmentDay", min = 0, max = OperationParam.MAX_UNLIMITED)
                    List<CodeType> treatmentDays,
            RequestDetails request) {
        if (start == null || start.getValue() == null) {
            throw new InvalidRequestException("Parameter 'start' (date) is required");
        }
        Protocol protocolRules = protocol == null ? null : settings.protocols().get(protocol.getValue());
        if (protocolRules == null) {
            throw new InvalidRequestException(
                    "Unknown protocol '" + (protocol == null ? null : protocol.getValue()) + "': use one of "
                            + settings.protocols().keySet() + " (" + terms.codeSystem("treatment-protocol") + ")");
        }
        Set<DayOfWeek> days = treatmentDays(treatmentDays);
        LocalDate firstDay = firstDay(start);
        return transactions.withRequest(request).execute(() -> {
            daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
            String patient = patientId.toUnqualifiedVersionless().getValue();
            locks.lock(List.of(patient));
            TreatmentPlan plan;
            try {
                plan = TreatmentPlanning.plan(
                        new TreatmentPlanning.Request(patient, firstDay, protocol.getValue(), protocolRules, days),
                        chart.facts(patient),
                        rules);
            } catch (TreatmentPlanning.Refused refused) {
                throw RuleViolation.reject(fhirContext, List.of(refused.finding()));
            }
            return (CarePlan) daos.getResourceDao(CarePlan.class)
                    .create(carePlans.of(plan), request)
                    .getResource();
        });
    }

    private static LocalDate firstDay(DateType start) {
        try {
            return LocalDate.parse(start.getValueAsString());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(
                    "Parameter 'start' must be a full date (YYYY-MM-DD), not '" + start.getValueAsString() + "'");
        }
    }

    private Set<DayOfWeek> treatmentDays(List<CodeType> codes) {
        try {
            return TreatmentDays.parse(
                    codes == null || codes.isEmpty()
                            ? settings.defaultTreatmentDays()
                            : codes.stream().map(CodeType::getValue).toList());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
