package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.KeelwatchApplication;
import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.NewApiToken;
import io.keelwatch.access.Scope;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.BrowserSession;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.KeepAliveHttpClient;
import io.keelwatch.testsupport.TestWorld;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Keelwatch replicas on one PostgreSQL, as the Kubernetes deployment runs them: a browser signed in on one is
 * signed in on the other (sessions live in the database); while one replica runs the scheduled jobs the other's runs
 * of every one of them skip, and run once the first is done; Falco events and the same report posted to both at once
 * are stored once, folded into the same alert.
 */
@KeelwatchIntegrationTest
class TwoReplicasShareOneDatabaseIT {

    private static final List<String> JOBS = List.of("exception-expiry", "signing-key-expiry", "runtime-retention",
            "incident-grouping");

    @LocalServerPort
    int port;
    @Value("${spring.datasource.url}")
    String databaseUrl;
    @Autowired
    TestWorld world;
    @Autowired
    ExclusiveJobs jobs;
    @Autowired
    InventoryService inventory;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;

    @Test
    void sessionsJobsEventsAndImportsAreSharedByBothReplicas() throws Exception {
        String project = world.alphaProject().slug();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(KeelwatchApplication.class)
                .properties("spring.datasource.url=" + databaseUrl, "server.port=0", "spring.main.banner-mode=off",
                        "keelwatch.runtime.incidents.grouping.enabled=true")
                .run()) {
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();

            BrowserSession lead = BrowserSession.signedIn(port, TestWorld.LEAD);
            HttpResponse<String> there = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + secondPort + "/")).header("Accept", BrowserSession.HTML)
                    .header("Cookie", "SESSION=" + lead.sessionCookie().orElseThrow()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(there.statusCode()).as("the second replica knows the first one's session").isEqualTo(200);
            assertThat(there.body()).contains("data-testid=\"sign-out\"");

            List<Runnable> secondsJobs = second.getBeansOfType(ScheduledTaskHolder.class).values().stream()
                    .flatMap(holder -> holder.getScheduledTasks().stream()).map(ScheduledTask::getTask)
                    .map(task -> task.getRunnable()).distinct().toList();
            MeterRegistry secondsMeters = second.getBean(MeterRegistry.class);
            holding(JOBS, () -> secondsJobs.forEach(Runnable::run));
            for (String job : JOBS) {
                assertThat(runs(secondsMeters, job, "skipped")).as(job + " skipped while the first replica held it").isPositive();
                assertThat(runs(secondsMeters, job, "ran")).as(job + " did not run beside the first replica").isZero();
            }
            secondsJobs.forEach(Runnable::run);
            for (String job : JOBS) {
                assertThat(runs(secondsMeters, job, "ran")).as(job + " ran once free").isPositive();
            }

            String cluster = "replicas-" + System.nanoTime();
            inventory.createCluster(cluster, inventory.createEnvironment(cluster, world.admin()).name(), null, world.admin());
            String falco = tokens.create(new NewApiToken("falco", TestWorld.LEAD, null, List.of("alerts:write"), null, cluster),
                    world.admin()).secret();
            String scans = world.token(TestWorld.ALICE, null, Scope.SCANS_WRITE);
            byte[] report = Fixtures.bytes("trivy/alpine-39.json.golden");
            ExecutorService both = Executors.newFixedThreadPool(4);
            List<Future<List<Integer>>> answers = new ArrayList<>();
            // events 0-149 to the first replica and 100-249 to the second: 50 sent to both
            answers.add(both.submit(posting(port, falco, 0, 150)));
            answers.add(both.submit(posting(secondPort, falco, 100, 250)));
            answers.add(both.submit(importing(port, scans, project, report)));
            answers.add(both.submit(importing(secondPort, scans, project, report)));
            for (Future<List<Integer>> answer : answers) {
                assertThat(answer.get()).as("every post answered 2xx").allMatch(status -> status / 100 == 2);
            }
            both.shutdown();

            long clusterId = jdbc.sql("select id from cluster where name = :n").param("n", cluster).query(Long.class).single();
            assertThat(jdbc.sql("select count(*) from runtime_event where cluster_id = :c").param("c", clusterId)
                    .query(Long.class).single()).isEqualTo(250);
            assertThat(jdbc.sql("select count(*), sum(event_count) from runtime_alert where cluster_id = :c").param("c", clusterId)
                    .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single()).containsExactly(1L, 250L);
            assertThat(findings(project)).as("the report imported on both at once: its findings once").isEqualTo(vulnerabilities(report));
        }
    }

    /** The (vulnerability, package) pairs a Trivy report lists. */
    private long vulnerabilities(byte[] report) {
        Set<String> pairs = new HashSet<>();
        JsonMapper.builder().build().readTree(report).path("Results").forEach(result -> result.path("Vulnerabilities")
                .forEach(v -> pairs.add(v.path("VulnerabilityID").asString() + " " + v.path("PkgName").asString())));
        return pairs.size();
    }

    private long findings(String project) {
        return jdbc.sql("select count(*) from finding f join project p on p.id = f.project_id where p.slug = :p")
                .param("p", project).query(Long.class).single();
    }

    /** Runs {@code then} while this replica holds every job's lock (nested runs join one transaction). */
    private void holding(List<String> names, Runnable then) {
        if (names.isEmpty()) {
            then.run();
            return;
        }
        jobs.run(names.get(0), () -> {
            holding(names.subList(1, names.size()), then);
            return true;
        });
    }

    private static double runs(MeterRegistry meters, String job, String outcome) {
        Timer timer = meters.find("keelwatch.jobs.runs").tag("job", job).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    /** Falcosidekick posts of events {@code from} to {@code to} (one shell each, all in one pod and hour). */
    private static Callable<List<Integer>> posting(int port, String token, int from, int to) {
        return () -> {
            List<Integer> statuses = new ArrayList<>();
            try (KeepAliveHttpClient http = new KeepAliveHttpClient("127.0.0.1", port)) {
                for (int i = from; i < to; i++) {
                    String event = """
                            {"output":"Notice A shell was spawned (command=sh -c replica-%d)","priority":"Notice",
                             "rule":"Terminal shell in container","time":"2026-12-04T10:00:%02d.%06dZ","hostname":"worker-1",
                             "output_fields":{"k8s.ns.name":"shop","k8s.pod.name":"web-1","container.id":"0123456789ab",
                             "proc.cmdline":"sh -c replica-%d"}}""".formatted(i, i % 60, i, i);
                    statuses.add(http.post("/api/v1/alerts/falco", "Bearer " + token, "application/json",
                            event.getBytes(StandardCharsets.UTF_8)).status());
                }
            }
            return statuses;
        };
    }

    private static Callable<List<Integer>> importing(int port, String token, String project, byte[] report) {
        return () -> {
            try (KeepAliveHttpClient http = new KeepAliveHttpClient("127.0.0.1", port)) {
                return List.of(http.post("/api/v1/scans?project=" + project, "Bearer " + token, "application/json", report).status());
            }
        };
    }
}
