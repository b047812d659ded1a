package io.keelwatch.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.runtime.incidents.IncidentService;
import io.keelwatch.runtime.incidents.NewIncident;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * In real Chromium (no console errors, no CSP violations): alice opens Recovery from the navigation and reads her
 * namespace as verified restorable, with its backup and restore test; opens the backup's page; and the page of an
 * incident in that namespace loads recovery's clean restore point (htmx) naming the backup taken before it; back on the
 * overview, today's bar of the RPO trend opens the list of the namespaces meeting their RPO, hers among them.
 */
@KeelwatchIntegrationTest
class RecoveryOverviewInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    RecoveryService recovery;
    @Autowired
    FalcoEventIngest falco;
    @Autowired
    IncidentService incidents;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aDeveloperReadsHerNamespaceVerifiedRestorableAndTheIncidentsCleanRestorePoint() throws Exception {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
        String environment = inventory.createEnvironment("rui-" + suffix, world.admin()).name();
        String cluster = inventory.createCluster("rui-" + suffix, environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop-*", world.alphaProject().slug(), world.admin());
        Instant taken = Instant.now().minus(Duration.ofHours(3));
        String list = """
                {"apiVersion":"v1","kind":"List","items":[
                 {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"nightly-1","namespace":"velero"},
                  "spec":{"includedNamespaces":["shop-web"],"ttl":"720h0m0s"},
                  "status":{"phase":"Completed","startTimestamp":"%1$s","completionTimestamp":"%2$s","expiration":"2099-01-01T00:00:00Z"}},
                 {"apiVersion":"velero.io/v1","kind":"Restore","metadata":{"name":"nightly-1-test","namespace":"velero"},
                  "spec":{"backupName":"nightly-1","namespaceMapping":{"shop-web":"shop-web-test"}},
                  "status":{"phase":"Completed","startTimestamp":"%2$s","completionTimestamp":"%3$s"}}]}"""
                .formatted(taken, taken.plusSeconds(300), taken.plusSeconds(900));
        recovery.report(cluster, new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)), "application/json", world.admin());
        recovery.setPolicy(new io.keelwatch.recovery.NewRecoveryPolicy(cluster, null, null, "24h", "1h", null, null, null),
                world.admin());
        String event = ("{\"rule\":\"Terminal shell in container\",\"priority\":\"Critical\",\"time\":\"%s\",\"output\":\"A shell\","
                + "\"output_fields\":{\"k8s.ns.name\":\"shop-web\",\"k8s.pod.name\":\"web-1\",\"container.id\":\"0123456789ab\"}}")
                .formatted(Instant.now().minus(Duration.ofHours(1)));
        falco.ingest(cluster, event.getBytes(StandardCharsets.UTF_8), false, world.admin());
        long alert = jdbc.sql("select a.id from runtime_alert a join cluster c on c.id = a.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single();
        long incident = incidents.create(new NewIncident("Shell in shop-web", null, List.of(alert)), world.admin()).incident().id();

        signInOn("/", TestWorld.ALICE);
        browser.findElement(By.linkText("Recovery")).click();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//div[@data-cluster='" + cluster + "']//tr[@data-namespace='shop-web']")));
        assertThat(row.findElement(By.cssSelector("[data-testid=readiness-state]")).getText()).isEqualTo("verified restorable");
        assertThat(row.getText()).contains("nightly-1").contains("nightly-1-test").contains("into shop-web-test");
        chromium.screenshot("recovery-overview.png");

        row.findElement(By.linkText("nightly-1")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=backup-usable]"), "usable"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=phase-history]")).getText()).contains("Completed");

        browser.get(url("/incidents/" + incident));
        WebElement point = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=clean-backup]")));
        assertThat(point.getText()).isEqualTo("nightly-1");
        chromium.screenshot("incident-clean-restore-point.png");

        // the overview's RPO trend: today's "met" bar opens the list of the namespaces it counts
        browser.get(url("/recovery"));
        WebElement canvas = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=rpo-chart]")));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block:'center', behavior:'instant'})", canvas);
        wait.until(d -> ((JavascriptExecutor) d).executeScript(
                "return Chart.getChart(arguments[0]) !== undefined && Chart.getChart(arguments[0]).data.datasets.length > 0", canvas));
        @SuppressWarnings("unchecked")
        List<Number> bar = (List<Number>) ((JavascriptExecutor) browser).executeScript(
                "var chart = Chart.getChart(arguments[0]); var bars = chart.getDatasetMeta(0).data; var last = bars[bars.length - 1];"
                        + " var box = arguments[0].getBoundingClientRect();"
                        + " return [last.x, (last.y + last.base) / 2, box.width, box.height];", canvas);
        new Actions(browser).moveToElement(canvas, (int) (bar.get(0).doubleValue() - bar.get(2).doubleValue() / 2),
                (int) (bar.get(1).doubleValue() - bar.get(3).doubleValue() / 2)).click().perform();
        wait.until(ExpectedConditions.urlContains("state=met"));
        assertThat(browser.getCurrentUrl()).contains("day=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        WebElement counted = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//tr[@data-cluster='" + cluster + "' and @data-namespace='shop-web']")));
        assertThat(counted.getText()).contains("nightly-1").contains("met");
    }
}
