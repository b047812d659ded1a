package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * In real Chromium, each role is offered what its role lets it do and nothing else: the auditor sees
 * no "Upload" and no "Propose an exception" (the same {@code @access} rules as the handlers decide),
 * and a page they may not open says, in the layout, what they may not do; a security lead reads the
 * audit log; a new account is a developer unless the admin picks otherwise; a bulk change on every
 * matching finding is sent only once confirmed with their number, and one that changed nothing says why.
 */
@KeelwatchIntegrationTest
class RolesAreOfferedOnlyWhatTheyMayDoInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theAuditorIsOfferedNoUploadAndNoProposalAndARefusalSaysWhatWasRefused() {
        world.alpha();
        signInOn("/scans", TestWorld.AUDITOR);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=current-user]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=nav-upload]"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("[data-testid=upload-link]"))).isEmpty();
        assertThat(browser.findElements(By.partialLinkText("Upload"))).isEmpty();

        browser.get(url("/exceptions"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=nav-exceptions].active")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=propose-exception]"))).isEmpty();
        assertThat(browser.findElements(By.partialLinkText("Propose"))).isEmpty();

        chromium.expectFailedRequest(url("/exceptions/new"), 403);
        browser.get(url("/exceptions/new"));
        String message = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=error-message]"))).getText();
        assertThat(message).isEqualTo("As auditor, you may not change findings or propose exceptions. "
                + "Ask an administrator if your work needs it.");
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("403");
        assertThat(browser.findElements(By.cssSelector("[data-testid=nav-findings]"))).as("the layout's navigation").hasSize(1);
    }

    @Test
    void aSecurityLeadReadsTheAuditLog() {
        world.alpha();
        signInOn("/", TestWorld.LEAD);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=nav-audit]"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=audit-count]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=audit-row]"))).as("at least the lead's own sign-in").isNotEmpty();
    }

    @Test
    void aBulkChangeAsksForConfirmationWithTheCountAndSaysWhyNothingChanged() throws Exception {
        ProjectRef project = world.alphaProject();
        new ScanUploads(mvc).upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden"))
                .andExpect(status().isCreated());
        long matching = jdbc.sql("select count(*) from finding where project_id = :p").param("p", project.id()).query(Long.class).single();
        signInOn("/findings?project=" + project.slug(), TestWorld.ALICE);

        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=bulk-form]")));
        assertThat(form.findElement(By.cssSelector("label[for=bulk-confirm]")).getText())
                .isEqualTo("Apply to all " + matching + " matching findings");
        new Select(form.findElement(By.name("bulkStatus"))).selectByValue("in_progress");
        form.findElement(By.cssSelector("[data-testid=bulk-apply]")).click();
        assertThat(browser.findElements(By.cssSelector("[data-testid=flash-message]"))).as("not sent unconfirmed").isEmpty();
        assertThat(jdbc.sql("select count(*) from finding where project_id = :p and status = 'in_progress'")
                .param("p", project.id()).query(Long.class).single()).isZero();

        form.findElement(By.cssSelector("[data-testid=bulk-confirm]")).click();
        form.findElement(By.cssSelector("[data-testid=bulk-apply]")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=flash-message]"))).getText())
                .isEqualTo(matching + " findings changed.");

        form = browser.findElement(By.cssSelector("[data-testid=bulk-form]"));
        new Select(form.findElement(By.name("bulkStatus"))).selectByValue("in_progress");
        form.findElement(By.cssSelector("[data-testid=bulk-confirm]")).click();
        form.findElement(By.cssSelector("[data-testid=bulk-apply]")).click();
        wait.until(ExpectedConditions.stalenessOf(form));
        assertThat(browser.findElement(By.cssSelector("[data-testid=flash-message]")).getText())
                .isEqualTo("0 findings changed: every matching finding you may change already has status in progress.");
    }

    @Test
    void aNewAccountIsADeveloperUnlessTheAdminChoosesOtherwise() {
        world.alpha();
        signInOn("/admin", TestWorld.ADMIN);
        Select role = new Select(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("role"))));
        assertThat(role.getFirstSelectedOption().getText()).isEqualTo("DEVELOPER");
    }
}
