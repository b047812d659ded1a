package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Over real HTTP with a 1 MB limit: a body declared too large is refused before it is read, a
 * streamed one as soon as it passes the limit, and a gzip bomb as soon as it inflates past it.
 */
@KeelwatchIntegrationTest
@TestPropertySource(properties = "keelwatch.findings.max-upload=1MB")
class OversizedUploadsAreRefusedEarlyIT {

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bodyLargerThanTheLimitIs413() throws Exception {
        ProjectRef project = world.alphaProject();
        HttpResponse<String> response = post(project, HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:keelwatch:problem:payload-too-large");
        assertThat(scans(project)).isZero();
    }

    @Test
    void streamedBodyWithoutLengthIsCutOffAtTheLimit() throws Exception {
        ProjectRef project = world.alphaProject();
        HttpResponse<String> response = post(project, HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            private long remaining = 3L * 1024 * 1024;

            @Override
            public int read() {
                return remaining-- > 0 ? ' ' : -1;
            }
        }));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("payload-too-large");
    }

    @Test
    void gzipBombIsStoppedWhenItInflatesPastTheLimit() throws Exception {
        ProjectRef project = world.alphaProject();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] spaces = new byte[64 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 16 * 50; i++) { // 50 MB of whitespace
                gzip.write(spaces);
            }
        }
        assertThat(compressed.size()).isLessThan(1024 * 1024);

        HttpResponse<String> response = post(project, HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray()));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("inflates past the limit");
        assertThat(scans(project)).isZero();
    }

    private HttpResponse<String> post(ProjectRef project, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString((TestWorld.ALICE + ":" + TestWorld.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/scans?project=" + project.slug()))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .POST(body)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private int scans(ProjectRef project) {
        return jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id()).query(Integer.class).single();
    }
}
