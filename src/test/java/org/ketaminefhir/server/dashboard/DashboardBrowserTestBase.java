package org.ketaminefhir.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.ketaminefhir.server.support.HeadlessChromium;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.TestDatabases;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * What the dashboard's browser tests share: one server on PostgreSQL of their own, started by the first of them and
 * kept for the others (stopped when the JVM ends), with the IG's example journey as demo data
 * ({@code ketamine.demo-data=true}), the dashboard registered as a public app of the clinic, two vital-sign thresholds
 * changed from the defaults so that the bands are seen to come from configuration, and a patient user for a patient of
 * the tests' own ({@link #QUESTIONNAIRE_PATIENT}); each test class has its own headless Chromium. And the helpers:
 * sign in at the login form, wait for an element (failing at once on an error the app shows), the axe check.
 */
abstract class DashboardBrowserTestBase {

    protected static final Path SCREENSHOTS = Path.of("target/dashboard-screenshots");
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Path AXE = Path.of("src/main/webapp/node_modules/axe-core/axe.min.js");

    /** A patient user of the shared server, signed in as the record {@code Patient/}{@value #QUESTIONNAIRE_PATIENT}. */
    protected static final String QUESTIONNAIRE_PATIENT_USER = "questionnaire-patient";

    protected static final String QUESTIONNAIRE_PATIENT = "ui-questionnaire-patient";

    private static StandaloneServer shared;

    protected static StandaloneServer server;
    protected static IGenericClient fhir;
    protected static HeadlessChromium chromium;
    protected static WebDriver browser;

    /** Starts the shared server if no test class has yet, and the clinician's Practitioner on it. */
    protected static synchronized void startSharedServer() {
        HeadlessChromium.requireInstalled();
        if (shared == null) {
            Map<String, String> settings = new LinkedHashMap<>();
            TestDatabases.TestDatabase db = TestDatabases.create();
            settings.put("spring.datasource.url", db.url());
            settings.put("spring.datasource.username", db.user());
            settings.put("spring.datasource.password", db.password());
            settings.put("ketamine.demo-data", "true");
            // Not the defaults (110 and 92): the bands on the page must follow the server's configuration.
            settings.put("ketamine.rules.vitals.heart-rate-above", "100");
            settings.put("ketamine.rules.vitals.oxygen-saturation-below", "93");
            String app = "ketamine.security.authorization-server.clients[4]";
            settings.put(app + ".client-id", "ketamine-dashboard");
            settings.put(app + ".name", "Ketamine clinician dashboard");
            settings.put(app + ".type", "public");
            settings.put(app + ".redirect-uris[0]", "http://127.0.0.1/dashboard/");
            List<String> scopes = List.of(
                    "openid",
                    "fhirUser",
                    "launch",
                    "launch/patient",
                    "offline_access",
                    "user/*.rs",
                    "user/DetectedIssue.rus",
                    "user/QuestionnaireResponse.crs",
                    "user/Communication.crs",
                    "patient/*.rs",
                    "patient/QuestionnaireResponse.c",
                    "sensitive/psy.read");
            for (int i = 0; i < scopes.size(); i++) {
                settings.put(app + ".scopes[" + i + "]", scopes.get(i));
            }
            String user = "ketamine.security.authorization-server.users[3]";
            settings.put(user + ".username", QUESTIONNAIRE_PATIENT_USER);
            settings.put(user + ".password", TestClinic.PASSWORD);
            settings.put(user + ".fhir-user", "Patient/" + QUESTIONNAIRE_PATIENT);
            settings.put(user + ".roles[0]", "patient");
            List<String> allowed = List.of(
                    "openid", "fhirUser", "launch/patient", "offline_access", "patient/*.cruds", "sensitive/psy.read");
            for (int i = 0; i < allowed.size(); i++) {
                settings.put(user + ".allowed-scopes[" + i + "]", allowed.get(i));
            }
            shared = StandaloneServer.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        server = shared;
        fhir = server.client();
        // The clinician's fhirUser is a Practitioner the clinic has on record (the author of an acknowledged alert).
        org.hl7.fhir.r4.model.Practitioner clinician = new org.hl7.fhir.r4.model.Practitioner();
        clinician.setId("test-clinician");
        clinician.addName().setFamily("Clinician").addGiven("Test");
        fhir.update().resource(clinician).execute();
    }

    protected static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1366, 1000);
        browser = chromium.driver();
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    /**
     * Runs axe-core (pinned in the dashboard's package-lock.json) in the page for the WCAG 2.1 A and AA rules, colour
     * contrast among them, and fails with each violation and where it is.
     */
    protected static void assertAccessible(String view) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(Files.readString(AXE));
        Object result = js.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
				  .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help,
				     nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})))),
				        e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])));""");
        JsonNode violations = JSON.readTree((String) result);
        assertThat(violations.size())
                .as("WCAG 2.1 AA violations in the " + view + ":\n" + violations.toPrettyString())
                .isZero();
    }

    /** The app at the loopback address its registered redirect URI names (any port on 127.0.0.1). */
    protected static String appUrl(String suffix) {
        return loopback() + "/dashboard/" + suffix;
    }

    protected static String loopback() {
        return "http://127.0.0.1:" + server.port();
    }

    protected static void signIn(String username) {
        WebElement name = chromium.waitUntil("the login form", d -> first(d, By.name("username")));
        name.sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(TestClinic.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit], input[type=submit]"))
                .click();
    }

    protected static void signOut() {
        click(By.id("sign-out"));
        chromium.waitUntil("the sign-in page", d -> first(d, By.id("sign-in-patient")));
    }

    protected static void click(By locator) {
        chromium.waitUntil(locator.toString(), d -> first(d, locator)).click();
    }

    protected static WebElement first(WebDriver driver, By locator) {
        List<WebElement> errors = driver.findElements(By.cssSelector("[data-testid=error]"));
        if (!errors.isEmpty()
                && errors.get(0).isDisplayed()
                && !errors.get(0).getText().isBlank()) {
            throw new AssertionError(
                    "The dashboard shows an error: " + errors.get(0).getText() + chromium.diagnostics());
        }
        List<WebElement> found = driver.findElements(locator);
        return found.isEmpty() ? null : found.get(0);
    }

    protected static <T extends IBaseResource> List<T> search(String query, Class<T> type) {
        List<T> out = new ArrayList<>();
        Bundle page = fhir.search()
                .byUrl(query + (query.contains("?") ? "&" : "?") + "_count=200")
                .returnBundle(Bundle.class)
                .execute();
        while (page != null) {
            page.getEntry().forEach(e -> out.add(type.cast(e.getResource())));
            page = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : fhir.loadPage().next(page).execute();
        }
        return out;
    }
}
