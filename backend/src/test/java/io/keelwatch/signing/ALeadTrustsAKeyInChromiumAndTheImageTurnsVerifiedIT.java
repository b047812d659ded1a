package io.keelwatch.signing;

import static io.keelwatch.signing.SigningCalls.SIGSTORE_RS;
import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * In real Chromium: sigstore-rs's busybox image, scanned into a project and signed by a key the project does
 * not trust, shows "untrusted signer" on its page; the lead pastes the key on the signing page for that
 * project, expiring in ten days, and the image page shows it verified by that key; the project page flags the key as
 * near its expiry.
 */
@KeelwatchIntegrationTest
class ALeadTrustsAKeyInChromiumAndTheImageTurnsVerifiedIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    MockMvc mvc;
    @Autowired
    ScanImportService imports;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theLeadAddsTheKeyAndTheImageTurnsVerified() throws Exception {
        ProjectRef project = world.alphaProject();
        ObjectNode report = (ObjectNode) json.readTree(Fixtures.bytes("trivy/alpine-310.json.golden"));
        report.put("ArtifactName", SIGSTORE_RS.repository() + ":1.36");
        ObjectNode metadata = (ObjectNode) report.get("Metadata");
        metadata.putArray("RepoDigests").add(SIGSTORE_RS.image());
        metadata.putArray("RepoTags").add(SIGSTORE_RS.repository() + ":1.36");
        imports.importReport(new ByteArrayInputStream(json.writeValueAsBytes(report)), project.slug(), null, world.admin());
        long imageId = jdbc.sql("select id from image where repository = :r and digest = :d")
                .param("r", SIGSTORE_RS.repository()).param("d", SIGSTORE_RS.digest()).query(Long.class).single();
        SigningCalls.Answer submitted = new SigningCalls(mvc).submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(),
                SIGSTORE_RS.payload(), SIGSTORE_RS.signature(), SIGSTORE_RS.publicKey());
        assertThat(submitted.body().get("status").asString()).isEqualTo("untrusted_signer");
        String imagePage = "/images/" + imageId + "?project=" + project.slug();

        signInOn(imagePage, TestWorld.LEAD);
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=image-signing]"), "data-signing-status", "untrusted_signer"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=signing-status]")).getText()).isEqualTo("untrusted signer");

        browser.get(url("/signing"));
        browser.findElement(By.id("key-name")).sendKeys("busybox release key");
        new Select(browser.findElement(By.id("key-scope"))).selectByValue("project:" + project.slug());
        browser.findElement(By.id("key-pem")).sendKeys(SIGSTORE_RS.publicKey());
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id("key-expires")),
                LocalDate.now(ZoneOffset.UTC).plusDays(10).toString());
        clickInView(browser.findElement(By.cssSelector("[data-testid=key-form] button[type=submit]")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "is trusted; signatures it made are verified again."));
        chromium.screenshot("signing-key-added.png");

        browser.get(url(imagePage));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=image-signing]"), "data-signing-status", "verified"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=signing-status]")).getText()).isEqualTo("verified");
        assertThat(browser.findElement(By.cssSelector("[data-testid=signing-signer]")).getText()).startsWith("busybox release key (SHA256:");
        chromium.screenshot("signing-image-verified.png");

        browser.get(url("/projects/" + project.slug()));
        String flag = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=project-key-near-expiry]")))
                .getText();
        assertThat(flag).matches("key busybox release key expires in (9|10) days");
        assertThat(browser.findElements(By.cssSelector("[data-testid=project-new-signer]"))).as("the project's first signer").isEmpty();
        chromium.screenshot("signing-key-near-expiry.png");
    }
}
