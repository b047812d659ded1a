package io.keelwatch.findings.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.FindingSummary;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The finding page in real Chromium at 1440 px: every reference the scanner gave is a link with
 * its address (a Thymeleaf attribute-order slip once rendered the first and then empty bullets),
 * and the history has the wide column, so long comments do not push the facts down.
 */
@KeelwatchIntegrationTest
class FindingPageShowsEveryReferenceInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    ScanImportService imports;
    @Autowired
    FindingService findings;

    @Test
    void everyReferenceIsALinkAndTheHistoryHasTheWideColumn() throws Exception {
        ProjectRef project = world.alphaProject();
        Viewer lead = new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of());
        imports.importReport(new ByteArrayInputStream(Fixtures.bytes("trivy/debian-buster.json.golden")), project.slug(), null,
                lead);
        FindingSummary finding = findings.findings(new FindingFilter(project.slug(), null, null, null, null,
                        "CVE-2019-18224", null, null), new PageRequest(0, 10), lead).items().get(0);
        // the report's 14 references and its primary URL, as the API gives them
        List<String> references = findings.finding(finding.id(), lead).references();
        assertThat(references).hasSize(14);

        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));
        signInOn("/findings/" + finding.id(), TestWorld.ALICE);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=finding-history]")));

        List<WebElement> shown = browser.findElements(By.cssSelector("[data-testid=reference]"));
        assertThat(shown).hasSize(15);
        assertThat(shown).allSatisfy(li -> assertThat(li.getText()).startsWith("http"));
        assertThat(shown.subList(1, 15)).extracting(li -> li.findElement(By.tagName("a")).getAttribute("href"))
                .containsExactlyElementsOf(references);

        WebElement history = browser.findElement(By.id("history"));
        WebElement triage = browser.findElement(By.cssSelector("[data-testid=triage-panel]"));
        assertThat(history.getRect().getWidth()).as("history in the wide column").isGreaterThan(triage.getRect().getWidth());
        chromium.screenshot("finding-page.png");
    }
}
