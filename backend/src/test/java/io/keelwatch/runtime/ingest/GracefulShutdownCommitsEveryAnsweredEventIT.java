package io.keelwatch.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.KeelwatchApplication;
import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.NewApiToken;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.KeepAliveHttpClient;
import io.keelwatch.testsupport.TestWorld;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A replica stopped as Kubernetes stops a pod (graceful shutdown, not kill -9) while Falcosidekick clients post to
 * it: every event it answered 2xx is in the database afterwards — the requests in flight finish and the writer
 * commits its queue before the connection pool closes.
 */
@KeelwatchIntegrationTest
class GracefulShutdownCommitsEveryAnsweredEventIT {

    private static final int CLIENTS = 8;

    @Value("${spring.datasource.url}")
    String databaseUrl;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyEventAnsweredBeforeTheStopIsStored() throws Exception {
        String cluster = "graceful-" + System.nanoTime();
        inventory.createCluster(cluster, inventory.createEnvironment(cluster, world.admin()).name(), null, world.admin());
        String token = tokens.create(new NewApiToken("falco", TestWorld.LEAD, null, List.of("alerts:write"), null, cluster),
                world.admin()).secret();
        ConfigurableApplicationContext replica = new SpringApplicationBuilder(KeelwatchApplication.class)
                .properties("spring.datasource.url=" + databaseUrl, "server.port=0", "spring.main.banner-mode=off",
                        "keelwatch.runtime.incidents.grouping.enabled=false")
                .run();
        int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<String>>> answered = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            answered.add(clients.submit(() -> post(port, token, client)));
        }
        Thread.sleep(2_000);
        replica.close();
        List<String> stored = new ArrayList<>();
        for (Future<List<String>> client : answered) {
            stored.addAll(client.get());
        }
        clients.shutdown();

        assertThat(stored).as("events answered 2xx before the stop").hasSizeGreaterThan(CLIENTS);
        long kept = jdbc.sql("""
                select count(*) from runtime_event e join cluster c on c.id = e.cluster_id
                where c.name = :cluster and e.output_fields ->> 'proc.cmdline' = any(cast(:ids as text[]))""")
                .param("cluster", cluster).param("ids", stored.toArray(String[]::new)).query(Long.class).single();
        assertThat(kept).as("every event answered 2xx is committed").isEqualTo(stored.size());
    }

    /** Posts one event at a time until the replica stops answering; the command lines of those answered 2xx. */
    private static List<String> post(int port, String token, int client) {
        List<String> answered = new ArrayList<>();
        try (KeepAliveHttpClient http = new KeepAliveHttpClient("127.0.0.1", port)) {
            for (int n = 0; ; n++) {
                String id = "sh -c graceful-" + client + "-" + n;
                String event = """
                        {"output":"Notice A shell was spawned (command=%s)","priority":"Notice","rule":"Terminal shell in container",
                         "time":"2026-12-04T10:00:00.%06dZ","hostname":"worker-%d","output_fields":{"k8s.ns.name":"shop",
                         "k8s.pod.name":"web-1","container.id":"0123456789ab","proc.cmdline":"%s"}}""".formatted(id, n % 1_000_000,
                        client, id);
                int status = http.post("/api/v1/alerts/falco", "Bearer " + token, "application/json",
                        event.getBytes(StandardCharsets.UTF_8)).status();
                if (status / 100 == 2) {
                    answered.add(id);
                } else if (status != 503) {
                    return answered;
                }
            }
        } catch (IOException stopped) {
            return answered;
        }
    }
}
