package org.ketaminefhir.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EverythingParametersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			_count _type _offset _format _pretty _elements _summary | none
			_since _count                                           | none
			_count _lastUpdated                                     | _lastUpdated is not applied to the patient's own resources
			start                                                   | start (care dates)
			end _type                                               | end (care dates)
			_content                                                | _content needs a full-text index
			_text                                                   | _text needs a full-text index
			_filter                                                 | _filter is not supported
			_lastUpdated _since                                     | _lastUpdated is not applied
			""")
    void refusesWhatHapiWouldNotApply(String parameters, String refusal) {
        var answer = EverythingParameters.refusal(Set.of(parameters.split(" ")));
        if (refusal == null) {
            assertThat(answer).isEmpty();
        } else {
            assertThat(answer)
                    .hasValueSatisfying(message ->
                            assertThat(message).startsWith(refusal).contains("search each type with _lastUpdated"));
        }
    }
}
