package org.ketaminefhir.server.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a draft order says, as the session rules read it: dose units, route, and when the session would start. */
class DraftOrderTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String UCUM = "http://unitsofmeasure.org";

    @ParameterizedTest(name = "{0} {1} ({2}) -> {3} mg, {4} mg/kg")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			40    | mg     | ucum  | 40     | none
			0.04  | g      | ucum  | 40.00  | none
			500   | ug     | ucum  | 0.500  | none
			0.5   | mg/kg  | ucum  | none   | 0.5
			500   | ug/kg  | ucum  | none   | 0.500
			40    | mg     | other | none   | none
			40    | tablet | ucum  | none   | none
			none  | mg     | ucum  | none   | none
			""")
    void dosesAreReadInMgOrMgPerKgFromUcumOnly(String value, String unit, String system, String mg, String perKg) {
        MedicationRequest order = order();
        Quantity dose = new Quantity()
                .setSystem(system.equals("ucum") ? UCUM : "http://example.org/units")
                .setCode(unit);
        if (value != null) {
            dose.setValue(new BigDecimal(value));
        }
        order.getDosageInstructionFirstRep().addDoseAndRate().setDose(dose);

        DraftOrder read = DraftOrder.of(order, false, NOW);

        if (mg == null) {
            assertThat(read.doseMg()).isNull();
        } else {
            assertThat(read.doseMg()).isEqualByComparingTo(mg);
        }
        if (perKg == null) {
            assertThat(read.dosePerKg()).isNull();
        } else {
            assertThat(read.dosePerKg()).isEqualByComparingTo(perKg);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			bounds period start    | 2026-12-03T09:00:00Z | none                                       | 2026-12-03T09:00:00Z
			earliest timing event  | none                 | 2026-12-05T09:00:00Z,2026-12-04T09:00:00Z | 2026-12-04T09:00:00Z
			no timing: now         | none                 | none                                       | 2026-12-01T10:00:00Z
			""")
    void theSessionStartsWhenTheOrderSaysElseNow(String name, String boundsStart, String events, String expected) {
        MedicationRequest order = order();
        Timing timing = new Timing();
        if (boundsStart != null) {
            timing.getRepeat().setBounds(new Period().setStart(Date.from(Instant.parse(boundsStart))));
        }
        if (events != null) {
            for (String event : events.split(",")) {
                timing.addEvent(Date.from(Instant.parse(event)));
            }
        }
        order.getDosageInstructionFirstRep().setTiming(timing);

        assertThat(DraftOrder.of(order, false, NOW).start()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			snomed route  | http://snomed.info/sct | 47625008 | 47625008 | SNOMED CT 47625008
			other system  | http://example.org     | IV       | none     | not given
			""")
    void theRouteIsItsSnomedCode(String name, String system, String code, String expected, String words) {
        MedicationRequest order = order();
        order.getDosageInstructionFirstRep().setRoute(new CodeableConcept(new Coding(system, code, null)));
        order.getDosageInstructionFirstRep()
                .addDoseAndRate()
                .setDose(new Quantity().setValue(1).setSystem(UCUM).setCode("mg/kg"));

        DraftOrder read = DraftOrder.of(order, false, NOW);

        assertThat(read.routeCode()).isEqualTo(expected);
        assertThat(read.dose()).isEqualTo("1 mg/kg, route " + words);
        assertThat(read.reference()).isEqualTo("MedicationRequest/draft-1");
    }

    private static MedicationRequest order() {
        MedicationRequest order = new MedicationRequest();
        order.setId("draft-1");
        order.addDosageInstruction(new Dosage());
        return order;
    }
}
