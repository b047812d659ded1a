package io.keelwatch.runtime.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * In real Chromium (no console errors, no CSP violations): alpha's developer proposes a mute from an
 * alert's page (the real Falco docs shell event), a lead approves it on the exception's page, and the
 * alerts list then hides the alert, says so, and shows it marked "muted by exception #n" on request; the
 * chart's bar of the alert's day opens the list of exactly that day's alerts of its priority.
 */
@KeelwatchIntegrationTest
class MuteProposedAndApprovedFromAnAlertInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    FalcoEventIngest ingest;

    @Test
    void aDeveloperProposesAMuteFromAnAlertAndALeadApprovesIt() throws Exception {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
        String environment = inventory.createEnvironment("mui-" + suffix, world.admin()).name();
        String cluster = inventory.createCluster("mui-" + suffix, environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "default", world.alphaProject().slug(), world.admin());
        ingest.ingest(cluster, Fixtures.bytes("falco/falco-website__docs__concepts__outputs__channels.jsonl"), true, world.admin());

        signInOn("/alerts?cluster=" + cluster, TestWorld.ALICE);
        WebElement link = wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("Terminal shell in container")));
        link.click();
        WebElement box = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=mute-form-box]")));
        box.findElement(By.tagName("summary")).click();
        browser.findElement(By.id("mute-justification")).sendKeys("The on-call runbook opens a shell with kubectl exec.");
        WebElement propose = browser.findElement(By.cssSelector("[data-testid=propose-mute]"));
        clickInView(propose);
        WebElement state = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=exception-state]")));
        assertThat(state.getText()).isEqualTo("proposed");
        chromium.screenshot("mute-proposed.png");
        assertThat(browser.findElement(By.cssSelector("[data-testid=mute-rule]")).getText()).isEqualTo("Terminal shell in container");
        assertThat(browser.findElement(By.cssSelector("[data-testid=mute-scope]")).getText()).contains("in cluster " + cluster);
        String exceptionUrl = browser.getCurrentUrl();
        String id = exceptionUrl.substring(exceptionUrl.lastIndexOf('/') + 1);

        browser.manage().deleteAllCookies();
        signInOn(exceptionUrl.substring(exceptionUrl.indexOf("/exceptions")), TestWorld.LEAD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=approve]"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=exception-state]"), "approved"));

        browser.get(url("/alerts?cluster=" + cluster));
        WebElement hidden = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=muted-hidden]")));
        assertThat(hidden.getText()).contains("1 muted alert not shown");
        assertThat(browser.findElement(By.cssSelector("[data-testid=alert-list]")).getText()).contains("No alerts.");
        hidden.findElement(By.tagName("a")).click();
        WebElement marked = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=alert-muted-by] a")));
        assertThat(marked.getText()).isEqualTo("muted by exception #" + id);

        // the chart ends on the newest alert's day; its bar opens the list of exactly that day's Critical alerts
        WebElement canvas = browser.findElement(By.cssSelector("[data-testid=alert-chart]"));
        wait.until(d -> ((JavascriptExecutor) d).executeScript(
                "return Chart.getChart(arguments[0]) !== undefined && Chart.getChart(arguments[0]).data.datasets.length > 0", canvas));
        chromium.screenshot("alerts-muted.png");
        @SuppressWarnings("unchecked")
        List<Number> bar = (List<Number>) ((JavascriptExecutor) browser).executeScript(
                "var chart = Chart.getChart(arguments[0]); var bars = chart.getDatasetMeta(0).data; var last = bars[bars.length - 1];"
                        + " var box = arguments[0].getBoundingClientRect();"
                        + " return [last.x, (last.y + last.base) / 2, box.width, box.height];", canvas);
        new Actions(browser).moveToElement(canvas, (int) (bar.get(0).doubleValue() - bar.get(2).doubleValue() / 2),
                (int) (bar.get(1).doubleValue() - bar.get(3).doubleValue() / 2)).click().perform();
        wait.until(ExpectedConditions.urlContains("onlyPriority=Critical"));
        assertThat(browser.getCurrentUrl()).contains("muted=any").contains("from=2023-05-25T00:00Z");
        assertThat(browser.findElement(By.cssSelector("[data-testid=alert-list]")).getText()).contains("Terminal shell in container")
                .contains("muted by exception #" + id);
    }
}
