package org.ketaminefhir.server.clinical.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.clinical.SessionTimePoint;
import org.ketaminefhir.server.support.RuleSettings;

/**
 * The vital-sign alert levels at their boundaries, on the shipped defaults: each at, below and above its threshold.
 * The table is {@code vital-sign-alerts/boundaries.json}, which the dashboard's {@code vitals.test.ts} reads too, so
 * the dashboard's flags cannot drift from the server's alerts.
 */
class VitalSignAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode TABLE = table();
    private static final VitalSignLimits LIMITS = RuleSettings.defaults("ketamine.rules.vitals", VitalSignLimits.class);
    private static final PreDoseBloodPressure PREDOSE =
            RuleSettings.defaults("ketamine.rules.predose-blood-pressure", PreDoseBloodPressure.class);
    private static final VitalSignAlerts ALERTS = new VitalSignAlerts(LIMITS, PREDOSE);

    @ParameterizedTest(name = "{0}: {1} {3}/{4} at {2} -> {5}")
    @MethodSource("rows")
    void alertLevels(
            String name,
            VitalSignAlerts.Kind kind,
            String timePoint,
            BigDecimal value,
            BigDecimal diastolic,
            String rule) {
        var alerts = ALERTS.check(kind, SessionTimePoint.PRE_DOSE.equals(timePoint), value, diastolic);

        if (rule == null) {
            assertThat(alerts).isEmpty();
        } else {
            assertThat(alerts)
                    .singleElement()
                    .extracting(VitalSignAlerts.Alert::ruleId)
                    .isEqualTo(rule);
        }
    }

    /**
     * The table's limits, which the dashboard's test uses, are the shipped defaults as the dashboard's config.json
     * serves them (the settings records serialised).
     */
    @Test
    void theTableStatesTheShippedLimits() {
        JsonNode limits = TABLE.path("limits");

        assertThat(limits.path("vitals")).isEqualTo(JSON.valueToTree(LIMITS));
        assertThat(limits.path("predoseBloodPressure")).isEqualTo(JSON.valueToTree(PREDOSE));
    }

    static Stream<Arguments> rows() {
        return StreamSupport.stream(TABLE.path("rows").spliterator(), false)
                .map(row -> Arguments.of(
                        row.path("name").asText(),
                        VitalSignAlerts.Kind.valueOf(row.path("vital").asText()),
                        row.path("timePoint").isTextual()
                                ? row.path("timePoint").asText()
                                : null,
                        row.path("value").decimalValue(),
                        row.path("diastolic").isNumber() ? row.path("diastolic").decimalValue() : null,
                        row.path("alert").isTextual() ? row.path("alert").asText() : null));
    }

    private static JsonNode table() {
        try (InputStream in = VitalSignAlertsTest.class.getResourceAsStream("/vital-sign-alerts/boundaries.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
