package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.KeelwatchApplication;
import io.keelwatch.access.Scope;
import io.keelwatch.findings.TrivyReportGenerator;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A replica stopped as Kubernetes stops a pod (graceful shutdown) while a CI job's report is still arriving: the
 * replica stops taking connections but receives the rest of the upload, imports it, answers 201 and only then exits —
 * the scan, every finding and the stored report are committed. A CI job is never told its report was taken when it
 * was not, and no import is left half-written.
 */
@KeelwatchIntegrationTest
class GracefulShutdownFinishesTheImportInFlightIT {

    private static final int VULNERABILITIES = 6_000;

    @Value("${spring.datasource.url}")
    String databaseUrl;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anUploadArrivingWhileTheReplicaStopsIsImportedWholeBeforeItExits() throws Exception {
        ProjectRef project = world.alphaProject();
        String token = world.token(TestWorld.LEAD, null, Scope.SCANS_WRITE);
        int seed = (int) (System.nanoTime() & 0x7fffffff);
        byte[] report = TrivyReportGenerator.report(VULNERABILITIES, seed, "2026-12-05T10:00:00Z");
        ConfigurableApplicationContext replica = new SpringApplicationBuilder(KeelwatchApplication.class)
                .properties("spring.datasource.url=" + databaseUrl, "server.port=0", "spring.main.banner-mode=off",
                        "keelwatch.runtime.incidents.grouping.enabled=false")
                .run();
        int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch firstPartSent = new CountDownLatch(1);

        CompletableFuture<HttpResponse<String>> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/scans?project=" + project.slug()))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new HeldUpload(report, firstPartSent, stopping)))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(firstPartSent.await(30, TimeUnit.SECONDS)).as("the first third of the report sent").isTrue();
        awaitImportInProgress(replica.getBean(MeterRegistry.class));
        CompletableFuture<Void> stop = CompletableFuture.runAsync(replica::close);
        awaitRefusedConnections(port);
        assertThat(stop).as("the replica still waits for the upload in flight").isNotDone();
        stopping.countDown();

        HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
        stop.get(60, TimeUnit.SECONDS);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"total\":" + VULNERABILITIES);
        String digest = "sha256:%064x".formatted(seed);
        assertThat(jdbc.sql("select count(*) from finding f join image i on i.id = f.image_id where i.digest = :digest")
                .param("digest", digest).query(Integer.class).single()).as("findings committed").isEqualTo(VULNERABILITIES);
        assertThat(jdbc.sql("""
                select count(*) from scan s join image i on i.id = s.image_id
                where i.digest = :digest and s.report_gzip is not null and s.report_sha256 <> 'pending'""")
                .param("digest", digest).query(Integer.class).single()).as("the scan with its stored report").isEqualTo(1);
    }

    private static void awaitImportInProgress(MeterRegistry meters) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (meters.get("keelwatch.imports.in.progress").gauge().value() < 1) {
            assertThat(System.nanoTime()).as("the import began on the replica").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until the stopping replica refuses new connections: its shutdown has begun. */
    private static void awaitRefusedConnections(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                Thread.sleep(50);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                throw new UncheckedIOException(other);
            }
        }
        throw new AssertionError("the replica kept accepting connections after close() began");
    }

    /** A report upload that sends its first third, then holds the rest back until the replica is stopping. */
    private static final class HeldUpload extends InputStream {

        private final ByteArrayInputStream first;
        private final ByteArrayInputStream rest;
        private final CountDownLatch firstPartSent;
        private final CountDownLatch stopping;

        HeldUpload(byte[] report, CountDownLatch firstPartSent, CountDownLatch stopping) {
            int third = report.length / 3;
            this.first = new ByteArrayInputStream(report, 0, third);
            this.rest = new ByteArrayInputStream(report, third, report.length - third);
            this.firstPartSent = firstPartSent;
            this.stopping = stopping;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (first.available() > 0) {
                return first.read(buffer, offset, length);
            }
            firstPartSent.countDown();
            try {
                if (!stopping.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the replica never began to stop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return rest.read(buffer, offset, length);
        }
    }
}
