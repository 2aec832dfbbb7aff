package org.ketaminefhir.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.clinical.monitoring.VitalSignLimits;
import org.ketaminefhir.server.clinical.progress.ProgressSettings;
import org.ketaminefhir.server.support.RuleSettings;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** config.json's thresholds are the settings records as Jackson writes them: every component, and nothing else. */
class DashboardThresholdsTest {

    private static final ObjectMapper SPRING_JSON =
            Jackson2ObjectMapperBuilder.json().build();

    private final JsonNode thresholds = SPRING_JSON.valueToTree(new DashboardController.Thresholds(
            RuleSettings.defaults("ketamine.rules.predose-blood-pressure", PreDoseBloodPressure.class),
            RuleSettings.defaults("ketamine.rules.vitals", VitalSignLimits.class),
            RuleSettings.defaults("ketamine.rules.progress", ProgressSettings.class)));

    @Test
    void everyComponentOfEachRecordIsServedAndNothingElse() {
        assertThat(names(thresholds)).containsExactly("predoseBloodPressure", "vitals", "progress");
        assertThat(names(thresholds.path("predoseBloodPressure")))
                .containsExactlyElementsOf(components(PreDoseBloodPressure.class));
        assertThat(names(thresholds.path("vitals"))).containsExactlyElementsOf(components(VitalSignLimits.class));
        assertThat(names(thresholds.path("progress"))).containsExactlyElementsOf(components(ProgressSettings.class));
    }

    @Test
    void theShippedFiguresAreServedAsNumbers() {
        assertThat(thresholds.at("/predoseBloodPressure/systolicAbove").intValue())
                .isEqualTo(140);
        assertThat(thresholds.at("/vitals/heartRateAbove").intValue()).isEqualTo(110);
        assertThat(thresholds.at("/progress/responseMinDrop").isNumber()).isTrue();
        assertThat(thresholds.at("/progress/responseMinDrop").doubleValue()).isEqualTo(0.5);
        assertThat(thresholds.at("/progress/remissionMaxScore/44261-6").intValue())
                .isEqualTo(4);
    }

    private static List<String> names(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false)
                .toList();
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }
}
