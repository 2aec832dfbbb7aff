package org.ketaminefhir.server.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Header masking and the write-back of masked headers; the endpoint allow-list. */
class SubscriptionHeadersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
			Authorization: Bearer abc   | Authorization: ***
			X-Api-Key:k1                | X-Api-Key: ***
			no-colon-at-all             | ***
			""")
    void aHeaderShowsItsNameOnly(String header, String shown) {
        assertThat(SubscriptionHeaders.masked(header)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} over {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
			Authorization: ***          | Authorization: Bearer old | Authorization: Bearer old
			authorization: ***          | Authorization: Bearer old | Authorization: Bearer old
			Authorization: Bearer new   | Authorization: Bearer old | Authorization: Bearer new
			X-Other: ***                | Authorization: Bearer old | X-Other: ***
			""")
    void aMaskedHeaderWrittenBackKeepsTheStoredValue(String incoming, String stored, String kept) {
        Subscription update = new Subscription();
        update.getChannel().addHeader(incoming);
        Subscription previous = new Subscription();
        previous.getChannel().addHeader(stored);

        SubscriptionHeaders.unmask(update, previous);

        assertThat(update.getChannel().getHeader())
                .extracting(StringType::getValue)
                .containsExactly(kept);
    }

    @ParameterizedTest(name = "{0} allowed by [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
			https://alerts.hospital.example/fhir/x | https://alerts.hospital.example/fhir/      | true
			https://alerts.hospital.example.evil/x | https://alerts.hospital.example/          | false
			http://alerts.hospital.example/fhir/x  | https://alerts.hospital.example/fhir/     | false
			https://a.example/x                    | ''                                        | false
			https://b.example/hook                 | https://a.example/, https://b.example/    | true
			""")
    void anEndpointMustStartWithAnAllowedPrefix(String endpoint, String allowed, boolean allows) {
        AlertSubscriptionSettings settings = new AlertSubscriptionSettings(
                true,
                allowed.isEmpty() ? List.of() : List.of(allowed.split(",")),
                java.time.Duration.ofSeconds(1),
                new AlertSubscriptionSettings.Redelivery(
                        java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofMinutes(5),
                        java.time.Duration.ofHours(24)));

        assertThat(settings.allows(endpoint)).isEqualTo(allows);
    }
}
