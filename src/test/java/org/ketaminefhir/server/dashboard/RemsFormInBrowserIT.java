package org.ketaminefhir.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.TestClinic;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * Issue 25 in the browser, on the dashboards' shared server: the clinician sees the open REMS Tasks across patients
 * (the overdue one first and marked), opens the REMS form of an esketamine session the test wrote, finds it pre-filled
 * as the server's {@code $populate} fills it (the treatment date, the pre-dose blood pressure the session's records
 * hold) with the fields the records do not give marked; saving it before they are answered shows the server's 422
 * naming them; once answered it is saved (the Task goes in-progress), printed (the print stylesheet hides everything
 * but the form; {@code window.print} stubbed, a headless print dialog being untestable), its submission recorded, and
 * the Task shown done; the Task, the response and the Communication are then checked over FHIR.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemsFormInBrowserIT extends DashboardBrowserTestBase {

    private static final String IG = ClinicFixtures.IG;
    private static final String REMS = IG + "Questionnaire/spravato-rems-monitoring";
    private static final String TASK_CODES = IG + "CodeSystem/ketamine-task";
    private static final String MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";
    private static final String CONFIRMATION = "https://ketaminefhir.org/ig/rems-confirmation-number";

    private static ClinicFixtures clinic;
    /** The patient, session and REMS Task the clinician completes; the session of another patient, overdue. */
    private static String patient;

    private static String session;
    private static String taskId;
    private static String overdueTaskId;
    private static String responseId;
    private static final String READY_TO_LEAVE = "95";
    private static final String CONFIRMATION_NUMBER =
            "RC-UI-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        startSharedServer();
        clinic = new ClinicFixtures(fhir);
        // A session given three hours ago (due in a week) with its pre-dose blood pressure, and another patient's ten
        // days ago (overdue).
        Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        patient = patient("Remsform", "Rita");
        session = esketamineSession(patient, start);
        Observation predose = ClinicFixtures.sessionVital("esk-s1-bp-pre", patient, session, "pre-dose", 0, 128, 82);
        predose.setEffective(new org.hl7.fhir.r4.model.DateTimeType(java.util.Date.from(start.minusSeconds(300))));
        clinic.create(predose);
        String other = patient("Remsoverdue", "Otto");
        String overdueSession = esketamineSession(other, start.minus(10, ChronoUnit.DAYS));
        taskId = remsTaskOf(session).getIdElement().getIdPart();
        overdueTaskId = remsTaskOf(overdueSession).getIdElement().getIdPart();
        startBrowser();
    }

    private static String patient(String family, String given) {
        Patient p = ClinicFixtures.example("Patient", "patient-iv", Patient.class);
        p.setId((String) null);
        p.getIdentifierFirstRep().setValue("T-" + UUID.randomUUID());
        p.getNameFirstRep().setFamily(family).getGiven().clear();
        p.getNameFirstRep().addGiven(given);
        return clinic.create(p);
    }

    private static String esketamineSession(String patient, Instant start) {
        clinic.decidedScreening(
                patient, start.minus(3, ChronoUnit.DAYS).toString().substring(0, 19) + "Z", "eligible");
        String plan = clinic.plan(patient);
        String encounter = clinic.encounter(patient, start.minusSeconds(600), start.plusSeconds(7800));
        return clinic.create(clinic.esketamineSession(patient, plan, encounter, start, 56));
    }

    private static Task remsTaskOf(String session) {
        List<Task> tasks = search("Task?focus=" + session + "&code=" + TASK_CODES + "|submit-rems-form", Task.class);
        assertThat(tasks).as("the REMS Task of " + session).hasSize(1);
        return tasks.get(0);
    }

    @Test
    @Order(1)
    void theOpenRemsTasksAcrossPatientsOverdueFirst() throws Exception {
        browser.get(appUrl("#/rems"));
        click(By.id("sign-in-staff"));
        signIn(TestClinic.CLINICIAN);

        WebElement mine = chromium.waitUntil(
                "the session's REMS Task in the list",
                d -> first(d, By.cssSelector("#rems-tasks tr[data-task-id='" + taskId + "']")));
        WebElement overdue =
                browser.findElement(By.cssSelector("#rems-tasks tr[data-task-id='" + overdueTaskId + "']"));
        assertThat(mine.getAttribute("data-due")).isEqualTo("due");
        assertThat(mine.getAttribute("data-session-id")).isEqualTo(idPart(session));
        assertThat(mine.getText()).contains("Rita Remsform");
        assertThat(overdue.getAttribute("data-due")).isEqualTo("overdue");
        assertThat(overdue.getText()).contains("Overdue").contains("Otto Remsoverdue");
        List<String> order = browser.findElements(By.cssSelector("#rems-tasks tbody tr")).stream()
                .map(tr -> tr.getAttribute("data-task-id"))
                .toList();
        assertThat(order.indexOf(overdueTaskId)).isLessThan(order.indexOf(taskId));
        chromium.screenshot(SCREENSHOTS.resolve("rems-tasks.png"));
        assertAccessible("REMS forms due");
    }

    @Test
    @Order(2)
    void theFormIsPrefilledAndMarksWhatTheClinicianMustAnswer() throws Exception {
        browser.get(appUrl("#/rems"));
        WebElement row = chromium.waitUntil(
                "the session's REMS Task in the list",
                d -> first(d, By.cssSelector("#rems-tasks tr[data-task-id='" + taskId + "']")));
        row.findElement(By.cssSelector("a[data-action=open-rems]")).click();
        chromium.waitUntil(
                "the REMS form rendered and marked",
                d -> first(d, By.cssSelector("#rems-view[data-prefilled=populated] #rems-form[data-ready] lhc-item")));
        chromium.waitUntil(
                "the fields to answer marked", d -> first(d, By.cssSelector("#rems-form lhc-item[data-needs-answer]")));
        assertThat(browser.findElement(By.id("rems-view")).getAttribute("data-task-id"))
                .isEqualTo(taskId);

        // What the server pre-fills, read by the test with its own $populate.
        Parameters populated = populate();
        QuestionnaireResponse expected = (QuestionnaireResponse) populated.getParameter().stream()
                .filter(p -> p.getName().equals("response"))
                .findFirst()
                .orElseThrow()
                .getResource();
        String treatmentDate =
                answerOf(expected, "treatmentDate").getValueDateType().getValueAsString();
        String bloodPressure =
                answerOf(expected, "bloodPressurePreDose").getValueStringType().getValue();
        assertThat(bloodPressure).contains("128/82");
        assertThat(treatmentDate)
                .isEqualTo(Instant.now().minus(3, ChronoUnit.HOURS).toString().substring(0, 10));
        JsonNode onPage = pageAnswers();
        assertThat(pageAnswer(onPage, "treatmentDate").path("valueDate").asText())
                .isEqualTo(treatmentDate);
        assertThat(pageAnswer(onPage, "bloodPressurePreDose")
                        .path("valueString")
                        .asText())
                .isEqualTo(bloodPressure);
        assertThat(browser.findElement(By.id("bloodPressurePreDose/1/1")).getAttribute("value"))
                .isEqualTo(bloodPressure);
        for (String linkId : List.of("patientFirstName", "patientLastName", "doseAdministered")) {
            assertThat(pageAnswer(onPage, linkId).isMissingNode()).as(linkId).isFalse();
        }

        // Marked: the required questions $populate's issues name (and any other required one left empty).
        Questionnaire questionnaire = questionnaire();
        Set<String> required = new LinkedHashSet<>();
        collectRequired(questionnaire.getItem(), required);
        Set<String> named = new LinkedHashSet<>();
        populated.getParameter().stream()
                .filter(p -> p.getName().equals("issues"))
                .flatMap(p -> ((OperationOutcome) p.getResource()).getIssue().stream())
                .flatMap(i -> i.getExpression().stream())
                .map(e -> e.getValue().replaceAll(".*linkId = '([^']+)'.*", "$1"))
                .filter(required::contains)
                .forEach(named::add);
        assertThat(named).as("what $populate leaves for the clinician").contains("readyToLeaveMinutes");
        Set<String> marked = new LinkedHashSet<>();
        browser.findElements(By.cssSelector("#rems-form lhc-item[data-needs-answer]"))
                .forEach(e -> marked.add(e.getAttribute("data-needs-answer")));
        assertThat(marked).containsAll(named);
        Set<String> listed = new LinkedHashSet<>();
        browser.findElements(By.cssSelector("#rems-fields-to-answer li[data-link-id]"))
                .forEach(e -> listed.add(e.getAttribute("data-link-id")));
        assertThat(listed).isEqualTo(marked);
        assertThat(browser.findElement(By.id("rems-to-answer")).getText()).contains("If there was not a 2-hour");
        chromium.screenshot(SCREENSHOTS.resolve("rems-form.png"));
        assertAccessible("REMS form");
    }

    @Test
    @Order(3)
    void savingBeforeTheMissingFieldsAreAnsweredShowsTheServersRefusal() throws Exception {
        click(By.id("save-rems"));
        WebElement problems = chromium.waitUntil(
                "the server's 422 on the page",
                d -> d.findElement(By.id("rems-save-problems")).isDisplayed()
                        ? d.findElement(By.id("rems-save-problems"))
                        : null);
        // The server's errors naming the unanswered required items (its warnings, e.g. dom-6, are not shown).
        assertThat(problems.getText()).contains("readyToLeaveMinutes").doesNotContain("dom-6");
        assertThat(browser.findElement(By.id("rems-view")).getAttribute("data-missing"))
                .contains("readyToLeaveMinutes");
        assertThat(browser.findElement(By.id("rems-view")).getAttribute("data-response-id"))
                .isNull();
        assertThat(search("QuestionnaireResponse?subject=" + patient, QuestionnaireResponse.class))
                .as("nothing stored")
                .isEmpty();
        chromium.screenshot(SCREENSHOTS.resolve("rems-form-refused.png"));
        assertAccessible("REMS form with the server's refusal");
    }

    @Test
    @Order(4)
    void theClinicianCompletesSavesAndPrintsTheForm() throws Exception {
        Questionnaire questionnaire = questionnaire();
        List<String> toAnswer = new ArrayList<>();
        browser.findElements(By.cssSelector("#rems-fields-to-answer li[data-link-id]"))
                .forEach(e -> toAnswer.add(e.getAttribute("data-link-id")));
        assertThat(toAnswer).contains("readyToLeaveMinutes");
        for (String linkId : toAnswer) {
            answer(item(questionnaire.getItem(), linkId));
        }
        // An item enabled by an answer just given (the first treatment asks for the enrolment) joins the list.
        Thread.sleep(400);
        for (WebElement open : browser.findElements(By.cssSelector("#rems-fields-to-answer li[data-answered=false]"))) {
            answer(item(questionnaire.getItem(), open.getAttribute("data-link-id")));
        }
        chromium.waitUntil(
                "every marked field answered",
                d -> d.findElements(By.cssSelector("#rems-fields-to-answer li[data-answered=false]"))
                                .isEmpty()
                        ? Boolean.TRUE
                        : null);

        click(By.id("save-rems"));
        WebElement view = chromium.waitUntil(
                "the saved form",
                d -> first(d, By.cssSelector("#rems-view[data-response-id]:not([data-response-id=''])")));
        responseId = view.getAttribute("data-response-id");
        assertThat(browser.findElement(By.id("rems-save-problems")).isDisplayed())
                .isFalse();
        chromium.waitUntil(
                "the Task shown in progress",
                d -> first(d, By.cssSelector("#rems-task-status[data-status='in-progress']")));

        QuestionnaireResponse saved = fhir.read()
                .resource(QuestionnaireResponse.class)
                .withId(responseId)
                .execute();
        assertThat(saved.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        assertThat(saved.getQuestionnaire()).startsWith(REMS);
        assertThat(saved.getSubject().getReference()).isEqualTo(patient);
        assertThat(saved.getAuthor().getReference()).isEqualTo("Practitioner/test-clinician");
        assertThat(saved.getAuthored()).isNotNull();
        assertThat(saved.getItem().get(0).getLinkId()).isEqualTo("session");
        assertThat(((Reference) saved.getItem().get(0).getAnswerFirstRep().getValue()).getReference())
                .isEqualTo(session);
        assertThat(answerOf(saved, "readyToLeaveMinutes").getValueIntegerType().getValue())
                .isEqualTo(Integer.valueOf(READY_TO_LEAVE));
        assertThat(answerOf(saved, "bloodPressurePreDose").getValueStringType().getValue())
                .contains("128/82");
        Task task = fhir.read().resource(Task.class).withId(taskId).execute();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
        assertThat(task.getOutput())
                .anySatisfy(o -> assertThat(((Reference) o.getValue()).getReference())
                        .endsWith("QuestionnaireResponse/" + responseId));

        // Print: window.print (stubbed: a headless print dialog cannot be tested) and the print stylesheet, which
        // leaves the form alone on the page: no header, navigation, buttons or submission form.
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.__printed = 0; window.print = () => { window.__printed++; };");
        click(By.id("print"));
        assertThat(((Number) js.executeScript("return window.__printed;")).intValue())
                .isEqualTo(1);
        assertThat((Boolean) js.executeScript("""
				return [...document.styleSheets].some(sheet => [...sheet.cssRules].some(rule =>
				  rule instanceof CSSMediaRule && rule.media.mediaText.includes('print')
				  && [...rule.cssRules].some(r => (r.selectorText || '').includes('.app-header')
				       && r.style.display === 'none')));"""))
                .as("a print stylesheet hiding the header")
                .isTrue();
        ChromiumDriver chrome = (ChromiumDriver) browser;
        chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(browser.findElement(By.cssSelector(".app-header")).isDisplayed())
                    .isFalse();
            assertThat(browser.findElement(By.id("print")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("rems-submission")).isDisplayed())
                    .isFalse();
            assertThat(browser.findElement(By.id("rems-title")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("bloodPressurePreDose/1/1")).isDisplayed())
                    .isTrue();
            chromium.screenshot(SCREENSHOTS.resolve("rems-form-print-media.png"));
            Map<String, Object> pdf = chrome.executeCdpCommand("Page.printToPDF", Map.of("printBackground", false));
            Files.createDirectories(SCREENSHOTS);
            Files.write(
                    SCREENSHOTS.resolve("rems-form.pdf"), Base64.getDecoder().decode((String) pdf.get("data")));
        } finally {
            chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    @Test
    @Order(5)
    void recordingTheSubmissionShowsTheTaskDone() throws Exception {
        assertThat(responseId).as("the saved form (test 4)").isNotNull();
        WebElement form = chromium.waitUntil(
                "the submission form", d -> first(d, By.cssSelector("#rems-submission form.submission-form")));
        assertAccessible("REMS form with the submission form");
        click(By.id("rems-medium-FAXWRIT"));
        browser.findElement(By.id("rems-confirmation")).sendKeys(CONFIRMATION_NUMBER);
        form.findElement(By.id("record-submission")).click();
        WebElement done = chromium.waitUntil(
                "the Task shown done", d -> first(d, By.cssSelector("#rems-task-status[data-status=completed]")));
        assertThat(done.getText()).contains("Done");
        assertThat(browser.findElement(By.id("submission-recorded")).getText())
                .contains("Fax")
                .contains(CONFIRMATION_NUMBER);
        chromium.screenshot(SCREENSHOTS.resolve("rems-form-submitted.png"));

        Task task = fhir.read().resource(Task.class).withId(taskId).execute();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        String communicationId = browser.findElement(By.id("rems-view")).getAttribute("data-communication-id");
        Communication communication = fhir.read()
                .resource(Communication.class)
                .withId(communicationId)
                .execute();
        assertThat(communication.getStatus()).isEqualTo(Communication.CommunicationStatus.COMPLETED);
        assertThat(communication.getBasedOnFirstRep().getReference()).isEqualTo("Task/" + taskId);
        assertThat(communication.getAboutFirstRep().getReference()).isEqualTo(session);
        assertThat(communication.getSubject().getReference()).isEqualTo(patient);
        assertThat(((Reference) communication.getPayloadFirstRep().getContent()).getReference())
                .isEqualTo("QuestionnaireResponse/" + responseId);
        assertThat(communication.getMediumFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo(MODE);
        assertThat(communication.getMediumFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("FAXWRIT");
        assertThat(communication.getIdentifierFirstRep().getSystem()).isEqualTo(CONFIRMATION);
        assertThat(communication.getIdentifierFirstRep().getValue()).isEqualTo(CONFIRMATION_NUMBER);
        assertThat(communication.getSent()).isBefore(new java.util.Date(System.currentTimeMillis() + 60_000));
        assertThat(task.getOutput())
                .anySatisfy(o -> assertThat(((Reference) o.getValue()).getReference())
                        .endsWith("Communication/" + communicationId));

        // Done: out of the open REMS Tasks; the overdue one still there.
        browser.get(appUrl("#/rems"));
        chromium.waitUntil(
                "the open REMS Tasks",
                d -> first(d, By.cssSelector("#rems-tasks tr[data-task-id='" + overdueTaskId + "']")));
        assertThat(browser.findElements(By.cssSelector("#rems-tasks tr[data-task-id='" + taskId + "']")))
                .isEmpty();
        // Opened again, the form shows as saved and the Task done.
        browser.get(appUrl("#/rems/" + idPart(session)));
        chromium.waitUntil(
                "the saved form, the Task done",
                d -> first(
                        d,
                        By.cssSelector("#rems-view[data-prefilled=saved] #rems-task-status[data-status=completed]")));
        assertThat(browser.findElement(By.id("rems-submission")).isDisplayed()).isFalse();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String idPart(String reference) {
        return reference.substring(reference.indexOf('/') + 1);
    }

    private static Parameters populate() {
        Parameters in = new Parameters();
        in.addParameter().setName("subject").setValue(new Reference(patient));
        Parameters.ParametersParameterComponent context = in.addParameter().setName("context");
        context.addPart().setName("name").setValue(new StringType("session"));
        context.addPart().setName("content").setValue(new Reference(session));
        return fhir.operation()
                .onInstance("Questionnaire/spravato-rems-monitoring")
                .named("$populate")
                .withParameters(in)
                .execute();
    }

    private static Questionnaire questionnaire() {
        return search("Questionnaire?url=" + REMS, Questionnaire.class).get(0);
    }

    private static void collectRequired(List<Questionnaire.QuestionnaireItemComponent> items, Set<String> into) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            if (item.getRequired() && item.getType() != Questionnaire.QuestionnaireItemType.GROUP) {
                into.add(item.getLinkId());
            }
            collectRequired(item.getItem(), into);
        }
    }

    private static Questionnaire.QuestionnaireItemComponent item(
            List<Questionnaire.QuestionnaireItemComponent> items, String linkId) {
        for (Questionnaire.QuestionnaireItemComponent item : items) {
            if (item.getLinkId().equals(linkId)) {
                return item;
            }
            Questionnaire.QuestionnaireItemComponent inner = item(item.getItem(), linkId);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answerOf(
            QuestionnaireResponse response, String linkId) {
        return answerOf(response.getItem(), linkId);
    }

    private static QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answerOf(
            List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items, String linkId) {
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : items) {
            if (item.getLinkId().equals(linkId) && item.hasAnswer()) {
                return item.getAnswerFirstRep();
            }
            QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent inner = answerOf(item.getItem(), linkId);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    /** The answers in the page, as LHC-Forms gives them (a QuestionnaireResponse). */
    private static JsonNode pageAnswers() throws IOException {
        Object json = ((JavascriptExecutor) browser)
                .executeScript("return JSON.stringify(LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4',"
                        + " document.getElementById('rems-form')));");
        return JSON.readTree((String) json);
    }

    private static JsonNode pageAnswer(JsonNode response, String linkId) {
        List<JsonNode> stack = new ArrayList<>();
        response.path("item").forEach(stack::add);
        while (!stack.isEmpty()) {
            JsonNode item = stack.remove(0);
            if (linkId.equals(item.path("linkId").asText()) && item.has("answer")) {
                return item.path("answer").path(0);
            }
            item.path("item").forEach(stack::add);
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Answers one question in the LHC-Forms form as a clinician would (its input id is "linkId/1/1"). */
    private static void answer(Questionnaire.QuestionnaireItemComponent item) {
        assertThat(item).isNotNull();
        String id = item.getLinkId() + "/1/1";
        JavascriptExecutor js = (JavascriptExecutor) browser;
        switch (item.getType()) {
            case BOOLEAN -> {
                // The first treatment: yes (so the enrolment question is asked too); anything else: no.
                boolean yes = item.getLinkId().equals("firstTreatment")
                        || item.getLinkId().equals("enrolledInRems")
                        || item.getLinkId().startsWith("vitalSignsAcceptable");
                WebElement option = chromium.waitUntil("the answer of " + id, d -> first(d, By.id(id + "|" + yes)));
                js.executeScript("arguments[0].scrollIntoView({block: 'center'});", option);
                option.click();
            }
            case CHOICE -> {
                var coding = item.getAnswerOptionFirstRep().getValueCoding();
                WebElement option = chromium.waitUntil(
                        "the answer of " + id,
                        d -> first(d, By.id(id + "|" + coding.getSystem() + "|" + coding.getCode())));
                js.executeScript("arguments[0].scrollIntoView({block: 'center'});", option);
                option.click();
            }
            default -> {
                WebElement input = chromium.waitUntil("the input " + id, d -> first(d, By.id(id)));
                js.executeScript("arguments[0].scrollIntoView({block: 'center'});", input);
                input.clear();
                input.sendKeys(textFor(item));
            }
        }
    }

    private static String textFor(Questionnaire.QuestionnaireItemComponent item) {
        return switch (item.getLinkId()) {
            case "readyToLeaveMinutes" -> READY_TO_LEAVE;
            case "totalMonitoringMinutes" -> "120";
            case "hcpTelephone" -> "555-0100";
            case "hcpEmail" -> "monitoring@clinic.example";
            case "settingState" -> "OR";
            case "settingZip" -> "97201";
            case "bloodPressure40Minutes" -> "134/86 mmHg";
            case "bloodPressureBeforeCompletion" -> "124/80 mmHg";
            default ->
                item.getType() == Questionnaire.QuestionnaireItemType.INTEGER
                        ? "1"
                        : item.getType() == Questionnaire.QuestionnaireItemType.STRING
                                ? "Test " + item.getLinkId()
                                : "1";
        };
    }
}
