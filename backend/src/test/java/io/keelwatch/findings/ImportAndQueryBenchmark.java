package io.keelwatch.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Scope;
import io.keelwatch.findings.exposure.ExposureRecount;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Import speed and list/dashboard latency at scale, printed, not asserted (machines differ).
 * Run: see docs/performance.md. Not part of {@code ./mvnw verify}.
 */
@KeelwatchIntegrationTest
class ImportAndQueryBenchmark {

    private static final int SEEDED_FINDINGS = Integer.getInteger("benchmark.seeded", 1_000_000);
    private static final int REPORT_FINDINGS = Integer.getInteger("benchmark.report", 14_000);
    private static final int QUERY_ROUNDS = 200;
    private static final int ROUNDS = 5;

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;
    @Autowired
    ExposureRecount exposure;

    private final HttpClient http = HttpClient.newHttpClient();
    /** Uploads authenticate as a CI pipeline does: with an API token, not a password (hashing one costs ~0.1 s by design). */
    private String ciToken;

    @Test
    void importAndQueriesAtScale() throws Exception {
        ProjectRef project = world.alphaProject();
        long seedStart = System.nanoTime();
        BenchmarkData.seed(jdbc, exposure, SEEDED_FINDINGS);
        double seedSeconds = seconds(seedStart);
        long total = jdbc.sql("select count(*) from finding").query(Long.class).single();

        warmUp(project);

        // Each measure is taken in every round, interleaved, and the median reported: on a shared
        // two-core VM a single run moves by a tenth either way.
        List<Double> imports = new ArrayList<>();
        List<Double> identicals = new ArrayList<>();
        List<Double> rescans = new ArrayList<>();
        List<Double> ceilings = new ArrayList<>();
        int reportBytes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] report = TrivyReportGenerator.report(REPORT_FINDINGS, 42 + round, "2026-11-20T10:00:00Z");
            byte[] rescan = TrivyReportGenerator.report(REPORT_FINDINGS, 42 + round, "2026-11-21T10:00:00Z");
            reportBytes = report.length;
            imports.add(timeUpload(project, report, 201));
            identicals.add(timeUpload(project, report, 200));
            rescans.add(timeUpload(project, rescan, 201));
            ceilings.add(BenchmarkData.ceiling(jdbc, project.id(), REPORT_FINDINGS));
        }
        double importSeconds = median(imports);
        double ceilingSeconds = median(ceilings);

        List<Double> list = latencies(() -> mvc.perform(get("/api/v1/findings").param("size", "50")
                .with(user(TestWorld.LEAD).roles("SECURITY_LEAD"))).andExpect(status().isOk()));
        List<Double> listFiltered = latencies(() -> mvc.perform(get("/api/v1/findings").param("size", "50")
                .param("severity", "critical,high").param("status", "open")
                .with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isOk()));
        List<Double> dashboard = latencies(() -> mvc.perform(get("/")
                .with(user(TestWorld.LEAD).roles("SECURITY_LEAD"))).andExpect(status().isOk()));
        List<Double> dashboardDeveloper = latencies(() -> mvc.perform(get("/")
                .with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isOk()));

        double ceilingRate = REPORT_FINDINGS / ceilingSeconds;
        double importRate = REPORT_FINDINGS / importSeconds;
        StringBuilder out = new StringBuilder();
        out.append("\n=== Keelwatch import and query benchmark (").append(Instant.now()).append(") ===\n");
        out.append("machine: %d cores, %s, %s %s, PostgreSQL %s%n".formatted(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.arch"),
                jdbc.sql("show server_version").query(String.class).single()));
        out.append("database: %,d findings (seeded %,d in %.1f s)%n".formatted(total, SEEDED_FINDINGS, seedSeconds));
        out.append("report: %,d vulnerabilities, %.1f MB of Trivy JSON%n".formatted(REPORT_FINDINGS, reportBytes / 1e6));
        out.append("median of %d rounds (range in brackets):%n".formatted(ROUNDS));
        out.append(rate("import (HTTP, new image)", imports));
        out.append(rate("re-import, identical bytes", identicals));
        out.append(rate("re-import, new scan, same findings", rescans));
        out.append(rate("ceiling (one INSERT … ON CONFLICT)", ceilings));
        out.append("import / ceiling: %.0f %%%n".formatted(100 * importRate / ceilingRate));
        out.append(line("findings list, lead, page 1 of all", list));
        out.append(line("findings list, developer, critical+high open", listFiltered));
        out.append(line("dashboard page, lead (all teams)", dashboard));
        out.append(line("dashboard page, developer (one team)", dashboardDeveloper));
        System.out.println(out);
        assertThat(total).isGreaterThanOrEqualTo(SEEDED_FINDINGS);
    }

    /**
     * A server in use is warm: the JIT has compiled the import path for reports of this size and
     * the catalog already knows most CVEs. One full-size report of another image gets it there.
     */
    private void warmUp(ProjectRef project) throws Exception {
        for (int i = 0; i < 3; i++) {
            upload(project, TrivyReportGenerator.report(500, 100 + i, "2026-11-01T00:00:00Z"));
        }
        // a server in use has imported many reports: its parser and statements are compiled and cached
        for (int i = 0; i < 3; i++) {
            upload(project, TrivyReportGenerator.report(REPORT_FINDINGS, 7 + i, "2026-11-01T00:00:00Z"));
        }
    }

    private double timeUpload(ProjectRef project, byte[] report, int expectedStatus) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = upload(project, report);
        double elapsed = seconds(start);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return elapsed;
    }

    private HttpResponse<String> upload(ProjectRef project, byte[] report) throws Exception {
        if (ciToken == null) {
            ciToken = world.token(TestWorld.LEAD, "alpha", Scope.SCANS_WRITE);
        }
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/scans?project=" + project.slug()))
                .header("Authorization", "Bearer " + ciToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(report))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String rate(String what, List<Double> seconds) {
        double median = median(seconds);
        return "%-38s %8.0f findings/s  (%.3f s [%.3f–%.3f])%n".formatted(what + ":", REPORT_FINDINGS / median, median,
                seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    interface Call {
        void run() throws Exception;
    }

    private static List<Double> latencies(Call call) throws Exception {
        for (int i = 0; i < 20; i++) {
            call.run();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < QUERY_ROUNDS; i++) {
            long start = System.nanoTime();
            call.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return millis;
    }

    private static String line(String what, List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%-46s p50 %6.1f ms   p95 %6.1f ms%n", what + ":",
                percentile(sorted, 50), percentile(sorted, 95));
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
