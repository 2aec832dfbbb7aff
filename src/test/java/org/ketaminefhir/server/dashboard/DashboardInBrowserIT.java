package org.ketaminefhir.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.clinical.monitoring.VitalSignLimits;
import org.ketaminefhir.server.clinical.progress.ProgressSettings;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;
import org.ketaminefhir.server.support.TestClinic;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The clinician dashboard in Debian's headless Chromium against a server of its own on PostgreSQL, started with the
 * IG's example journey as demo data ({@code ketamine.demo-data=true}), the dashboard registered as a public app of the
 * clinic, and two vital-sign thresholds changed from the defaults so that the bands are seen to come from configuration.
 * The browser signs in at the login form like a clinician; what the pages show is compared with what the server holds,
 * read through the FHIR API by the test. Screenshots of each view go to {@code target/dashboard-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardInBrowserIT extends DashboardBrowserTestBase {

    private static final String PATIENT = "patient-iv";
    private static final String SESSION = "iv-session-6";
    private static final String ESKETAMINE_SESSION = "esk-session-1";
    /** The Observation the test records to raise an alert, and the alert. */
    private static String alertObservation;

    private static String alertId;

    @BeforeAll
    static void startServerAndBrowser() throws IOException {
        startSharedServer();
        raiseAnAlert();
        startBrowser();
    }

    /** A heart rate of 104 /min at minute 45 of the last session: above the configured 100, so the server raises an alert. */
    private static void raiseAnAlert() {
        Observation heartRate = FhirServerTestBase.FHIR
                .newJsonParser()
                .parseResource(
                        Observation.class,
                        IgExamples.get("Observation", "iv-s6-hr-40min").json());
        heartRate.setId((String) null);
        heartRate.setValue(new Quantity()
                .setValue(104)
                .setUnit("beats/minute")
                .setSystem("http://unitsofmeasure.org")
                .setCode("/min"));
        heartRate
                .getExtensionByUrl("https://ketaminefhir.org/ig/StructureDefinition/session-time-point")
                .getExtensionByUrl("minutesAfterStart")
                .setValue(new IntegerType(45));
        heartRate.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-01-16T09:45:00Z"));
        alertObservation = "Observation/"
                + fhir.create().resource(heartRate).execute().getId().getIdPart();
        List<DetectedIssue> open = openAlerts();
        assertThat(open)
                .as("the server raised an alert for the heart rate")
                .anySatisfy(issue -> assertThat(issue.getImplicated())
                        .extracting(Reference::getReference)
                        .contains(alertObservation));
        alertId = open.stream()
                .filter(i -> i.getImplicated().stream()
                        .anyMatch(r -> r.getReference().equals(alertObservation)))
                .findFirst()
                .orElseThrow()
                .getIdElement()
                .getIdPart();
    }

    @Test
    @Order(1)
    void aClinicianSignsInAndSeesThePatientList() throws Exception {
        // The app's files and its config.json are public; the data is not.
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> config = http.send(
                HttpRequest.newBuilder(URI.create(loopback() + "/dashboard/config.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(200);
        JsonNode configJson = JSON.readTree(config.body());
        assertThat(configJson.path("fhirBase").asText()).isEqualTo(loopback() + "/fhir");
        assertThat(configJson
                        .path("thresholds")
                        .path("vitals")
                        .path("heartRateAbove")
                        .asInt())
                .isEqualTo(100);
        assertThat(configJson.path("scopes").path("staff").asText()).contains("sensitive/psy.read");
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(loopback() + "/fhir/Patient"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);

        browser.get(appUrl(""));
        chromium.waitUntil("the sign-in page", d -> first(d, By.id("sign-in-staff")));
        assertAccessible("sign-in page");
        click(By.id("sign-in-staff"));
        signIn(TestClinic.CLINICIAN);

        WebElement row = chromium.waitUntil(
                "patient-iv's figures in the patient list",
                d -> first(
                        d,
                        By.cssSelector("#patient-list tr[data-patient-id='" + PATIENT
                                + "'] td[data-col=alerts][data-count]")));
        assertThat(browser.getCurrentUrl()).endsWith("#/patients");
        List<String> listed = browser.findElements(By.cssSelector("#patient-list tbody tr")).stream()
                .map(tr -> tr.getAttribute("data-patient-id"))
                .toList();
        assertThat(listed).contains("patient-iv", "patient-esk", "patient-not-eligible");

        WebElement tr = browser.findElement(By.cssSelector("#patient-list tr[data-patient-id='" + PATIENT + "']"));
        assertThat(cell(tr, "phase").getAttribute("data-value")).isEqualTo("induction");
        assertThat(cell(tr, "sessions").getAttribute("data-done")).isEqualTo("6");
        assertThat(row.getAttribute("data-count"))
                .isEqualTo(String.valueOf(openAlerts().size()));
        Parameters progress = progress(PATIENT);
        ParametersParameterComponent phq9 = instrument(progress, "44261-6");
        assertThat(cell(tr, "phq9").getAttribute("data-value"))
                .isEqualTo(part(phq9, "latest").primitiveValue());
        assertThat(cell(tr, "phq9").getAttribute("data-change"))
                .isEqualTo(part(phq9, "change").primitiveValue());
        chromium.screenshot(SCREENSHOTS.resolve("patient-list.png"));
        assertAccessible("patient list");

        // Sortable: name descending reverses the order; keyboard: arrow keys move between the rows' links.
        List<String> descending = new ArrayList<>(rowIds());
        java.util.Collections.reverse(descending);
        click(By.cssSelector("#patient-list th[data-col=name] button"));
        assertThat(rowIds()).isEqualTo(descending);
        assertThat(browser.findElement(By.cssSelector("#patient-list th[data-col=name]"))
                        .getAttribute("aria-sort"))
                .isEqualTo("descending");
        WebElement firstLink = browser.findElement(By.cssSelector("#patient-list tbody tr:first-child a"));
        firstLink.sendKeys(Keys.ARROW_DOWN);
        WebElement focused = browser.switchTo().activeElement();
        assertThat(focused.findElement(By.xpath("ancestor::tr")).getAttribute("data-patient-id"))
                .isEqualTo(rowIds().get(1));
    }

    @Test
    @Order(2)
    void thePatientViewPlotsWhatTheServerHolds() throws Exception {
        browser.get(appUrl("#/patient/" + PATIENT + "/session/" + SESSION));
        WebElement chart =
                chromium.waitUntil("the scores chart", d -> first(d, By.cssSelector("#scores-chart[data-points]")));
        chromium.waitUntil("the session's vitals", d -> first(d, By.cssSelector("canvas.vitals-chart[data-vital=hr]")));

        // Scores: every plotted point is a score Observation of the patient, and every such Observation is plotted.
        Set<String> plotted = new HashSet<>();
        for (JsonNode point : JSON.readTree(chart.getAttribute("data-points"))) {
            plotted.add(point.path("instrument").asText() + " "
                    + Instant.parse(point.path("date").asText()) + " "
                    + point.path("value").asInt());
        }
        Set<String> held = new HashSet<>();
        for (Observation o : search("Observation?subject=Patient/" + PATIENT, Observation.class)) {
            if (o.getMeta().hasProfile("https://ketaminefhir.org/ig/StructureDefinition/ketamine-score")
                    && !o.hasPartOf()) {
                held.add(o.getCode().getCodingFirstRep().getCode() + " "
                        + o.getEffectiveDateTimeType().getValue().toInstant() + " "
                        + o.getValueIntegerType().getValue());
            }
        }
        assertThat(held).hasSizeGreaterThanOrEqualTo(10);
        assertThat(plotted).isEqualTo(held);
        assertThat(browser.findElements(By.cssSelector("#scores-table tbody tr")))
                .hasSize(held.size());

        // Response line at baseline × (1 − configured drop), remission line at the configured maximum, per instrument.
        ProgressSettings settings = server.context().getBean(ProgressSettings.class);
        Map<String, Double> lines = new LinkedHashMap<>();
        for (JsonNode line : JSON.readTree(chart.getAttribute("data-lines"))) {
            lines.put(
                    line.path("instrument").asText() + " " + line.path("kind").asText(),
                    line.path("y").asDouble());
        }
        int baseline = Integer.parseInt(
                part(instrument(progress(PATIENT), "44261-6"), "baseline").primitiveValue());
        assertThat(lines)
                .containsEntry(
                        "44261-6 response",
                        BigDecimal.valueOf(baseline)
                                .multiply(BigDecimal.ONE.subtract(settings.responseMinDrop()))
                                .doubleValue());
        assertThat(lines)
                .containsEntry(
                        "44261-6 remission",
                        settings.remissionMaxScore().get("44261-6").doubleValue());
        assertThat(browser.findElement(By.cssSelector("#progress [data-instrument='44261-6'][data-figure=latest]"))
                        .getAttribute("data-value"))
                .isEqualTo(
                        part(instrument(progress(PATIENT), "44261-6"), "latest").primitiveValue());

        // Vitals: per panel exactly the session's Observations of that vital; the alert's reading marked, no other.
        List<Observation> ofSession =
                search("Observation?part-of=MedicationAdministration/" + SESSION, Observation.class);
        Map<String, String> codes = Map.of("bp", "85354-9", "hr", "8867-4", "spo2", "59408-5", "rr", "9279-1");
        for (var vital : codes.entrySet()) {
            JsonNode points = JSON.readTree(
                    browser.findElement(By.cssSelector("canvas.vitals-chart[data-vital=" + vital.getKey() + "]"))
                            .getAttribute("data-points"));
            Map<String, Double> onPage = new LinkedHashMap<>();
            for (JsonNode p : points) {
                onPage.put(p.path("observation").asText(), p.path("value").asDouble());
                assertThat(p.path("alert").asBoolean())
                        .as("alert mark of " + p.path("observation").asText())
                        .isEqualTo(p.path("observation").asText().equals(alertObservation));
            }
            Map<String, Double> expected = new LinkedHashMap<>();
            for (Observation o : ofSession) {
                if (isVital(o, vital.getValue())) {
                    expected.put(
                            "Observation/" + o.getIdElement().getIdPart(),
                            vital.getKey().equals("bp")
                                    ? o.getComponentFirstRep()
                                            .getValueQuantity()
                                            .getValue()
                                            .doubleValue()
                                    : o.getValueQuantity().getValue().doubleValue());
                }
            }
            assertThat(expected).as(vital.getKey() + " readings on the server").isNotEmpty();
            assertThat(onPage).as(vital.getKey() + " points").isEqualTo(expected);
        }
        assertThat(browser.findElement(By.cssSelector(
                                ".vitals-table[data-vital=hr] tr[data-observation='" + alertObservation + "']"))
                        .getAttribute("data-alert"))
                .isEqualTo("true");

        // Bands: the server's configured thresholds (two of them changed from the defaults for this server).
        VitalSignLimits limits = server.context().getBean(VitalSignLimits.class);
        PreDoseBloodPressure predose = server.context().getBean(PreDoseBloodPressure.class);
        assertThat(bands("hr"))
                .isEqualTo(List.of(band("value", null, limits.heartRateBelow()), band("value", 100, null)));
        assertThat(bands("spo2")).isEqualTo(List.of(band("value", null, 93)));
        assertThat(bands("rr"))
                .isEqualTo(List.of(
                        band("value", null, limits.respiratoryRateBelow()),
                        band("value", limits.respiratoryRateAbove(), null)));
        assertThat(bands("bp"))
                .isEqualTo(List.of(
                        band("systolic", limits.sessionSystolicAtLeast(), null),
                        band("diastolic", limits.sessionDiastolicAtLeast(), null),
                        Map.of("kind", "line", "axis", "systolic", "at", predose.systolicAbove()),
                        Map.of("kind", "line", "axis", "diastolic", "at", predose.diastolicAbove())));

        // The timeline: screening with its outcome, the plan, the six sessions in order.
        List<WebElement> items = browser.findElements(By.cssSelector("#timeline > li"));
        assertThat(items.get(0).getAttribute("data-kind")).isEqualTo("screening");
        assertThat(browser.findElements(By.cssSelector("#timeline > li[data-kind=session]")).stream()
                        .map(li -> li.getAttribute("data-session-id"))
                        .toList())
                .containsExactly(
                        "iv-session-1", "iv-session-2", "iv-session-3", "iv-session-4", "iv-session-5", "iv-session-6");
        assertThat(browser.findElement(By.cssSelector(
                                "#timeline > li[data-session-id='iv-session-3'] [data-field=side-effects]"))
                        .getText())
                .contains("Nausea");
        chromium.screenshot(SCREENSHOTS.resolve("patient-view.png"));
        assertAccessible("patient view");
        scrollTo(By.id("session-vitals"));
        chromium.screenshot(SCREENSHOTS.resolve("session-vitals.png"));
    }

    @Test
    @Order(3)
    void acknowledgingAnAlertChangesItOnTheServer() throws Exception {
        browser.get(appUrl("#/patient/" + PATIENT));
        WebElement item = chromium.waitUntil(
                "the open alert", d -> first(d, By.cssSelector("#alerts li[data-issue-id='" + alertId + "']")));
        assertThat(fhir.read()
                        .resource(DetectedIssue.class)
                        .withId(alertId)
                        .execute()
                        .getStatus())
                .isEqualTo(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
        item.findElement(By.cssSelector("button[data-action=acknowledge]")).click();
        chromium.waitUntil(
                "the acknowledgement",
                d -> d.findElements(By.cssSelector("#alerts li[data-issue-id='" + alertId + "']"))
                                        .isEmpty()
                                && !d.findElement(By.cssSelector("[data-testid=notice]"))
                                        .getText()
                                        .isBlank()
                        ? true
                        : null);
        assertThat(browser.findElement(By.cssSelector("[data-testid=error]")).isDisplayed())
                .isFalse();

        DetectedIssue stored =
                fhir.read().resource(DetectedIssue.class).withId(alertId).execute();
        assertThat(stored.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.FINAL);
        assertThat(stored.getAuthor().getReference()).isEqualTo("Practitioner/test-clinician");
        assertThat(stored.getDetail()).as("everything else as raised").startsWith("VITALS-");
        // Audited by the server: an update of this alert by the clinician.
        Bundle audit = fhir.search()
                .byUrl("AuditEvent?agent=Practitioner/test-clinician&_count=200")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(audit.getEntry()).as("the clinician's audit trail").anySatisfy(e -> {
            var event = (org.hl7.fhir.r4.model.AuditEvent) e.getResource();
            assertThat(event.getAction()).isEqualTo(org.hl7.fhir.r4.model.AuditEvent.AuditEventAction.U);
            assertThat(event.getEntity())
                    .anySatisfy(entity ->
                            assertThat(entity.getWhat().getReference()).startsWith("DetectedIssue/" + alertId));
        });
    }

    @Test
    @Order(5)
    void onATabletTheViewsFitTheScreen() throws Exception {
        browser.manage().window().setSize(new Dimension(820, 1180));
        try {
            for (String route : List.of("#/patients", "#/patient/" + PATIENT + "/session/" + SESSION)) {
                browser.get(appUrl(route));
                chromium.waitUntil(
                        "the view",
                        d -> first(
                                d,
                                By.cssSelector("#patient-list td[data-col=alerts][data-count], canvas.vitals-chart")));
                long overflow = (Long) ((JavascriptExecutor) browser)
                        .executeScript(
                                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(overflow).as("horizontal overflow of " + route).isLessThanOrEqualTo(0);
                assertAccessible("tablet view " + route);
            }
            chromium.screenshot(SCREENSHOTS.resolve("tablet-patient-view.png"));
        } finally {
            browser.manage().window().setSize(new Dimension(1366, 1000));
        }
    }

    @Test
    @Order(6)
    void anEhrLaunchOpensThePatientInContext() throws Exception {
        String token = AuthorizationCodeFlow.login(
                        server.origin(), TestClinic.CLINICIAN, "openid fhirUser user/Patient.rs", Map.of())
                .json()
                .path("access_token")
                .asText();
        HttpResponse<String> launch = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.origin() + "/smart/launch?patient=patient-esk"))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(launch.statusCode()).as(launch.body()).isEqualTo(200);
        String launchId = JSON.readTree(launch.body()).path("launch").asText();

        browser.get(appUrl(
                "?launch=" + launchId + "&iss=" + URLEncoder.encode(loopback() + "/fhir", StandardCharsets.UTF_8)));
        // The authorization server asks the user to sign in unless the browser still has a login session there.
        WebElement page = chromium.waitUntil(
                "the patient in the launch context, or the login form",
                d -> first(d, By.cssSelector("#patient-view[data-patient-id], input[name=username]")));
        if ("username".equals(page.getAttribute("name"))) {
            signIn(TestClinic.CLINICIAN);
        }
        WebElement view = chromium.waitUntil(
                "the patient in the launch context", d -> first(d, By.cssSelector("#patient-view[data-patient-id]")));
        assertThat(view.getAttribute("data-patient-id")).isEqualTo("patient-esk");
        chromium.waitUntil(
                "the esketamine patient's timeline",
                d -> first(d, By.cssSelector("#timeline li[data-session-id='" + ESKETAMINE_SESSION + "']")));
    }

    @Test
    @Order(7)
    void aPatientTokenForAnotherPatientCannotShowThisOne() throws Exception {
        Patient own = new Patient();
        own.setId(TestClinic.PATIENT_USER_PATIENT);
        own.addName().setFamily("Otherperson").addGiven("Pat");
        fhir.update().resource(own).execute();

        signOut();
        browser.manage().deleteAllCookies(); // the authorization server's login session too
        browser.get(appUrl("#/patient/" + PATIENT));
        click(By.id("sign-in-patient"));
        signIn(TestClinic.PATIENT_USER);

        WebElement view = chromium.waitUntil(
                "the patient's own record", d -> first(d, By.cssSelector("#patient-view[data-patient-id]")));
        assertThat(view.getAttribute("data-patient-id")).isEqualTo(TestClinic.PATIENT_USER_PATIENT);
        assertThat(browser.findElements(By.id("patient-list"))).isEmpty();

        // Asking the server for patient-iv with this token is refused; the page shows no part of that record.
        browser.get(appUrl("#/rems/" + ESKETAMINE_SESSION));
        WebElement error = chromium.waitUntil("the refusal", d -> {
            WebElement box = d.findElement(By.cssSelector("[data-testid=error]"));
            return box.isDisplayed() && !box.getText().isBlank() ? box : null;
        });
        assertThat(error.getText()).containsAnyOf("HTTP 403", "HTTP 404");
        assertThat(browser.findElements(By.cssSelector("#rems-view lhc-item, #rems-form[data-ready]")))
                .isEmpty();
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const state = JSON.parse(sessionStorage.getItem(JSON.parse(sessionStorage.getItem('SMART_KEY'))));
				fetch(state.serverUrl + '/Patient/patient-iv', {headers: {Authorization: 'Bearer ' + state.tokenResponse.access_token}})
				  .then(r => done(r.status), e => done(String(e)));""");
        assertThat(((Number) status).intValue()).isIn(403, 404);
        assertThat(browser.getPageSource()).doesNotContain("Observation/iv-");
        chromium.screenshot(SCREENSHOTS.resolve("patient-own-record.png"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static WebElement cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-col=" + column + "]"));
    }

    private static List<String> rowIds() {
        return browser.findElements(By.cssSelector("#patient-list tbody tr")).stream()
                .map(tr -> tr.getAttribute("data-patient-id"))
                .toList();
    }

    private static void scrollTo(By locator) {
        ((JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView({block: 'start'});", browser.findElement(locator));
    }

    private static List<Object> bands(String vital) throws IOException {
        String json = browser.findElement(By.cssSelector("canvas.vitals-chart[data-vital=" + vital + "]"))
                .getAttribute("data-bands");
        return JSON.readValue(json, JSON.getTypeFactory().constructCollectionType(List.class, Object.class));
    }

    private static Map<String, Object> band(String axis, Integer from, Integer to) {
        Map<String, Object> band = new LinkedHashMap<>();
        band.put("kind", "band");
        band.put("axis", axis);
        band.put("from", from);
        band.put("to", to);
        return band;
    }

    private static boolean isVital(Observation o, String loinc) {
        return o.getCode().getCoding().stream()
                .anyMatch(c -> "http://loinc.org".equals(c.getSystem())
                        && (c.getCode().equals(loinc)
                                || (loinc.equals("59408-5") && c.getCode().equals("2708-6"))));
    }

    private static List<DetectedIssue> openAlerts() {
        return search("DetectedIssue?patient=Patient/" + PATIENT + "&status=preliminary", DetectedIssue.class);
    }

    private static Parameters progress(String patient) {
        return fhir.operation()
                .onInstance("Patient/" + patient)
                .named("$ketamine-progress")
                .withNoParameters(Parameters.class)
                .useHttpGet()
                .execute();
    }

    private static ParametersParameterComponent instrument(Parameters progress, String code) {
        return progress.getParameter().stream()
                .filter(p -> p.getName().equals("instrument"))
                .filter(p -> p.getPart().stream()
                        .anyMatch(x -> x.getName().equals("code")
                                && code.equals(((org.hl7.fhir.r4.model.Coding) x.getValue()).getCode())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no instrument " + code + " in $ketamine-progress"));
    }

    private static org.hl7.fhir.r4.model.Type part(ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no part " + name))
                .getValue();
    }
}
