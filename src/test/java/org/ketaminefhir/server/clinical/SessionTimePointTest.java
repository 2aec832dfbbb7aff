package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.support.IgExamples;

/** How the IG's session-time-point extension is read: the IG's examples, missing parts, and no extension. */
class SessionTimePointTest {

    private static final IgTerms TERMS =
            new IgTerms(ImplementationGuidePackage.fromClasspath(FhirContext.forR4Cached()));
    private static final String URL = TERMS.extension(SessionTimePoint.EXTENSION);

    @ParameterizedTest(name = "{0}")
    @MethodSource("observations")
    void readsThePointAndTheMinute(
            String name, Observation observation, Optional<SessionTimePoint> expected, boolean preDose) {
        Optional<SessionTimePoint> read = SessionTimePoint.of(observation, TERMS);

        assertThat(read).isEqualTo(expected);
        assertThat(read.map(SessionTimePoint::isPreDose).orElse(false)).isEqualTo(preDose);
    }

    static Stream<Arguments> observations() {
        return Stream.of(
                Arguments.of(
                        "the IG's 40-minute reading", example("iv-s3-bp-40min"), point("intra-session", 40), false),
                Arguments.of("the IG's pre-dose reading", example("iv-s3-bp-pre"), point("pre-dose", null), true),
                Arguments.of(
                        "pre-discharge with a minute",
                        observation(URL, new CodeType("pre-discharge"), new IntegerType(95)),
                        point("pre-discharge", 95),
                        false),
                Arguments.of("no point stated", observation(URL, null, new IntegerType(20)), point(null, 20), false),
                Arguments.of(
                        "a point without a value", observation(URL, new CodeType(), null), point(null, null), false),
                Arguments.of(
                        "minutes not an integer",
                        observation(URL, new CodeType("intra-session"), new StringType("40")),
                        point("intra-session", null),
                        false),
                Arguments.of("no extension", new Observation(), Optional.empty(), false),
                Arguments.of(
                        "another guide's extension of that name",
                        observation(
                                "http://example.org/StructureDefinition/session-time-point",
                                new CodeType("pre-dose"),
                                null),
                        Optional.empty(),
                        false));
    }

    private static Observation example(String id) {
        return FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(
                        Observation.class, IgExamples.get("Observation", id).json());
    }

    private static Observation observation(String url, CodeType point, org.hl7.fhir.r4.model.Type minutes) {
        Observation observation = new Observation();
        Extension timePoint = observation.addExtension().setUrl(url);
        if (point != null) {
            timePoint.addExtension("point", point);
        }
        if (minutes != null) {
            timePoint.addExtension("minutesAfterStart", minutes);
        }
        return observation;
    }

    private static Optional<SessionTimePoint> point(String point, Integer minutes) {
        return Optional.of(new SessionTimePoint(point, minutes));
    }
}
