package io.keelwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system Chromium driven by the system chromedriver (no downloads, no outside connections).
 * Skips the test when they are missing, except in CI, where that fails it. Keeps what the pages
 * wrote to the browser console, so a test can be failed for a script error or a blocked inline
 * script or style (Chromium reports a Content Security Policy violation as a console error).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private final WebDriver browser;
    private final WebDriverWait wait;
    private final List<String> consoleErrors = new ArrayList<>();
    private final List<String> expectedFailures = new ArrayList<>();

    private HeadlessChromium() {
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1400,1000");
        options.setCapability("goog:loggingPrefs", logging);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    public static HeadlessChromium start() {
        boolean available = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!available && System.getenv("CI") == null) {
            Assumptions.abort("Browser test skipped: install Debian packages chromium and chromium-driver to run it.");
        }
        assertThat(available).as("chromium and chromedriver must be installed (CI installs them)").isTrue();
        return new HeadlessChromium();
    }

    public WebDriver browser() {
        return browser;
    }

    public WebDriverWait waiting() {
        return wait;
    }

    /** Kept under target/screenshots so a person can look at what the test saw. */
    public void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots", name);
        Files.createDirectories(target.getParent());
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A request the test provokes a refusal of: Chromium logs every answer of 400 or more as a
     * console error ("Failed to load resource"), which for this URL and status is then not one.
     */
    public void expectFailedRequest(String url, int status) {
        expectedFailures.add(url + " - Failed to load resource: the server responded with a status of " + status + " ");
    }

    /**
     * The console errors and Content Security Policy violations of every page this browser showed
     * so far (chromedriver hands each console entry out once; this keeps them), but the failed
     * requests the test said it provokes.
     */
    public List<String> consoleErrors() {
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            boolean error = entry.getLevel().intValue() >= Level.SEVERE.intValue() || message.contains("Content Security Policy");
            if (error && expectedFailures.stream().noneMatch(message::startsWith)) {
                consoleErrors.add(entry.getLevel() + " " + message);
            }
        }
        return List.copyOf(consoleErrors);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
