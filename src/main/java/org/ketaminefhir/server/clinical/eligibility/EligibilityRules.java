package org.ketaminefhir.server.clinical.eligibility;

import java.util.ArrayList;
import java.util.List;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * Decides eligibility from a screening. Each rule adds findings under its id; the outcome is the most severe any rule
 * reached: not-eligible (absolute contraindication or pregnancy), incomplete (required data missing, or, as configured,
 * a pregnancy status of unknown), deferred (pre-treatment blood pressure above the configured level),
 * eligible-with-precautions (relative contraindications, interacting medications, fewer adequate trials than the TRD
 * definition, or, as configured, an unknown pregnancy status), else eligible.
 */
public class EligibilityRules {

    public static final String ABSOLUTE = "ELIG-ABSOLUTE-CONTRAINDICATION";
    public static final String PREGNANCY = "ELIG-PREGNANCY";
    public static final String PREGNANCY_UNKNOWN = "ELIG-PREGNANCY-UNKNOWN";
    /** The pregnancy-status code for "could be pregnant, not known"; "not-applicable" is how a clinician rules it out. */
    static final String UNKNOWN_PREGNANCY = "unknown";

    public static final String MISSING = "ELIG-MISSING-DATA";
    public static final String PREDOSE_BP = "ELIG-PREDOSE-BP";
    public static final String RELATIVE = "ELIG-RELATIVE-CONTRAINDICATION";
    public static final String INTERACTING = "ELIG-INTERACTING-MEDICATION";
    public static final String TRD_TRIALS = "ELIG-TRD-ADEQUATE-TRIALS";

    private final EligibilitySettings config;
    private final PreDoseBloodPressure predose;

    public EligibilityRules(EligibilitySettings config, PreDoseBloodPressure predose) {
        this.config = config;
        this.predose = predose;
    }

    public record Decision(EligibilityOutcome outcome, List<Finding> reasons) {}

    public Decision decide(ScreeningFacts facts) {
        List<Finding> notEligible = new ArrayList<>();
        List<Finding> missing = new ArrayList<>();
        List<Finding> deferred = new ArrayList<>();
        List<Finding> precautions = new ArrayList<>();

        checkFlags(
                facts,
                config.absoluteContraindications(),
                ABSOLUTE,
                "absolute contraindication",
                "contraindication",
                notEligible,
                missing);
        if (facts.pregnancyStatus() == null) {
            missing.add(new Finding(MISSING, "pregnancy status not recorded", component("pregnancy-status")));
        } else if (config.notEligiblePregnancyStatuses().contains(facts.pregnancyStatus())) {
            notEligible.add(new Finding(
                    PREGNANCY, "pregnancy status: " + facts.pregnancyStatus(), component("pregnancy-status")));
        } else if (UNKNOWN_PREGNANCY.equals(facts.pregnancyStatus())) {
            boolean incomplete = config.unknownPregnancyOutcome() == EligibilityOutcome.INCOMPLETE;
            (incomplete ? missing : precautions)
                    .add(new Finding(
                            PREGNANCY_UNKNOWN,
                            "pregnancy status unknown: "
                                    + (incomplete
                                            ? "confirm it before treatment, or record not-applicable if pregnancy is not possible"
                                            : "treat only with pregnancy considered"),
                            component("pregnancy-status")));
        }
        checkFlags(
                facts,
                config.relativeContraindications(),
                RELATIVE,
                "relative contraindication",
                "contraindication",
                precautions,
                missing);
        checkFlags(
                facts,
                config.interactingMedications(),
                INTERACTING,
                "taking an interacting medication",
                "medication class",
                precautions,
                missing);
        if (!facts.indicationPresent()) {
            missing.add(new Finding(MISSING, "indication not recorded", component("indication")));
        }
        if (facts.adequateTrials() == null) {
            missing.add(new Finding(
                    MISSING,
                    "number of adequate antidepressant trials not recorded",
                    component("adequate-antidepressant-trials")));
        } else if (facts.treatmentResistantDepression() && facts.adequateTrials() < config.minAdequateTrials()) {
            precautions.add(new Finding(
                    TRD_TRIALS,
                    facts.adequateTrials()
                            + " adequate antidepressant trial(s); treatment-resistant depression requires at least "
                            + config.minAdequateTrials(),
                    component("adequate-antidepressant-trials")));
        }
        if (!facts.weightPresent()) {
            missing.add(new Finding(MISSING, "no baseline body weight among hasMember", "Observation.hasMember"));
        }
        if (!facts.scorePresent()) {
            missing.add(
                    new Finding(MISSING, "no baseline rating-scale score among hasMember", "Observation.hasMember"));
        }
        if (facts.baselineSystolic() == null || facts.baselineDiastolic() == null) {
            missing.add(new Finding(MISSING, "no baseline blood pressure among hasMember", "Observation.hasMember"));
        } else if (predose.isAbove(facts.baselineSystolic(), facts.baselineDiastolic())) {
            deferred.add(new Finding(
                    PREDOSE_BP,
                    "pre-treatment blood pressure " + facts.baselineSystolic() + "/" + facts.baselineDiastolic()
                            + " mmHg is above " + predose,
                    "Observation.hasMember"));
        }

        EligibilityOutcome outcome = !notEligible.isEmpty()
                ? EligibilityOutcome.NOT_ELIGIBLE
                : !missing.isEmpty()
                        ? EligibilityOutcome.INCOMPLETE
                        : !deferred.isEmpty()
                                ? EligibilityOutcome.DEFERRED
                                : !precautions.isEmpty()
                                        ? EligibilityOutcome.ELIGIBLE_WITH_PRECAUTIONS
                                        : EligibilityOutcome.ELIGIBLE;
        List<Finding> reasons = new ArrayList<>();
        reasons.addAll(notEligible);
        reasons.addAll(missing);
        reasons.addAll(deferred);
        reasons.addAll(precautions);
        return new Decision(outcome, reasons);
    }

    /** Yes/no items: "yes" is a finding of the rule, a missing answer is missing data. */
    private static void checkFlags(
            ScreeningFacts facts,
            List<String> codes,
            String rule,
            String finding,
            String item,
            List<Finding> found,
            List<Finding> missing) {
        for (String code : codes) {
            Boolean answer = facts.flag(code).orElse(null);
            if (answer == null) {
                missing.add(new Finding(MISSING, item + " not answered: " + code, component(code)));
            } else if (answer) {
                found.add(new Finding(rule, finding + ": " + code, component(code)));
            }
        }
    }

    private static String component(String code) {
        return "Observation.component.where(code.coding.code='" + code + "')";
    }
}
