package io.keelwatch.inventory.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * In real Chromium a developer filters the Running page by cluster and drift kind, follows a running
 * image to its page (which shows where it runs), opens one of its findings (which names the environment
 * it runs in) and lists the findings running there.
 */
@KeelwatchIntegrationTest
class RunningPageInChromiumIT extends BrowserTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    ScanImportService imports;

    @Test
    void aDeveloperFiltersWhatRunsAndFollowsAnImageToItsFindings() throws Exception {
        ProjectRef project = world.alphaProject();
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        String environment = inventory.createEnvironment("browser-" + suffix, world.admin()).name();
        String cluster = inventory.createCluster("browser-" + suffix, environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop-" + suffix, project.slug(), world.admin());
        String namespace = "shop-" + suffix;

        String imageId = "sha256:" + "ab".repeat(16) + suffix + "0".repeat(32 - suffix.length());
        ObjectNode report = (ObjectNode) json.readTree(Fixtures.bytes("trivy/alpine-310.json.golden"));
        report.put("CreatedAt", Instant.now().toString());
        ((ObjectNode) report.get("Metadata")).put("ImageID", imageId);
        ImportResult imported = (ImportResult) imports.importReport(new ByteArrayInputStream(json.writeValueAsBytes(report)),
                project.slug(), null, world.admin());
        assertThat(imported.findings().total()).isPositive();

        ObjectNode pod = (ObjectNode) json.readTree(Fixtures.bytes("k8s/k9s_render_po.json"));
        ((ObjectNode) pod.path("metadata")).put("namespace", namespace).put("name", "api");
        ((ObjectNode) pod.path("spec").path("containers").get(0)).put("image", "ghcr.io/aquasecurity/trivy-test-images:alpine-310");
        ((ObjectNode) pod.path("status").path("containerStatuses").get(0)).put("imageID", "docker://" + imageId);
        ObjectNode deployment = (ObjectNode) json.readTree(Fixtures.bytes("k8s/k9s_render_dp.json"));
        ((ObjectNode) deployment.path("metadata")).put("namespace", namespace);
        ObjectNode list = json.createObjectNode().put("kind", "List");
        ArrayNode items = list.putArray("items");
        items.add(pod);
        items.add(deployment);
        inventory.reportWorkloads(cluster, null, new ByteArrayInputStream(json.writeValueAsBytes(list)), "application/json",
                world.admin());

        signInOn("/running", TestWorld.ALICE);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=running-filter]")));
        new Select(browser.findElement(By.id("cluster"))).selectByVisibleText(cluster);
        browser.findElement(By.cssSelector("[data-testid=running-filter] button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=running-count]"), "2 containers"));
        chromium.screenshot("running.png");

        new Select(browser.findElement(By.id("drift"))).selectByValue("tag-only");
        browser.findElement(By.cssSelector("[data-testid=running-filter] button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=running-count]"), "1 containers"));
        List<WebElement> rows = browser.findElements(By.cssSelector("[data-testid=running-list] tbody tr"));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.getText()).contains("icx-db", "postgres", ":9.2-alpine");
            assertThat(r.findElements(By.cssSelector("[data-drift=tag-only]"))).hasSize(1);
        });

        new Select(browser.findElement(By.id("drift"))).selectByValue("");
        browser.findElement(By.cssSelector("[data-testid=running-filter] button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=running-count]"), "2 containers"));
        browser.findElement(By.cssSelector("[data-testid=running-image-link]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=image-placements]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=image-digest]")).getText()).isEqualTo(imageId);
        assertThat(browser.findElement(By.cssSelector("[data-testid=image-placements]")).getText())
                .contains(environment, cluster, namespace, "api");
        chromium.screenshot("image-runs.png");

        browser.get(url("/findings?project=" + project.slug() + "&runningIn=" + environment));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=findings-count]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=findings-count]")).getText())
                .isEqualTo(imported.findings().total() + " findings");
        browser.findElement(By.cssSelector("[data-testid=finding-link]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=running-in]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=running-in] [data-environment]")).getText()).isEqualTo(environment);

        String elsewhere = inventory.createEnvironment("elsewhere-" + suffix, world.admin()).name();
        browser.get(url("/findings?project=" + project.slug() + "&runningIn=" + elsewhere));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=findings-count]"), "0 findings"));
    }
}
