package io.keelwatch.runtime.incidents;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The incident tests' alerts: Falco's documented "Terminal shell in container" event (a real Critical alert), moved to a
 * cluster of the test's own, a namespace, a pod, a time and a rule name of the test's choosing, posted as the admin.
 * Built by each test from the shared context's beans (a bean of its own would give the tests a context of their own).
 */
class ShellEvents {

    private static final String SAMPLE = "falco/falco-website__docs__concepts__outputs__channels.jsonl";

    private final InventoryService inventory;
    private final FalcoEventIngest ingest;
    private final TestWorld world;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    ShellEvents(InventoryService inventory, FalcoEventIngest ingest, TestWorld world, JdbcClient jdbc) {
        this.inventory = inventory;
        this.ingest = ingest;
        this.world = world;
        this.jdbc = jdbc;
    }

    /** A cluster of its own (in an environment of its own) whose {@code shop-*} namespaces are alpha's, {@code pay-*} beta's. */
    String cluster(String prefix) {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
        String environment = inventory.createEnvironment(prefix + "-" + suffix, world.admin()).name();
        String cluster = inventory.createCluster(prefix + "-" + suffix, environment, null, world.admin()).name();
        inventory.addNamespaceRule(cluster, "shop-*", world.alphaProject().slug(), world.admin());
        inventory.addNamespaceRule(cluster, "pay-*", world.betaProject().slug(), world.admin());
        return cluster;
    }

    /** Posts the sample as {@code rule} on the pod at that time with that priority; answers the alert's id. */
    long alert(String cluster, String namespace, String pod, String rule, String priority, Instant time) {
        ObjectNode event = (ObjectNode) json.readTree(Fixtures.text(SAMPLE).strip());
        event.put("rule", rule).put("priority", priority).put("time", time.toString());
        ObjectNode fields = (ObjectNode) event.get("output_fields");
        fields.put("k8s.ns.name", namespace).put("k8s.pod.name", pod)
                .put("container.image.digest", "sha256:62e9bcfa1fd0cd5cd1bbc18f10d04b4cc6fa1d4b2a7a7b7ec0c0c6bc5c2c0b14");
        ingest.ingest(cluster, json.writeValueAsBytes(event), false, world.admin());
        return jdbc.sql("""
                        select a.id from runtime_alert a join cluster c on c.id = a.cluster_id
                        where c.name = :cluster and a.namespace = :namespace and a.pod = :pod and a.rule = :rule
                        order by a.first_seen desc limit 1
                        """)
                .param("cluster", cluster).param("namespace", namespace).param("pod", pod).param("rule", rule)
                .query(Long.class).single();
    }
}
