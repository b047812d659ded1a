package io.keelwatch.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/getting-started.md, walked in real Chromium against an empty database (no demo data, no
 * test accounts): the initial administrator creates a team, a developer's account, a project and
 * its repository rule; the developer signs in and creates a CI token; CI pushes a real Trivy
 * report with it over HTTP, without naming the project; the developer sees the findings.
 */
@KeelwatchIntegrationTest
@TestPropertySource(properties = {"KEELWATCH_INITIAL_ADMIN_USERNAME=root",
        "KEELWATCH_INITIAL_ADMIN_PASSWORD=" + GettingStartedFromAnEmptyDatabaseInChromiumIT.ADMIN_PASSWORD})
class GettingStartedFromAnEmptyDatabaseInChromiumIT extends BrowserTest {

    static final String ADMIN_PASSWORD = "root-password-for-the-walkthrough";
    private static final String DEV_PASSWORD = "dev-password-for-the-walkthrough";
    private static final String REPOSITORY = "ghcr.io/acme/payments-api";

    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void fromAnEmptyDatabaseToATeamsFirstFindings() throws Exception {
        assertThat(jdbc.sql("select count(*) from team").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from project").query(Long.class).single()).isZero();

        // 1. The initial administrator signs in and creates the team and the developer's account.
        signIn("root", ADMIN_PASSWORD);
        click(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=nav-admin]"))));
        type(By.id("team-slug"), "payments");
        type(By.id("team-name"), "Payments");
        click(browser.findElement(By.cssSelector("[data-testid=team-form] button[type=submit]")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=admin-done]")));
        type(By.id("username"), "dana");
        type(By.id("displayName"), "Dana Developer");
        type(By.id("password"), DEV_PASSWORD);
        new Select(browser.findElement(By.id("role"))).selectByValue("DEVELOPER");
        click(browser.findElement(By.id("new-user-payments")));
        click(browser.findElement(By.cssSelector("[data-testid=user-form] button[type=submit]")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=admin-done]"), "dana"));

        // 2. The project, with Dana as its owner, and the rule that files the team's images under it.
        click(browser.findElement(By.cssSelector("[data-testid=nav-projects]")));
        click(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=new-project]"))));
        new Select(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("team")))).selectByValue("payments");
        type(By.id("slug"), "payments-api");
        type(By.id("name"), "Payments API");
        new Select(browser.findElement(By.id("tier"))).selectByValue("1");
        type(By.id("description"), "Takes the customers' money");
        type(By.id("owners"), "dana");
        click(browser.findElement(By.cssSelector("[data-testid=project-form] button[type=submit]")));
        wait.until(ExpectedConditions.urlContains("/projects/payments-api"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=project-owners]")).getText()).contains("dana");
        type(By.id("pattern"), REPOSITORY + "*");
        click(browser.findElement(By.cssSelector("[data-testid=rule-form] button[type=submit]")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=rules]"), REPOSITORY + "*"));
        type(By.id("repository"), REPOSITORY);
        click(browser.findElement(By.cssSelector("[data-testid=match-form] button[type=submit]")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=match-result]"), "payments-api"));
        chromium.screenshot("getting-started-project.png");
        signOut();

        // 3. Dana signs in and creates the token CI will use.
        signIn("dana", DEV_PASSWORD);
        click(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=nav-tokens]"))));
        type(By.id("name"), "payments CI");
        click(browser.findElement(By.cssSelector("input[name=scopes][value='scans:write']")));
        new Select(browser.findElement(By.id("team"))).selectByValue("payments");
        click(browser.findElement(By.cssSelector("[data-testid=token-form] button[type=submit]")));
        String secret = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=token-secret]")))
                .getDomProperty("value");

        // 4. CI pushes a real Trivy report as curl would, without naming the project: the rule files it.
        HttpResponse<String> pushed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/v1/scans")))
                .header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/x-www-form-urlencoded") // what curl --data-binary sends
                .POST(HttpRequest.BodyPublishers.ofByteArray(ImageReports.trivyReportOf(REPOSITORY)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        JsonNode imported = json.readTree(pushed.body());
        assertThat(imported.get("project").asString()).isEqualTo("payments-api");
        int findings = imported.get("findings").get("total").asInt();
        assertThat(findings).isPositive();

        // 5. Dana sees the findings.
        click(browser.findElement(By.cssSelector("[data-testid=nav-findings]")));
        List<String> shown = wait.until(d -> {
            List<String> ids = d.findElements(By.cssSelector("[data-testid=finding-link]")).stream().map(WebElement::getText).toList();
            return ids.isEmpty() ? null : ids;
        });
        assertThat(shown).hasSize(findings).allMatch(id -> id.startsWith("CVE-"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=findings-count]")).getText()).isEqualTo(findings + " findings");
        chromium.screenshot("getting-started-findings.png");
    }

    private void signIn(String username, String password) {
        browser.get(url("/login"));
        type(By.id("username"), username);
        type(By.id("password"), password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=current-user]")));
    }

    private void signOut() {
        click(browser.findElement(By.cssSelector("[data-testid=sign-out]")));
        wait.until(ExpectedConditions.urlContains("/login"));
    }

    private void type(By field, String text) {
        WebElement element = wait.until(ExpectedConditions.presenceOfElementLocated(field));
        element.clear();
        element.sendKeys(text);
    }

    /** Brings the element into view first; should something still cover it, clicks it as assistive technology would. */
    private void click(WebElement element) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        try {
            element.click();
        } catch (ElementClickInterceptedException covered) {
            js.executeScript("arguments[0].click()", element);
        }
    }
}
