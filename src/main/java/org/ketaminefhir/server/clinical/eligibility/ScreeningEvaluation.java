package org.ketaminefhir.server.clinical.eligibility;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.ketaminefhir.server.clinical.BloodPressure;
import org.ketaminefhir.server.clinical.BodyWeight;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * Evaluates a screening Observation with {@link EligibilityRules}: reads what it records (its components and the
 * baseline vital signs, weight and scores it links, from the database or from the transaction being written) and puts
 * the outcome and its reasons on it. Used on every write of a screening and by {@code $ketamine-eligibility}.
 */
public class ScreeningEvaluation {

    private static final String TRD = "1153570009";

    private final PatientChart chart;
    private final IgTerms terms;
    private final EligibilityRules rules;

    public ScreeningEvaluation(PatientChart chart, IgTerms terms, EligibilityRules rules) {
        this.chart = chart;
        this.terms = terms;
        this.rules = rules;
    }

    public boolean isScreening(Observation observation) {
        return IgTerms.hasCoding(observation.getCode(), terms.observationCodes(), "ketamine-screening");
    }

    public EligibilityRules.Decision decide(Observation screening, RequestDetails request) {
        return rules.decide(facts(screening, request));
    }

    /** The outcome written on the screening (null if none, or not from the IG's eligibility-outcome CodeSystem). */
    public EligibilityOutcome writtenOutcome(Observation screening) {
        if (!screening.hasValueCodeableConcept()) {
            return null;
        }
        String code = IgTerms.codeIn(screening.getValueCodeableConcept(), terms.codeSystem("eligibility-outcome"));
        return code == null ? null : EligibilityOutcome.fromCode(code);
    }

    /** Puts the decision on the screening: its outcome as the value and one eligibility-reason per finding. */
    public void record(Observation screening, EligibilityRules.Decision decision) {
        screening.setValue(new CodeableConcept(new Coding(
                terms.codeSystem("eligibility-outcome"),
                decision.outcome().code(),
                decision.outcome().display())));
        screening
                .getExtension()
                .removeIf(e -> terms.extension("eligibility-reason").equals(e.getUrl()));
        for (Finding reason : decision.reasons()) {
            Extension extension = screening.addExtension().setUrl(terms.extension("eligibility-reason"));
            extension.addExtension("rule", new StringType(reason.ruleId()));
            extension.addExtension("detail", new StringType(reason.message()));
        }
    }

    /** The ids of the rules whose reasons {@link #record} put on the screening, in order, each once. */
    public java.util.List<String> recordedRules(Observation screening) {
        return screening.getExtensionsByUrl(terms.extension("eligibility-reason")).stream()
                .map(reason -> reason.getExtensionByUrl("rule"))
                .filter(rule -> rule != null && rule.hasValue())
                .map(rule -> rule.getValue().primitiveValue())
                .distinct()
                .toList();
    }

    ScreeningFacts facts(Observation screening, RequestDetails request) {
        String cs = terms.observationCodes();
        Map<String, Boolean> flags = new HashMap<>();
        boolean indication = false;
        boolean trd = false;
        Integer trials = null;
        String pregnancy = null;
        for (Observation.ObservationComponentComponent component : screening.getComponent()) {
            String code = IgTerms.codeIn(component.getCode(), cs);
            if (code == null || !component.hasValue()) {
                continue;
            }
            switch (code) {
                case "indication" -> {
                    indication = true;
                    trd = component.hasValueCodeableConcept()
                            && IgTerms.hasCoding(component.getValueCodeableConcept(), IgTerms.SNOMED, TRD);
                }
                case "adequate-antidepressant-trials" ->
                    trials = component.hasValueIntegerType()
                            ? component.getValueIntegerType().getValue()
                            : null;
                case "pregnancy-status" ->
                    pregnancy = component.hasValueCodeableConcept()
                            ? IgTerms.codeIn(component.getValueCodeableConcept(), terms.codeSystem("pregnancy-status"))
                            : null;
                default -> {
                    if (component.hasValueBooleanType()) {
                        flags.put(code, component.getValueBooleanType().booleanValue());
                    }
                }
            }
        }
        Integer systolic = null;
        Integer diastolic = null;
        boolean weight = false;
        boolean score = false;
        for (Reference member : screening.getHasMember()) {
            Observation observation = chart.resolve(member, Observation.class)
                    .or(() -> PatientChart.inThisTransaction(request, Observation.class, member))
                    .orElse(null);
            if (observation == null) {
                continue;
            }
            Optional<BloodPressure> bloodPressure = BloodPressure.of(observation);
            if (bloodPressure.isPresent()) {
                systolic = wholeMmHg(bloodPressure.get().systolic());
                diastolic = wholeMmHg(bloodPressure.get().diastolic());
            } else if (BodyWeight.of(observation).isPresent()) {
                weight = true;
            } else if (terms.declares(observation, "ketamine-score")) {
                score = true;
            }
        }
        return new ScreeningFacts(flags, indication, trials, pregnancy, systolic, diastolic, weight, score, trd);
    }

    /** A blood-pressure part in whole mmHg, rounded up so that 140.2 counts as above 140; or null. */
    static Integer wholeMmHg(BigDecimal value) {
        return value == null ? null : value.setScale(0, RoundingMode.CEILING).intValue();
    }

    /** The screening as {@link CurrentScreening} sees it, or null if it does not count (entered in error, cancelled). */
    public CurrentScreening.Screening summary(Observation screening) {
        if (screening.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || screening.getStatus() == Observation.ObservationStatus.CANCELLED
                || !screening.hasEffectiveDateTimeType()
                || screening.getEffectiveDateTimeType().getValue() == null) {
            return null;
        }
        String id = screening.getIdElement().hasIdPart()
                ? "Observation/" + screening.getIdElement().getIdPart()
                : "the screening in this transaction";
        return new CurrentScreening.Screening(
                id, screening.getEffectiveDateTimeType().getValue().toInstant(), writtenOutcome(screening));
    }
}
