package org.ketaminefhir.server.clinical.session;

/** The codes of the IG's dosing-weight-basis CodeSystem: which body weight a dose per kg is calculated on. */
public enum DosingWeightBasis {
    ACTUAL("actual"),
    IDEAL("ideal"),
    ADJUSTED("adjusted");

    private final String code;

    DosingWeightBasis(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static DosingWeightBasis fromCode(String code) {
        for (DosingWeightBasis basis : values()) {
            if (basis.code.equals(code)) {
                return basis;
            }
        }
        return null;
    }
}
