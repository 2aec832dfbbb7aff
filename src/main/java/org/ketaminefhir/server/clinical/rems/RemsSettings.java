package org.ketaminefhir.server.clinical.rems;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What the SPRAVATO REMS Patient Monitoring Form summary reads ({@code ketamine.rules.rems}); sources in
 * application.yaml.
 *
 * @param bloodPressureMinutes the form's post-dose blood pressure, minutes after administration
 * @param concomitantMedications the form's concomitant medication questions, as screening item codes
 * @param setting the clinic's REMS-certified healthcare setting, the form's "healthcare setting" (blank: the clinician
 *     fills it in)
 */
@Validated
@ConfigurationProperties("ketamine.rules.rems")
public record RemsSettings(
        @NotNull @Min(1) @Max(240) Integer bloodPressureMinutes,
        @NotEmpty List<String> concomitantMedications,
        Setting setting) {

    public RemsSettings {
        setting = setting == null ? new Setting(null, null, null, null, null, null) : setting;
    }

    /**
     * The healthcare setting the form names: a clinic has one REMS-certified setting, so it is configuration
     * ({@code ketamine.rules.rems.setting.*}), not read from each session. A blank value is not filled in.
     */
    public record Setting(String name, String address1, String address2, String city, String state, String zip) {}

    /**
     * The concomitant medication questions {@code $rems-summary} declares an output for (concomitant-...): a question
     * the form gains needs its output declared in {@link RemsSummaryOperation} too.
     */
    public static final List<String> FORM_CONCOMITANT_MEDICATIONS =
            List.of("benzodiazepines", "non-benzodiazepine-hypnotics", "psychostimulants", "maois", "opioids");

    @AssertTrue(
            message = "must be among the form's concomitant medication questions: benzodiazepines,"
                    + " non-benzodiazepine-hypnotics, psychostimulants, maois, opioids")
    public boolean isConcomitantMedicationsDeclared() {
        return concomitantMedications == null || FORM_CONCOMITANT_MEDICATIONS.containsAll(concomitantMedications);
    }
}
