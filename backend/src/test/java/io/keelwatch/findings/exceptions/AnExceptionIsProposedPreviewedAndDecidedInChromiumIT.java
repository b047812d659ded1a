package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * In real Chromium, in a browser far from UTC (Pacific/Auckland): a developer proposes, from a
 * finding's page, one exception for CVE-2019-14697 in both {@code musl} and {@code musl-utils}
 * ({@code musl*}), valid through a date they pick; they land back on the finding. The date is
 * stored as the end of that day in their zone and shown as that day. The lead sees, before
 * deciding, the two findings it will cover, approves it with a comment, and the page shows the
 * comment and the two findings it now covers.
 */
@KeelwatchIntegrationTest
class AnExceptionIsProposedPreviewedAndDecidedInChromiumIT extends BrowserTest {

    private static final String ZONE = "Pacific/Auckland";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void proposedFromAFindingForTwoPackagesPreviewedAndApprovedWithAComment() throws Exception {
        ProjectRef project = world.alphaProject();
        new ScanUploads(mvc).upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden"))
                .andExpect(status().isCreated());
        long musl = jdbc.sql("select id from finding where project_id = :p and vulnerability_id = 'CVE-2019-14697' and package_name = 'musl'")
                .param("p", project.id()).query(Long.class).single();
        ((HasCdp) browser).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ZONE));

        signInOn("/findings/" + musl, TestWorld.ALICE);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=propose-from-finding]"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=exception-form]")));
        assertThat(browser.findElement(By.id("matchId")).getAttribute("value")).isEqualTo("CVE-2019-14697");
        WebElement pkg = browser.findElement(By.id("packageName"));
        pkg.clear();
        pkg.sendKeys("musl*");
        new Select(browser.findElement(By.id("kind"))).selectByValue("risk_accepted");
        browser.findElement(By.id("justification")).sendKeys("musl is only used by the health check binary, which takes no input.");
        // the person picks 4 March 2027 (shown as 03/04/2027 in an en-US browser)
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2027-03-04'", browser.findElement(By.id("expiresOn")));
        WebElement propose = browser.findElement(By.cssSelector("[data-testid=exception-form] button[type=submit]"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", propose);
        try {
            propose.click();
        } catch (ElementClickInterceptedException stillScrolling) {
            // on a loaded machine the page may still be moving; click it as assistive technology would
            ((JavascriptExecutor) browser).executeScript("arguments[0].click()", propose);
        }

        wait.until(ExpectedConditions.urlMatches("/findings/" + musl + "$"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=flash-message]")).getText()).contains("proposed");
        long id = jdbc.sql("select id from finding_exception where project_id = :p and match_id = 'CVE-2019-14697'")
                .param("p", project.id()).query(Long.class).single();
        OffsetDateTime expiresAt = jdbc.sql("select expires_at from finding_exception where id = :id").param("id", id)
                .query(OffsetDateTime.class).single();
        assertThat(expiresAt.toInstant()).as("the end of 4 March 2027 in Auckland")
                .isEqualTo(LocalDate.of(2027, 3, 5).atStartOfDay(ZoneId.of(ZONE)).toInstant());

        browser.findElement(By.cssSelector("[data-testid=sign-out]")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        signInOn("/exceptions/" + id, TestWorld.LEAD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=exception-state]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=exception-expiry]")).getText()).isEqualTo("valid through 2027-03-04");
        assertThat(browser.findElements(By.cssSelector("[data-testid=exception-proposed] time")))
                .as("one time, not every <time> of the fragments' template").hasSize(1);
        assertThat(browser.findElement(By.cssSelector("[data-testid=covered-heading]")).getText())
                .isEqualTo("Findings it will cover once approved (2)");
        assertThat(packagesCovered()).containsExactlyInAnyOrder("musl 1.1.20-r4", "musl-utils 1.1.20-r4");
        browser.manage().window().setSize(new Dimension(1440, 1200)); // the preview list in the picture too
        chromium.screenshot("exception-proposal-preview.png");

        browser.findElement(By.id("comment")).sendKeys("Agreed until the base image moves to Alpine 3.10.");
        browser.findElement(By.cssSelector("[data-testid=approve]")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=exception-state]"), "approved"));
        assertThat(browser.getCurrentUrl()).endsWith("/exceptions/" + id);
        assertThat(browser.findElement(By.cssSelector("[data-testid=decision-comment]")).getText())
                .isEqualTo("Agreed until the base image moves to Alpine 3.10.");
        assertThat(browser.findElement(By.cssSelector("[data-testid=covered-heading]")).getText()).isEqualTo("Findings it covers (2)");
        assertThat(browser.findElement(By.cssSelector("[data-testid=exception-expiry]")).getText()).isEqualTo("valid through 2027-03-04");
        assertThat(jdbc.sql("select package_name from finding where exception_id = :id and status = 'risk_accepted' order by 1")
                .param("id", id).query(String.class).list()).containsExactly("musl", "musl-utils");
        chromium.screenshot("exception-approved.png");
    }

    private List<String> packagesCovered() {
        return browser.findElements(By.cssSelector("[data-testid=covered-finding] td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
    }
}
