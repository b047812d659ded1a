package io.keelwatch.access.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A person chooses the time zone Keelwatch shows times in on their account page (reached from
 * their name in the header): pages then show every time as the wall-clock time there, with the
 * zone's name, also after signing in again; choosing "my browser's" goes back to the browser's
 * zone. The API keeps answering ISO-8601 times with their offset.
 */
@KeelwatchIntegrationTest
class TimesShowInThePersonsChosenZoneInChromiumIT extends BrowserTest {

    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Autowired
    TestWorld world;
    @Autowired
    AccessService access;
    @Autowired
    ScanImportService imports;
    @Autowired
    MockMvc mvc;

    @Test
    void aChosenZoneShowsOnEveryPageWithItsNameAndSurvivesSigningInAgain() throws Exception {
        String person = "zoe-" + UUID.randomUUID().toString().substring(0, 8);
        access.createLocalUser(person, "Zoe Zone", TestWorld.PASSWORD, Role.DEVELOPER, List.of(world.alpha().id()));
        ProjectRef project = world.alphaProject();
        ImportResult scan = (ImportResult) imports.importReport(new ByteArrayInputStream(Fixtures.bytes("trivy/alpine-39.json.golden")),
                project.slug(), null, new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of()));
        long imageId = imageOf(scan);
        String imagePage = "/images/" + imageId + "?project=" + project.slug();

        signInOn(imagePage, person);
        assertThat(zoneMeta()).as("no zone chosen: the browser's").isEmpty();

        browser.findElement(By.cssSelector("[data-testid=account-link]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeZone")));
        new Select(browser.findElement(By.id("timeZone"))).selectByValue("Asia/Tokyo");
        browser.findElement(By.cssSelector("[data-testid=save-time-zone]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=chosen-zone]"), "Asia/Tokyo"));
        assertThat(zoneMeta()).containsExactly("Asia/Tokyo");

        browser.get(url(imagePage));
        assertScanTimeIn("Asia/Tokyo");

        browser.findElement(By.cssSelector("[data-testid=sign-out]")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        signInOn(imagePage, person);
        assertScanTimeIn("Asia/Tokyo");

        browser.get(url("/account"));
        new Select(browser.findElement(By.id("timeZone"))).selectByValue("");
        browser.findElement(By.cssSelector("[data-testid=save-time-zone]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=chosen-zone]"), "browser"));
        assertThat(zoneMeta()).as("back to the browser's zone").isEmpty();

        mvc.perform(get("/api/v1/scans/" + scan.scanId()).with(httpBasic(person, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.importedAt").value(org.hamcrest.Matchers.matchesPattern(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)")));
    }

    /** The scan's import time reads as the wall clock in {@code zone}, followed by the zone's name (not UTC). */
    private void assertScanTimeIn(String zone) {
        WebElement time = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=scan-link] time[data-local-time]")));
        OffsetDateTime at = OffsetDateTime.parse(time.getAttribute("datetime"));
        String expected = at.atZoneSameInstant(ZoneId.of(zone)).format(WALL_CLOCK);
        assertThat(time.getText()).startsWith(expected).doesNotEndWith("UTC").hasSizeGreaterThan(expected.length() + 1);
    }

    private List<String> zoneMeta() {
        return browser.findElements(By.cssSelector("meta[name=keelwatch-time-zone]")).stream()
                .map(meta -> meta.getAttribute("content")).toList();
    }

    private long imageOf(ImportResult scan) throws Exception {
        String body = mvc.perform(get("/api/v1/scans/" + scan.scanId()).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return Long.parseLong(body.replaceAll("(?s).*\"imageId\"\\s*:\\s*(\\d+).*", "$1"));
    }
}
