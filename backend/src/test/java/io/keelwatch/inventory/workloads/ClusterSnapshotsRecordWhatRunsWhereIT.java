package io.keelwatch.inventory.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.inventory.WorkloadCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * A cluster's snapshots over the API, from the real k8s samples: the counts of what they show, what a
 * later snapshot stops (the whole cluster, or one namespace), an identical snapshot changing nothing but
 * "last seen", the images runtimes name in their spellings meeting the scanned image, and each drift kind.
 */
@KeelwatchIntegrationTest
class ClusterSnapshotsRecordWhatRunsWhereIT {

    private static final String NGINX = "sha256:482ead44b2203fa32b3390abdaf97cbdc8ad15c07fb03a3e68d7c35a19ad7595";
    private static final String ISTIO = "sha256:61673929bc39a86dca7d978b27fc632d3e590bc59cd8b2f386408751d007c91e";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    InventoryService inventory;

    private ClusterCalls clusters;
    private WorkloadCalls workloads;
    private String cluster;
    private ProjectRef alpha;

    @BeforeEach
    void cluster() throws Exception {
        world.alpha();
        clusters = new ClusterCalls(mvc);
        workloads = new WorkloadCalls(mvc);
        cluster = clusters.cluster();
        alpha = world.alphaProject();
        clusters.rule(cluster, "web", alpha.slug());
        clusters.rule(cluster, "icx", alpha.slug());
    }

    @Test
    void theRealSamplesAreCountedAndTheSameSnapshotAgainChangesNothingButLastSeen() throws Exception {
        byte[] snapshot = realSnapshot();
        JsonNode first = workloads.report(cluster, null, snapshot);
        assertThat(first.get("snapshot").asBoolean()).isTrue();
        // web/nginx (Pod), web/sleep (Pod: init, sidecar, sleep), icx/icx-db (Deployment via its ReplicaSet, tag only),
        // openshift-monitoring/prometheus-k8s (StatefulSet, 7 containers); the kind-less Pod in the List is skipped
        assertThat(counts(first.get("workloads"))).containsExactly(3, 3, 0);
        assertThat(counts(first.get("containers"))).containsExactly(5, 5, 0);
        assertThat(first.get("skippedTotal").asInt()).isEqualTo(1);
        assertThat(first.get("skipped").get(0).get("reason").asString()).contains("no kind");
        List<String> firstSeen = times("first_seen");
        List<String> lastSeen = times("last_seen");

        JsonNode again = workloads.report(cluster, null, snapshot);
        assertThat(counts(again.get("workloads"))).containsExactly(3, 0, 0);
        assertThat(counts(again.get("containers"))).containsExactly(5, 0, 0);
        assertThat(times("first_seen")).isEqualTo(firstSeen);
        assertThat(times("last_seen")).isNotEqualTo(lastSeen);
        assertThat(jdbc.sql("select count(*) from workload_container c join workload w on w.id = c.workload_id "
                + "where w.cluster_id = (select id from cluster where name = :c) and c.stopped_at is not null")
                .param("c", cluster).query(Long.class).single()).isZero();

        JsonNode running = workloads.running(TestWorld.LEAD, Map.of("cluster", cluster));
        assertThat(running.get("totalItems").asInt()).isEqualTo(5);
        assertThat(names(running, "container")).containsExactlyInAnyOrder("icx-db", "nginx", "init", "sidecar", "sleep");

        JsonNode pods = workloads.report(cluster, "openshift-monitoring", workloads.list("PodList",
                List.of(workloads.fixture("insights-operator__archive-sample__pod__prometheus-k8s-0.json", "openshift-monitoring"))));
        assertThat(counts(pods.get("workloads"))).containsExactly(1, 1, 0);
        assertThat(counts(pods.get("containers"))).containsExactly(7, 7, 0);
    }

    @Test
    void aSnapshotStopsWhatItLeavesOutAndAShownContainerRunsAgain() throws Exception {
        workloads.report(cluster, null, realSnapshot());
        JsonNode later = workloads.report(cluster, null, workloads.list("List",
                List.of(workloads.fixture("k9s_render_po.json", "web"))));
        assertThat(counts(later.get("workloads"))).containsExactly(1, 0, 2);
        assertThat(counts(later.get("containers"))).containsExactly(1, 0, 4);

        JsonNode stopped = workloads.running(TestWorld.LEAD, Map.of("cluster", cluster, "state", "stopped"));
        assertThat(names(stopped, "container")).containsExactlyInAnyOrder("icx-db", "init", "sidecar", "sleep");
        assertThat(stopped.get("items").get(0).get("stoppedAt").isNull()).isFalse();
        assertThat(stopped.get("items").get(0).get("drift")).as("a stopped container shows no drift").isEmpty();
        assertThat(names(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster)), "container")).containsExactly("nginx");

        JsonNode back = workloads.report(cluster, null, realSnapshot());
        assertThat(counts(back.get("containers"))).containsExactly(5, 0, 0);
        assertThat(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster)).get("totalItems").asInt()).isEqualTo(5);
    }

    @Test
    void aNamespaceSnapshotStopsOnlyInItsNamespaceAndOneObjectStopsNothing() throws Exception {
        workloads.report(cluster, null, realSnapshot());
        JsonNode emptied = workloads.report(cluster, "icx", workloads.list("PodList", List.of()));
        assertThat(counts(emptied.get("containers"))).containsExactly(0, 0, 1);
        assertThat(names(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster)), "container"))
                .containsExactlyInAnyOrder("nginx", "init", "sidecar", "sleep");

        JsonNode one = workloads.report(cluster, null, workloads.bytes(workloads.pod("web", "extra", "busybox:1.36",
                "docker-pullable://busybox@sha256:" + hex())));
        assertThat(one.get("snapshot").asBoolean()).isFalse();
        assertThat(counts(one.get("containers"))).containsExactly(1, 1, 0);
        assertThat(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster)).get("totalItems").asInt()).isEqualTo(5);
    }

    @Test
    void everyRuntimesImageIdMeetsTheImageAScanFiled() throws Exception {
        ScanUploads uploads = new ScanUploads(mvc);
        String imageId = "sha256:" + hex();
        long scan = uploads.read(uploads.upload(TestWorld.ALICE, alpha.slug(),
                uploads.rebuilt(Fixtures.bytes("trivy/alpine-310.json.golden"), "2099-01-01T00:00:00Z", imageId))
                .andReturn().getResponse().getContentAsString()).get("scanId").asLong();
        long scannedImage = uploads.scan(TestWorld.ALICE, scan).get("imageId").asLong();
        String repository = "ghcr.io/aquasecurity/trivy-test-images";
        String hello = "sha256:" + hex();
        workloads.report(cluster, null, workloads.list("List", List.of(
                workloads.pod("web", "docker-local", repository + ":alpine-310", "docker://" + imageId),
                workloads.pod("web", "bare", repository + ":alpine-310", imageId),
                workloads.pod("web", "pullable", repository + ":alpine-310", "docker-pullable://" + repository + "@" + imageId),
                workloads.pod("web", "containerd", "hello-world:latest", "docker.io/library/hello-world@" + hello),
                workloads.pod("web", "docker-hub", "hello-world", "docker-pullable://hello-world@" + hello))));
        JsonNode running = workloads.running(TestWorld.LEAD, Map.of("cluster", cluster));
        List<JsonNode> alpine = new ArrayList<>();
        List<JsonNode> helloWorld = new ArrayList<>();
        running.get("items").forEach(i -> (i.get("repository").asString().equals(repository) ? alpine : helloWorld).add(i));
        assertThat(alpine).hasSize(3).allSatisfy(i -> {
            assertThat(i.get("imageId").asLong()).isEqualTo(scannedImage);
            assertThat(i.get("digest").asString()).isEqualTo(imageId);
            // the report claims 2099: the scan counts as made when it was imported, so it is fresh, not in the future
            assertThat(drift(i)).doesNotContain("never-scanned", "stale-scan");
        });
        assertThat(helloWorld).hasSize(2).extracting(i -> i.get("imageId").asLong()).containsOnly(helloWorld.get(0).get("imageId").asLong());
        assertThat(helloWorld).allSatisfy(i -> assertThat(i.get("repository").asString()).isEqualTo("hello-world"));
        assertThat(drift(helloWorld.get(0))).contains("never-scanned");
        assertThat(jdbc.sql("select count(*) from image_tag_observation where image_id = :i and tag = 'alpine-310'")
                .param("i", scannedImage).query(Long.class).single()).as("the spec's tag is an observation").isOne();
    }

    @Test
    void eachDriftKindIsShownAndFiltered() throws Exception {
        ScanUploads uploads = new ScanUploads(mvc);
        String stale = "sha256:" + hex();
        uploads.upload(TestWorld.ALICE, alpha.slug(), uploads.rebuilt(Fixtures.bytes("trivy/alpine-39.json.golden"),
                "2021-08-25T12:20:30Z", stale));
        String mapped = "registry.example/" + alpha.slug() + "/api";
        inventory.addRepositoryRule(alpha.id(), mapped);
        workloads.report(cluster, null, workloads.list("List", List.of(
                workloads.pod("web", "stale", "ghcr.io/aquasecurity/trivy-test-images:alpine-39", "docker://" + stale),
                workloads.pod("web", "mapped", mapped + ":1.0", mapped + "@sha256:" + hex()),
                workloads.fixture("k9s_render_dp.json", "icx"),
                workloads.pod("kube-system", "unowned", mapped + ":1.0", mapped + "@sha256:" + hex()))));
        Map<String, List<String>> drift = new HashMap<>();
        workloads.running(TestWorld.LEAD, Map.of("cluster", cluster)).get("items")
                .forEach(i -> drift.put(i.get("name").asString(), drift(i)));
        assertThat(drift.get("stale")).containsExactlyInAnyOrder("stale-scan", "unmapped-image");
        assertThat(drift.get("mapped")).containsExactly("never-scanned");
        assertThat(drift.get("icx-db")).containsExactlyInAnyOrder("tag-only", "unmapped-image");
        assertThat(drift.get("unowned")).containsExactlyInAnyOrder("never-scanned", "no-project");
        for (String kind : List.of("stale-scan", "never-scanned", "tag-only", "unmapped-image", "no-project")) {
            List<String> names = names(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster, "drift", kind)), "name");
            assertThat(names).as(kind).containsExactlyInAnyOrderElementsOf(
                    drift.entrySet().stream().filter(e -> e.getValue().contains(kind)).map(Map.Entry::getKey).toList());
        }
        assertThat(names(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster, "namespace", "icx")), "name"))
                .containsExactly("icx-db");
        assertThat(names(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster, "project", alpha.slug())), "name"))
                .containsExactlyInAnyOrder("stale", "mapped", "icx-db");
    }

    /** k9s's Pod and sidecar Pod in namespace web, its ReplicaSet and Deployment in icx, insights-operator's kind-less Pod. */
    private byte[] realSnapshot() {
        return workloads.list("List", List.of(
                workloads.fixture("k9s_render_po.json", "web"),
                workloads.fixture("k9s_po_sidecar.json", "web"),
                workloads.fixture("k9s_render_rs.json", "icx"),
                workloads.fixture("k9s_render_dp.json", "icx"),
                workloads.fixture("insights-operator__archive-sample__pod__prometheus-k8s-0.json", "openshift-monitoring")));
    }

    private static List<Integer> counts(JsonNode counts) {
        return List.of(counts.get("seen").asInt(), counts.get("added").asInt(), counts.get("stopped").asInt());
    }

    private static List<String> names(JsonNode page, String field) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(i -> names.add(i.get(field).asString()));
        return names;
    }

    private static List<String> drift(JsonNode item) {
        List<String> drift = new ArrayList<>();
        item.get("drift").forEach(d -> drift.add(d.asString()));
        return drift;
    }

    private List<String> times(String column) {
        return jdbc.sql("select cast(c." + column + " as text) from workload_container c join workload w on w.id = c.workload_id "
                        + "join cluster cl on cl.id = w.cluster_id where cl.name = :c order by c.id")
                .param("c", cluster).query(String.class).list();
    }

    private static String hex() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            hex.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return hex.toString();
    }
}
