package io.keelwatch.findings.vex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * In real Chromium, the upload page takes an OpenVEX document where people bring reports: sent as a
 * scan report it is refused with a pointer to the OpenVEX form; sent through that form it becomes the
 * project's exceptions (approved, a lead imported it), and the project's exceptions link its OpenVEX
 * export, which downloads the same document the API answers.
 */
@KeelwatchIntegrationTest
class OpenVexFromTheUploadPageInChromiumIT extends BrowserTest {

    @Autowired
    TestWorld world;
    @Autowired
    MockMvc mvc;

    @Test
    void theUploadPageImportsOpenVexAndTheProjectLinksItsExport() throws Exception {
        ProjectRef project = world.alphaProject();
        Path vex = Files.createTempFile("trivy-openvex", ".json");
        Files.write(vex, Fixtures.bytes("cyclonedx-vex/trivy-openvex.json"));
        signInOn("/scans/upload", TestWorld.LEAD);

        chromium.expectFailedRequest(url("/scans/upload"), 415);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file"))).sendKeys(vex.toString());
        new Select(browser.findElement(By.id("project"))).selectByValue(project.slug());
        browser.findElement(By.cssSelector("[data-testid=upload-submit]")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=upload-error]"))).getText())
                .contains("openvex document", "Import it as exceptions with the OpenVEX form of the upload page");

        browser.findElement(By.id("vex-file")).sendKeys(vex.toString());
        new Select(browser.findElement(By.id("vex-project"))).selectByValue(project.slug());
        WebElement submit = browser.findElement(By.cssSelector("[data-testid=openvex-submit]"));
        // Bootstrap scrolls smoothly: a click during the scroll lands on whatever passes under the pointer
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", submit);
        submit.click();
        wait.until(ExpectedConditions.urlContains("/exceptions?project=" + project.slug()));
        assertThat(browser.findElement(By.cssSelector("[data-testid=flash-message]")).getText())
                .startsWith("OpenVEX imported into " + project.slug() + ": 1 exceptions created (1 approved)");
        assertThat(browser.findElement(By.cssSelector("[data-testid=exception-list]")).getText()).contains("approved");
        String export = browser.findElement(By.cssSelector("[data-testid=openvex-export]")).getAttribute("href");
        assertThat(export).isEqualTo(url("/projects/" + project.slug() + "/openvex.json"));

        mvc.perform(get("/projects/" + project.slug() + "/openvex.json").with(user(TestWorld.LEAD)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"" + project.slug() + ".openvex.json\""))
                .andExpect(jsonPath("$['@context']").value("https://openvex.dev/ns/v0.2.0"));
    }
}
