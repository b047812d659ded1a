package io.keelwatch.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A person in real headless Chromium: signs in, reads the dashboard's numbers for a project
 * whose Trivy report was just imported, finds a finding and opens it.
 */
@KeelwatchIntegrationTest
class DashboardInChromiumIT {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;
    @Autowired
    ScanImportService imports;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        boolean available = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!available && System.getenv("CI") == null) {
            Assumptions.abort("Browser test skipped: install Debian packages chromium and chromium-driver to run it.");
        }
        assertThat(available).as("chromium and chromedriver must be installed (CI installs them)").isTrue();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1400,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void leadSignsInSeesImportedNumbersAndOpensAFinding() throws Exception {
        ProjectRef project = world.alphaProject();
        ImportResult imported = imports.importReport(new ByteArrayInputStream(Fixtures.bytes("trivy/alpine-39.json.golden")),
                project.slug(), null, new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of()));
        assertThat(imported.findings().total()).isEqualTo(6);

        browser.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(TestWorld.LEAD);
        browser.findElement(By.id("password")).sendKeys(TestWorld.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-project='" + project.slug() + "']")));
        assertThat(row.findElement(By.cssSelector("[data-testid=project-total]")).getText()).isEqualTo("6");
        assertThat(row.findElements(By.tagName("td")).get(2).getText()).as("critical").isEqualTo("2");
        assertThat(row.findElements(By.tagName("td")).get(4).getText()).as("medium").isEqualTo("4");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("canvas[data-chart-rendered=true]")));
        screenshot("dashboard.png");

        row.findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=findings-count]"), "6 findings"));
        screenshot("findings.png");
        WebElement firstFinding = browser.findElement(By.cssSelector("[data-testid=finding-link]"));
        String findingId = firstFinding.getText();
        firstFinding.click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=finding-id]"), findingId));
        assertThat(browser.findElement(By.cssSelector("[data-testid=finding-description]")).getText()).isNotBlank();
        assertThat(browser.findElement(By.cssSelector(".severity")).getText()).isEqualTo("CRITICAL");
        screenshot("finding.png");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Kept under target/ so a person can look at what the test saw. */
    private void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots", name);
        Files.createDirectories(target.getParent());
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
