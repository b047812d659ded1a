package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.findings.TrivyReportGenerator;
import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A developer uploads a large report in real Chromium: the page follows the upload's progress,
 * then shows what the import found without a page load; a refused file shows its reason. A cluster's
 * reports are filed under the cluster picked on the page.
 */
@KeelwatchIntegrationTest
class UploadShowsProgressInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    MockMvc mvc;
    @TempDir
    Path dir;

    @Test
    void theUploadReportsProgressThenTheImportsResult() throws Exception {
        ProjectRef project = world.alphaProject();
        Path report = Files.write(dir.resolve("trivy.json"), TrivyReportGenerator.report(3_000, 601, "2026-11-20T10:00:00Z"));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"SchemaVersion\": 2, \"Results\": [");
        signInAsAlice();
        String pageUrl = browser.getCurrentUrl();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.kwProgress = [];"
                + "document.querySelector('form[data-upload-form]').addEventListener('htmx:xhr:progress',"
                + " function (e) { window.kwProgress.push(document.querySelector('[data-testid=upload-status]').textContent); });");

        new Select(browser.findElement(By.id("project"))).selectByValue(project.slug());
        browser.findElement(By.id("file")).sendKeys(report.toString());
        browser.findElement(By.cssSelector("[data-testid=upload-submit]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=upload-result]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=upload-result]")).getText())
                .contains("Imported.").contains("3000 findings: 3000 new");
        assertThat(js.executeScript("return window.kwProgress.join('|')").toString())
                .as("the status followed the upload").contains("importing the report");
        assertThat(browser.getCurrentUrl()).as("no page load").isEqualTo(pageUrl);

        chromium.expectFailedRequest(url("/scans/upload"), 400);
        browser.findElement(By.id("file")).sendKeys(broken.toString());
        browser.findElement(By.cssSelector("[data-testid=upload-submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=upload-error]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=upload-error]")).getText()).contains("not valid JSON").contains("line 1").doesNotContain("REDACTED");
        chromium.screenshot("upload-refused.png");
    }

    @Test
    void aClusterChosenOnThePageTakesTheClustersOwnFindingsWhichLinkToTheirList() throws Exception {
        String cluster = new ClusterCalls(mvc).cluster();
        Path operator = Files.writeString(dir.resolve("operator-reports.yaml"),
                Fixtures.text("trivy-operator/trivy-operator__envtest__role-rbacassessment-expected.yaml") + "\n---\n"
                        + Fixtures.text("trivy-operator/trivy-operator__envtest__config-audit-ttl.yaml"));
        signInOn("/scans/upload", TestWorld.LEAD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[data-upload-form]")));

        new Select(browser.findElement(By.id("cluster"))).selectByValue(cluster);
        browser.findElement(By.id("file")).sendKeys(operator.toString());
        browser.findElement(By.cssSelector("[data-testid=upload-submit]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=upload-cluster-findings]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=upload-cluster-result]")).getText())
                .contains("Imported (trivy-operator, cluster " + cluster + ")")
                .contains("2 findings of the cluster: 2 new");
        chromium.screenshot("upload-cluster-report.png");
        browser.findElement(By.linkText("2 findings of the cluster")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=findings-count]"), "2 findings"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("KSV113").contains("KSV110");
    }

    private void signInAsAlice() {
        signInOn("/scans/upload", TestWorld.ALICE);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[data-upload-form]")));
    }
}
