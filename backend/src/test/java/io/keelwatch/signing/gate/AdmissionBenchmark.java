package io.keelwatch.signing.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.NewApiToken;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.KeepAliveHttpClient;
import io.keelwatch.testsupport.TestWorld;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admission decisions under load, printed, not asserted (machines differ). Run: see docs/performance.md; not part of
 * {@code ./mvnw verify}. A database seeded set-based with {@code benchmark.images} (10,000) images in 1,000
 * repositories, each scanned, {@code benchmark.findings} (1,000,000) findings spread over them and
 * {@code benchmark.policies} (100) gate policies for the cluster's environment (globs over the repositories, warn and
 * enforce, signature, severity and scan-age rules), the findings vacuumed as autovacuum soon would; then
 * {@code benchmark.clients} (32) keep-alive callers post
 * AdmissionReviews for {@code benchmark.seconds} (30) each: Pod creations of 1,000 Deployments naming seeded images
 * by digest, as the API server sends them when a controller creates Pods. First against a bare endpoint behind the
 * same authentication and rule that reads the body and does nothing (the ceiling of HTTP + authentication at this
 * concurrency; registered by this class's configuration only), then against the webhook; both warmed first for
 * {@code benchmark.warmup} (30) seconds and each again for half that right before its run. The webhook's warm-up posts
 * every review once before its timed warm-up, so all the timed run lets in is already recorded (steady state: no
 * writes). The callers are {@link KeepAliveHttpClient}s, which leave the two cores to the server. Printed for each:
 * reviews/s and the callers' p50/p99; the server's own p50/p99 (a first filter's clock, from before authentication
 * to the answer written); for the webhook, the mean of the gate's {@code keelwatch.gate.decisions} timer over the
 * timed run.
 */
@KeelwatchIntegrationTest
class AdmissionBenchmark {

    private static final int IMAGES = Integer.getInteger("benchmark.images", 10_000);
    private static final int FINDINGS = Integer.getInteger("benchmark.findings", 1_000_000);
    private static final int POLICIES = Integer.getInteger("benchmark.policies", 100);
    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 32);
    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 30);
    private static final int WARM_UP = Integer.getInteger("benchmark.warmup", 30);
    private static final int DEPLOYMENTS = 1_000;

    /**
     * A do-nothing endpoint behind the webhook's authentication and rule (the benchmark's ceiling), and the server's
     * own clock on both endpoints.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class BareEndpoint {
        @Bean
        BareController bareAdmissionController() {
            return new BareController();
        }

        @Bean
        ServerTimes serverTimes() {
            return new ServerTimes();
        }

        /** First of every filter, so the time includes authentication, the review and writing the answer. */
        @Bean
        FilterRegistrationBean<Filter> serverTimeFilter(ServerTimes times) {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                long start = System.nanoTime();
                try {
                    chain.doFilter(request, response);
                } finally {
                    times.add(System.nanoTime() - start);
                }
            });
            registration.addUrlPatterns("/api/v1/admission", "/api/v1/benchmark/bare-admission");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    /**
     * How long the server spent on each request, from the first filter's entry to its exit (the time in the
     * servlet container: authentication, the review, the answer written; not the connector's queue nor the caller's
     * own time); kept only while a measure runs.
     */
    static final class ServerTimes {
        private volatile long[] nanos = new long[0];
        private final AtomicInteger next = new AtomicInteger();

        void start(int capacity) {
            next.set(0);
            nanos = new long[capacity];
        }

        void add(long took) {
            long[] into = nanos;
            int at = next.getAndIncrement();
            if (at < into.length) {
                into[at] = took;
            }
        }

        long[] stop() {
            long[] taken = Arrays.copyOf(nanos, Math.min(next.get(), nanos.length));
            nanos = new long[0];
            Arrays.sort(taken);
            return taken;
        }
    }

    @RestController
    static class BareController {
        @PostMapping("/api/v1/benchmark/bare-admission")
        @PreAuthorize("@access.canReviewAdmission()")
        Map<String, Integer> bare(HttpServletRequest request) throws IOException {
            return Map.of("read", request.getInputStream().readAllBytes().length);
        }
    }

    /** @param nanos the callers' answer times; @param serverNanos the server's own times of the same requests */
    private record Run(long allowed, long denied, long other, double seconds, long[] nanos, long[] serverNanos) {
        double rate() {
            return (allowed + denied) / seconds;
        }

        double percentile(double p) {
            return percentile(nanos, p);
        }

        double serverPercentile(double p) {
            return percentile(serverNanos, p);
        }

        static double percentile(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
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
    ServerTimes serverTimes;
    @Autowired
    MeterRegistry meters;

    @Test
    void admissionAtScale() throws Exception {
        String environment = inventory.createEnvironment("bench", world.admin()).name();
        ClusterSummary cluster = inventory.createCluster("bench-admission", environment, null, world.admin());
        String token = "Bearer " + tokens.create(new NewApiToken("bench webhook", TestWorld.LEAD, null, List.of("admission:review"),
                null, cluster.name()), world.admin()).secret();
        long seedStart = System.nanoTime();
        List<String> images = seed(world.alphaProject(), environment);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        List<byte[]> reviews = new ArrayList<>();
        for (int d = 0; d < DEPLOYMENTS; d++) {
            reviews.add(podCreation(d, images.get(d * Math.max(1, images.size() / DEPLOYMENTS) % images.size())));
        }

        // both warmed long enough for the JIT, then each again right before its own run: the bare run alone re-profiles
        // the shared request path, which the JIT then recompiled during the webhook's run
        load("/api/v1/benchmark/bare-admission", token, reviews, WARM_UP);
        postEachOnce("/api/v1/admission", token, reviews);
        load("/api/v1/admission", token, reviews, WARM_UP);
        load("/api/v1/benchmark/bare-admission", token, reviews, WARM_UP / 2);
        long recordedBefore = recordedWorkloads(cluster);
        Run bare = load("/api/v1/benchmark/bare-admission", token, reviews, SECONDS);
        load("/api/v1/admission", token, reviews, WARM_UP / 2);
        Instant runStart = Instant.now();
        long[] decisionsBefore = decisions();
        Run admission = load("/api/v1/admission", token, reviews, SECONDS);
        long[] decisionsAfter = decisions();
        long recorded = recordedWorkloads(cluster);
        long decided = decisionsAfter[0] - decisionsBefore[0];

        StringBuilder out = new StringBuilder();
        out.append("\n=== Keelwatch admission benchmark (").append(runStart).append(") ===\n");
        out.append("machine: %d cores, %s, PostgreSQL %s%n".formatted(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), jdbc.sql("show server_version").query(String.class).single()));
        out.append("database: %,d images, %,d findings, %,d gate policies (seeded in %.1f s)%n".formatted(
                jdbc.sql("select count(*) from image").query(Long.class).single(),
                jdbc.sql("select count(*) from finding").query(Long.class).single(),
                jdbc.sql("select count(*) from gate_policy").query(Long.class).single(), seedSeconds));
        out.append("%d keep-alive callers, Pod creations of %,d Deployments by digest, %d s each%n".formatted(CLIENTS, DEPLOYMENTS,
                SECONDS));
        out.append(line("bare authenticated endpoint (ceiling)", bare));
        out.append(line("POST /api/v1/admission", admission));
        out.append("server time (first filter in to out)        bare: p50 %.2f ms  p99 %.2f ms;  admission: p50 %.2f ms  p99 %.2f ms%n"
                .formatted(bare.serverPercentile(0.50), bare.serverPercentile(0.99), admission.serverPercentile(0.50),
                        admission.serverPercentile(0.99)));
        out.append("the decision alone (keelwatch.gate.decisions): %,d decided, mean %.2f ms%n".formatted(decided,
                decided == 0 ? 0 : (decisionsAfter[1] - decisionsBefore[1]) / 1e6 / decided));
        out.append("admission / bare: %.0f %%; answers allowed %,d, denied %,d; workloads recorded %,d (%,d before the timed run)%n"
                .formatted(100 * admission.rate() / bare.rate(), admission.allowed(), admission.denied(), recorded, recordedBefore));
        System.out.println(out);
        assertThat(admission.other()).as("every review gets an AdmissionReview").isZero();
        assertThat(recorded).as("the warm-up recorded everything the timed run lets in: it measures the steady state")
                .isEqualTo(recordedBefore);
    }

    /** How many decisions the gate's timer counted, and their total time in nanoseconds, over every outcome. */
    private long[] decisions() {
        long[] sum = new long[2];
        for (Timer timer : meters.find("keelwatch.gate.decisions").timers()) {
            sum[0] += timer.count();
            sum[1] += (long) timer.totalTime(TimeUnit.NANOSECONDS);
        }
        return sum;
    }

    private long recordedWorkloads(ClusterSummary cluster) {
        return jdbc.sql("select count(*) from workload where cluster_id = :c").param("c", cluster.id()).query(Long.class).single();
    }

    /**
     * Every review once, shared among the callers: what an admission lets in is recorded the first time (a few writes)
     * and costs one read after, so the timed run, which cycles through the same reviews, sees the steady state only.
     */
    private void postEachOnce(String path, String token, List<byte[]> reviews) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> posting = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            posting.add(threads.submit(() -> {
                int failed = 0;
                try (KeepAliveHttpClient http = new KeepAliveHttpClient("127.0.0.1", port)) {
                    for (int n = client; n < reviews.size(); n += CLIENTS) {
                        failed += http.post(path, token, "application/json", reviews.get(n)).status() == 200 ? 0 : 1;
                    }
                }
                return failed;
            }));
        }
        int failed = 0;
        for (Future<Integer> client : posting) {
            failed += client.get();
        }
        threads.shutdown();
        assertThat(failed).as("every warm-up review gets an AdmissionReview").isZero();
    }

    private static String line(String what, Run run) {
        return "%-40s %,9.0f reviews/s  p50 %.2f ms  p99 %.2f ms  (%,d answered, %,d other)%n".formatted(what + ":", run.rate(),
                run.percentile(0.50), run.percentile(0.99), run.allowed() + run.denied(), run.other());
    }

    /** {@code CLIENTS} threads, each posting one review at a time on its keep-alive connection until the time is up. */
    private Run load(String path, String token, List<byte[]> reviews, int seconds) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        serverTimes.start(20_000 * seconds);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Future<long[]>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(threads.submit(() -> {
                long[] counts = new long[3];
                long[] nanos = new long[1 << 16];
                int answered = 0;
                try (KeepAliveHttpClient http = new KeepAliveHttpClient("127.0.0.1", port)) {
                    for (int n = client * 31; System.nanoTime() < end; n++) {
                        long sent = System.nanoTime();
                        KeepAliveHttpClient.Response answer = http.post(path, token, "application/json", reviews.get(n % reviews.size()));
                        long took = System.nanoTime() - sent;
                        if (answered == nanos.length) {
                            nanos = Arrays.copyOf(nanos, nanos.length * 2);
                        }
                        nanos[answered++] = took;
                        String text = answer.text();
                        counts[answer.status() != 200 ? 2 : text.contains("\"allowed\":false") ? 1 : 0]++;
                    }
                }
                long[] result = Arrays.copyOf(counts, 3 + answered);
                System.arraycopy(nanos, 0, result, 3, answered);
                return result;
            }));
        }
        long[] counts = new long[3];
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> client : running) {
            long[] result = client.get();
            for (int i = 0; i < 3; i++) {
                counts[i] += result[i];
            }
            all.add(Arrays.copyOfRange(result, 3, result.length));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] server = serverTimes.stop();
        threads.shutdown();
        long[] nanos = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Run(counts[0], counts[1], counts[2], elapsed, nanos, server);
    }

    /** The Pod a Deployment's ReplicaSet creates, running {@code image}, as the API server asks the webhook about it. */
    private static byte[] podCreation(int deployment, String image) {
        String name = "web-" + deployment;
        String pod = name + "-5d9c8b7f4-x" + deployment;
        return ("""
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"bench-%d",
                 "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
                 "requestKind":{"group":"","version":"v1","kind":"Pod"},"namespace":"shop","operation":"CREATE","name":"%s",
                 "userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller"},
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"shop",
                   "labels":{"app":"%s","pod-template-hash":"5d9c8b7f4"},
                   "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"%s-5d9c8b7f4","controller":true}]},
                  "spec":{"containers":[{"name":"app","image":"%s","ports":[{"containerPort":8080}]}],
                          "serviceAccountName":"default","restartPolicy":"Always"}},
                 "oldObject":null,"dryRun":false,"options":{"kind":"CreateOptions","apiVersion":"meta.k8s.io/v1"}}}
                """.formatted(deployment, pod, pod, name, name, image)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Images, one scan each, findings over them and the gate policies, set-based; the images as their Pods name them
     * (repository@digest).
     */
    private List<String> seed(ProjectRef project, String environment) {
        jdbc.sql("""
                insert into image (repository, digest, first_seen, last_seen, last_scanned_at)
                select 'registry.example/bench/app-' || (g % 1000), 'sha256:' || encode(sha256(convert_to('image-' || g, 'UTF8')), 'hex'),
                       now() - interval '90 days', now(), now() - (g % 40) * interval '1 day'
                from generate_series(1, :images) g
                """).param("images", IMAGES).update();
        jdbc.sql("""
                insert into scan (image_id, project_id, scanner, report_format, imported_by, report_sha256, report_size, report_gzip,
                                  report_created_at, imported_at)
                select i.id, :project, 'trivy', 'trivy', 'bench', md5(i.digest), 0, '\\x', i.last_scanned_at, i.last_scanned_at
                from image i where i.repository like 'registry.example/bench/%'
                """).param("project", project.id()).update();
        jdbc.sql("""
                insert into finding (image_id, project_id, kind, fingerprint, vulnerability_id, package_name, installed_version,
                                     fixed_version, severity, status, first_seen, last_seen, first_scan_id, last_scan_id)
                select s.image_id, s.project_id, 'vulnerability', md5(s.image_id || '-' || n), 'CVE-2024-' || (10000 + n),
                       'pkg-' || (n % 300), '1.0.' || n, case when n % 3 = 0 then '1.1.' || n end,
                       case when n % 97 = 0 then 'CRITICAL' when n % 11 = 0 then 'HIGH' when n % 3 = 0 then 'MEDIUM' else 'LOW' end,
                       case when n % 10 = 0 then 'fixed' else 'open' end, now() - (n % 120) * interval '1 day', now(), s.id, s.id
                from scan s cross join generate_series(1, :perImage) n
                where s.imported_by = 'bench'
                """).param("perImage", Math.max(1, FINDINGS / IMAGES)).update();
        jdbc.sql("""
                insert into gate_policy (name, image_pattern, environments, mode, any_trusted_signer, max_severity,
                                         fixable_critical_max_days, scanned_within_days, created_by)
                select 'bench-' || g, 'registry.example/bench/app-' || g || '*', array[cast(:environment as text)],
                       case when g % 10 = 0 then 'enforce' else 'warn' end, g % 3 = 0,
                       case when g % 4 = 0 then 'HIGH' end, case when g % 5 = 0 then 30 end, case when g % 2 = 0 then 30 end, 'bench'
                from generate_series(1, :policies) g
                """).param("environment", environment).param("policies", POLICIES).update();
        // what autovacuum does to a bulk-loaded table within its first minute: the visibility map lets index-only scans
        // (the gate's counts of open findings) skip the table's rows
        jdbc.sql("vacuum (analyze) finding").update();
        jdbc.sql("analyze").update();
        return jdbc.sql("select repository || '@' || digest from image where repository like 'registry.example/bench/%' order by id")
                .query(String.class).list();
    }
}
