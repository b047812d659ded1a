package io.keelwatch.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.EmptyDatabase;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Keelwatch as its own process (the packaged jar when the build made one, else this test's classpath)
 * on a fresh database; 8 clients post distinct Falco events as fast as it answers; after a few seconds
 * the process is killed with SIGKILL ({@link Process#destroyForcibly()}) in the middle of that load.
 * Every event answered 2xx before the kill is in the database: a 2xx is sent only after the commit.
 */
class AnsweredEventsSurviveKillMinus9IT {

    static final int CLIENTS = 8;
    static final String PASSWORD = "kill-minus-9-admin-password";

    @Test
    void everyEventAnswered2xxBeforeTheKillIsStored() throws Exception {
        try (EmptyDatabase database = new EmptyDatabase()) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            String admin = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes());
            Path log = Path.of("target", "kill-minus-9-app.log");
            Process app = start(database.url(), port, log);
            Set<String> answered = ConcurrentHashMap.newKeySet();
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                String base = "http://127.0.0.1:" + port;
                awaitUp(http, base, app, log);
                post(http, base + "/api/v1/environments", admin, "{\"name\":\"prod\"}", 201);
                post(http, base + "/api/v1/clusters", admin, "{\"name\":\"prod-eu\",\"environment\":\"prod\"}", 201);
                String created = post(http, base + "/api/v1/tokens", admin,
                        "{\"name\":\"falcosidekick prod-eu\",\"scopes\":[\"alerts:write\"],\"cluster\":\"prod-eu\"}", 201);
                String alerts = created.replaceAll("(?s).*\"secret\"\\s*:\\s*\"([^\"]+)\".*", "$1");

                AtomicBoolean killed = new AtomicBoolean();
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    running.add(clients.submit(() -> {
                        for (int n = 0; n < 1_000_000; n++) {
                            String id = client + "-" + n;
                            try {
                                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts/falco"))
                                        .timeout(Duration.ofSeconds(10))
                                        .header("Authorization", "Bearer " + alerts).header("User-Agent", "Falcosidekick")
                                        .header("Content-Type", "application/json; charset=utf-8")
                                        .POST(HttpRequest.BodyPublishers.ofString(OverloadAnswers503AndLosesNothingAnsweredIT.event(id)))
                                        .build(), HttpResponse.BodyHandlers.ofString());
                                if (answer.statusCode() / 100 == 2) {
                                    answered.add(id);
                                }
                            } catch (IOException e) {
                                if (killed.get()) {
                                    return null; // the server is gone
                                }
                                throw e;
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(5_000);
                killed.set(true);
                app.destroyForcibly();
                app.waitFor();
                for (Future<?> client : running) {
                    client.get();
                }
                clients.shutdownNow();
            } finally {
                app.destroyForcibly();
            }
            assertThat(answered).as("events answered 2xx before the kill").hasSizeGreaterThan(50);
            Set<String> stored = new HashSet<>();
            try (Connection connection = DriverManager.getConnection(database.url());
                    ResultSet rows = connection.createStatement().executeQuery(
                            "select output_fields ->> 'proc.cmdline' from runtime_event")) {
                while (rows.next()) {
                    stored.add(rows.getString(1).substring("sh -c probe-".length()));
                }
            }
            assertThat(stored).containsAll(answered);
        }
    }

    private static Process start(String databaseUrl, int port, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File jar = new File("target", "keelwatch.jar");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        if (jar.isFile()) {
            command.addAll(List.of("-jar", jar.getPath()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.keelwatch.KeelwatchApplication"));
        }
        command.addAll(List.of("--server.port=" + port, "--spring.datasource.url=" + databaseUrl));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KEELWATCH_INITIAL_ADMIN_USERNAME", "admin");
        builder.environment().put("KEELWATCH_INITIAL_ADMIN_PASSWORD", PASSWORD);
        return builder.start();
    }

    private static void awaitUp(HttpClient http, String base, Process app, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("Keelwatch stopped while starting; see " + log.toAbsolutePath());
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
        throw new AssertionError("Keelwatch did not start within 120 s; see " + log.toAbsolutePath());
    }

    private static String post(HttpClient http, String url, String authorization, String json, int expected) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(url + " answered " + answer.body()).isEqualTo(expected);
        return answer.body();
    }
}
