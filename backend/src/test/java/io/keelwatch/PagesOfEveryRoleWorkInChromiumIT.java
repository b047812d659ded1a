package io.keelwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The pages no other browser test opens — exceptions (list and one exception), the audit log,
 * administration and the scan list — in real headless Chromium, each as a role that may use it:
 * each shows what it is for, and (as in every {@link BrowserTest}) no page writes a console error
 * or breaks the Content Security Policy.
 */
@KeelwatchIntegrationTest
class PagesOfEveryRoleWorkInChromiumIT extends BrowserTest {

    private static final String JUSTIFICATION = "Only reachable through the admin port, which is not exposed.";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    private ProjectRef project;
    private long exceptionId;

    @BeforeEach
    void aProjectWithAScanAndAnApprovedException() throws Exception {
        project = world.alphaProject();
        new ScanUploads(mvc).upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden"))
                .andExpect(status().isCreated());
        TriageCalls triage = new TriageCalls(mvc);
        exceptionId = triage.proposed(TestWorld.ALICE,
                TriageCalls.exception(project.slug(), "CVE-2019-1551", "libssl1.1", "risk_accepted", 30));
        triage.decide(TestWorld.LEAD, exceptionId, "approve").andExpect(status().isOk());
    }

    @Test
    void aLeadOpensTheExceptionsListAndOneException() {
        signInOn("/exceptions", TestWorld.LEAD);

        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-testid=exception-list] tr[data-exception='" + exceptionId + "']")));
        assertThat(row.getText()).contains("CVE-2019-1551", "libssl1.1", project.slug(), "approved");
        row.findElement(By.linkText(String.valueOf(exceptionId))).click();

        wait.until(ExpectedConditions.urlContains("/exceptions/" + exceptionId));
        assertThat(browser.findElement(By.cssSelector("[data-testid=exception-state]")).getText()).isEqualTo("approved");
        assertThat(browser.findElement(By.cssSelector("[data-testid=exception-justification]")).getText()).isEqualTo(JUSTIFICATION);
        assertThat(browser.findElement(By.cssSelector("[data-testid=exception-history]")).getText())
                .contains("exception.proposed").contains("exception.approved");
    }

    @Test
    void anAuditorReadsTheExceptionsDecisionsInTheAuditLog() {
        signInOn("/audit?targetType=exception&targetId=" + exceptionId, TestWorld.AUDITOR);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=audit-count]"), "2 events"));
        assertThat(browser.findElements(By.cssSelector("[data-testid=audit-row]")).stream().map(WebElement::getText))
                .anySatisfy(row -> assertThat(row).contains(TestWorld.ALICE, "exception.proposed"))
                .anySatisfy(row -> assertThat(row).contains(TestWorld.LEAD, "exception.approved"));
    }

    @Test
    void anAdminSeesTeamsAndAccounts() {
        signInOn("/admin", TestWorld.ADMIN);

        WebElement teams = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=teams]")));
        assertThat(teams.getText()).contains("alpha", "beta");
        WebElement alice = browser.findElement(By.cssSelector("[data-testid=users] tr[data-user=alice]"));
        assertThat(alice.getText()).contains("Alice");
        assertThat(new Select(alice.findElement(By.name("role"))).getFirstSelectedOption().getText()).isEqualTo("DEVELOPER");
        assertThat(alice.findElement(By.cssSelector("input[name=teams][value=alpha]")).isSelected()).as("member of alpha").isTrue();
        assertThat(alice.findElement(By.cssSelector("input[name=teams][value=beta]")).isSelected()).as("member of beta").isFalse();
    }

    @Test
    void aDeveloperSeesTheirScanInTheScanList() {
        signInOn("/scans", TestWorld.ALICE);

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=scan-link]")));
        assertThat(browser.findElements(By.cssSelector("tbody tr")).stream().map(WebElement::getText))
                .anySatisfy(row -> assertThat(row).contains(project.slug(), "ghcr.io/aquasecurity/trivy-test-images", TestWorld.ALICE));
    }
}
