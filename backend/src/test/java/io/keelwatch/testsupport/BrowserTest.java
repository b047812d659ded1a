package io.keelwatch.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A test that drives a fresh headless Chromium per test method ({@link HeadlessChromium}). */
public abstract class BrowserTest {

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
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }
}
