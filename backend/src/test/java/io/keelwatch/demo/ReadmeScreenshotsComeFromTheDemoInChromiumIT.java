package io.keelwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ScanSummary;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.testsupport.BrowserTest;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The README's screenshots are what an evaluation shows: the demo lead signs in on the demo data at
 * 1440 px and sees the dashboard, the open findings, the exceptions in every state and the history
 * of an image scanned twice, with what each scan fixed and reopened. The screenshots land in
 * {@code backend/target/screenshots/readme/}; {@code docs/screenshots/} holds copies of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "keelwatch.demo.enabled=true")
class ReadmeScreenshotsComeFromTheDemoInChromiumIT extends BrowserTest {

    @Autowired
    AccessService access;
    @Autowired
    FindingService findings;

    @Test
    void theDemoLeadSeesDashboardFindingsExceptionsAndAnImageHistoryWithFixedAndReopenedFindings() throws Exception {
        browser.manage().window().setSize(new Dimension(1440, 1000));
        browser.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys("lead");
        browser.findElement(By.id("password")).sendKeys("lead");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("canvas[data-chart-rendered=true]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=exposure-table] [data-testid=project-total]"))).isNotEmpty();
        chromium.screenshot("readme/dashboard.png");

        browser.findElement(By.linkText("Findings")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=finding-link]")));
        chromium.screenshot("readme/findings.png");

        browser.get(url("/exceptions"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=exception-list]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=exception-state]")))
                .extracting(WebElement::getText)
                .contains("proposed", "approved", "rejected", "expired");
        chromium.screenshot("readme/exceptions.png");

        browser.get(url("/images/" + reopeningImage() + "?project=payments-api"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("canvas[data-chart-rendered=true]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=scan-link]"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("[data-testid=scan-fixed]"))).extracting(WebElement::getText).contains("4");
        assertThat(browser.findElements(By.cssSelector("[data-testid=scan-reopened]"))).extracting(WebElement::getText).contains("1");
        chromium.screenshot("readme/image-history.png");
    }

    /** The payments-api image whose second scan reopened a finding. */
    private long reopeningImage() {
        Viewer lead = new Viewer(access.user("lead").orElseThrow().id(), "lead", Role.SECURITY_LEAD, Set.of());
        return findings.scans("payments-api", new PageRequest(0, 50), lead).items().stream()
                .filter(s -> s.reopened() > 0)
                .map(ScanSummary::imageId)
                .findFirst()
                .orElseThrow();
    }
}
