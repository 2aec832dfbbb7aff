package org.ketaminefhir.server.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its ChromeDriver at explicit paths (Selenium Manager must not look for, or
 * download, anything), with a throw-away profile. {@link #waitUntil} fails with what the browser saw.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final WebDriver driver;
    private final Path profile;

    private HeadlessChromium(int width, int height) throws IOException {
        profile = Files.createTempDirectory("ketamine-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--lang=en-GB",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** Fails at once, saying what to run, when Chromium or its driver is not installed. */
    public static void requireInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("This test needs Debian's Chromium and its ChromeDriver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "), which are not installed. Run the tests with scripts/test, which installs them "
                    + "(apt-get install -y chromium chromium-driver fonts-liberation).");
        }
    }

    public static HeadlessChromium start(int width, int height) throws IOException {
        requireInstalled();
        return new HeadlessChromium(width, height);
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Waits up to 30 s for the condition to give a non-null value; elements going stale while pages change are looked
     * up again. A timeout fails with the page, its address and the browser console.
     */
    public <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(30))
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition::apply);
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + what + diagnostics(), e);
        }
    }

    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    public String diagnostics() {
        StringBuilder out = new StringBuilder("\nat: ")
                .append(driver.getCurrentUrl())
                .append("\npage:\n")
                .append(driver.getPageSource());
        try {
            out.append("\nbrowser console:");
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                out.append("\n  ").append(entry.getLevel()).append(' ').append(entry.getMessage());
            }
        } catch (RuntimeException e) {
            out.append(" (not available: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
