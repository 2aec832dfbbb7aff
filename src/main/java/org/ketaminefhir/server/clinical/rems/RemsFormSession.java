package org.ketaminefhir.server.clinical.rems;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * The session a completed REMS form is about (pure), rule {@code REMS-FORM-SESSION}: the form's hidden item
 * {@code session} names an esketamine session (a {@code ketamine-session} MedicationAdministration of an esketamine
 * product) of the response's subject, for which a REMS Task is kept (not cancelled). R4
 * {@code QuestionnaireResponse.basedOn} cannot reference the Task, so the session is how the server finds it.
 */
public final class RemsFormSession {

    public static final String RULE = "REMS-FORM-SESSION";

    /** The linkId of the form's hidden item naming the session. */
    public static final String ITEM = "session";

    private RemsFormSession() {}

    /**
     * A session as the check reads it.
     *
     * @param id MedicationAdministration/...
     * @param esketamine whether it is a ketamine-session of an esketamine product
     * @param patient its subject
     */
    public record Session(String id, boolean esketamine, String patient) {}

    /** The reference the response's {@code session} item answers, if any (the first answer, nested items included). */
    public static Optional<String> sessionOf(QuestionnaireResponse response) {
        List<QuestionnaireResponseItemComponent> items = new ArrayList<>(response.getItem());
        for (int i = 0; i < items.size(); i++) {
            QuestionnaireResponseItemComponent item = items.get(i);
            if (ITEM.equals(item.getLinkId())) {
                for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
                    if (answer.getValue() instanceof Reference reference && reference.hasReference()) {
                        return Optional.of(RemsSubmissionCheck.unversioned(reference));
                    }
                }
            }
            items.addAll(item.getItem());
            item.getAnswer().forEach(answer -> items.addAll(answer.getItem()));
        }
        return Optional.empty();
    }

    /**
     * The findings about a completed form whose {@code session} item names {@code named} (null: no answer), read as
     * {@code session} (null: no such MedicationAdministration), with a REMS Task kept for it or not.
     */
    public static List<Finding> check(String subject, String named, Session session, boolean taskKept) {
        String location = "QuestionnaireResponse.item";
        if (named == null) {
            return List.of(); // QR-REQUIRED names the unanswered item
        }
        if (!named.startsWith("MedicationAdministration/") || session == null) {
            return List.of(
                    new Finding(RULE, "item session names " + named + ", which is not a stored session", location));
        }
        if (!session.esketamine()) {
            return List.of(new Finding(
                    RULE, "item session names " + named + ", which is not an esketamine session", location));
        }
        if (!Objects.equals(session.patient(), subject)) {
            return List.of(new Finding(
                    RULE,
                    "item session names " + named + ", a session of " + session.patient() + ", not of the subject "
                            + subject,
                    location));
        }
        if (!taskKept) {
            return List.of(new Finding(
                    RULE, named + " has no SPRAVATO REMS Task (none was kept, or it was cancelled)", location));
        }
        return List.of();
    }
}
