package org.ketaminefhir.server.clinical.rems;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * Whether a Communication records the submission of a REMS form (pure), rule {@code REMS-SUBMISSION}: status
 * {@code completed}; {@code basedOn} a REMS Task that is open (or, for a correction of the recorded submission,
 * completed by this very Communication) and has a completed form; {@code payload.contentReference}, when given, that
 * form; {@code medium} v3-ParticipationMode {@code FAXWRIT} or {@code ONLINEWRIT}; the REMS confirmation number as an
 * identifier; {@code sent} given and not in the future (beyond a few minutes of clock skew); {@code subject} the Task's
 * patient; {@code about}, when it names a MedicationAdministration, the Task's session.
 */
public final class RemsSubmissionCheck {

    public static final String RULE = "REMS-SUBMISSION";

    /** The system of the REMS confirmation number (Communication.identifier). */
    public static final String CONFIRMATION_SYSTEM = "https://ketaminefhir.org/ig/rems-confirmation-number";

    public static final String PARTICIPATION_MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";

    /** How a form is submitted: by fax, or online (v3-ParticipationMode, both in hl7.terminology 7.0.1). */
    public static final Set<String> MEDIA = Set.of("FAXWRIT", "ONLINEWRIT");

    /** How far {@code sent} may lie ahead of the server's clock (a client's clock running fast). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private RemsSubmissionCheck() {}

    /**
     * The REMS Task a Communication is based on, as the check reads it.
     *
     * @param id the Task (Task/...)
     * @param status its status
     * @param patient its patient (Task.for)
     * @param session its session (Task.focus)
     * @param response its completed form (output {@code response}) when that response is completed or amended, else null
     * @param submission the Communication recorded as its submission (output {@code submission}), or null
     */
    public record Target(
            String id, Task.TaskStatus status, String patient, String session, String response, String submission) {}

    /**
     * The findings about the Communication {@code self} (Communication/..., null while it is created) based on the
     * REMS Task {@code target} (null: it names none), at {@code now}.
     */
    public static List<Finding> check(Communication communication, String self, Target target, Instant now) {
        List<Finding> findings = new ArrayList<>();
        if (communication.getStatus() != Communication.CommunicationStatus.COMPLETED) {
            findings.add(finding(
                    "a REMS submission is recorded with status completed, not "
                            + (communication.hasStatus()
                                    ? communication.getStatus().toCode()
                                    : "none"),
                    "Communication.status"));
        }
        if (target == null) {
            findings.add(finding(
                    "basedOn must name the SPRAVATO REMS Task (code ketamine-task#" + RemsTasks.CODE
                            + ") whose form was submitted",
                    "Communication.basedOn"));
        } else {
            task(communication, self, target, findings);
        }
        medium(communication, findings);
        confirmationNumber(communication, findings);
        if (!communication.hasSent()) {
            findings.add(finding("sent (when the form was submitted) is missing", "Communication.sent"));
        } else if (communication.getSent().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            findings.add(finding(
                    "sent " + communication.getSentElement().getValueAsString() + " is in the future",
                    "Communication.sent"));
        }
        return findings;
    }

    private static void task(Communication communication, String self, Target target, List<Finding> findings) {
        boolean resubmission = target.status() == Task.TaskStatus.COMPLETED;
        if (resubmission && (self == null || !self.equals(target.submission()))) {
            findings.add(finding(
                    target.id() + " is completed: its form was submitted already"
                            + (target.submission() == null ? "" : " (" + target.submission() + ")")
                            + "; correct that Communication instead",
                    "Communication.basedOn"));
        } else if (!resubmission && !RemsTasks.OPEN.contains(target.status())) {
            findings.add(finding(
                    target.id() + " is "
                            + (target.status() == null
                                    ? "without status"
                                    : target.status().toCode()) + ": there is no form to submit",
                    "Communication.basedOn"));
        } else if (target.response() == null) {
            findings.add(finding(
                    target.id() + " has no completed form: save the completed QuestionnaireResponse first",
                    "Communication.basedOn"));
        }
        for (Communication.CommunicationPayloadComponent payload : communication.getPayload()) {
            if (payload.hasContentReference()
                    && target.response() != null
                    && !target.response().equals(unversioned(payload.getContentReference()))) {
                findings.add(finding(
                        "payload.contentReference must be the Task's completed form " + target.response() + ", not "
                                + payload.getContentReference().getReference(),
                        "Communication.payload"));
            }
        }
        String subject = unversioned(communication.getSubject());
        if (!Objects.equals(subject, target.patient())) {
            findings.add(finding(
                    "subject must be the Task's patient " + target.patient() + ", not "
                            + (subject == null ? "none" : subject),
                    "Communication.subject"));
        }
        for (Reference about : communication.getAbout()) {
            String named = unversioned(about);
            if (named != null && named.startsWith("MedicationAdministration/") && !named.equals(target.session())) {
                findings.add(finding(
                        "about must be the Task's session " + target.session() + ", not " + named,
                        "Communication.about"));
            }
        }
    }

    private static void medium(Communication communication, List<Finding> findings) {
        boolean known = communication.getMedium().stream()
                .flatMap(concept -> concept.getCoding().stream())
                .anyMatch(c -> PARTICIPATION_MODE.equals(c.getSystem()) && MEDIA.contains(c.getCode()));
        if (!known) {
            findings.add(finding(
                    "medium must say how the form was submitted: " + PARTICIPATION_MODE
                            + "#FAXWRIT (fax) or #ONLINEWRIT (online)",
                    "Communication.medium"));
        }
    }

    private static void confirmationNumber(Communication communication, List<Finding> findings) {
        boolean given = communication.getIdentifier().stream()
                .filter(i -> CONFIRMATION_SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue)
                .anyMatch(v -> v != null && !v.isBlank());
        if (!given) {
            findings.add(finding(
                    "the REMS confirmation number is missing: an identifier with system " + CONFIRMATION_SYSTEM,
                    "Communication.identifier"));
        }
    }

    /** The confirmation number the Communication records, or null. */
    public static String confirmationNumber(Communication communication) {
        return communication.getIdentifier().stream()
                .filter(i -> CONFIRMATION_SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue)
                .filter(v -> v != null && !v.isBlank())
                .findFirst()
                .orElse(null);
    }

    /** Type/id of a relative reference, without its version; null when it has none. */
    static String unversioned(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        String value = reference.getReference();
        int history = value.indexOf("/_history/");
        return history < 0 ? value : value.substring(0, history);
    }

    private static Finding finding(String message, String location) {
        return new Finding(RULE, message, location);
    }
}
