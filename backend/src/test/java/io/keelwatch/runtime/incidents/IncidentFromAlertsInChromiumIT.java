package io.keelwatch.runtime.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.Role;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.BrowserTest;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * In real Chromium (no console errors, no CSP violations): a security lead who reads times in Tokyo selects two alerts
 * on the alerts list and opens an incident of them, moves it to investigating with a note, adds another note, and the
 * incident's timeline shows the opening, the status change and the note, each at its Tokyo wall-clock time; the alert's
 * page names the incident.
 */
@KeelwatchIntegrationTest
class IncidentFromAlertsInChromiumIT extends BrowserTest {

    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String ZONE = "Asia/Tokyo";

    @Autowired
    TestWorld world;
    @Autowired
    AccessService access;
    @Autowired
    InventoryService inventory;
    @Autowired
    FalcoEventIngest ingest;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aLeadOpensAnIncidentFromAlertsMovesItToInvestigatingAndNotesIt() throws Exception {
        ShellEvents events = new ShellEvents(inventory, ingest, world, jdbc);
        String cluster = events.cluster("ui-inc");
        long first = events.alert(cluster, "shop-web", "web-1", "shell one", "Critical", Instant.parse("2024-09-01T08:00:00Z"));
        long second = events.alert(cluster, "shop-web", "web-1", "shell two", "Warning", Instant.parse("2024-09-01T08:20:00Z"));
        String person = "lena-" + UUID.randomUUID().toString().substring(0, 8);
        access.createLocalUser(person, "Lena Lead", TestWorld.PASSWORD, Role.SECURITY_LEAD, List.of());

        signInOn("/account", person);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeZone")));
        new Select(browser.findElement(By.id("timeZone"))).selectByValue(ZONE);
        browser.findElement(By.cssSelector("[data-testid=save-time-zone]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=chosen-zone]"), ZONE));

        browser.get(url("/alerts?cluster=" + cluster));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=new-incident]")));
        browser.findElement(By.cssSelector("input[name=alert][value='" + first + "']")).click();
        browser.findElement(By.cssSelector("input[name=alert][value='" + second + "']")).click();
        WebElement form = browser.findElement(By.cssSelector("[data-testid=new-incident]"));
        form.findElement(By.name("title")).sendKeys("Shells on web-1");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=incident-title]"), "Shells on web-1"));
        assertThat(browser.findElements(By.cssSelector("[data-testid=incident-alerts] tbody tr"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector("[data-testid=incident-status]")).getText()).isEqualTo("open");

        WebElement status = browser.findElement(By.cssSelector("[data-testid=status-form]"));
        new Select(status.findElement(By.name("status"))).selectByValue("investigating");
        status.findElement(By.name("note")).sendKeys("Looking at who opened the shells.");
        status.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=incident-status]"), "investigating"));
        WebElement note = browser.findElement(By.cssSelector("[data-testid=note-form]"));
        note.findElement(By.name("text")).sendKeys("kubectl exec by the on-call engineer.");
        note.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=incident-timeline] li"), 3));

        List<WebElement> timeline = browser.findElements(By.cssSelector("[data-testid=incident-timeline] li"));
        assertThat(timeline.stream().map(e -> e.getAttribute("data-kind")).toList()).containsExactly("created", "status", "note");
        assertThat(timeline.get(1).getText()).contains(person).contains("moved it from open to investigating")
                .contains("Looking at who opened the shells.");
        assertThat(timeline.get(2).getText()).contains("kubectl exec by the on-call engineer.");
        for (WebElement entry : timeline) {
            WebElement time = wait.until(d -> entry.findElement(By.cssSelector("time[data-local-time]")));
            String expected = OffsetDateTime.parse(time.getAttribute("datetime")).atZoneSameInstant(ZoneId.of(ZONE)).format(WALL_CLOCK);
            assertThat(time.getText()).as("in the reader's zone").startsWith(expected).doesNotEndWith("UTC");
        }
        chromium.screenshot("incident.png");

        browser.get(url("/alerts/" + first));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=alert-incident] a"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=incident-title]"), "Shells on web-1"));
        browser.get(url("/incidents"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=incident-board] [data-status=investigating]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=incident-board] [data-status=investigating]")).getText())
                .contains("Shells on web-1");
        chromium.screenshot("incidents.png");
    }
}
