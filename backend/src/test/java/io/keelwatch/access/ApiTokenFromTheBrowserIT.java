package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * In real Chromium (under the real CSP): a developer creates a token on the settings page, copies
 * the secret shown once, a client uses it over real HTTP, and after revoking it in the page it stops working.
 */
@KeelwatchIntegrationTest
class ApiTokenFromTheBrowserIT extends BrowserTest {

    @Autowired
    TestWorld world;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void developerCreatesUsesAndRevokesAToken() throws Exception {
        world.alpha();
        signInOn("/login", TestWorld.ALICE);
        chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.linkText("API tokens"))).click();

        WebElement name = chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("name")));
        click(name);
        name.sendKeys("pipeline");
        click(browser.findElement(By.cssSelector("input[name=scopes][value='read']")));
        new Select(browser.findElement(By.id("team"))).selectByValue("alpha");
        click(browser.findElement(By.cssSelector("[data-testid=token-form] button[type=submit]")));

        WebElement secretField = chromium.waiting().until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=token-secret]")));
        String secret = secretField.getDomProperty("value");
        assertThat(secret).matches("kw_[0-9A-Za-z]{43}");
        chromium.screenshot("api-token-created.png");

        assertThat(findings(secret).statusCode()).isEqualTo(200);

        browser.get(url("/settings/tokens"));
        assertThat(browser.getPageSource()).doesNotContain(secret).contains(secret.substring(0, 9));
        WebElement row = browser.findElement(By.xpath("//tr[td[text()='pipeline']]"));
        click(row.findElement(By.cssSelector("button[type=submit]")));
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//tr[td[text()='pipeline']]"), "revoked"));

        HttpResponse<String> afterRevocation = findings(secret);
        assertThat(afterRevocation.statusCode()).isEqualTo(401);
        assertThat(afterRevocation.body()).contains("urn:keelwatch:problem:unauthenticated");
    }

    /**
     * Other tests' tokens may make the page long: bring the element into view first. Should
     * something still cover it (a label over a checkbox near the window's edge), click it the way
     * assistive technology would.
     */
    private void click(WebElement element) {
        JavascriptExecutor js = (JavascriptExecutor) chromium.browser();
        js.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        try {
            element.click();
        } catch (ElementClickInterceptedException covered) {
            js.executeScript("arguments[0].click()", element);
        }
    }

    private HttpResponse<String> findings(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/findings")))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

}
