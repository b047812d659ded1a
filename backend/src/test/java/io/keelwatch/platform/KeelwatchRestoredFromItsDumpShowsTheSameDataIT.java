package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.KeelwatchApplication;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.recovery.NewRecoveryPolicy;
import io.keelwatch.recovery.RecoveryService;
import io.keelwatch.testsupport.EmptyDatabase;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keelwatch's own backup, as docs/operations.md tells operators to take it: {@code pg_dump --format=custom} of a
 * populated database, {@code pg_restore} into a fresh one, and Keelwatch started on that database (a second
 * application on a port of its own) answers with the same findings, recovery readiness and audit trail — the
 * database is everything Keelwatch keeps besides its settings.
 */
@KeelwatchIntegrationTest
class KeelwatchRestoredFromItsDumpShowsTheSameDataIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    RecoveryService recovery;
    @Autowired
    JdbcClient jdbc;
    @Value("${spring.datasource.url}")
    String databaseUrl;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aDumpRestoredIntoAFreshDatabaseServesTheSameData(@TempDir Path dir) throws Exception {
        int server = jdbc.sql("select current_setting('server_version_num')::int / 10000").query(Integer.class).single();
        // The embedded PostgreSQL of a developer's machine ships no client tools; CI installs them (.ci/run).
        Assumptions.assumeTrue(clientMajorVersion() >= server, "pg_dump and pg_restore of PostgreSQL " + server
                + " or later are not on the PATH (install postgresql-client): Keelwatch's own dump and restore is not tried here.");
        ProjectRef project = world.alphaProject();
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType("application/json")
                .content(Fixtures.bytes("trivy/alpine-39.json.golden")).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated());
        String environment = inventory.createEnvironment("dump-env", world.admin()).name();
        String cluster = inventory.createCluster("dump-cluster", environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop-*", project.slug(), world.admin());
        recovery.report(cluster, new ByteArrayInputStream(Fixtures.text("velero/backup-partiallyfailed-issue5815.yaml")
                .replace("'*'", "shop-web").getBytes(StandardCharsets.UTF_8)), "application/yaml", world.admin());
        recovery.setPolicy(new NewRecoveryPolicy(cluster, null, null, "24h", "1h", null, null, null), world.admin());

        String findings = (mvc.perform(get("/api/v1/findings").param("project", project.slug()).param("size", "500")
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
        JsonNode readiness = json.readTree(mvc.perform(get("/api/v1/recovery/readiness").param("cluster", cluster)
                .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))).andReturn().getResponse().getContentAsString());
        assertThat(readiness).hasSize(1);
        assertThat(json.readTree(findings).get("totalItems").asInt()).isPositive();

        long auditEvents = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        Path dump = dir.resolve("keelwatch.dump");
        run(List.of("pg_dump", "--format=custom", "--no-owner", "--file=" + dump, libpq(databaseUrl)));
        assertThat(Files.size(dump)).isPositive();
        try (EmptyDatabase restored = new EmptyDatabase()) {
            run(List.of("pg_restore", "--no-owner", "--exit-on-error", "--dbname=" + libpq(restored.url()), dump.toString()));
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(KeelwatchApplication.class)
                    .properties("spring.datasource.url=" + restored.url(), "server.port=0",
                            "keelwatch.runtime.incidents.grouping.enabled=false", "spring.main.banner-mode=off")
                    .run()) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                // before any call (a sign-in is audited too): the audit trail came over whole
                assertThat(app.getBean(JdbcClient.class).sql("select count(*) from audit_event").query(Long.class).single())
                        .isEqualTo(auditEvents);
                assertThat(call(port, "/api/v1/findings?size=500&project=" + project.slug(), TestWorld.ALICE))
                        .isEqualTo(findings);
                JsonNode again = json.readTree(call(port, "/api/v1/recovery/readiness?cluster=" + cluster, TestWorld.LEAD));
                assertThat(again.get(0).get("namespace")).isEqualTo(readiness.get(0).get("namespace"));
                assertThat(again.get(0).get("newestBackup").get("name").asString()).isEqualTo("9999");
                assertThat(again.get(0).get("reasons")).isEqualTo(readiness.get(0).get("reasons"));
            }
        }
    }

    private String call(int port, String path, String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestWorld.PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** The major version of the pg_dump on the PATH, 0 without one. */
    private static int clientMajorVersion() {
        try {
            Process process = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher version = java.util.regex.Pattern.compile("(\\d+)\\.\\d+").matcher(output);
            return process.waitFor() == 0 && version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** A JDBC URL ({@code jdbc:postgresql://host:port/db?user=…}) as libpq reads it. */
    private static String libpq(String jdbcUrl) {
        return jdbcUrl.substring("jdbc:".length());
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(command.get(0) + " finished").isTrue();
        assertThat(process.exitValue()).as(command.get(0) + ": " + output).isZero();
    }
}
