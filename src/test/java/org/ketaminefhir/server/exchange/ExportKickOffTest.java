package org.ketaminefhir.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportKickOffTest {

    @ParameterizedTest(name = "{0} is on {1}")
    @CsvSource(textBlock = """
			Observation?category=vital-signs,  Observation
			Patient?_lastUpdated=gt2026-01-01, Patient
			""")
    void aFilterIsOnTheTypeBeforeItsQuestionMark(String filter, String type) {
        assertThat(ExportKickOff.typeOf(filter)).isEqualTo(type);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"Observation", "Observation?", "?category=vital-signs", ""})
    void aFilterWithoutTypeOrParametersIsRefused(String filter) {
        assertThatThrownBy(() -> ExportKickOff.typeOf(filter))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("[type]?[search parameters]");
    }
}
