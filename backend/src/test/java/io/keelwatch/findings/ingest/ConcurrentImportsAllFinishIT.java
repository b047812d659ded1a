package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.ReportImport;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.findings.TrivyReportGenerator;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every import spools, parses and compresses on shared worker threads. More imports at once than
 * there are workers must all finish, each with its own findings, and imports of one image take
 * turns (the second of two identical uploads is the duplicate).
 */
@KeelwatchIntegrationTest
class ConcurrentImportsAllFinishIT {

    private static final int IMPORTS = 10;

    @Autowired
    ScanImportService imports;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void moreImportsThanWorkersAllComplete() {
        ProjectRef project = world.alphaProject();
        Viewer lead = new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of());
        List<byte[]> reports = new ArrayList<>();
        for (int i = 0; i < IMPORTS; i++) {
            reports.add(TrivyReportGenerator.report(1_500 + i, 700 + i, "2026-11-20T10:00:00Z"));
        }
        reports.add(reports.get(0));

        List<ReportImport> results = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            ExecutorService clients = Executors.newFixedThreadPool(reports.size());
            try {
                List<Future<ReportImport>> pending = new ArrayList<>();
                for (byte[] report : reports) {
                    pending.add(clients.submit(() -> imports.importReport(new ByteArrayInputStream(report), project.slug(), null, lead)));
                }
                List<ReportImport> done = new ArrayList<>();
                for (Future<ReportImport> result : pending) {
                    done.add(result.get());
                }
                return done;
            } finally {
                clients.shutdownNow();
            }
        });

        assertThat(results).hasSize(IMPORTS + 1);
        assertThat(results.stream().filter(r -> r instanceof ImportResult single && single.duplicate()).count())
                .as("the repeated upload").isEqualTo(1);
        int expected = 0;
        for (int i = 0; i < IMPORTS; i++) {
            expected += 1_500 + i;
        }
        assertThat(jdbc.sql("select count(*) from finding where project_id = :p").param("p", project.id())
                .query(Integer.class).single()).isEqualTo(expected);
        assertThat(jdbc.sql("select count(*) from scan where project_id = :p and report_gzip is not null and report_sha256 <> 'pending'")
                .param("p", project.id()).query(Integer.class).single()).isEqualTo(IMPORTS);
    }
}
