package io.keelwatch.findings.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A developer in real Chromium changes a finding's status and assignee with a comment; htmx posts
 * the form with the CSRF header and swaps in the panel, whose history shows the change.
 */
@KeelwatchIntegrationTest
class TriageInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    ScanImportService imports;
    @Autowired
    FindingService findings;

    @Test
    void developerChangesStatusInTheBrowserAndSeesTheHistoryEntry() throws Exception {
        ProjectRef project = world.alphaProject();
        imports.importReport(new ByteArrayInputStream(Fixtures.bytes("trivy/debian-buster.json.golden")), project.slug(), null,
                new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of()));
        long findingId = findings.findings(new FindingFilter(project.slug(), null, null, null, null, null, null, null),
                new io.keelwatch.platform.PageRequest(0, 10), new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of()))
                .items().get(0).id();

        signInOn("/findings/" + findingId, TestWorld.ALICE);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=triage-form]")));
        String pageUrl = browser.getCurrentUrl();
        assertThat(browser.findElement(By.cssSelector("[data-testid=finding-history]")).getText()).contains("No changes yet");

        new Select(browser.findElement(By.id("triage-status"))).selectByValue("in_progress");
        new Select(browser.findElement(By.id("triage-assignee"))).selectByValue(TestWorld.ALICE);
        browser.findElement(By.id("triage-comment")).sendKeys("Base image upgrade scheduled");
        WebElement save = browser.findElement(By.cssSelector("[data-testid=triage-save]"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", save);
        save.click();

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=history-entry]"), 2));
        String history = browser.findElement(By.cssSelector("[data-testid=finding-history]")).getText();
        assertThat(history).contains("alice set the status from open to in progress and assigned it to alice")
                .contains("alice commented").contains("Base image upgrade scheduled")
                .as("history reads as sentences, not the audit log's maps").doesNotContain("{").doesNotContain("finding.");
        assertThat(browser.findElement(By.cssSelector("[data-testid=finding-status]")).getText()).isEqualTo("in progress");
        assertThat(browser.findElement(By.cssSelector("[data-testid=finding-assignee]")).getText()).isEqualTo(TestWorld.ALICE);
        assertThat(browser.getCurrentUrl()).as("htmx swapped the panel; no page load").isEqualTo(pageUrl);
        chromium.screenshot("finding-triage.png");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=history-entry]"), 2));

        // a refused change (answered 400) shows its reason in the panel, as htmx swaps it in
        chromium.expectFailedRequest(url("/findings/" + findingId + "/triage"), 400);
        ((JavascriptExecutor) browser).executeScript(
                "document.getElementById('triage-comment').value = 'x'.repeat(4001)");
        WebElement again = browser.findElement(By.cssSelector("[data-testid=triage-save]"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", again);
        again.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=triage-error]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=triage-error]")).getText()).contains("at most 4000 characters");
        assertThat(browser.findElements(By.cssSelector("[data-testid=history-entry]"))).hasSize(2);
    }

}
