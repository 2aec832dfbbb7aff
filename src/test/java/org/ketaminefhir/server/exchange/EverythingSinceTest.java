package org.ketaminefhir.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EverythingSinceTest {

    @ParameterizedTest(name = "_since={0} -> {1}")
    @CsvSource(textBlock = """
			2026-11-30T09:00:00Z,          2026-11-30T09:00:00Z
			2026-11-30T10:00:00+01:00,     2026-11-30T09:00:00Z
			2026-11-30T09:00:00.250-00:00, 2026-11-30T09:00:00.250Z
			""")
    void anInstantWithAZoneIsAccepted(String given, String expected) {
        assertThat(EverythingSince.parse(new String[] {given})).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "_since={0} is refused")
    @CsvSource(textBlock = """
			yesterday
			2026-11-30
			2026-11-30T09:00:00
			2026-11-30T09:00Z
			""")
    void anythingElseIsRefused(String given) {
        assertThatThrownBy(() -> EverythingSince.parse(new String[] {given}))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("_since must be an instant");
    }

    @org.junit.jupiter.api.Test
    void itIsGivenOnce() {
        assertThatThrownBy(() -> EverythingSince.parse(new String[] {"2026-11-30T09:00:00Z", "2026-11-30T10:00:00Z"}))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("once");
    }

    @ParameterizedTest(name = "updated {0}, since {1}: {2}")
    @CsvSource(textBlock = """
			2026-11-30T09:00:00.001Z, 2026-11-30T09:00:00Z, true
			2026-11-30T09:00:00Z,     2026-11-30T09:00:00Z, true
			2026-11-30T08:59:59.999Z, 2026-11-30T09:00:00Z, false
			""")
    void aResourceIsInTheRecordFromItsLastUpdate(String updated, String since, boolean expected) {
        assertThat(EverythingSince.changedSince(Date.from(Instant.parse(updated)), Instant.parse(since)))
                .isEqualTo(expected);
        assertThat(EverythingSince.changedSince(null, Instant.parse(since))).isFalse();
    }
}
