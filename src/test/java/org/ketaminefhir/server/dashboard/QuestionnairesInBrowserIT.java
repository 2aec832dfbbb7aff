package org.ketaminefhir.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.TestClinic;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 22 in the browser, on the dashboards' shared server: a patient signs in, sees their due PHQ-9, answers it in the
 * form LHC-Forms renders from the server's Questionnaire, sees the crisis information as soon as item 9 is answered
 * above "Not at all", and sends it; the response is stored as the patient's. A clinician then sees the suicide-risk
 * alert first in that patient's view, the PHQ-9 item by item, and reviews the alert with what was done; a session for
 * the patient, refused before the review (SUICIDE-RISK-REVIEW), is accepted after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuestionnairesInBrowserIT extends DashboardBrowserTestBase {

    private static final String PATIENT = QUESTIONNAIRE_PATIENT;
    private static final String PHQ9 = ClinicFixtures.IG + "Questionnaire/phq-9";
    private static final String LOINC = "http://loinc.org";
    private static final String SDC_TEMP = "http://hl7.org/fhir/uv/sdc/CodeSystem/temp";
    private static final String SAFETY_ALERT = ClinicFixtures.IG + "CodeSystem/safety-alert";

    private static ClinicFixtures clinic;
    private static String plan;
    private static String taskId;
    private static String responseId;
    private static String alertId;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        startSharedServer();
        clinic = new ClinicFixtures(fhir);
        ensurePhq9();
        // The patient of the patient user: eligible, with a plan from today, and a PHQ-9 due (from yesterday).
        Patient patient = ClinicFixtures.example("Patient", "patient-iv", Patient.class);
        patient.setId(PATIENT);
        patient.getIdentifierFirstRep().setValue("T-" + UUID.randomUUID());
        patient.getNameFirstRep().setFamily("Questionnaire").getGiven().clear();
        patient.getNameFirstRep().addGiven("Quinn");
        fhir.update().resource(patient).execute();
        String subject = "Patient/" + PATIENT;
        clinic.decidedScreening(subject, today().minusDays(3) + "T11:00:00Z", "eligible");
        Parameters request = new Parameters();
        request.addParameter("start", new DateType(today().toString()));
        request.addParameter("protocol", new CodeType("iv-racemic"));
        CarePlan created = fhir.operation()
                .onInstance(new IdType(subject))
                .named("$ketamine-plan")
                .withParameters(request)
                .returnResourceType(CarePlan.class)
                .execute();
        plan = "CarePlan/" + created.getIdElement().getIdPart();
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding(SDC_TEMP, "complete-questionnaire", null)));
        task.setFor(new Reference(subject));
        task.getRestriction()
                .setPeriod(new Period()
                        .setStartElement(new DateTimeType(today().minusDays(1).toString()))
                        .setEndElement(new DateTimeType(today().plusDays(6).toString())));
        task.addInput()
                .setType(new CodeableConcept(new Coding(SDC_TEMP, "questionnaire", null)))
                .setValue(new CanonicalType(PHQ9));
        taskId = new IdType(clinic.create(task)).getIdPart();
        startBrowser();
    }

    /** The IG's PHQ-9, installed by the server from the implementation guide at start-up. */
    private static void ensurePhq9() {
        assertThat(search("Questionnaire?url=" + URLEncoder.encode(PHQ9, StandardCharsets.UTF_8), Questionnaire.class))
                .as("the IG's PHQ-9 installed by the server")
                .hasSize(1);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC); // the clinic's time zone in the shipped settings
    }

    @Test
    @Order(1)
    void aPatientAnswersTheDuePhq9AndSeesCrisisInformationAtOnce() throws Exception {
        browser.get(appUrl(""));
        click(By.id("sign-in-patient"));
        signIn(QUESTIONNAIRE_PATIENT_USER);

        WebElement due = chromium.waitUntil(
                "the due PHQ-9 in the patient's own record",
                d -> first(d, By.cssSelector("#due-questionnaires li[data-task-id='" + taskId + "']")));
        assertThat(due.getAttribute("data-questionnaire")).isEqualTo(PHQ9);
        assertThat(due.getText()).contains("PHQ-9");
        chromium.screenshot(SCREENSHOTS.resolve("patient-due-questionnaires.png"));
        assertAccessible("patient's record with the questionnaires due");

        due.findElement(By.tagName("a")).click();
        chromium.waitUntil(
                "the PHQ-9 rendered by LHC-Forms",
                d -> first(d, By.cssSelector("#questionnaire-form[data-ready] lhc-item")));
        WebElement crisis = browser.findElement(By.id("crisis-info"));
        assertThat(crisis.isDisplayed()).isFalse();
        assertAccessible("questionnaire form");

        // Items 1 to 8 "Not at all": no crisis information.
        Questionnaire phq9 = search(
                        "Questionnaire?url=" + URLEncoder.encode(PHQ9, StandardCharsets.UTF_8), Questionnaire.class)
                .get(0);
        List<String> scored = phq9.getItem().stream()
                .filter(i -> i.getType() == Questionnaire.QuestionnaireItemType.CHOICE && i.getRequired())
                .map(Questionnaire.QuestionnaireItemComponent::getLinkId)
                .toList();
        assertThat(scored).hasSize(9).endsWith("44260-8");
        for (String linkId : scored.subList(0, 8)) {
            answer(linkId, "LA6568-5");
        }
        Thread.sleep(300);
        assertThat(crisis.isDisplayed())
                .as("crisis information with item 9 unanswered")
                .isFalse();

        // Item 9 "Several days": the crisis information shows at once, before anything is sent.
        answer("44260-8", "LA6569-3");
        chromium.waitUntil("the crisis information", d -> crisis.isDisplayed() ? crisis : null);
        assertThat(crisis.getText()).contains("988").contains("harming yourself");
        assertThat(search("QuestionnaireResponse?subject=Patient/" + PATIENT, QuestionnaireResponse.class))
                .as("nothing sent yet")
                .isEmpty();
        chromium.screenshot(SCREENSHOTS.resolve("patient-crisis-information.png"));
        assertAccessible("questionnaire form with the crisis information");

        Instant before = Instant.now().minusSeconds(5);
        click(By.id("submit-questionnaire"));
        chromium.waitUntil("the thank-you", d -> first(d, By.id("questionnaire-sent")));
        assertThat(crisis.isDisplayed())
                .as("the crisis information stays after sending")
                .isTrue();

        List<QuestionnaireResponse> stored =
                search("QuestionnaireResponse?subject=Patient/" + PATIENT, QuestionnaireResponse.class);
        assertThat(stored).hasSize(1);
        QuestionnaireResponse response = stored.get(0);
        responseId = response.getIdElement().getIdPart();
        assertThat(browser.findElement(By.id("questionnaire-view")).getAttribute("data-response-id"))
                .isEqualTo(responseId);
        assertThat(response.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        assertThat(response.getQuestionnaire()).isEqualTo(PHQ9);
        assertThat(response.getSubject().getReference()).isEqualTo("Patient/" + PATIENT);
        assertThat(response.getSource().getReference()).isEqualTo("Patient/" + PATIENT);
        // R4 allows no Task in QuestionnaireResponse.basedOn (HAPI refuses it): the server finds the patient's current
        // Task for the Questionnaire itself (issue 22, server side).
        assertThat(response.getBasedOn()).isEmpty();
        assertThat(response.getAuthored().toInstant())
                .isBetween(before, Instant.now().plusSeconds(5));
        assertThat(answerCode(response, "44260-8")).isEqualTo("LA6569-3");
        for (String linkId : scored.subList(0, 8)) {
            assertThat(answerCode(response, linkId)).as(linkId).isEqualTo("LA6568-5");
        }
    }

    @Test
    @Order(2)
    void aClinicianSeesTheSuicideRiskAlertFirstReviewsItAndTheSessionIsThenGiven() throws Exception {
        assertThat(responseId).as("the patient's response (test 1)").isNotNull();
        alertId = suicideRiskAlertFromTheResponse();
        // A newer alert of another kind: the suicide-risk alert must still come first.
        DetectedIssue sedation = new DetectedIssue();
        sedation.setStatus(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
        sedation.setSeverity(DetectedIssue.DetectedIssueSeverity.MODERATE);
        sedation.setCode(new CodeableConcept(new Coding(SAFETY_ALERT, "sedation-deep", null)));
        sedation.setPatient(new Reference("Patient/" + PATIENT));
        sedation.setIdentified(new DateTimeType(Date.from(Instant.now().plusSeconds(60))));
        sedation.setDetail("MOAAS-SEDATION: raised by the test");
        clinic.create(sedation);

        // Before the review, a session for the patient is refused.
        Instant start = Instant.now().plusSeconds(120);
        String encounter = clinic.encounter("Patient/" + PATIENT, start.minusSeconds(900), start.plusSeconds(5400));
        MedicationAdministration session =
                clinic.ivSession("Patient/" + PATIENT, plan, encounter, start, new BigDecimal("0.5"));
        assertThatThrownBy(() -> clinic.create(session.copy()))
                .isInstanceOfSatisfying(
                        UnprocessableEntityException.class,
                        refusal -> assertThat(refusal.getMessage())
                                .contains("SUICIDE-RISK-REVIEW")
                                .contains(alertId));

        click(By.id("sign-out"));
        browser.manage().deleteAllCookies(); // the authorization server's login session too
        browser.get(appUrl("#/patient/" + PATIENT));
        click(By.id("sign-in-staff"));
        signIn(TestClinic.CLINICIAN);

        WebElement firstAlert = chromium.waitUntil(
                "the patient's alerts", d -> first(d, By.cssSelector("#alerts li:first-child[data-issue-id]")));
        assertThat(firstAlert.getAttribute("data-issue-id")).isEqualTo(alertId);
        assertThat(firstAlert.getAttribute("data-code")).isEqualTo("suicide-risk-phq9-item9");
        assertThat(browser.findElements(By.cssSelector("#alerts li[data-issue-id]")))
                .hasSizeGreaterThanOrEqualTo(2);

        // The latest PHQ-9 item by item: item 9 as the Questionnaire words it, answered "Several days", flagged.
        WebElement item9 = chromium.waitUntil(
                "the PHQ-9 item by item",
                d -> first(
                        d,
                        By.cssSelector(
                                "#phq9-items[data-response-id='" + responseId + "'] tr[data-link-id='44260-8']")));
        Questionnaire phq9 = search(
                        "Questionnaire?url=" + URLEncoder.encode(PHQ9, StandardCharsets.UTF_8), Questionnaire.class)
                .get(0);
        String item9Text = phq9.getItem().stream()
                .filter(i -> i.getLinkId().equals("44260-8"))
                .findFirst()
                .orElseThrow()
                .getText();
        assertThat(item9.getAttribute("data-flagged")).isEqualTo("true");
        assertThat(item9.getText()).contains(item9Text).contains("Several days");
        assertThat(browser.findElements(By.cssSelector("#phq9-items tbody tr")).size())
                .isGreaterThanOrEqualTo(9);

        // Review: what was done, recorded by the signed-in clinician.
        firstAlert.findElement(By.cssSelector("button[data-action=review]")).click();
        WebElement form = firstAlert.findElement(By.cssSelector("form.review-form"));
        chromium.waitUntil("the review form", d -> form.isDisplayed() ? form : null);
        chromium.screenshot(SCREENSHOTS.resolve("suicide-risk-review.png"));
        assertAccessible("patient view with the review form");
        form.findElement(By.cssSelector("input[data-code=safety-plan]")).click();
        form.findElement(By.tagName("textarea")).sendKeys("Safety plan updated with the patient by phone");
        form.findElement(By.cssSelector("button[data-action=record-review]")).click();
        chromium.waitUntil(
                "the alert gone from the open alerts",
                d -> d.findElements(By.cssSelector("#alerts li[data-issue-id='" + alertId + "']"))
                                .isEmpty()
                        ? Boolean.TRUE
                        : null);

        DetectedIssue reviewed =
                fhir.read().resource(DetectedIssue.class).withId(alertId).execute();
        assertThat(reviewed.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.FINAL);
        DetectedIssue.DetectedIssueMitigationComponent mitigation = reviewed.getMitigationFirstRep();
        assertThat(mitigation.getAction().getCodingFirstRep().getSystem())
                .isEqualTo(ClinicFixtures.IG + "CodeSystem/suicide-risk-review");
        assertThat(mitigation.getAction().getCodingFirstRep().getCode()).isEqualTo("safety-plan");
        assertThat(mitigation.getAuthor().getReference()).isEqualTo("Practitioner/test-clinician");
        assertThat(mitigation.getDate()).isNotNull();
        assertThat(reviewed.getAuthor().getReference()).isEqualTo("Practitioner/test-clinician");

        // Reviewed: the session is given.
        assertThat(clinic.create(session)).startsWith("MedicationAdministration/");
    }

    /** The suicide-risk alert the server raised from the patient's response (PHQ9-ITEM9), within a few seconds. */
    private static String suicideRiskAlertFromTheResponse() throws InterruptedException {
        String response = "QuestionnaireResponse/" + responseId;
        Instant until = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(until)) {
            List<DetectedIssue> derived = search("DetectedIssue?implicated=" + response, DetectedIssue.class).stream()
                    .filter(i -> i.getCode().getCoding().stream()
                            .anyMatch(c -> SAFETY_ALERT.equals(c.getSystem())
                                    && "suicide-risk-phq9-item9".equals(c.getCode())))
                    .toList();
            if (!derived.isEmpty()) {
                assertThat(derived).hasSize(1);
                assertThat(derived.get(0).getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
                assertThat(derived.get(0).getDetail()).startsWith("PHQ9-ITEM9");
                return derived.get(0).getIdElement().getIdPart();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no suicide-risk alert implicating " + response + " within 5 s");
    }

    /** Clicks the answer of the item in the LHC-Forms form (its radio button: id "linkId/1|system|code"). */
    private static void answer(String linkId, String code) {
        WebElement option = chromium.waitUntil(
                "answer " + code + " of item " + linkId, d -> first(d, By.id(linkId + "/1|" + LOINC + "|" + code)));
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView({block: 'center'});", option);
        option.click();
    }

    private static String answerCode(QuestionnaireResponse response, String linkId) {
        return response.getItem().stream()
                .filter(i -> i.getLinkId().equals(linkId))
                .flatMap(i -> i.getAnswer().stream())
                .map(a -> a.getValueCoding().getCode())
                .findFirst()
                .orElse(null);
    }
}
