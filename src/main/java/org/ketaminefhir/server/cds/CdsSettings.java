package org.ketaminefhir.server.cds;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code ketamine.cds.*}: the CDS Hooks service at {@code /cds-services}. Defaults in application.yaml;
 * docs/exchange.md, "CDS Hooks", explains each key.
 *
 * @param enabled                whether the CDS Hooks endpoints are served at all
 * @param trustedClients         CDS clients (EHRs) whose signed JWTs are accepted: issuer and JWKS URL. The token
 *                               issuer of the FHIR endpoint is trusted as well
 * @param maxJwtLifetime         the longest {@code exp - now} a CDS client's JWT may have (CDS Hooks 2.0: 5 minutes)
 * @param requireHttpsFhirServer refuse a request whose {@code fhirServer} is not https (CDS Hooks 2.0); false only for
 *                               local development and tests, where the server itself runs on http
 * @param appLaunchUrl           the SMART launch URL of the clinic's app, linked from every card; blank: the
 *                               dashboard of this server
 * @param sourceLabel            the card source's label, shown by the EHR
 */
@Validated
@ConfigurationProperties("ketamine.cds")
public record CdsSettings(
        boolean enabled,
        List<@Valid TrustedClient> trustedClients,
        @NotNull Duration maxJwtLifetime,
        boolean requireHttpsFhirServer,
        String appLaunchUrl,
        @NotBlank String sourceLabel) {

    public CdsSettings {
        trustedClients = trustedClients == null ? List.of() : List.copyOf(trustedClients);
    }

    /** A CDS client: the {@code iss} of its JWTs and the URL of the JWKS holding its public keys. */
    public record TrustedClient(
            @NotBlank String issuer, @NotBlank String jwksUrl) {}
}
