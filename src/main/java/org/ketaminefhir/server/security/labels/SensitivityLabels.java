package org.ketaminefhir.server.security.labels;

import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.security.SecurityProperties.Label;

/**
 * Which resources are mental-health sensitive data and the labels they carry: every resource that declares one of
 * this IG's profiles, the safety alerts the server raises from them (DetectedIssues coded from the IG's
 * {@code safety-alert} CodeSystem), and the answers to this IG's Questionnaires with the Tasks asking for them
 * (whether or not they declare a profile). They are stored with the configured {@code meta.security} labels (by default
 * confidentiality {@code R} restricted and {@code PSY} psychiatry information sensitivity, from HL7 v3), and released
 * only to tokens carrying the sensitive-data scope ({@link #releaseLabel()}).
 */
public class SensitivityLabels {

    private final String profileBase;
    private final String safetyAlertSystem;
    private final String questionnaireBase;
    private final List<Label> labels;
    private final Label releaseLabel;

    /**
     * @param canonicalBase the IG's canonical base URL, e.g. https://ketaminefhir.org/ig
     * @param labels        the labels stored on sensitive resources
     * @param releaseLabel  the label whose resources need the sensitive-data scope
     */
    public SensitivityLabels(String canonicalBase, List<Label> labels, Label releaseLabel) {
        this.profileBase = canonicalBase + "/StructureDefinition/";
        this.safetyAlertSystem = canonicalBase + "/CodeSystem/safety-alert";
        this.questionnaireBase = canonicalBase + "/Questionnaire/";
        this.labels = List.copyOf(labels);
        this.releaseLabel = releaseLabel;
    }

    /** True if the resource is this IG's sensitive data and must carry the labels. */
    public boolean isSensitive(Resource resource) {
        if (resource.getMeta().getProfile().stream()
                .anyMatch(p -> p.getValue() != null && p.getValue().startsWith(profileBase))) {
            return true;
        }
        if (resource instanceof QuestionnaireResponse response) {
            return ours(response.getQuestionnaire());
        }
        if (resource instanceof Task task) {
            return task.getInput().stream()
                    .anyMatch(input -> input.getValue() instanceof CanonicalType c && ours(c.getValue()));
        }
        return resource instanceof DetectedIssue issue
                && issue.getCode().getCoding().stream().anyMatch(c -> safetyAlertSystem.equals(c.getSystem()));
    }

    private boolean ours(String questionnaire) {
        return questionnaire != null && questionnaire.startsWith(questionnaireBase);
    }

    /** Adds the labels the resource lacks (a client cannot remove them: they are put back on every write). */
    public void label(Resource resource) {
        for (Label label : labels) {
            if (!carries(resource, label)) {
                resource.getMeta().addSecurity(new Coding(label.system(), label.code(), label.display()));
            }
        }
    }

    /** True if the resource carries the label that restricts its release. */
    public boolean isRestricted(Resource resource) {
        return carries(resource, releaseLabel);
    }

    public Label releaseLabel() {
        return releaseLabel;
    }

    /** The release label as a token search value ({@code system|code}). */
    public String releaseToken() {
        return releaseLabel.system() + "|" + releaseLabel.code();
    }

    private static boolean carries(Resource resource, Label label) {
        return resource.getMeta().getSecurity().stream()
                .anyMatch(c ->
                        label.system().equals(c.getSystem()) && label.code().equals(c.getCode()));
    }
}
