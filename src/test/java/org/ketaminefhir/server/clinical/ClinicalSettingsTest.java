package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.monitoring.VitalSignLimits;
import org.ketaminefhir.server.clinical.plan.PlanSettings;
import org.ketaminefhir.server.clinical.progress.ProgressSettings;
import org.ketaminefhir.server.clinical.rems.RemsSettings;
import org.ketaminefhir.server.clinical.session.DosingWeightSettings;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.support.RuleSettings;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The clinical settings: every record binds from the shipped application.yaml and passes its validation, and a bad
 * value stops start-up with a message naming the key. The start-up checks bind the settings as the server does (Spring
 * Boot, application.yaml, the same validation), without the rest of the server.
 */
class ClinicalSettingsTest {

    @Configuration
    @EnableConfigurationProperties({
        PreDoseBloodPressure.class,
        EligibilitySettings.class,
        SessionSettings.class,
        DosingWeightSettings.class,
        VitalSignLimits.class,
        ProgressSettings.class,
        PlanSettings.class,
        RemsSettings.class,
        PsychiatricSafetySettings.class
    })
    static class Settings {}

    private final ApplicationContextRunner server = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void theShippedDefaultsBindAndAreValid() {
        server.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SessionSettings.class).overridableRules())
                    .containsExactly("SESSION-DOSE-PER-KG", "SESSION-MIN-INTERVAL");
            assertThat(context.getBean(PreDoseBloodPressure.class)).hasToString("140/90");
            assertThat(context.getBean(PlanSettings.class).protocols())
                    .containsOnlyKeys("iv-racemic", "esketamine-intranasal", "im-racemic");
            PsychiatricSafetySettings psychiatric = context.getBean(PsychiatricSafetySettings.class);
            assertThat(psychiatric.reviewLookBack()).isEqualTo(java.time.Duration.ofDays(30));
            assertThat(psychiatric.reviewLookBackText()).isEqualTo("30 days");
            assertThat(psychiatric.measurementQuestionnaires()).containsExactly("phq-9", "gad-7");
        });
        for (Object settings : new Object[] {
            RuleSettings.defaults("ketamine.rules.eligibility", EligibilitySettings.class),
            RuleSettings.defaults("ketamine.rules.session", SessionSettings.class),
            RuleSettings.defaults("ketamine.rules.dosing-weight", DosingWeightSettings.class),
            RuleSettings.defaults("ketamine.rules.plan", PlanSettings.class),
            RuleSettings.defaults("ketamine.rules.psychiatric-safety", PsychiatricSafetySettings.class)
        }) {
            assertThat(RuleSettings.violations(settings))
                    .as(settings.getClass().getSimpleName())
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
			ketamine.rules.session.overridable-rules                 | SESSION-MIN-INTERVAL,SESSION-MIN-INTERVALL | unknown rule id
			ketamine.rules.eligibility.unknown-pregnancy-outcome     | eligible                                 | never plain eligible
			ketamine.rules.eligibility.screening-valid-days          | 0                                        | screeningValidDays
			ketamine.rules.predose-blood-pressure.systolic-above     | ''                                       | systolicAbove
			ketamine.rules.session.dose-per-kg-by-route.47625008.min | 2.0                                      | min must not be above max
			ketamine.rules.session.esketamine.doses-mg               | 28,50                                    | whole number of devices
			ketamine.rules.dosing-weight.allowed-bases               | actual,lean                              | lean
			ketamine.rules.plan.clinic-time-zone                     | Mars/Olympus                             | time zone
			ketamine.rules.plan.default-treatment-days               | mon,funday                               | mon, tue, wed
			ketamine.rules.plan.protocols.iv-racemic.dose-mg-by-session | 56                                    | either dose-per-kg or dose-mg-by-session
			ketamine.rules.progress.response-min-drop                | 1.5                                      | responseMinDrop
			ketamine.rules.rems.concomitant-medications              | benzodiazepines,gabapentinoids           | concomitant medication questions
			ketamine.rules.vitals.heart-rate-below                   | 120                                      | lower bounds must be below
			ketamine.rules.psychiatric-safety.review-look-back       | 0d                                       | positive duration
			ketamine.rules.psychiatric-safety.moaas-loss-of-consciousness | 3                                   | must not be above the sedation alert level
			ketamine.rules.psychiatric-safety.cadss-alert-above      | 93                                       | cadssAlertAbove
			ketamine.rules.psychiatric-safety.measurement-questionnaires | phq-9,bdi-2                          | Questionnaires of the IG
			ketamine.rules.psychiatric-safety.phq9-item9-alert-above | ''                                       | phq9Item9AlertAbove
			""")
    void aBadValueStopsStartUpNamingWhatIsWrong(String key, String value, String message) {
        server.withPropertyValues(key + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(causes(context.getStartupFailure())).contains(message);
        });
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    @Test
    void overridesBindOverTheDefaults() {
        SessionSettings session = RuleSettings.with(
                "ketamine.rules.session",
                SessionSettings.class,
                Map.of("ketamine.rules.session.min-interval-hours", "72"));

        assertThat(session.minIntervalHours()).isEqualTo(72);
        assertThat(session.esketamine().dosesMg()).containsExactly(28, 56, 84);
    }
}
