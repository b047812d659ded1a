package io.keelwatch.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.NewApiToken;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.incidents.IncidentService;
import io.keelwatch.runtime.incidents.NewIncident;
import io.keelwatch.testsupport.BrowserSession;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.KeepAliveHttpClient;
import io.keelwatch.testsupport.TestWorld;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Falco ingest under load, printed, not asserted (machines differ). Run: see docs/performance.md; not part
 * of {@code ./mvnw verify}. A database pre-filled with {@code benchmark.events} (10,000,000) stored events
 * (set-based, into the day partitions), then {@code benchmark.clients} (64) keep-alive clients post single
 * Falcosidekick events for {@code benchmark.seconds} (30) each against: a bare endpoint behind the same
 * authentication that reads the body and does nothing (the ceiling of HTTP + authentication at this
 * concurrency; registered by this class's own configuration, never shipped), and the real endpoint, both warmed
 * first ({@code benchmark.warmup}, 40 s, and half that) and each again for half that right before its run.
 * Then the batch insert alone (the writer's statement in 500-event transactions, one thread: the
 * database's share). Every event answered 2xx is counted in the database afterwards.
 */
@KeelwatchIntegrationTest
class FalcoIngestBenchmark {

    private static final int SEEDED = Integer.getInteger("benchmark.events", 10_000_000);
    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 64);
    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 30);
    /** Long enough for the JIT to finish the hot paths, which otherwise takes a core from the measured run. */
    private static final int WARM_UP = Integer.getInteger("benchmark.warmup", 40);
    private static final int PAGE_READS = 100;
    private static final int BATCH = 500;

    /** A do-nothing endpoint behind the same authentication and rule as the Falco endpoint: the benchmark's ceiling. */
    @TestConfiguration(proxyBeanMethods = false)
    static class BareEndpoint {
        @Bean
        BareController bareController() {
            return new BareController();
        }
    }

    @RestController
    static class BareController {
        @PostMapping("/api/v1/benchmark/bare")
        @PreAuthorize("@access.canWriteAlerts()")
        Map<String, Integer> bare(HttpServletRequest request) throws IOException {
            return Map.of("read", request.getInputStream().readAllBytes().length);
        }
    }

    private record Run(long ok, long other, double seconds, List<Long> nanos) {
        double rate() {
            return ok / seconds;
        }

        double percentile(double p) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventWriter writer;
    @Autowired
    FalcoEventReader reader;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    IncidentService incidents;

    @Test
    void ingestAtScale() throws Exception {
        String environment = inventory.createEnvironment("bench", world.admin()).name();
        ClusterSummary seeded = inventory.createCluster("bench-seeded", environment, null, world.admin());
        ClusterSummary live = inventory.createCluster("bench-live", environment, null, world.admin());
        String token = tokens.create(new NewApiToken("bench", TestWorld.LEAD, null, List.of("alerts:write"), null, live.name()),
                world.admin()).secret();
        long seedStart = System.nanoTime();
        seed(seeded.id(), SEEDED);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        String falco = "/api/v1/alerts/falco";
        String bare = "/api/v1/benchmark/bare";
        // both warmed, then each warmed again right before its own run: the bare run alone re-profiles the shared
        // request path, and the JIT then recompiled it during the Falco run (a third of the JVM's CPU in its first seconds)
        load(falco, token, "warm", WARM_UP);
        load(bare, token, "warm-bare", WARM_UP / 2);
        Run bareRun = load(bare, token, "bare", SECONDS);
        load(falco, token, "rewarm", WARM_UP / 2);
        Instant postsStart = Instant.now();
        Run ingestRun = load(falco, token, "run", SECONDS);
        long stored = jdbc.sql("""
                select count(*) from runtime_event where cluster_id = :c and output_fields ->> 'proc.cmdline' like 'bench run-%'""")
                .param("c", live.id()).query(Long.class).single();
        double insertRate = batchInsertRate(seeded.id(), Math.max(5, SECONDS / 3));
        long total = jdbc.sql("select count(*) from runtime_event").query(Long.class).single();
        long alerts = jdbc.sql("select count(*) from runtime_alert").query(Long.class).single();
        Map<String, Double> pages = pageTimes(seeded);

        StringBuilder out = new StringBuilder();
        out.append("\n=== Keelwatch Falco ingest benchmark (").append(postsStart).append(") ===\n");
        out.append("machine: %d cores, %s, PostgreSQL %s%n".formatted(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), jdbc.sql("show server_version").query(String.class).single()));
        out.append("database: %,d events stored (seeded %,d in %.1f s)%n".formatted(total, SEEDED, seedSeconds));
        out.append("%d keep-alive clients, one Falcosidekick event per request, %d s each%n".formatted(CLIENTS, SECONDS));
        out.append(line("bare authenticated endpoint (ceiling)", bareRun));
        out.append(line("POST /api/v1/alerts/falco", ingestRun));
        out.append("ingest / bare: %.0f %%%n".formatted(100 * ingestRun.rate() / bareRun.rate()));
        out.append("answered 2xx: %,d; stored: %,d; lost: %,d%n".formatted(ingestRun.ok(), stored, ingestRun.ok() - stored));
        out.append("batch insert alone (%d events a transaction, one thread): %,.0f events/s%n".formatted(BATCH, insertRate));
        out.append("pages read by a signed-in lead, %d times each, with %,d events and %,d alerts stored (p95):%n"
                .formatted(PAGE_READS, total, alerts));
        pages.forEach((page, p95) -> out.append("  %-58s p95 %.1f ms%n".formatted(page, p95)));
        System.out.println(out);
        assertThat(stored).isGreaterThanOrEqualTo(ingestRun.ok());
    }

    private static String line(String what, Run run) {
        return "%-40s %,9.0f requests/s  p50 %.1f ms  p99 %.1f ms  (%,d answered 2xx, %,d other)%n".formatted(what + ":", run.rate(),
                run.percentile(0.50), run.percentile(0.99), run.ok(), run.other());
    }

    /** {@code clients} threads, each posting one event at a time on its keep-alive connection until the time is up. */
    private Run load(String path, String token, String label, int seconds) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(threads.submit(() -> {
                List<Long> own = new ArrayList<>();
                try (KeepAliveHttpClient http = new KeepAliveHttpClient("127.0.0.1", port)) {
                    for (long n = 0; System.nanoTime() < end; n++) {
                        byte[] body = event("bench " + label + "-" + client + "-" + n).getBytes(StandardCharsets.UTF_8);
                        long sent = System.nanoTime();
                        KeepAliveHttpClient.Response answer = http.post(path, "Bearer " + token, "application/json", body);
                        own.add(System.nanoTime() - sent);
                        if (answer.status() / 100 == 2) {
                            ok.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    }
                }
                nanos.addAll(own);
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        return new Run(ok.get(), other.get(), elapsed, nanos);
    }

    /**
     * The alerts list (default, filtered to a cluster and a priority, its chart), the incidents board and an incident
     * of 50 seeded alerts, each read {@link #PAGE_READS} times in a row by a signed-in lead: p95 in milliseconds.
     */
    private Map<String, Double> pageTimes(ClusterSummary seeded) throws Exception {
        List<Long> alertIds = jdbc.sql("select id from runtime_alert where cluster_id = :c and pod = 'pod-7' order by id limit 50")
                .param("c", seeded.id()).query(Long.class).list();
        long incident = incidents.create(new NewIncident("Benchmark incident", "high", alertIds), world.admin()).incident().id();
        BrowserSession lead = BrowserSession.signedIn(port, TestWorld.LEAD);
        Map<String, Double> p95 = new LinkedHashMap<>();
        for (String page : List.of("/alerts", "/alerts?cluster=bench-seeded&priority=warning", "/alerts/chart.json",
                "/incidents", "/incidents/" + incident)) {
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < PAGE_READS + 10; i++) {
                long sent = System.nanoTime();
                HttpResponse<String> answer = lead.get(page);
                assertThat(answer.statusCode()).as(page).isEqualTo(200);
                if (i >= 10) {
                    nanos.add(System.nanoTime() - sent);
                }
            }
            p95.put(page, new Run(nanos.size(), 0, 1, nanos).percentile(0.95));
        }
        return p95;
    }

    /** The writer's statement alone: 500 new events a transaction, one thread, for the given seconds. */
    private double batchInsertRate(long clusterId, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long written = 0;
        for (int round = 0; System.nanoTime() < end; round++) {
            List<EventRow> rows = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                FalcoEvent event = reader.readOne(event("bench insert-" + round + "-" + i).getBytes(StandardCharsets.UTF_8));
                rows.add(new EventRow(event, clusterId, Instant.ofEpochSecond(event.time().getEpochSecond() / 3600 * 3600)));
            }
            written += transaction.execute(status -> writer.write(rows)).size();
        }
        return written / ((System.nanoTime() - start) / 1e9);
    }

    /** A Falcosidekick payload of a shell in a container, now, told apart by its command line. */
    static String event(String id) {
        return "{\"uuid\":\"" + java.util.UUID.randomUUID() + "\",\"output\":\"12:00:00.000000001: Notice A shell was spawned in a "
                + "container with an attached terminal (user=root command=" + id + " container_id=0123456789ab k8s_ns=shop "
                + "k8s_pod_name=web-1)\",\"priority\":\"Notice\",\"rule\":\"Terminal shell in container\",\"time\":\"" + Instant.now()
                + "\",\"output_fields\":{\"container.id\":\"0123456789ab\",\"container.image.repository\":\"registry.example/shop/web\","
                + "\"container.image.tag\":\"1.0\",\"k8s.ns.name\":\"shop\",\"k8s.pod.name\":\"web-1\",\"proc.cmdline\":\"" + id
                + "\",\"user.name\":\"root\"},\"source\":\"syscall\",\"tags\":[\"container\",\"shell\"],\"hostname\":\"worker-1\"}\n";
    }

    /**
     * {@code count} events of one cluster over the days that have partitions (today and the next seven),
     * 40 rules on 2,000 pods in 50 namespaces, and their alerts folded per hour, in two set-based statements.
     */
    private void seed(long clusterId, int count) {
        jdbc.sql("""
                insert into runtime_event (cluster_id, content_hash, namespace, pod, container_id, rule, window_start, event_time,
                        priority_rank, hostname, source, uuid, output, output_fields, tags)
                select :cluster, decode(md5(cast(i as text)) || md5('x' || i), 'hex'), 'ns-' || (i % 50), 'pod-' || (i % 2000),
                       'c' || (i % 2000), 'rule-' || (i % 40), date_trunc('hour', t), t, 2 + (i % 6), 'node-' || (i % 20), 'syscall',
                       md5('u' || i), 'A shell was spawned (command=sh -c seeded-' || i || ')',
                       jsonb_build_object('k8s.ns.name', 'ns-' || (i % 50), 'k8s.pod.name', 'pod-' || (i % 2000),
                               'container.id', 'c' || (i % 2000), 'proc.cmdline', 'sh -c seeded-' || i, 'user.name', 'root'),
                       array['container', 'shell']
                from generate_series(1, :count) i,
                     lateral (select date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'
                                     + (i * interval '7 days' / :count) as t) times
                """).param("cluster", clusterId).param("count", count).update();
        jdbc.sql("""
                insert into runtime_alert (cluster_id, namespace, pod, container_id, rule, window_start, priority_rank, source,
                        event_count, first_seen, last_seen)
                select cluster_id, namespace, pod, container_id, rule, window_start, min(priority_rank), 'syscall', count(*),
                       min(event_time), max(event_time)
                from runtime_event where cluster_id = :cluster
                group by cluster_id, namespace, pod, container_id, rule, window_start
                """).param("cluster", clusterId).update();
        jdbc.sql("analyze runtime_event").update();
        jdbc.sql("analyze runtime_alert").update();
    }
}
