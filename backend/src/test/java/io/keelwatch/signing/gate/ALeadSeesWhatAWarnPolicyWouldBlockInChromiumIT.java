package io.keelwatch.signing.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * In real Chromium: a warn-mode policy forbids criticals in the test's environment, where alpha's shop runs an image with
 * one. The lead opens "What would the gate say?" from the signing page and sees the policy in warn mode with the one
 * workload it would block once it enforces, with the reason; the reason's "waive…" link pre-fills the waiver form.
 */
@KeelwatchIntegrationTest
class ALeadSeesWhatAWarnPolicyWouldBlockInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    MockMvc mvc;
    @Autowired
    InventoryService inventory;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theLeadSeesTheRunningWorkloadTheWarnPolicyWouldDenyWithItsReason() throws Exception {
        ProjectRef project = world.alphaProject();
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String environment = "gate-page-" + suffix;
        inventory.createEnvironment(environment, world.admin());
        String cluster = inventory.createCluster(environment + "-c", environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop", project.slug(), world.admin());
        String repository = "registry.example/gate-page-" + suffix + "/web";
        String digest = "sha256:" + HexFormat.of().formatHex(new byte[32]).replace('0', 'a');
        ObjectNode report = (ObjectNode) json.readTree(Fixtures.bytes("trivy/debian-buster.json.golden"));
        report.put("ArtifactName", repository + ":1.0");
        ((ObjectNode) report.get("Metadata")).putArray("RepoDigests").add(repository + "@" + digest);
        ((ObjectNode) report.get("Metadata")).putArray("RepoTags").add(repository + ":1.0");
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsBytes(report)).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated());
        ObjectNode pod = (ObjectNode) json.readTree(Fixtures.text("k8s/k9s_render_po.json"));
        ((ObjectNode) pod.path("metadata")).put("name", "shop-web-1").put("namespace", "shop");
        ((ObjectNode) pod.path("status").path("containerStatuses").get(0)).put("imageID", repository + "@" + digest);
        inventory.reportWorkloads(cluster, "shop", new ByteArrayInputStream(json.writeValueAsBytes(pod)),
                MediaType.APPLICATION_JSON_VALUE, world.admin());
        String policy = "no criticals " + environment;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", policy);
        body.put("imagePattern", "registry.example/gate-page-" + suffix + "/*");
        body.put("environments", List.of(environment));
        body.put("mode", "warn");
        body.put("vulnerabilities", Map.of("maxSeverity", "HIGH"));
        assertThat(new GateCalls(mvc).post("/api/v1/gate/policies", TestWorld.LEAD, body).status()).isEqualTo(201);

        signInOn("/signing", TestWorld.LEAD);
        clickInView(browser.findElement(By.cssSelector("[data-testid=gate-page-link]")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=gate-filter]")));
        new Select(browser.findElement(By.id("environment"))).selectByValue(environment);
        clickInView(browser.findElement(By.cssSelector("[data-testid=gate-filter] button[type=submit]")));
        wait.until(ExpectedConditions.urlContains("environment=" + environment));

        WebElement row = browser.findElement(By.cssSelector("[data-policy='" + policy + "']"));
        assertThat(row.findElement(By.cssSelector("[data-testid=policy-mode]")).getText()).isEqualTo("warn");
        assertThat(row.findElement(By.cssSelector("[data-testid=policy-affected]")).getText())
                .isEqualTo("1 — would be denied once it enforces");
        List<WebElement> workloads = browser.findElements(By.cssSelector("[data-testid=would-deny-row]"));
        assertThat(workloads).hasSize(1);
        WebElement workload = workloads.get(0);
        assertThat(workload.getAttribute("data-workload")).isEqualTo("shop/shop-web-1");
        assertThat(workload.getAttribute("data-decision")).isEqualTo("warn");
        WebElement reason = workload.findElement(By.cssSelector("[data-testid=gate-reason][data-rule=max-severity]"));
        assertThat(reason.getText()).contains(policy).contains("warns; denies once enforced").contains("1 CRITICAL");
        chromium.screenshot("gate-would-deny.png");

        clickInView(reason.findElement(By.cssSelector("[data-testid=waive-link]")));
        wait.until(ExpectedConditions.urlContains("rule=max-severity"));
        assertThat(new Select(browser.findElement(By.id("waiver-rule"))).getFirstSelectedOption().getText()).isEqualTo("max-severity");
        assertThat(browser.findElement(By.id("waiver-image")).getAttribute("value")).isEqualTo(repository);
        assertThat(browser.findElement(By.id("waiver-digest")).getAttribute("value")).isEqualTo(digest);
    }
}
