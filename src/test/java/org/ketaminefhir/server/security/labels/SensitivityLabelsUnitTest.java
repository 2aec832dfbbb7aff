package org.ketaminefhir.server.security.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.security.SecurityProperties.Label;

/** Which resources are mental-health sensitive, and the labels they get (no server). */
class SensitivityLabelsUnitTest {

    private static final Label R =
            new Label("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted");
    private static final Label PSY = new Label("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", null);
    private final SensitivityLabels labels = new SensitivityLabels("https://ketaminefhir.org/ig", List.of(R, PSY), PSY);

    @Test
    void resourcesDeclaringTheIgsProfilesAndItsSafetyAlertsAreSensitive() {
        Observation score = new Observation();
        score.getMeta().addProfile("https://ketaminefhir.org/ig/StructureDefinition/ketamine-score");
        DetectedIssue alert = new DetectedIssue();
        alert.setCode(new CodeableConcept(
                new Coding("https://ketaminefhir.org/ig/CodeSystem/safety-alert", "session-bp", null)));
        Observation usCore = new Observation();
        usCore.getMeta().addProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-heart-rate");
        DetectedIssue otherIssue = new DetectedIssue();
        otherIssue.setCode(
                new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "DRG", null)));

        assertThat(labels.isSensitive(score)).isTrue();
        assertThat(labels.isSensitive(alert)).isTrue();
        assertThat(labels.isSensitive(usCore)).isFalse();
        assertThat(labels.isSensitive(otherIssue)).isFalse();
        assertThat(labels.isSensitive(new Patient())).isFalse();
    }

    @Test
    void answersToTheIgsQuestionnairesAndTheTasksAskingForThemAreSensitiveWithoutAProfile() {
        QuestionnaireResponse phq9 = new QuestionnaireResponse();
        phq9.setQuestionnaire("https://ketaminefhir.org/ig/Questionnaire/phq-9");
        QuestionnaireResponse other = new QuestionnaireResponse();
        other.setQuestionnaire("http://example.org/Questionnaire/intake");
        Task due = new Task();
        due.addInput().setValue(new CanonicalType("https://ketaminefhir.org/ig/Questionnaire/gad-7"));
        Task callBack = new Task();
        callBack.getCode().setText("Call the patient back");

        assertThat(labels.isSensitive(phq9)).isTrue();
        assertThat(labels.isSensitive(due)).isTrue();
        assertThat(labels.isSensitive(other)).isFalse();
        assertThat(labels.isSensitive(callBack)).isFalse();
        assertThat(labels.isSensitive(new QuestionnaireResponse())).isFalse();
    }

    @Test
    void labellingAddsWhatIsMissingOnceAndKeepsOtherLabels() {
        Observation score = new Observation();
        score.getMeta().addSecurity(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HTEST", null));
        score.getMeta().addSecurity(new Coding(PSY.system(), PSY.code(), null));

        labels.label(score);
        labels.label(score);

        assertThat(score.getMeta().getSecurity())
                .extracting(Coding::getCode)
                .containsExactlyInAnyOrder("HTEST", "PSY", "R");
        assertThat(labels.isRestricted(score)).isTrue();
        assertThat(labels.releaseToken()).isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActCode|PSY");
    }
}
