package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A developer uploads the same Trivy run of alpine 3.10 twice in the browser, as JSON and as SARIF:
 * the list shows its 4 findings once (not 8), and a finding's page says both sources reported it.
 */
@KeelwatchIntegrationTest
class OneImageInTwoFormatsIsListedOnceInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @TempDir
    Path dir;

    @Test
    void theSarifOfAnImportedImageAddsASourceNotASecondCopyOfItsFindings() throws Exception {
        ProjectRef project = world.alphaProject();
        Path json = Files.write(dir.resolve("alpine-310.json"), Fixtures.bytes("trivy/alpine-310.json.golden"));
        Path sarif = Files.write(dir.resolve("alpine-310.sarif"), Fixtures.bytes("sarif/trivy-alpine-310.sarif.golden"));
        signInOn("/scans/upload", TestWorld.ALICE);
        upload(project, json, "4 findings: 4 new");
        upload(project, sarif, "4 findings: 0 new, 4 unchanged");

        browser.get(url("/findings?project=" + project.slug()));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=findings-count]"), "4 findings"));
        chromium.screenshot("one-image-two-formats-list.png");
        // the list's own link: the page may also name the CVE in a notice of expired exceptions above it
        browser.findElement(By.cssSelector("[data-testid=findings-table]")).findElement(By.partialLinkText("CVE-2019-1549")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=finding-reported-by]")));
        WebElement reportedBy = browser.findElement(By.cssSelector("[data-testid=finding-reported-by]"));
        assertThat(reportedBy.getText()).isEqualTo("trivy (json), trivy (sarif)");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                reportedBy);
        chromium.screenshot("one-image-two-formats-finding.png");
    }

    private void upload(ProjectRef project, Path report, String counts) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[data-upload-form]")));
        new Select(browser.findElement(By.id("project"))).selectByValue(project.slug());
        browser.findElement(By.id("file")).sendKeys(report.toString());
        browser.findElement(By.cssSelector("[data-testid=upload-submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=upload-result]"), counts));
    }
}
