package org.ketaminefhir.server.clinical.questionnaire;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.fhir.RuleViolation;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * A questionnaire response with its Questionnaire: the rules at its write ({@code QR-REQUIRED}, {@code QR-ANSWER},
 * {@code QR-SCORE}, {@code QR-TASK}), the values the server fills in, and the extraction. Shared by the storage hook
 * and {@code $extract}.
 */
public class QuestionnaireResponses {

    public static final String TASK = "QR-TASK";

    private final FhirContext fhirContext;
    private final DaoRegistry daos;
    private final IgTerms terms;
    private final TemplateExtraction extraction;

    public QuestionnaireResponses(
            FhirContext fhirContext, DaoRegistry daos, IgTerms terms, TemplateExtraction extraction) {
        this.fhirContext = fhirContext;
        this.daos = daos;
        this.terms = terms;
        this.extraction = extraction;
    }

    /** A response and its Questionnaire, with the Questionnaire's id (last segment of its url, e.g. phq-9). */
    public record Answered(QuestionnaireResponse response, Questionnaire questionnaire, String questionnaireId) {
        public ResponseItems items() {
            return new ResponseItems(questionnaire, response);
        }
    }

    /** Whether the response is one the rules apply to: completed or amended. */
    public static boolean final_(QuestionnaireResponse response) {
        return response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                || response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED;
    }

    /** The stored Questionnaire the response answers (by canonical, with its version if stated), if there is one. */
    public Optional<Answered> of(QuestionnaireResponse response) {
        if (!response.hasQuestionnaire()) {
            return Optional.empty();
        }
        String canonical = response.getQuestionnaire();
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        String version = canonical.contains("|") ? canonical.substring(canonical.indexOf('|') + 1) : null;
        SearchParameterMap map = SearchParameterMap.newSynchronous().add(Questionnaire.SP_URL, new UriParam(url));
        List<Questionnaire> found = new ArrayList<>();
        for (Object resource :
                daos.getResourceDao(Questionnaire.class).searchForResources(map, new SystemRequestDetails())) {
            Questionnaire questionnaire = (Questionnaire) resource;
            if (version == null || version.equals(questionnaire.getVersion())) {
                found.add(questionnaire);
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        found.sort((a, b) -> b.getMeta().getLastUpdated().compareTo(a.getMeta().getLastUpdated()));
        Questionnaire questionnaire = found.get(0);
        return Optional.of(new Answered(response, questionnaire, url.substring(url.lastIndexOf('/') + 1)));
    }

    /**
     * Checks a completed or amended response and fills in the values the server computes that it does not state (a
     * total, the C-SSRS risk). Throws a 422 naming the rules that refuse it.
     */
    public void checkAndFill(Answered answered) {
        ResponseItems items = answered.items();
        List<Finding> findings = new ArrayList<>(ResponseCheck.check(items));
        List<QuestionnaireScoring.Computed> computed =
                QuestionnaireScoring.computed(items, answered.questionnaireId(), terms.codeSystem("suicide-risk"));
        findings.addAll(QuestionnaireScoring.disagreements(items, computed));
        findings.addAll(taskFindings(answered.response()));
        if (!findings.isEmpty()) {
            throw RuleViolation.reject(fhirContext, findings);
        }
        for (QuestionnaireScoring.Computed value : computed) {
            if (!items.isAnswered(value.linkId())) {
                fill(answered, value);
            }
        }
    }

    /** Puts the computed item into the response at its place in the Questionnaire's order of root items. */
    private static void fill(Answered answered, QuestionnaireScoring.Computed value) {
        QuestionnaireResponse response = answered.response();
        List<String> order = answered.questionnaire().getItem().stream()
                .map(Questionnaire.QuestionnaireItemComponent::getLinkId)
                .toList();
        List<QuestionnaireResponse.QuestionnaireResponseItemComponent> existing = response.getItem();
        existing.removeIf(item -> item.getLinkId().equals(value.linkId()) && !item.hasAnswer());
        QuestionnaireResponse.QuestionnaireResponseItemComponent item =
                new QuestionnaireResponse.QuestionnaireResponseItemComponent().setLinkId(value.linkId());
        answered.questionnaire().getItem().stream()
                .filter(q -> q.getLinkId().equals(value.linkId()) && q.hasText())
                .findFirst()
                .ifPresent(q -> item.setText(q.getText()));
        item.addAnswer().setValue(value.value().copy());
        int place = order.indexOf(value.linkId());
        int at = existing.size();
        for (int i = 0; i < existing.size(); i++) {
            int other = order.indexOf(existing.get(i).getLinkId());
            if (place >= 0 && other > place) {
                at = i;
                break;
            }
        }
        existing.add(at, item);
    }

    /** QR-TASK: a response basedOn a Task must answer it: the Task's patient and Questionnaire. */
    private List<Finding> taskFindings(QuestionnaireResponse response) {
        List<Finding> findings = new ArrayList<>();
        for (Reference basedOn : response.getBasedOn()) {
            if (!basedOn.hasReference() || !basedOn.getReference().startsWith("Task/")) {
                continue;
            }
            Task task;
            try {
                task = daos.getResourceDao(Task.class)
                        .read(
                                new org.hl7.fhir.r4.model.IdType(basedOn.getReference()).toUnqualifiedVersionless(),
                                new SystemRequestDetails());
            } catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
                findings.add(
                        new Finding(TASK, basedOn.getReference() + " does not exist", "QuestionnaireResponse.basedOn"));
                continue;
            }
            String patient = response.getSubject().getReference();
            if (task.hasFor()
                    && patient != null
                    && !task.getFor().getReference().equals(patient)) {
                findings.add(new Finding(
                        TASK,
                        basedOn.getReference() + " is for " + task.getFor().getReference() + ", not " + patient,
                        "QuestionnaireResponse.basedOn"));
            }
            Optional<String> asked = askedQuestionnaire(task);
            if (asked.isPresent() && !unversioned(asked.get()).equals(unversioned(response.getQuestionnaire()))) {
                findings.add(new Finding(
                        TASK,
                        basedOn.getReference() + " asks for " + asked.get() + ", not " + response.getQuestionnaire(),
                        "QuestionnaireResponse.basedOn"));
            }
        }
        return findings;
    }

    /** The Questionnaire a complete-questionnaire Task asks for (its input of type temp#questionnaire). */
    public static Optional<String> askedQuestionnaire(Task task) {
        return task.getInput().stream()
                .filter(input -> IgTerms.hasCoding(input.getType(), PatientChart.SDC_TEMP, "questionnaire")
                        && input.getValue() instanceof CanonicalType)
                .map(input -> ((CanonicalType) input.getValue()).getValue())
                .findFirst();
    }

    static String unversioned(String canonical) {
        return canonical == null
                ? ""
                : canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
    }

    /** What the response yields by its Questionnaire's templates. */
    public List<Resource> extract(Answered answered) {
        try {
            return extraction.resources(answered.questionnaire(), answered.response());
        } catch (TemplateExtraction.TemplateException e) {
            throw new UnprocessableEntityException(
                    fhirContext,
                    outcome("the extraction templates of " + answered.response().getQuestionnaire() + " fail: "
                            + e.getMessage()));
        }
    }

    /** The same, as the SDC $extract transaction Bundle. */
    public org.hl7.fhir.r4.model.Bundle extractBundle(Answered answered) {
        try {
            return extraction.extract(answered.questionnaire(), answered.response());
        } catch (TemplateExtraction.TemplateException e) {
            throw new UnprocessableEntityException(
                    fhirContext,
                    outcome("the extraction templates of " + answered.response().getQuestionnaire() + " fail: "
                            + e.getMessage()));
        }
    }

    private static org.hl7.fhir.r4.model.OperationOutcome outcome(String message) {
        org.hl7.fhir.r4.model.OperationOutcome outcome = new org.hl7.fhir.r4.model.OperationOutcome();
        outcome.addIssue()
                .setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
                .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.PROCESSING)
                .setDiagnostics(message);
        return outcome;
    }
}
