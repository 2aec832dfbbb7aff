package org.ketaminefhir.server.clinical;

import java.util.Optional;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;

/**
 * When, relative to the dose, an observation of a session was made: the IG's {@code session-time-point} extension, its
 * {@code point} (a code of SessionTimePointVS) and {@code minutesAfterStart} (stated for intra-session readings).
 *
 * @param point pre-dose, intra-session or pre-discharge; null if the extension states none
 * @param minutesAfterStart minutes after the start of administration, or null
 */
public record SessionTimePoint(String point, Integer minutesAfterStart) {

    public static final String EXTENSION = "session-time-point";
    public static final String PRE_DOSE = "pre-dose";
    public static final String INTRA_SESSION = "intra-session";
    public static final String PRE_DISCHARGE = "pre-discharge";

    /** The observation's time point, if it carries the extension. */
    public static Optional<SessionTimePoint> of(Observation observation, IgTerms terms) {
        Extension timePoint = observation.getExtensionByUrl(terms.extension(EXTENSION));
        if (timePoint == null) {
            return Optional.empty();
        }
        Extension point = timePoint.getExtensionByUrl("point");
        Extension minutes = timePoint.getExtensionByUrl("minutesAfterStart");
        return Optional.of(new SessionTimePoint(
                point == null || !point.hasValue() ? null : point.getValue().primitiveValue(),
                minutes != null && minutes.getValue() instanceof IntegerType integer ? integer.getValue() : null));
    }

    public boolean isPreDose() {
        return PRE_DOSE.equals(point);
    }
}
