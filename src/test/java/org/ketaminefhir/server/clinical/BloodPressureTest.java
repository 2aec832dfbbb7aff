package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.server.support.IgExamples;

/** How a blood pressure panel is read: the IG's example, half readings, and what is not a blood pressure. */
class BloodPressureTest {

    private static final String LOINC = "http://loinc.org";

    @ParameterizedTest(name = "{0}")
    @MethodSource("readings")
    void readsTheSystolicAndDiastolicComponents(
            String name, Observation observation, Optional<BloodPressure> expected) {
        assertThat(BloodPressure.of(observation)).isEqualTo(expected);
    }

    static Stream<Arguments> readings() {
        return Stream.of(
                Arguments.of("the IG's 40-minute reading", example("iv-s3-bp-40min"), reading("144", "88")),
                Arguments.of("the IG's pre-dose reading", example("iv-s3-bp-pre"), reading("130", "84")),
                Arguments.of(
                        "both parts, in either order",
                        panel(LOINC, part(LOINC, "8462-4", "95"), part(LOINC, "8480-6", "150.5")),
                        reading("150.5", "95")),
                Arguments.of("systolic only", panel(LOINC, part(LOINC, "8480-6", "150")), reading("150", null)),
                Arguments.of("diastolic only", panel(LOINC, part(LOINC, "8462-4", "95")), reading(null, "95")),
                Arguments.of("no components", panel(LOINC), reading(null, null)),
                Arguments.of(
                        "a component without a quantity",
                        panel(
                                LOINC,
                                part(LOINC, "8462-4", "95"),
                                new ObservationComponentComponent(loinc("8480-6")).setValue(new StringType("150"))),
                        reading(null, "95")),
                Arguments.of(
                        "components coded in another system",
                        panel(
                                LOINC,
                                part("http://example.org/codes", "8480-6", "150"),
                                part("http://example.org/codes", "8462-4", "95")),
                        reading(null, null)),
                Arguments.of(
                        "another unit is read as stated (the profile binds mm[Hg])",
                        panel(
                                LOINC,
                                part(LOINC, "8480-6", "20")
                                        .setValue(new Quantity()
                                                .setValue(20)
                                                .setSystem(IgTerms.UCUM)
                                                .setCode("kPa")),
                                part(LOINC, "8462-4", "12")),
                        reading("20", "12")),
                Arguments.of(
                        "a heart rate is not a blood pressure",
                        new Observation().setCode(loinc("8867-4")).setValue(new Quantity(72)),
                        Optional.empty()),
                Arguments.of(
                        "the panel code in another system",
                        panel("http://example.org/codes", part(LOINC, "8480-6", "150"), part(LOINC, "8462-4", "95")),
                        Optional.empty()));
    }

    private static Observation example(String id) {
        return FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(
                        Observation.class, IgExamples.get("Observation", id).json());
    }

    private static Observation panel(String system, ObservationComponentComponent... parts) {
        Observation observation =
                new Observation().setCode(new CodeableConcept(new Coding(system, BloodPressure.PANEL, null)));
        for (ObservationComponentComponent part : parts) {
            observation.addComponent(part);
        }
        return observation;
    }

    private static ObservationComponentComponent part(String system, String code, String mmHg) {
        return new ObservationComponentComponent(new CodeableConcept(new Coding(system, code, null)))
                .setValue(new Quantity()
                        .setValue(new BigDecimal(mmHg))
                        .setSystem(IgTerms.UCUM)
                        .setCode("mm[Hg]"));
    }

    private static CodeableConcept loinc(String code) {
        return new CodeableConcept(new Coding(LOINC, code, null));
    }

    private static Optional<BloodPressure> reading(String systolic, String diastolic) {
        return Optional.of(new BloodPressure(
                systolic == null ? null : new BigDecimal(systolic),
                diastolic == null ? null : new BigDecimal(diastolic)));
    }
}
