package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.ReportImport;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The same trivy k8s cluster report uploaded several times at once into one project: imports of an
 * image take turns before the identical-report check, as for single-image reports, so one upload
 * writes a scan per image and every other one answers as its duplicate. Several rounds (each in a
 * new project) so that a check made before the image's lock would be caught.
 */
@KeelwatchIntegrationTest
class ConcurrentIdenticalClusterReportsImportOnceIT {

    private static final byte[] CLUSTER = Fixtures.bytes("trivy/trivy-k8s-cluster-resources.json");
    /** The images the fixture identifies (see TrivyClusterReportImportsOneScanPerImageIT). */
    private static final int IMAGES = 2;
    private static final int UPLOADS = 8;
    private static final int ROUNDS = 5;

    @Autowired
    ScanImportService imports;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final Viewer lead = new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of());

    @Test
    void oneOfSimultaneousIdenticalUploadsWritesTheScansAndTheOthersAreDuplicates() {
        for (int round = 1; round <= ROUNDS; round++) {
            ProjectRef project = world.alphaProject();

            List<ReportImport> results = uploadAtOnce(project);

            assertThat(results).as("round %d: imports that wrote scans", round)
                    .filteredOn(result -> !result.duplicate()).hasSize(1);
            assertThat(results).as("round %d: every other upload is a duplicate of each image", round)
                    .filteredOn(ReportImport::duplicate)
                    .allSatisfy(result -> assertThat(((ClusterImportResult) result).images())
                            .hasSize(IMAGES).allMatch(ImportResult::duplicate))
                    .hasSize(UPLOADS - 1);
            assertThat(jdbc.sql("select image_id, count(*) from scan where project_id = :p group by image_id having count(*) > 1")
                    .param("p", project.id()).query().listOfRows()).as("round %d: images with more than one scan", round).isEmpty();
            assertThat(jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id())
                    .query(Integer.class).single()).as("round %d: scans", round).isEqualTo(IMAGES);
        }
    }

    /** Every upload starts at the same moment, each on its own client thread. */
    private List<ReportImport> uploadAtOnce(ProjectRef project) {
        return assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            ExecutorService clients = Executors.newFixedThreadPool(UPLOADS);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<ReportImport>> pending = new ArrayList<>();
                for (int i = 0; i < UPLOADS; i++) {
                    pending.add(clients.submit(() -> {
                        start.await();
                        return imports.importReport(new ByteArrayInputStream(CLUSTER), project.slug(), null, lead);
                    }));
                }
                start.countDown();
                List<ReportImport> done = new ArrayList<>();
                for (Future<ReportImport> result : pending) {
                    done.add(result.get());
                }
                return done;
            } finally {
                clients.shutdownNow();
            }
        });
    }
}
