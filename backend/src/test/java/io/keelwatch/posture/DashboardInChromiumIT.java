package io.keelwatch.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ImportResult;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A person in real headless Chromium: signs in, reads the dashboard's numbers for a project
 * whose Trivy report was just imported, finds a finding and opens it.
 */
@KeelwatchIntegrationTest
class DashboardInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    ScanImportService imports;

    @Test
    void leadSignsInSeesImportedNumbersAndOpensAFinding() throws Exception {
        ProjectRef project = world.alphaProject();
        ImportResult imported = (ImportResult) imports.importReport(new ByteArrayInputStream(Fixtures.bytes("trivy/alpine-39.json.golden")),
                project.slug(), null, new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of()));
        assertThat(imported.findings().total()).isEqualTo(6);

        signInOn("/", TestWorld.LEAD);

        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-project='" + project.slug() + "']")));
        assertThat(row.findElement(By.cssSelector("[data-testid=project-total]")).getText()).isEqualTo("6");
        assertThat(row.findElements(By.tagName("td")).get(2).getText()).as("critical").isEqualTo("2");
        assertThat(row.findElements(By.tagName("td")).get(4).getText()).as("medium").isEqualTo("4");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("canvas[data-chart-rendered=true]")));
        chromium.screenshot("dashboard.png");

        row.findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=findings-count]"), "6 findings"));
        chromium.screenshot("findings.png");
        WebElement firstFinding = browser.findElement(By.cssSelector("[data-testid=finding-link]"));
        String findingId = firstFinding.getText();
        firstFinding.click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=finding-id]"), findingId));
        assertThat(browser.findElement(By.cssSelector("[data-testid=finding-description]")).getText()).isNotBlank();
        assertThat(browser.findElement(By.cssSelector(".severity")).getText()).isEqualTo("CRITICAL");
        chromium.screenshot("finding.png");
    }

}
