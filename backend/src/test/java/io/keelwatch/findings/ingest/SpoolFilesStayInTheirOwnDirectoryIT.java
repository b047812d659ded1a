package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import jakarta.servlet.MultipartConfigElement;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Uploads wait in Keelwatch's own spool directory, not in the system's temporary folder, and what an
 * instance killed mid-upload left there (full report content) is gone once the application has
 * started again, while the uploads of an instance still running are left alone. The application
 * starts here over a spool directory prepared as a crash and a running neighbour leave it.
 */
@KeelwatchIntegrationTest
class SpoolFilesStayInTheirOwnDirectoryIT {

    private static final Path ROOT = Path.of("target", "spool-it-" + UUID.randomUUID()).toAbsolutePath();
    private static final String REPORT_START = "{\"SchemaVersion\": 2, \"ArtifactName\": \"secret-app\", \"Results\": [";
    /** The lock a running instance holds on its directory's lock file; held here, as by another process. */
    private static FileChannel runningInstance;

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;
    @Autowired
    MultipartConfigElement multipart;

    @DynamicPropertySource
    static void spoolDirectoryAsACrashLeftIt(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(ROOT);
        Files.createFile(ROOT.resolve("instance-111.lock"));
        Path crashed = Files.createDirectory(ROOT.resolve("instance-111"));
        Files.writeString(crashed.resolve("keelwatch-report-123.json"), REPORT_START);
        Files.writeString(crashed.resolve("upload_0a1b_00000001.tmp"), REPORT_START);

        Path runningLock = Files.createFile(ROOT.resolve("instance-222.lock"));
        Files.writeString(Files.createDirectory(ROOT.resolve("instance-222")).resolve("keelwatch-report-456.json"), REPORT_START);
        runningInstance = FileChannel.open(runningLock, StandardOpenOption.WRITE);
        runningInstance.lock();

        registry.add("keelwatch.findings.spool-directory", ROOT::toString);
    }

    @AfterAll
    static void stopTheRunningInstance() throws IOException {
        runningInstance.close();
    }

    @Test
    void whatACrashedInstanceLeftIsGoneAndARunningOnesUploadsStay() {
        assertThat(ROOT.resolve("instance-111")).doesNotExist();
        assertThat(ROOT.resolve("instance-111.lock")).doesNotExist();
        assertThat(ROOT.resolve("instance-222").resolve("keelwatch-report-456.json")).exists();
        assertThat(ROOT.resolve("instance-222.lock")).exists();
    }

    @Test
    void theApplicationsOwnDirectoryIsReadableByItsUserOnlyAndTakesMultipartPartsToo() throws IOException {
        Path own = ownDirectory();
        assertThat(Files.getPosixFilePermissions(own)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Path.of(multipart.getLocation())).isEqualTo(own);
    }

    @Test
    void anUploadIsSpooledInTheApplicationsOwnDirectoryAndDeletedAfterwards() throws Exception {
        ProjectRef project = world.alphaProject();
        byte[] report = Fixtures.bytes("trivy/alpine-39.json.golden");
        String basic = Base64.getEncoder().encodeToString((TestWorld.ALICE + ":" + TestWorld.PASSWORD).getBytes(StandardCharsets.UTF_8));
        // A plain socket, so half the body is on the wire while the test looks for it (an HTTP client may hold it back)
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/scans?project=" + project.slug() + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\n"
                    + "Authorization: Basic " + basic + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + report.length + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            int half = report.length / 2;
            out.write(report, 0, half);
            out.flush();
            Path spooled = awaitSpoolFileHolding(half);
            assertThat(Arrays.copyOf(Files.readAllBytes(spooled), half)).isEqualTo(Arrays.copyOf(report, half));

            out.write(report, half, report.length - half);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 201");
            assertThat(spooled).doesNotExist();
        }
    }

    private Path awaitSpoolFileHolding(int bytes) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(ownDirectory())) {
                List<Path> spooled = files.filter(f -> f.getFileName().toString().startsWith("keelwatch-report-")).toList();
                if (spooled.size() == 1 && Files.size(spooled.get(0)) >= bytes) {
                    return spooled.get(0);
                }
                seen = spooled.stream().map(f -> f.getFileName() + " (" + f.toFile().length() + " bytes)").toList();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No spool file holding " + bytes + " bytes appeared in " + ownDirectory() + "; saw " + seen);
    }

    /** The directory the application made for itself: the one instance directory that was not there before it started. */
    private static Path ownDirectory() throws IOException {
        try (Stream<Path> entries = Files.list(ROOT)) {
            List<Path> own = entries.filter(Files::isDirectory)
                    .filter(d -> !List.of("instance-111", "instance-222").contains(d.getFileName().toString()))
                    .toList();
            assertThat(own).as("the application's own spool directory in " + ROOT).hasSize(1);
            return own.get(0);
        }
    }
}
