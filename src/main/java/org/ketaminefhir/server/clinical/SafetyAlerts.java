package org.ketaminefhir.server.clinical;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueStatus;
import org.hl7.fhir.r4.model.Reference;

/**
 * Raises the server's safety alerts: a DetectedIssue (status {@code preliminary}, i.e. open and unreviewed; code from the
 * IG's {@code safety-alert} CodeSystem; severity; {@code detail} starting with the rule id) about one finding (an
 * Observation, a QuestionnaireResponse), implicating the finding and what it belongs to (the session, the response), for
 * the patient, identified when the finding was made. Written as the server (the caller's token need not allow writing
 * DetectedIssues), in the caller's database transaction, so that the alert and its finding are stored together and HAPI's
 * subscriptions see the alert like any other write.
 *
 * <p><b>One alert per finding.</b> A finding written again (an update, an amended response, a retried request) does not
 * raise a second alert: when an alert of the rule's family of codes already implicates the finding with the same code,
 * nothing is written; when an open one has another code (a corrected MOAA/S 1 that is now 0), that alert is brought up to
 * date instead; a finding that no longer calls for an alert leaves the raised one as it is, for a clinician to close. The
 * writes of one patient run one after another ({@code PatientWriteLock}), so two writes of one finding cannot both miss
 * each other's alert.
 */
public class SafetyAlerts {

    private final DaoRegistry daos;
    private final IgTerms terms;

    public SafetyAlerts(DaoRegistry daos, IgTerms terms) {
        this.daos = daos;
        this.terms = terms;
    }

    /**
     * What an alert is about.
     *
     * @param patient the patient (DetectedIssue.patient)
     * @param identified when the finding was made (DetectedIssue.identified), or null
     * @param finding the finding itself, e.g. {@code Observation/123}: implicated first, and what makes the alert one
     * @param context what else it implicates, e.g. the session ({@code MedicationAdministration/9}) or the response
     */
    public record About(Reference patient, DateTimeType identified, Reference finding, List<Reference> context) {}

    /** The IG's safety-alert CodeSystem URL. */
    public String system() {
        return terms.codeSystem("safety-alert");
    }

    /**
     * Raises the alert about the finding unless an alert of {@code family} (the codes the rule may raise about such a
     * finding, including the alert's own) already implicates it; see the class description. Returns the alert stored.
     */
    public DetectedIssue raise(SafetyAlert alert, About about, Set<String> family) {
        List<DetectedIssue> raised = raisedAbout(about.finding(), family);
        Optional<DetectedIssue> same = raised.stream()
                .filter(issue -> IgTerms.hasCoding(issue.getCode(), system(), alert.code()))
                .findFirst();
        if (same.isPresent()) {
            return same.get();
        }
        Optional<DetectedIssue> open = raised.stream()
                .filter(issue -> issue.getStatus() == DetectedIssueStatus.PRELIMINARY)
                .findFirst();
        if (open.isPresent()) {
            DetectedIssue issue = open.get();
            describe(issue, alert, about);
            return (DetectedIssue)
                    dao().update(issue, new SystemRequestDetails()).getResource();
        }
        DetectedIssue issue = new DetectedIssue();
        issue.setStatus(DetectedIssueStatus.PRELIMINARY);
        issue.setPatient(about.patient().copy());
        issue.addImplicated(about.finding().copy());
        about.context().forEach(reference -> issue.addImplicated(reference.copy()));
        describe(issue, alert, about);
        return (DetectedIssue) dao().create(issue, new SystemRequestDetails()).getResource();
    }

    /** The alerts of these codes that implicate the finding (not entered in error or cancelled). */
    public List<DetectedIssue> raisedAbout(Reference finding, Set<String> codes) {
        TokenOrListParam anyCode = new TokenOrListParam();
        codes.forEach(code -> anyCode.add(system(), code));
        SearchParameterMap map = SearchParameterMap.newSynchronous()
                .add(DetectedIssue.SP_IMPLICATED, new ReferenceParam(finding.getReference()))
                .add(DetectedIssue.SP_CODE, anyCode);
        List<DetectedIssue> found = new ArrayList<>();
        for (Object resource : dao().searchForResources(map, new SystemRequestDetails())) {
            DetectedIssue issue = (DetectedIssue) resource;
            if (issue.getStatus() != DetectedIssueStatus.ENTEREDINERROR
                    && issue.getStatus() != DetectedIssueStatus.CANCELLED) {
                found.add(issue);
            }
        }
        return found;
    }

    private void describe(DetectedIssue issue, SafetyAlert alert, About about) {
        issue.setCode(new CodeableConcept(new Coding(system(), alert.code(), null)));
        issue.setSeverity(DetectedIssue.DetectedIssueSeverity.fromCode(alert.severity()));
        issue.setIdentified(
                about.identified() == null ? null : about.identified().copy());
        issue.setDetail(alert.issueDetail());
    }

    @SuppressWarnings("unchecked")
    private IFhirResourceDao<DetectedIssue> dao() {
        return daos.getResourceDao(DetectedIssue.class);
    }
}
