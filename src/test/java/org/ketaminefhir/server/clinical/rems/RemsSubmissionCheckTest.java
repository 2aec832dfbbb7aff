package org.ketaminefhir.server.clinical.rems;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/** REMS-SUBMISSION: what a Communication recording a REMS form's submission must say. */
class RemsSubmissionCheckTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final RemsSubmissionCheck.Target OPEN = new RemsSubmissionCheck.Target(
            "Task/1",
            TaskStatus.INPROGRESS,
            "Patient/p",
            "MedicationAdministration/s",
            "QuestionnaireResponse/r",
            null);

    private static Communication submission() {
        Communication c = new Communication();
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addBasedOn(new Reference("Task/1"));
        c.setSubject(new Reference("Patient/p"));
        c.addAbout(new Reference("MedicationAdministration/s"));
        c.addPayload().setContent(new Reference("QuestionnaireResponse/r"));
        c.setSent(Date.from(NOW.minusSeconds(3600)));
        c.addMedium(new CodeableConcept(new Coding(RemsSubmissionCheck.PARTICIPATION_MODE, "FAXWRIT", null)));
        c.addIdentifier().setSystem(RemsSubmissionCheck.CONFIRMATION_SYSTEM).setValue("RC-123");
        c.addRecipient().setDisplay("SPRAVATO REMS");
        return c;
    }

    private static List<String> findings(Consumer<Communication> change, RemsSubmissionCheck.Target target) {
        Communication c = submission();
        change.accept(c);
        return RemsSubmissionCheck.check(c, null, target, NOW).stream()
                .map(Finding::toString)
                .toList();
    }

    @Test
    void aCompleteSubmissionPasses() {
        assertThat(findings(c -> {}, OPEN)).isEmpty();
        assertThat(findings(c -> c.getMediumFirstRep().getCodingFirstRep().setCode("ONLINEWRIT"), OPEN))
                .isEmpty();
        assertThat(findings(c -> c.setSent(Date.from(NOW.plusSeconds(60))), OPEN))
                .as("a minute of clock skew")
                .isEmpty();
    }

    @Test
    void eachProblemIsNamed() {
        assertThat(findings(c -> {}, null)).singleElement().asString().contains("REMS-SUBMISSION", "basedOn");
        assertThat(findings(c -> c.getMediumFirstRep().getCodingFirstRep().setCode("PHONE"), OPEN))
                .singleElement()
                .asString()
                .contains("medium", "FAXWRIT", "ONLINEWRIT");
        assertThat(findings(c -> c.getIdentifier().clear(), OPEN))
                .singleElement()
                .asString()
                .contains("confirmation number");
        assertThat(findings(c -> c.setSent(null), OPEN))
                .singleElement()
                .asString()
                .contains("sent");
        assertThat(findings(c -> c.setSent(Date.from(NOW.plusSeconds(86400))), OPEN))
                .singleElement()
                .asString()
                .contains("in the future");
        assertThat(findings(c -> c.setSubject(new Reference("Patient/other")), OPEN))
                .singleElement()
                .asString()
                .contains("Patient/p", "Patient/other");
        assertThat(findings(c -> c.setAbout(List.of(new Reference("MedicationAdministration/x"))), OPEN))
                .singleElement()
                .asString()
                .contains("about");
        assertThat(findings(c -> c.getPayloadFirstRep().setContent(new Reference("QuestionnaireResponse/x")), OPEN))
                .singleElement()
                .asString()
                .contains("payload");
        assertThat(findings(c -> c.setStatus(Communication.CommunicationStatus.INPROGRESS), OPEN))
                .singleElement()
                .asString()
                .contains("status");
    }

    @Test
    void theTaskMustHaveACompletedFormAndNoSubmissionYet() {
        RemsSubmissionCheck.Target noForm = new RemsSubmissionCheck.Target(
                "Task/1", TaskStatus.REQUESTED, "Patient/p", "MedicationAdministration/s", null, null);
        assertThat(findings(c -> c.getPayload().clear(), noForm))
                .singleElement()
                .asString()
                .contains("no completed form");
        RemsSubmissionCheck.Target submitted = new RemsSubmissionCheck.Target(
                "Task/1",
                TaskStatus.COMPLETED,
                "Patient/p",
                "MedicationAdministration/s",
                "QuestionnaireResponse/r",
                "Communication/c1");
        assertThat(findings(c -> {}, submitted))
                .singleElement()
                .asString()
                .contains("submitted already", "Communication/c1");
        Communication correction = submission();
        assertThat(RemsSubmissionCheck.check(correction, "Communication/c1", submitted, NOW))
                .as("the recorded submission corrected")
                .isEmpty();
        RemsSubmissionCheck.Target cancelled = new RemsSubmissionCheck.Target(
                "Task/1", TaskStatus.CANCELLED, "Patient/p", "MedicationAdministration/s", null, null);
        assertThat(findings(c -> {}, cancelled)).singleElement().asString().contains("cancelled");
    }
}
