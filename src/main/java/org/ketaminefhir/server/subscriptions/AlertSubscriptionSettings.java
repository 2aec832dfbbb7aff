package org.ketaminefhir.server.subscriptions;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code ketamine.subscriptions.*}: FHIR Subscriptions (rest-hook and websocket) on the server's records, safety alerts
 * first. Defaults in application.yaml; docs/exchange.md, "Subscriptions", explains each key.
 *
 * @param enabled            whether Subscriptions are served (HAPI's subscription module)
 * @param allowedEndpoints   URL prefixes a rest-hook endpoint must start with (a notification carries PHI); empty: no
 *                           rest-hook is allowed (comma-separated in an environment variable)
 * @param deliveryInterval   how often HAPI hands the writes it recorded to matching and delivery (its own default is
 *                           5 s; a notification waits up to this long)
 * @param redelivery         what happens when a receiver fails
 */
@Validated
@ConfigurationProperties("ketamine.subscriptions")
public record AlertSubscriptionSettings(
        boolean enabled,
        List<String> allowedEndpoints,
        @NotNull Duration deliveryInterval,
        @NotNull @Valid Redelivery redelivery) {

    public AlertSubscriptionSettings {
        allowedEndpoints = allowedEndpoints == null
                ? List.of()
                : allowedEndpoints.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    /**
     * A failed delivery is kept in the database and tried again: after {@code firstDelay}, then each time twice as
     * long, at most {@code maxDelay} apart, until {@code giveUpAfter} has passed since the first failure.
     */
    public record Redelivery(
            @NotNull Duration firstDelay,
            @NotNull Duration maxDelay,
            @NotNull Duration giveUpAfter) {}

    /** Whether a rest-hook endpoint is allowed: it starts with one of the configured prefixes. */
    public boolean allows(String endpoint) {
        return endpoint != null && allowedEndpoints.stream().anyMatch(endpoint::startsWith);
    }
}
