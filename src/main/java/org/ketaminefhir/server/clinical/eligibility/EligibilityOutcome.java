package org.ketaminefhir.server.clinical.eligibility;

/** The outcomes of the IG's eligibility-outcome CodeSystem, most severe first. */
public enum EligibilityOutcome {
    NOT_ELIGIBLE("not-eligible", "Not eligible"),
    INCOMPLETE("incomplete", "Incomplete"),
    DEFERRED("deferred", "Deferred"),
    ELIGIBLE_WITH_PRECAUTIONS("eligible-with-precautions", "Eligible with precautions"),
    ELIGIBLE("eligible", "Eligible");

    private final String code;
    private final String display;

    EligibilityOutcome(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    /** Outcomes that allow treatment to go ahead. */
    public boolean allowsTreatment() {
        return this == ELIGIBLE || this == ELIGIBLE_WITH_PRECAUTIONS;
    }

    public static EligibilityOutcome fromCode(String code) {
        for (EligibilityOutcome outcome : values()) {
            if (outcome.code.equals(code)) {
                return outcome;
            }
        }
        return null;
    }
}
