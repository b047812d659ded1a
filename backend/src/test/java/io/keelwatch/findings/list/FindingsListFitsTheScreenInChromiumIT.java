package io.keelwatch.findings.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The findings list as a developer reads it on a 1440 px screen: every column visible without
 * scrolling sideways, ids on one line, the project by its name, the image by its tag and a short
 * digest, times as "… ago" in the reader's zone; the Findings link shows what the dashboard
 * counts (open and in progress), and an image filter says it applies.
 */
@KeelwatchIntegrationTest
class FindingsListFitsTheScreenInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    ScanImportService imports;

    @Test
    void theListFitsShowsTagsAndNamesAndTheNavigationShowsActionableFindings() throws Exception {
        ProjectRef project = world.alphaProject();
        Viewer lead = new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of());
        imports.importReport(new ByteArrayInputStream(Fixtures.bytes("trivy/fluentd-gems.json.golden")), project.slug(), null, lead);
        imports.importReport(new ByteArrayInputStream(Fixtures.bytes("trivy/debian-buster.json.golden")), project.slug(), null, lead);

        browser.manage().window().setSize(new Dimension(1440, 1000));
        signInOn("/", TestWorld.ALICE);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=nav-findings]")));
        browser.findElement(By.cssSelector("[data-testid=nav-findings]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=findings-table]")));
        assertThat(browser.getCurrentUrl()).contains("status=open,in_progress");

        browser.get(url("/findings?project=" + project.slug()));
        WebElement table = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=findings-table]")));
        long pageWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        long viewport = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth");
        assertThat(pageWidth).as("no sideways scrolling at 1440 px").isLessThanOrEqualTo(viewport);

        List<WebElement> ids = table.findElements(By.cssSelector("[data-testid=finding-link]"));
        assertThat(ids).isNotEmpty().allSatisfy(id -> assertThat(id.getRect().getHeight()).as(id.getText() + " on one line")
                .isLessThan(30));
        String text = table.getText();
        assertThat(text).contains(project.name()).contains("debian-buster").contains("sha256:").doesNotContain("+00:00");
        WebElement lastSeen = table.findElement(By.cssSelector("time[data-relative]"));
        assertThat(lastSeen.getText()).matches("just now|.+ ago");
        assertThat(lastSeen.getAttribute("title")).as("the exact time, in the reader's zone, with the zone")
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\S+");

        WebElement imageLink = table.findElement(By.cssSelector("[data-testid=image-link]"));
        String digest = imageLink.getAttribute("title").substring(imageLink.getAttribute("title").indexOf('@') + 1);
        browser.get(url("/findings?project=" + project.slug() + "&image=" + digest));
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=image-filter]"))).getText())
                .contains(digest).contains("Show every image");
        chromium.screenshot("findings-list-1440.png");
    }
}
