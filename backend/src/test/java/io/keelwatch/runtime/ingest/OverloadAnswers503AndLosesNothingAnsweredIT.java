package io.keelwatch.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.NewApiToken;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * With a writer queue of 4 posts and batches held open 300 ms, 32 concurrent Falcosidekicks overload it:
 * some posts are answered 503 {@code ingest-overloaded} at once (counted in
 * {@code keelwatch.runtime.ingest.refused}, shown by {@code /actuator/prometheus}), none waits without
 * bound, every event answered 2xx is stored and no event answered 503 is; afterwards the server takes
 * posts as before.
 */
@KeelwatchIntegrationTest
@TestPropertySource(properties = {"keelwatch.runtime.queue-requests=2", "keelwatch.runtime.batch-delay=1s",
        "keelwatch.runtime.batch-events=100000"})
class OverloadAnswers503AndLosesNothingAnsweredIT {

    static final int CLIENTS = 32;
    static final int POSTS_EACH = 8;

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    MockMvc mvc;

    @Test
    void overloadIsRefusedWith503AndEveryEventAnswered2xxIsStored() throws Exception {
        String environment = inventory.createEnvironment("overload", world.admin()).name();
        String cluster = inventory.createCluster("overload", environment, null, world.admin()).name();
        String token = tokens.create(new NewApiToken("overload", TestWorld.LEAD, null, List.of("alerts:write"), null, cluster),
                world.admin()).secret();
        double refusedBefore = meters.counter("keelwatch.runtime.ingest.refused").count();
        Set<String> answered2xx = ConcurrentHashMap.newKeySet();
        Set<String> answered503 = ConcurrentHashMap.newKeySet();
        AtomicInteger other = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int n = 0; n < POSTS_EACH; n++) {
                        String id = client + "-" + n;
                        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/falco"))
                                .timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + token).header("User-Agent", "Falcosidekick")
                                .header("Content-Type", "application/json; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofString(event(id))).build();
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 200) {
                            answered2xx.add(id);
                        } else if (answer.statusCode() == 503
                                && answer.body().contains("urn:keelwatch:problem:ingest-overloaded")) {
                            answered503.add(id);
                        } else {
                            other.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(other).hasValue(0);
        assertThat(answered503).isNotEmpty();
        assertThat(answered2xx).isNotEmpty();
        assertThat(answered2xx.size() + answered503.size()).isEqualTo(CLIENTS * POSTS_EACH);
        List<String> stored = jdbc.sql("""
                select e.output_fields ->> 'proc.cmdline' from runtime_event e join cluster c on c.id = e.cluster_id
                where c.name = :c""").param("c", cluster).query(String.class).list();
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(Set.copyOf(stored)).isEqualTo(answered2xx.stream().map(id -> "sh -c probe-" + id)
                .collect(java.util.stream.Collectors.toSet()));
        assertThat(meters.counter("keelwatch.runtime.ingest.refused").count() - refusedBefore).isEqualTo(answered503.size());
        String metrics = mvc.perform(get("/actuator/prometheus").with(user(TestWorld.ADMIN).roles("ADMIN")))
                .andReturn().getResponse().getContentAsString();
        assertThat(metrics).contains("keelwatch_runtime_ingest_refused_total").contains("keelwatch_runtime_ingest_stored_total");

        // the overload passed: a post is stored as before
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/falco"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event("after"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).contains("\"stored\":1");
    }

    static String event(String id) {
        return "{\"uuid\":\"" + java.util.UUID.randomUUID() + "\",\"output\":\"A shell was spawned\",\"priority\":\"Notice\","
                + "\"rule\":\"Terminal shell in container\",\"time\":\"2024-05-01T12:00:00.000000001Z\",\"output_fields\":"
                + "{\"k8s.ns.name\":\"shop\",\"k8s.pod.name\":\"web-1\",\"container.id\":\"0123456789ab\",\"proc.cmdline\":\"sh -c probe-"
                + id + "\"},\"source\":\"syscall\",\"tags\":[\"shell\"],\"hostname\":\"worker-1\"}\n";
    }
}
