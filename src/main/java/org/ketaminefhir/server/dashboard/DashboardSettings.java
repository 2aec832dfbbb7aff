package org.ketaminefhir.server.dashboard;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
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
 * @param crisis what a patient is shown at once when their answers say they think of harming themselves
 */
@Validated
@ConfigurationProperties("ketamine.dashboard")
public record DashboardSettings(
        @NotBlank String clientId,
        Map<String, String> clients,
        @NotBlank String staffScope,
        @NotBlank String patientScope,
        @Valid Crisis crisis) {

    public DashboardSettings {
        clients = clients == null ? Map.of() : Map.copyOf(clients); // none configured: an empty map binds as null
        crisis = crisis == null ? new Crisis(null, null) : crisis;
    }

    /**
     * The crisis information ({@code ketamine.dashboard.crisis}): shown to a patient as soon as they answer PHQ-9 item 9
     * (thoughts of self-harm) above "Not at all", before they submit.
     *
     * @param text what the patient reads first
     * @param contacts whom to call: a label and a phone number each, in the order shown
     */
    public record Crisis(String text, List<@Valid Contact> contacts) {

        public Crisis {
            text = text == null || text.isBlank()
                    ? "If you are thinking about harming yourself, please reach out now. You are not alone."
                    : text.strip();
            contacts = contacts == null ? List.of() : List.copyOf(contacts);
        }
    }

    /**
     * One number to call.
     *
     * @param label who answers ("Suicide & Crisis Lifeline")
     * @param phone the number as dialled ("988")
     */
    public record Contact(@NotBlank String label, @NotBlank String phone) {}
}
