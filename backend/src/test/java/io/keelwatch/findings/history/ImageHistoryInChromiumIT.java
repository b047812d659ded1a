package io.keelwatch.findings.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.ReportImport;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A developer follows an image's scans in real Chromium: the chart of findings per scan draws under
 * the strict CSP, and a scan's page lists the findings it fixed.
 */
@KeelwatchIntegrationTest
class ImageHistoryInChromiumIT extends BrowserTest {

    private static final byte[] ALPINE_39 = Fixtures.bytes("trivy/alpine-39.json.golden");

    @Autowired
    TestWorld world;
    @Autowired
    ScanImportService imports;
    @Autowired
    MockMvc mvc;

    @Test
    void theChartDrawsAndAScanShowsWhatItFixed() throws Exception {
        ProjectRef project = world.alphaProject();
        ScanUploads uploads = new ScanUploads(mvc);
        ImportResult first = (ImportResult) upload(project, ALPINE_39);
        ImportResult second = (ImportResult) upload(project, uploads.variant(ALPINE_39, "2030-01-01T00:00:00Z", 2));
        assertThat(second.findings().fixed()).isEqualTo(2);

        signInOn("/scans/" + second.scanId() + "?change=fixed", TestWorld.ALICE);

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=changed-findings]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=changed-finding-link]"))).hasSize(2);

        browser.findElement(By.cssSelector("[data-testid=image-history-link]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("canvas[data-chart-rendered=true]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=scan-link]"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector("[data-testid=image-digest]")).getText())
                .isEqualTo(first.image().digest());
        assertThat(browser.getPageSource()).doesNotContain("Chart unavailable");
        chromium.screenshot("image-history.png");
    }

    private ReportImport upload(ProjectRef project, byte[] report) {
        return imports.importReport(new ByteArrayInputStream(report), project.slug(), null,
                new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of()));
    }
}
