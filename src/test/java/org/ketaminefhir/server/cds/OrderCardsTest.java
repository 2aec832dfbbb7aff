package org.ketaminefhir.server.cds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.session.DosingWeightSettings;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.support.RuleSettings;

/**
 * The cards, on the shipped settings: each rule's indicator (refusals critical unless a clinician may override the
 * rule, precautions warnings), its threshold in the detail, and only what the EHR sent about the order.
 */
class OrderCardsTest {

    private static final DraftOrder ORDER = new DraftOrder(
            "MedicationRequest/d1",
            false,
            "47625008",
            null,
            new BigDecimal("1.2"),
            Instant.parse("2026-12-01T09:00:00Z"));
    private static final OrderCards.Links LINKS =
            new OrderCards.Links("https://app.example/launch", "https://fhir.example/fhir");

    private static OrderCards cards(Map<String, String> sessionOverrides) {
        return new OrderCards(
                RuleSettings.with("ketamine.rules.session", SessionSettings.class, sessionOverrides),
                RuleSettings.defaults("ketamine.rules.eligibility", EligibilitySettings.class),
                RuleSettings.defaults("ketamine.rules.dosing-weight", DosingWeightSettings.class),
                RuleSettings.defaults("ketamine.rules.predose-blood-pressure", PreDoseBloodPressure.class),
                RuleSettings.defaults("ketamine.rules.psychiatric-safety", PsychiatricSafetySettings.class),
                "Ketamine clinic safety rules");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
			SESSION-ELIGIBLE-SCREENING      | critical | at most 90 days old
			SESSION-DOSE-PER-KG             | warning  | route SNOMED CT 47625008 is dosed at 0.1-1.0 mg/kg
			SESSION-DOSING-WEIGHT           | critical | at most 90 days before the session
			SESSION-ESKETAMINE-DOSE         | critical | [28, 56, 84] mg, intranasal
			SESSION-MIN-INTERVAL            | warning  | at least 48 hours apart
			SUICIDE-RISK-REVIEW             | critical | from the 30 days before it
			ELIG-PREDOSE-BP                 | critical | above 140/90 mmHg
			ELIG-ABSOLUTE-CONTRAINDICATION  | critical | makes the patient not eligible
			ELIG-PREGNANCY                  | critical | makes the patient not eligible
			ELIG-RELATIVE-CONTRAINDICATION  | warning  | calls for precautions
			ELIG-INTERACTING-MEDICATION     | warning  | calls for precautions
			ELIG-TRD-ADEQUATE-TRIALS        | warning  | at least 2 adequate antidepressant trials
			ELIG-PREGNANCY-UNKNOWN          | warning  | unknown pregnancy status
			ELIG-MISSING-DATA               | warning  | every item answered
			""")
    void eachRuleHasItsIndicatorAndThreshold(String rule, String indicator, String threshold) {
        CdsServiceResponseCardJson card = cards(Map.of()).card(new OrderConcern(rule, ORDER, "Observation/s1"), LINKS);

        assertThat(card.getIndicator().name().toLowerCase()).isEqualTo(indicator);
        assertThat(card.getDetail())
                .startsWith("Rule " + rule + ": ")
                .contains(threshold)
                .contains("This order (MedicationRequest/d1)");
        assertThat(card.getSummary()).hasSizeLessThan(140);
        assertThat(card.getSource().getLabel()).isEqualTo("Ketamine clinic safety rules");
        assertThat(card.getLinks().get(0).getUrl()).isEqualTo("https://app.example/launch");
        assertThat(card.getLinks().get(0).getType()).isEqualTo("smart");
    }

    @ParameterizedTest(name = "overridable {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
			SESSION-DOSE-PER-KG   | SESSION-DOSE-PER-KG  | warning
			SESSION-DOSE-PER-KG   | SESSION-MIN-INTERVAL | critical
			SESSION-MIN-INTERVAL  | SESSION-DOSE-PER-KG  | critical
			""")
    void aRefusalIsAWarningOnlyWhenAClinicianMayOverrideIt(String overridable, String rule, String indicator) {
        OrderCards cards = cards(Map.of("ketamine.rules.session.overridable-rules[0]", overridable));

        assertThat(cards.indicator(rule).name().toLowerCase()).isEqualTo(indicator);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SESSION-DOSE-PER-KG", "SESSION-ELIGIBLE-SCREENING"})
    void theOrderIsDescribedInTheEhrsOwnTermsAndTheScreeningLinked(String rule) {
        CdsServiceResponseCardJson card = cards(Map.of())
                .card(
                        new OrderConcern(rule, ORDER, rule.startsWith("SESSION-ELIGIBLE") ? "Observation/s1" : null),
                        LINKS);

        if (rule.equals("SESSION-DOSE-PER-KG")) {
            assertThat(card.getDetail()).contains("1.2 mg/kg, route SNOMED CT 47625008");
            assertThat(card.getLinks()).hasSize(1);
        } else {
            assertThat(card.getLinks()).hasSize(2);
            assertThat(card.getLinks().get(1).getUrl()).isEqualTo("https://fhir.example/fhir/Observation/s1");
        }
    }

    @org.junit.jupiter.api.Test
    void aRouteWithoutARangeIsNamedWithTheRoutesThatHaveOne() {
        DraftOrder oral =
                new DraftOrder("MedicationRequest/d3", false, "999999", null, new BigDecimal("1"), ORDER.start());

        String detail = cards(Map.of())
                .card(new OrderConcern("SESSION-DOSE-PER-KG", oral, null), LINKS)
                .getDetail();

        assertThat(detail)
                .contains("a dose range only for the routes SNOMED CT 26643006, 34206005, 47625008, 78421000");
    }

    @org.junit.jupiter.api.Test
    void oneCardPerRuleAndOrder() {
        DraftOrder other =
                new DraftOrder("MedicationRequest/d2", false, "47625008", null, new BigDecimal("1.2"), ORDER.start());
        List<CdsServiceResponseCardJson> cards = cards(Map.of())
                .cards(
                        List.of(
                                new OrderConcern("SESSION-DOSE-PER-KG", ORDER, null),
                                new OrderConcern("SESSION-DOSE-PER-KG", ORDER, null),
                                new OrderConcern("SESSION-DOSE-PER-KG", other, null)),
                        LINKS);

        assertThat(cards).hasSize(2);
    }
}
