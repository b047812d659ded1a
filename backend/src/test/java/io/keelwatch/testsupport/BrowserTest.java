package io.keelwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A test that drives a fresh headless Chromium per test method ({@link HeadlessChromium}) against
 * the application on its random port. Every such test fails when a page it showed wrote an error
 * to the browser console or broke the Content Security Policy (an inline script or style that our
 * CSP blocks, which the person would see as a page that does nothing).
 */
public abstract class BrowserTest {

    @LocalServerPort
    protected int port;
    protected HeadlessChromium chromium;
    protected WebDriver browser;
    protected WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        chromium = HeadlessChromium.start();
        browser = chromium.browser();
        wait = chromium.waiting();
    }

    @AfterEach
    void noConsoleErrorsThenStopBrowser() {
        if (chromium == null) {
            return;
        }
        try {
            assertThat(chromium.consoleErrors()).as("browser console errors and CSP violations").isEmpty();
        } finally {
            chromium.close();
        }
    }

    /**
     * Clicks an element once it is in the middle of the window: a click on an element below the fold lands
     * wherever Bootstrap's smooth scrolling has got to, often on something else.
     */
    protected void clickInView(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Opens {@code path}, which sends a new browser to the sign-in page, and signs in there with the test password. */
    protected void signInOn(String path, String username) {
        browser.get(url(path));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(TestWorld.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }
}
