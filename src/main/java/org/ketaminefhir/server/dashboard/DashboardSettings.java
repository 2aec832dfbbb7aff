package org.ketaminefhir.server.dashboard;

import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The clinician dashboard's settings ({@code ketamine.dashboard}), handed to the app in its {@code config.json}.
 *
 * @param clientId its client id at this server's authorization server (the demo clinic registers it)
 * @param clients its client ids at other SMART servers, by their FHIR base URL (EHR launch from them)
 * @param staffScope the scopes it asks for when clinic staff sign in
 * @param patientScope the scopes it asks for when a patient signs in
 */
@Validated
@ConfigurationProperties("ketamine.dashboard")
public record DashboardSettings(
        @NotBlank String clientId,
        Map<String, String> clients,
        @NotBlank String staffScope,
        @NotBlank String patientScope) {

    public DashboardSettings {
        clients = clients == null ? Map.of() : Map.copyOf(clients); // none configured: an empty map binds as null
    }
}
