package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.HeadlessChromium;
import org.ketaminefhir.server.support.TestClinic;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A real SMART client completes a standalone launch against the running server: the {@code fhirclient} npm library
 * (pinned in {@code src/test/smart-app}) in headless Debian Chromium, driven by Selenium. The app's two pages are
 * served from another origin ({@code http://127.0.0.1:<port>}, the registered loopback redirect URI of
 * {@code test-app}); the browser signs in as the patient user at the login form, the app gets its code and token
 * (PKCE, public client, CORS), reads the patient in context, searches their Observations, and uses its refresh token.
 */
class SmartAppInBrowserIT extends FhirServerTestBase {

    private static final Path APP = Path.of("src/test/smart-app");
    private static final Path FHIR_CLIENT_BUNDLE = APP.resolve("node_modules/fhirclient/build/fhir-client.js");

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer appServer;
    private HeadlessChromium chromium;
    private WebDriver browser;

    @AfterEach
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (appServer != null) {
            appServer.stop(0);
        }
    }

    /** Before the server starts: without the browser or the app this test fails at once and says what to run. */
    @BeforeAll
    static void requireBrowserAndApp() {
        HeadlessChromium.requireInstalled();
        if (!Files.isRegularFile(FHIR_CLIENT_BUNDLE)) {
            fail("The test SMART app's fhirclient is not installed (" + FHIR_CLIENT_BUNDLE + " is missing). Run the "
                    + "tests with scripts/test, which installs it (npm ci in src/test/smart-app).");
        }
    }

    @Test
    void fhirclientCompletesAStandaloneLaunchInChromium() throws Exception {
        String patientId = TestClinic.PATIENT_USER_PATIENT;
        List<String> created = createPatientWithObservations(patientId, "Launchwell", 3);
        String otherPatient = "smart-browser-other-" + System.nanoTime();
        List<String> otherObservations = createPatientWithObservations(otherPatient, "Elsewhere", 2);
        // The test database is shared by all test classes: the patient's Observations are whatever the server holds.
        List<String> expected = observationIdsOf(patientId);
        assertThat(expected).containsAll(created);

        startAppServer();
        startBrowser();

        String launch = appOrigin() + "/launch.html?iss=" + URLEncoder.encode(fhirBase(), StandardCharsets.UTF_8);
        browser.get(launch);

        WebElement username = waitFor("the login form of the authorization server", By.name("username"));
        assertThat(browser.getCurrentUrl()).startsWith(origin() + "/login");
        username.sendKeys(TestClinic.PATIENT_USER);
        browser.findElement(By.name("password")).sendKeys(TestClinic.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit], input[type=submit]"))
                .click();

        WebElement resultElement = waitFor("the app's result on the callback page", By.id("result"));
        assertThat(browser.getCurrentUrl()).startsWith(appOrigin() + "/callback");
        JsonNode result = JSON.readTree(text(resultElement));

        assertThat(result.path("patientId").asText()).isEqualTo(patientId);
        assertThat(result.path("contextPatient").asText()).isEqualTo(patientId);
        assertThat(result.path("tokenPatient").asText()).isEqualTo(patientId);
        assertThat(result.path("family").asText()).isEqualTo("Launchwell");
        assertThat(result.path("fhirUser").asText()).endsWith("Patient/" + patientId);
        assertThat(result.path("idTokenIssued").asBoolean())
                .as("id_token issued")
                .isTrue();

        List<String> grantedScopes = Arrays.asList(result.path("scope").asText().split(" "));
        assertThat(grantedScopes).contains("patient/*.rs", "launch/patient", "openid", "fhirUser", "offline_access");

        List<String> seen = new ArrayList<>();
        result.path("observationIds").forEach(id -> seen.add(id.asText()));
        assertThat(result.path("observationCount").asInt()).isEqualTo(expected.size());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected).doesNotContainAnyElementsOf(otherObservations);
        result.path("observationSubjects")
                .forEach(subject -> assertThat(subject.asText()).isEqualTo("Patient/" + patientId));

        assertThat(result.path("refreshTokenIssued").asBoolean())
                .as("refresh token in the token response")
                .isTrue();
        assertThat(result.path("refreshed").asBoolean())
                .as("a new access token from the refresh token")
                .isTrue();
        assertThat(Arrays.asList(result.path("scopeAfterRefresh").asText().split(" ")))
                .contains("patient/*.rs");
        assertThat(result.path("patientIdAfterRefresh").asText()).isEqualTo(patientId);

        // fhirclient keeps its state in sessionStorage: the (rotated) refresh token is there for the next refresh.
        String state = (String) ((JavascriptExecutor) browser)
                .executeScript("return sessionStorage.getItem(JSON.parse(sessionStorage.getItem('SMART_KEY')));");
        JsonNode tokenResponse = JSON.readTree(state).path("tokenResponse");
        assertThat(tokenResponse.path("refresh_token").asText()).isNotBlank();
        assertThat(tokenResponse.path("patient").asText()).isEqualTo(patientId);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private List<String> createPatientWithObservations(String patientId, String family, int count) {
        Patient patient = new Patient();
        patient.setId(patientId);
        patient.addName().setFamily(family).addGiven("Sam");
        patient.setGender(AdministrativeGender.OTHER);
        patient.setBirthDateElement(new DateType("1985-04-12"));
        client().update().resource(patient).execute();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Observation heartRate = new Observation();
            heartRate.setStatus(Observation.ObservationStatus.FINAL);
            heartRate.addCategory(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
            heartRate.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
            heartRate.setSubject(new Reference("Patient/" + patientId));
            heartRate.setEffective(new DateTimeType("2026-01-0" + (i + 5) + "T09:00:00Z"));
            heartRate.setValue(new Quantity()
                    .setValue(68 + i)
                    .setUnit("beats/minute")
                    .setSystem("http://unitsofmeasure.org")
                    .setCode("/min"));
            IdType id = (IdType) client().create().resource(heartRate).execute().getId();
            ids.add(id.getIdPart());
        }
        return ids;
    }

    private List<String> observationIdsOf(String patientId) {
        List<String> ids = new ArrayList<>();
        Bundle page = client().search()
                .forResource(Observation.class)
                .where(Observation.PATIENT.hasId("Patient/" + patientId))
                .count(200)
                .returnBundle(Bundle.class)
                .execute();
        while (page != null) {
            page.getEntry()
                    .forEach(entry -> ids.add(entry.getResource().getIdElement().getIdPart()));
            page = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : client().loadPage().next(page).execute();
        }
        return ids;
    }

    /** Serves the app's pages and fhirclient's browser bundle on 127.0.0.1 (another origin than the server's). */
    private void startAppServer() throws IOException {
        Map<String, Path> files = Map.of(
                "/launch.html", APP.resolve("launch.html"),
                "/callback", APP.resolve("callback.html"),
                "/fhir-client.js", FHIR_CLIENT_BUNDLE);
        appServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        appServer.createContext("/", exchange -> {
            try (exchange) {
                Path file = files.get(exchange.getRequestURI().getPath());
                if (file == null) {
                    respond(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                } else {
                    String type = file.toString().endsWith(".js") ? "text/javascript" : "text/html";
                    respond(exchange, 200, type + "; charset=utf-8", Files.readAllBytes(file));
                }
            }
        });
        appServer.start();
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String appOrigin() {
        return "http://127.0.0.1:" + appServer.getAddress().getPort();
    }

    private void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1280, 900);
        browser = chromium.driver();
    }

    /** Waits for an element; an error shown by the app, or a timeout, fails with what the browser saw. */
    private WebElement waitFor(String what, By locator) {
        // Elements go stale while the browser moves between the app and the authorization server: looked up again.
        return chromium.waitUntil(what, driver -> {
            List<WebElement> errors = driver.findElements(By.id("error"));
            if (!errors.isEmpty() && !text(errors.get(0)).isBlank()) {
                throw new AssertionError("The SMART app reported an error at " + driver.getCurrentUrl() + ":\n"
                        + text(errors.get(0)) + chromium.diagnostics());
            }
            List<WebElement> found = driver.findElements(locator);
            return found.isEmpty()
                            || (locator instanceof By.ById && text(found.get(0)).isBlank())
                    ? null
                    : found.get(0);
        });
    }

    private static String text(WebElement element) {
        String text = element.getAttribute("textContent");
        return text == null ? "" : text;
    }
}
