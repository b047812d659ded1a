package io.keelwatch.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.ExclusiveJobs;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Retention on the day-partitioned {@code runtime_event} (V25), run as if days had passed: a day older
 * than the longest retention (365 days) is dropped as a whole partition; notice (90 days) and
 * informational (30) events go earlier, row by row; a back-filled event older than every partition sits
 * in the default partition until its retention passes; an event dated beyond the days made ahead moves
 * into its day's partition when that is made; a re-sent event stays a duplicate in its partition; the
 * folded alerts outlive all their events. While another replica holds the job's lock, a run does nothing.
 */
@KeelwatchIntegrationTest
@TestPropertySource(properties = "keelwatch.runtime.partitions-ahead=3")
class OldEventsArePurgedByDroppingPartitionsIT {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventRetention retention;
    @Autowired
    DataSource dataSource;

    @Test
    void oldDaysAreDroppedShorterKeptPrioritiesDeletedAndAlertsKept() throws Exception {
        String environment = inventory.createEnvironment("retention", world.admin()).name();
        String cluster = inventory.createCluster("retention", environment, null, world.admin()).name();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant future = now.plus(Duration.ofDays(20));
        String lines = String.join("\n",
                event(now, "critical", "Critical"),
                event(now, "notice", "Notice"),
                event(now, "info", "Informational"),
                event(now.minus(Duration.ofDays(800)), "backfilled", "Critical"),
                event(future, "future", "Critical"));
        send(cluster, lines).andExpect(jsonPath("$.stored").value(5));
        assertThat(partitionOf("critical")).isEqualTo("runtime_event_p" + DAY.format(today));
        assertThat(partitionOf("backfilled")).isEqualTo("runtime_event_default");
        assertThat(partitionOf("future")).isEqualTo("runtime_event_default");
        long alerts = alerts(cluster);
        assertThat(alerts).isEqualTo(5);

        // 18 days on: the days up to the future event's are made, and it moves into its own; the 800-day-old one goes
        EventRetention.Outcome later = retention.run(now.plus(Duration.ofDays(18)));
        assertThat(later.ran()).isTrue();
        assertThat(later.created()).contains("runtime_event_p" + DAY.format(today.plusDays(20)));
        assertThat(later.dropped()).isEmpty();
        assertThat(partitionOf("future")).isEqualTo("runtime_event_p" + DAY.format(today.plusDays(20)));
        assertThat(stored(cluster)).containsExactlyInAnyOrder("critical", "notice", "info", "future");
        // the same event again meets its stored copy in its partition
        send(cluster, event(future, "future", "Critical")).andExpect(jsonPath("$.duplicates").value(1));

        // 40 days: informational (30 days) deleted, the rest kept
        assertThat(retention.run(now.plus(Duration.ofDays(40))).deleted()).isEqualTo(1);
        assertThat(stored(cluster)).containsExactlyInAnyOrder("critical", "notice", "future");
        // 100 days: notice (90) too
        retention.run(now.plus(Duration.ofDays(100)));
        assertThat(stored(cluster)).containsExactlyInAnyOrder("critical", "future");

        // 367 days: today's partition is dropped whole, not emptied row by row
        EventRetention.Outcome yearOn = retention.run(now.plus(Duration.ofDays(367)));
        assertThat(yearOn.dropped()).contains("runtime_event_p" + DAY.format(today)).doesNotContain(
                "runtime_event_p" + DAY.format(today.plusDays(20)));
        assertThat(yearOn.deleted()).isZero();
        assertThat(jdbc.sql("select to_regclass(:name) is null").param("name", "runtime_event_p" + DAY.format(today))
                .query(Boolean.class).single()).isTrue();
        assertThat(stored(cluster)).containsExactly("future");
        assertThat(alerts(cluster)).isEqualTo(alerts);

        // another replica holds the lock: this one skips
        try (Connection other = dataSource.getConnection()) {
            other.createStatement().execute("select pg_advisory_lock(" + ExclusiveJobs.lockKey(EventRetention.JOB) + ")");
            assertThat(retention.run(now.plus(Duration.ofDays(800))).ran()).isFalse();
            other.createStatement().execute("select pg_advisory_unlock(" + ExclusiveJobs.lockKey(EventRetention.JOB) + ")");
        }
        assertThat(stored(cluster)).containsExactly("future");
    }

    private org.springframework.test.web.servlet.ResultActions send(String cluster, String lines) throws Exception {
        return mvc.perform(post("/api/v1/alerts/falco").param("cluster", cluster)
                        .contentType(MediaType.parseMediaType("application/x-ndjson")).content(lines)
                        .with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)))
                .andExpect(status().isOk());
    }

    static String event(Instant time, String pod, String priority) {
        return ("{\"output\":\"A shell was spawned\",\"priority\":\"%s\",\"rule\":\"Terminal shell in container\",\"time\":\"%s\","
                + "\"hostname\":\"node-1\",\"output_fields\":{\"k8s.ns.name\":\"shop\",\"k8s.pod.name\":\"%s\","
                + "\"container.id\":\"0123456789ab\",\"proc.cmdline\":\"sh\"}}").formatted(priority, time, pod);
    }

    private String partitionOf(String pod) {
        return jdbc.sql("select cast(tableoid::regclass as text) from runtime_event where pod = :pod")
                .param("pod", pod).query(String.class).single();
    }

    private List<String> stored(String cluster) {
        return jdbc.sql("select e.pod from runtime_event e join cluster c on c.id = e.cluster_id where c.name = :c")
                .param("c", cluster).query(String.class).list();
    }

    private long alerts(String cluster) {
        return jdbc.sql("select count(*) from runtime_alert a join cluster c on c.id = a.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single();
    }
}
