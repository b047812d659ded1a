package io.keelwatch.runtime.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * In real Chromium (no console errors, no CSP violations): the lead opens Alerts from the navigation,
 * filters by cluster, sees the folded alert with its count and times in the reader's zone, and opens
 * it to its raw events.
 */
@KeelwatchIntegrationTest
class AlertsInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    FalcoEventIngest ingest;

    @Test
    void leadOpensAlertsFromTheNavigationAndReadsAnAlertsEvents() throws Exception {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
        String environment = inventory.createEnvironment("ui-" + suffix, world.admin()).name();
        String cluster = inventory.createCluster("ui-" + suffix, environment, null, world.admin()).name();
        String events = String.join("\n",
                AlertsAreSeenByTheTeamOwningTheirNamespaceIT.event("shop-web", "Critical", "2024-06-01T08:00:00Z"),
                AlertsAreSeenByTheTeamOwningTheirNamespaceIT.event("shop-web", "Notice", "2024-06-01T08:20:00Z"),
                "{\"rule\":\"<script>alert(1)</script>\",\"priority\":\"Warning\",\"time\":\"2024-06-01T09:00:00Z\","
                        + "\"output\":\"<img src=x onerror=alert(2)>\",\"output_fields\":{\"k8s.ns.name\":\"<b>ns</b>\"}}");
        ingest.ingest(cluster, events.getBytes(StandardCharsets.UTF_8), true, world.admin());

        signInOn("/", TestWorld.LEAD);
        browser.findElement(By.linkText("Alerts")).click();
        WebElement filter = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[name=cluster]")));
        filter.sendKeys(cluster);
        filter.submit();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//table[@data-testid='alert-list']//tr[td[normalize-space()='shop-web']]")));
        assertThat(row.getText()).contains("Terminal shell in container").contains("Critical");
        assertThat(row.findElement(By.cssSelector("[data-testid=alert-event-count]")).getText()).isEqualTo("2");
        assertThat(row.findElement(By.tagName("time")).getAttribute("datetime")).startsWith("2024-06-01T08:00");
        // hostile text is shown as text
        assertThat(browser.findElement(By.cssSelector("[data-testid=alert-list]")).getText()).contains("<script>alert(1)</script>");
        chromium.screenshot("alerts.png");

        row.findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=alert-count]"), "2"));
        assertThat(browser.findElements(By.cssSelector("[data-testid=alert-events] tbody tr"))).hasSize(2);
        chromium.screenshot("alert.png");
    }
}
