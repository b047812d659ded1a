package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The navigation bar, as each role sees it in real headless Chromium: the entries the modules
 * declare, in order, only those whose page the person may use, the current page's entry marked.
 */
@KeelwatchIntegrationTest
class NavigationShowsEachRoleWhatItMayUseInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;

    @BeforeEach
    void peopleExist() {
        world.alpha();
    }

    @Test
    void anAuditorReadsAndSeesTheAuditLogButNeitherUploadNorAdmin() {
        signInOn("/", TestWorld.AUDITOR);

        assertThat(navigation()).containsExactly("Dashboard", "Findings", "Exceptions", "Scans", "Alerts", "Incidents", "Projects", "Running", "Clusters", "Signing", "Recovery", "API tokens", "Audit");
        assertThat(active()).containsExactly("Dashboard");
    }

    @Test
    void aDeveloperSeesUploadButNeitherAdminNorTheAuditLog() {
        signInOn("/", TestWorld.ALICE);

        assertThat(navigation()).containsExactly("Dashboard", "Findings", "Exceptions", "Scans", "Upload", "Alerts", "Incidents", "Projects", "Running", "Clusters", "Signing", "Recovery", "API tokens");

        browser.findElement(By.cssSelector("[data-testid=nav-upload]")).click();
        wait.until(ExpectedConditions.urlContains("/scans/upload"));
        assertThat(active()).containsExactly("Upload");
        assertThat(browser.findElement(By.cssSelector("[data-testid=nav-upload]")).getDomAttribute("aria-current")).isEqualTo("page");
        assertThat(browser.findElement(By.cssSelector("[data-testid=nav-dashboard]")).getDomAttribute("aria-current")).isNull();
    }

    @Test
    void anAdminSeesEveryEntryIncludingAdmin() {
        signInOn("/", TestWorld.ADMIN);

        assertThat(navigation()).containsExactly("Dashboard", "Findings", "Exceptions", "Scans", "Upload", "Alerts", "Incidents", "Projects", "Running", "Clusters", "Signing", "Recovery",
                "API tokens", "Admin", "Audit");

        browser.findElement(By.cssSelector("[data-testid=nav-admin]")).click();
        wait.until(ExpectedConditions.urlContains("/admin"));
        assertThat(active()).containsExactly("Admin");
    }

    @Test
    void clustersStayMarkedOnTheClusterAndEnvironmentPages() {
        signInOn("/", TestWorld.BOB);

        browser.findElement(By.cssSelector("[data-testid=nav-clusters]")).click();
        wait.until(ExpectedConditions.urlContains("/clusters"));
        assertThat(active()).containsExactly("Clusters");
        browser.findElement(By.linkText("Environments")).click();
        wait.until(ExpectedConditions.urlContains("/environments"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Environments");
        assertThat(active()).containsExactly("Clusters");
    }

    /** The entries' labels, once the signed-in page is there. */
    private List<String> navigation() {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=current-user]")));
        return browser.findElements(By.cssSelector(".navbar-nav .nav-link")).stream().map(WebElement::getText).toList();
    }

    private List<String> active() {
        return browser.findElements(By.cssSelector(".navbar-nav .nav-link.active")).stream().map(WebElement::getText).toList();
    }
}
