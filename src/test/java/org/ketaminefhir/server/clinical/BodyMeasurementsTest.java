package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.support.IgExamples;

/** How body weights and heights are read: by their LOINC code, in kg and cm from the units they are recorded in. */
class BodyMeasurementsTest {

    private static final String LOINC = "http://loinc.org";

    /** A row: the observation's code, its quantity (unit system "none": no system), whether it is a weight, in kg. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "none", textBlock = """
			kilograms,                        http://loinc.org,      29463-7, 70,    http://unitsofmeasure.org, kg,      true,  70
			grams,                            http://loinc.org,      29463-7, 70500, http://unitsofmeasure.org, g,       true,  70.5
			pounds,                           http://loinc.org,      29463-7, 154,   http://unitsofmeasure.org, [lb_av], true,  69.85322498
			a unit without a system,          http://loinc.org,      29463-7, 70,    none,                      kg,      true,  70
			stones: not a unit read,          http://loinc.org,      29463-7, 11,    http://unitsofmeasure.org, [stone_av], true,  none
			kg in another unit system,        http://loinc.org,      29463-7, 70,    http://example.org/units,  kg,      true,  none
			a body height is not a weight,    http://loinc.org,      8302-2,  175,   http://unitsofmeasure.org, cm,      false, none
			the weight code in another system, http://example.org/c, 29463-7, 70,    http://unitsofmeasure.org, kg,      false, none
			""")
    void readsABodyWeightInKilograms(
            String name,
            String system,
            String code,
            BigDecimal value,
            String unitSystem,
            String unit,
            boolean weight,
            BigDecimal kg) {
        Observation observation = measured(system, code, value, unitSystem, unit);

        assertThat(BodyWeight.of(observation).isPresent()).as("a body weight").isEqualTo(weight);
        assertMeasured(BodyWeight.of(observation).flatMap(BodyWeight::kilograms), kg);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "none", textBlock = """
			centimetres,                      http://loinc.org, 8302-2,  175,  http://unitsofmeasure.org, cm,     true,  175
			metres,                           http://loinc.org, 8302-2,  1.75, http://unitsofmeasure.org, m,      true,  175
			inches,                           http://loinc.org, 8302-2,  70,   http://unitsofmeasure.org, [in_i], true,  177.8
			feet: not a unit read,            http://loinc.org, 8302-2,  6,    http://unitsofmeasure.org, [ft_i], true,  none
			a body weight is not a height,    http://loinc.org, 29463-7, 70,   http://unitsofmeasure.org, kg,     false, none
			""")
    void readsABodyHeightInCentimetres(
            String name,
            String system,
            String code,
            BigDecimal value,
            String unitSystem,
            String unit,
            boolean height,
            BigDecimal cm) {
        Observation observation = measured(system, code, value, unitSystem, unit);

        assertThat(BodyHeight.of(observation).isPresent()).as("a body height").isEqualTo(height);
        assertMeasured(BodyHeight.of(observation).flatMap(BodyHeight::centimetres), cm);
    }

    @Test
    void theIgsBaselineWeightIs80Kilograms() {
        Observation example = FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(
                        Observation.class,
                        IgExamples.get("Observation", "iv-baseline-weight").json());

        assertThat(BodyWeight.of(example).flatMap(BodyWeight::kilograms)).contains(new BigDecimal("80"));
    }

    @Test
    void aMeasurementWithoutAQuantityIsNotRead() {
        Observation weight = new Observation()
                .setCode(new CodeableConcept(new Coding(LOINC, BodyWeight.CODE, null)))
                .setValue(new StringType("70 kg"));
        Observation height = new Observation().setCode(new CodeableConcept(new Coding(LOINC, BodyHeight.CODE, null)));

        assertThat(BodyWeight.of(weight)).isEmpty();
        assertThat(BodyHeight.of(height)).isEmpty();
    }

    private static void assertMeasured(Optional<BigDecimal> read, BigDecimal expected) {
        if (expected == null) {
            assertThat(read).isEmpty();
        } else {
            assertThat(read).hasValueSatisfying(value -> assertThat(value).isEqualByComparingTo(expected));
        }
    }

    private static Observation measured(String system, String code, BigDecimal value, String unitSystem, String unit) {
        Quantity quantity = new Quantity().setValue(value).setCode(unit).setUnit(unit);
        if (unitSystem != null) {
            quantity.setSystem(unitSystem);
        }
        return new Observation()
                .setCode(new CodeableConcept(new Coding(system, code, null)))
                .setValue(quantity);
    }
}
