package io.keelwatch.demo;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.WorkloadReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What runs in the demo clusters, posted as a cluster's agent would (through the same service as
 * {@code POST /api/v1/clusters/{cluster}/workloads}): real Pods, a ReplicaSet with its Deployment and an
 * admission request from {@code shared/fixtures/k8s}, moved into the demo teams' namespaces. One Pod
 * runs a demo image scanned lately and one whose last scan is old (found through the bare
 * {@code docker://sha256:…} Docker reports for a loaded image), the others run images never scanned, a Deployment is pinned by tag only, a
 * namespace belongs to no project, and a repository maps to no project: the Running page shows every
 * drift kind. prod-eu's api pod is seen first on alpine 3.9, then upgraded to 3.10.
 */
@Component
class DemoWorkloads {

    private static final Logger log = LoggerFactory.getLogger(DemoWorkloads.class);

    /** The demo report alpine-310's image, as a Docker node that loaded it from a tar file reports it. */
    private static final String SCANNED_IMAGE = "ghcr.io/aquasecurity/trivy-test-images:alpine-310";
    private static final String SCANNED_IMAGE_ID = "docker://sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4";
    /** The demo report centos-7's image (ingress-gateway), last scanned by a report of August 2021. */
    private static final String STALE_IMAGE = "ghcr.io/aquasecurity/trivy-test-images:centos-7";
    private static final String STALE_IMAGE_ID = "docker://sha256:f1cb7c7d58b73eac859c395882eec49d50651244e342cd6c68a5c7809785f427";
    /** The demo report alpine-39's image: what prod-eu's api pod ran before its upgrade to alpine 3.10. */
    private static final String OLD_IMAGE = "ghcr.io/aquasecurity/trivy-test-images:alpine-39";
    private static final String OLD_IMAGE_ID = "docker://sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1";

    private final InventoryService inventory;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoWorkloads(InventoryService inventory) {
        this.inventory = inventory;
    }

    /**
     * Posts what runs; returns a moment between two snapshots of prod-eu's payments-api: Keelwatch watched it, and its api
     * pod still ran alpine 3.9 (the next snapshot shows it upgraded to 3.10), so a backup taken then brings back 3.9.
     */
    Instant seed(Viewer seeder) {
        inventory.addRepositoryRule("storefront-web", "nginx", seeder);
        inventory.addRepositoryRule("payments-api", "istio/*", seeder);
        Instant beforeUpgrade = null;
        for (String cluster : List.of("staging-eu", "prod-eu")) {
            if (cluster.equals("prod-eu")) {
                ObjectNode before = json.createObjectNode().put("apiVersion", "v1").put("kind", "List");
                before.putArray("items").add(moved(read("k9s_po_sidecar.json"), "payments-api")).add(api(OLD_IMAGE, OLD_IMAGE_ID));
                log.info("Demo: payments-api of {} before its upgrade: {}", cluster, counts(post(cluster, "payments-api", before, seeder)));
                beforeUpgrade = Instant.now();
            }
            ArrayNode items = json.createArrayNode();
            items.add(moved(read("k9s_render_po.json"), "storefront-web"));
            items.add(moved(read("k9s_po_sidecar.json"), "payments-api"));
            items.add(api(SCANNED_IMAGE, SCANNED_IMAGE_ID));
            // ingress-gateway still runs the centos-7 build whose last scan is from 2021: a stale scan
            ObjectNode gateway = moved(read("k9s_render_po.json"), "ingress-gateway");
            ((ObjectNode) gateway.path("metadata")).put("name", "gateway");
            ((ObjectNode) gateway.path("spec").path("containers").get(0)).put("image", STALE_IMAGE);
            ObjectNode gatewayStatus = (ObjectNode) gateway.path("status").path("containerStatuses").get(0);
            gatewayStatus.put("image", STALE_IMAGE);
            gatewayStatus.put("imageID", STALE_IMAGE_ID);
            items.add(gateway);
            if (cluster.equals("staging-eu")) {
                items.add(moved(read("k9s_render_rs.json"), "payments-worker"));
                items.add(moved(read("k9s_render_dp.json"), "payments-worker"));
            }
            ObjectNode list = json.createObjectNode();
            list.put("apiVersion", "v1");
            list.put("kind", "List");
            list.set("items", items);
            log.info("Demo: workloads of {}: {}", cluster, counts(post(cluster, null, list, seeder)));

            // insights-operator's Pod has no kind: a typed PodList says it (as the API server's lists do)
            ObjectNode pods = json.createObjectNode();
            pods.put("apiVersion", "v1");
            pods.put("kind", "PodList");
            pods.putArray("items").add(read("insights-operator__archive-sample__pod__prometheus-k8s-0.json"));
            log.info("Demo: openshift-monitoring of {}: {}", cluster, counts(post(cluster, "openshift-monitoring", pods, seeder)));
        }
        ObjectNode admission = read("kyverno_validation_test__admissionrequest-pod-status-update.json");
        moved((ObjectNode) admission.path("object"), "ci-runners");
        log.info("Demo: an admission request in prod-eu: {}", counts(post("prod-eu", null, admission, seeder)));
        return beforeUpgrade;
    }

    /** payments-api's api pod running the image. */
    private ObjectNode api(String image, String imageId) {
        ObjectNode api = moved(read("k9s_render_po.json"), "payments-api");
        ((ObjectNode) api.path("metadata")).put("name", "api");
        ((ObjectNode) api.path("spec").path("containers").get(0)).put("image", image);
        ObjectNode status = (ObjectNode) api.path("status").path("containerStatuses").get(0);
        status.put("image", image);
        status.put("imageID", imageId);
        return api;
    }

    private WorkloadReport post(String cluster, String namespace, JsonNode document, Viewer seeder) {
        byte[] bytes = json.writeValueAsBytes(document);
        return inventory.reportWorkloads(cluster, namespace, new ByteArrayInputStream(bytes), "application/json", seeder);
    }

    private static String counts(WorkloadReport report) {
        return report.containers().seen() + " containers in " + report.workloads().seen() + " workloads, "
                + report.skippedTotal() + " skipped";
    }

    private static ObjectNode moved(ObjectNode object, String namespace) {
        ((ObjectNode) object.path("metadata")).put("namespace", namespace);
        return object;
    }

    private ObjectNode read(String sample) {
        try (InputStream in = new ClassPathResource("demo/k8s/" + sample).getInputStream()) {
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
