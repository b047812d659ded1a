package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.EmptyDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keelwatch as its own process with structured logs on, as the Kubernetes manifest runs it
 * ({@code logging.structured.format.console=ecs}): every line on standard output is one JSON object, and the lines
 * logged while serving a request carry the id its caller sent in {@code X-Request-Id} as the field
 * {@code request.id}, so a log store finds a request's lines by the id the caller reports. Its own process, because
 * the logging set-up is the JVM's and the other tests read plain lines.
 */
class StructuredLogLinesCarryTheRequestIdIT {

    private static final String REQUEST_ID = "ingress-json.42";

    @Test
    void everyLineIsJsonAndTheRequestsLinesNameItsId() throws Exception {
        Path output = Path.of("target", "structured-logs-app.log");
        try (EmptyDatabase database = new EmptyDatabase()) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Process app = start(database.url(), port, output);
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                String base = "http://127.0.0.1:" + port;
                awaitUp(http, base, app, output);
                HttpResponse<Void> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/findings"))
                        .header("X-Request-Id", REQUEST_ID)
                        .header("Authorization", "Bearer kw_unknownunknownunknownunknownunknown").build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(refused.statusCode()).isEqualTo(401);
            } finally {
                // as Kubernetes stops it: the lines written so far are flushed
                app.destroy();
                if (!app.waitFor(60, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
        }

        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            if (!line.isBlank()) {
                JsonNode parsed = json.readTree(line);
                assertThat(parsed.isObject()).as("a JSON object a line: " + line).isTrue();
                lines.add(parsed);
            }
        }
        List<JsonNode> rejection = lines.stream()
                .filter(line -> line.path("message").asString("").contains("token.rejected")).toList();
        assertThat(rejection).as("the refused token's audit line in " + output.toAbsolutePath()).isNotEmpty()
                .allSatisfy(line -> assertThat(requestId(line)).isEqualTo(REQUEST_ID));
        assertThat(lines).filteredOn(line -> line.path("message").asString("").startsWith("Started "))
                .as("a line logged outside any request").isNotEmpty()
                .allSatisfy(line -> assertThat(requestId(line)).isNull());
    }

    /** ECS nests dotted names ({@code "request":{"id":…}}); a flat format keeps {@code "request.id"}. */
    private static String requestId(JsonNode line) {
        JsonNode nested = line.path("request").path("id");
        JsonNode id = nested.isMissingNode() ? line.path("request.id") : nested;
        return id.isMissingNode() ? null : id.asString();
    }

    private static Process start(String databaseUrl, int port, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.keelwatch.KeelwatchApplication", "--server.port=" + port, "--spring.datasource.url=" + databaseUrl,
                "--logging.structured.format.console=ecs", "--keelwatch.runtime.incidents.grouping.enabled=false");
        Files.createDirectories(output.getParent());
        // standard output alone: the JVM's own notices on standard error are no log lines
        return new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(output.resolveSibling("structured-logs-app.err").toFile()).start();
    }

    private static void awaitUp(HttpClient http, String base, Process app, Path output) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("Keelwatch stopped while starting; see " + output.toAbsolutePath());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Keelwatch did not start within 180 s; see " + output.toAbsolutePath());
    }
}
