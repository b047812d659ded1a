package io.keelwatch.inventory.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keelwatch.inventory.InventoryProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.testsupport.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real kubectl and API-server samples read into the containers they run: each runtime's imageID
 * spelling, init and native-sidecar containers, Pods folded into their controllers, controllers'
 * spec images, and what is skipped (pending, no kind, kinds that run nothing) with its reason.
 */
class KubectlOutputReadsIntoRunningContainersTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void eachRuntimesImageIdSpellingNamesRepositoryAndDigest() {
        assertThat(ImageReference.fromImageId("docker-pullable://nginx@sha256:482ead44b2203fa32b3390abdaf97cbdc8ad15c07fb03a3e68d7c35a19ad7595"))
                .isEqualTo(new ImageReference("nginx", null, "sha256:482ead44b2203fa32b3390abdaf97cbdc8ad15c07fb03a3e68d7c35a19ad7595"));
        assertThat(ImageReference.fromImageId("docker.io/library/hello-world@sha256:8e3114318a995a1ee497790535e7b88365222a21771ae7e53687ad76563e8e76"))
                .isEqualTo(new ImageReference("hello-world", null, "sha256:8e3114318a995a1ee497790535e7b88365222a21771ae7e53687ad76563e8e76"));
        assertThat(ImageReference.fromImageId("quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:98ce5083663a333717bf26620e288e3e097b462146f0dd253eb32c1a14a08722").repository())
                .isEqualTo("quay.io/openshift-release-dev/ocp-v4.0-art-dev");
        assertThat(ImageReference.fromImageId("docker://sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4"))
                .isEqualTo(new ImageReference(null, null, "sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4"));
        assertThat(ImageReference.fromImageId("sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4").digest())
                .startsWith("sha256:9617");
        assertThat(ImageReference.fromImageId("")).isNull();
        assertThat(ImageReference.fromImageId("docker.io/library/nginx:1.25")).as("a tag is no digest").isNull();
        assertThat(ImageReference.parse("registry.example:5000/team/app:1.2@sha256:482ead44b2203fa32b3390abdaf97cbdc8ad15c07fb03a3e68d7c35a19ad7595"))
                .isEqualTo(new ImageReference("registry.example:5000/team/app", "1.2",
                        "sha256:482ead44b2203fa32b3390abdaf97cbdc8ad15c07fb03a3e68d7c35a19ad7595"));
        assertThat(ImageReference.spellings("nginx")).contains("docker.io/library/nginx", "index.docker.io/library/nginx");
        assertThat(ImageReference.spellings("istio/base")).contains("docker.io/istio/base");
        assertThat(ImageReference.spellings("quay.io/x/y")).containsExactly("quay.io/x/y");
    }

    @Test
    void aDockerPodRunsTheDigestItsImageIdNames() {
        Snapshot snapshot = read(Fixtures.text("k8s/k9s_render_po.json"));
        assertThat(snapshot.complete()).as("one object adds, it is no snapshot").isFalse();
        assertThat(snapshot.containers()).containsExactly(new ObservedContainer(new WorkloadKey("default", "Pod", "nginx"), "nginx",
                ContainerType.CONTAINER, "nginx", "alpine", "sha256:482ead44b2203fa32b3390abdaf97cbdc8ad15c07fb03a3e68d7c35a19ad7595",
                false));
    }

    @Test
    void initContainersAndNativeSidecarsAreRecordedToo() {
        Snapshot snapshot = read(Fixtures.text("k8s/k9s_po_sidecar.json"));
        assertThat(snapshot.containers()).extracting(ObservedContainer::container, ObservedContainer::type, ObservedContainer::repository)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("init", ContainerType.INIT, "istio/base"),
                        org.assertj.core.groups.Tuple.tuple("sidecar", ContainerType.INIT, "istio/base"),
                        org.assertj.core.groups.Tuple.tuple("sleep", ContainerType.CONTAINER, "istio/base"));
    }

    @Test
    void aPodWithoutKindIsSkippedAloneAndReadInATypedPodList() {
        String pod = Fixtures.text("k8s/insights-operator__archive-sample__pod__prometheus-k8s-0.json");
        assertThatThrownBy(() -> read(pod)).isInstanceOfSatisfying(KeelwatchException.class,
                e -> assertThat(e.kind()).isEqualTo(InventoryProblem.NO_WORKLOADS));
        Snapshot inAList = read("{\"kind\":\"List\",\"items\":[" + pod + "," + Fixtures.text("k8s/k9s_render_po.json") + "]}");
        assertThat(inAList.containers()).hasSize(1);
        assertThat(inAList.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("no kind"));

        Snapshot podList = read("{\"kind\":\"PodList\",\"items\":[" + pod + "]}");
        assertThat(podList.complete()).isTrue();
        assertThat(podList.containers()).hasSize(7)
                .allSatisfy(c -> assertThat(c.workload()).isEqualTo(new WorkloadKey("openshift-monitoring", "StatefulSet", "prometheus-k8s")));
        assertThat(podList.containers()).extracting(ObservedContainer::digest).doesNotContainNull().hasSize(7);
    }

    @Test
    void aReplicaSetFoldsIntoItsDeploymentWhoseSpecPinsATagOnly() {
        Snapshot snapshot = read("{\"kind\":\"List\",\"items\":[" + Fixtures.text("k8s/k9s_render_rs.json") + ","
                + Fixtures.text("k8s/k9s_render_dp.json") + "]}");
        assertThat(snapshot.containers()).containsExactly(new ObservedContainer(new WorkloadKey("icx", "Deployment", "icx-db"), "icx-db",
                ContainerType.CONTAINER, "postgres", "9.2-alpine", null, false));
        assertThat(snapshot.containers().get(0).reference()).isEqualTo("9.2-alpine");
    }

    @Test
    void aPodOfAReplicaSetFoldsIntoTheDeploymentItsTemplateHashNames() {
        ObjectNode pod = (ObjectNode) json.readTree(Fixtures.text("k8s/k9s_render_po.json"));
        ObjectNode metadata = (ObjectNode) pod.path("metadata");
        metadata.putObject("labels").put("pod-template-hash", "7d4b578979");
        ArrayNode owners = metadata.putArray("ownerReferences");
        owners.addObject().put("kind", "ReplicaSet").put("name", "icx-db-7d4b578979").put("controller", true);
        assertThat(read(pod.toString()).containers()).extracting(ObservedContainer::workload)
                .containsExactly(new WorkloadKey("default", "Deployment", "icx-db"));
        // with the Deployment in the same list, its spec does not add a second (tag-only) container
        ((ObjectNode) pod.path("metadata")).put("namespace", "icx");
        Snapshot both = read("{\"kind\":\"List\",\"items\":[" + pod + "," + Fixtures.text("k8s/k9s_render_dp.json") + "]}");
        assertThat(both.containers()).singleElement().satisfies(c -> assertThat(c.digest()).startsWith("sha256:482e"));
    }

    @Test
    void aPodOfACronJobsRunFoldsIntoTheCronJobItsJobNameNamesEvenWithoutTheJob() {
        ObjectNode pod = (ObjectNode) json.readTree(Fixtures.text("k8s/k9s_render_po.json"));
        ArrayNode owners = ((ObjectNode) pod.path("metadata")).putArray("ownerReferences");
        // the CronJob controller names each run's Job <cronjob>-<scheduled time in minutes since 1970>
        owners.addObject().put("kind", "Job").put("name", "nightly-report-29410560").put("controller", true);
        assertThat(read(pod.toString()).containers()).extracting(ObservedContainer::workload)
                .containsExactly(new WorkloadKey("default", "CronJob", "nightly-report"));
        // a Job someone named with a date is a Job of its own
        owners.removeAll().addObject().put("kind", "Job").put("name", "backup-20240101").put("controller", true);
        assertThat(read(pod.toString()).containers()).extracting(ObservedContainer::workload)
                .containsExactly(new WorkloadKey("default", "Job", "backup-20240101"));
    }

    @Test
    void admissionRequestsAddTheirObjectAndPendingPodsAreSkipped() {
        Snapshot created = read(Fixtures.text("k8s/cloud-custodian__controllermode.rst__admissionreview-v1-pod-create.json"));
        assertThat(created.complete()).isFalse();
        assertThat(created.containers()).isEmpty();
        assertThat(created.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("pending"));

        Snapshot statusUpdate = read(Fixtures.text("k8s/kyverno_validation_test__admissionrequest-pod-status-update.json"));
        assertThat(statusUpdate.containers()).singleElement().satisfies(c -> {
            assertThat(c.repository()).isEqualTo("hello-world");
            assertThat(c.tag()).isEqualTo("latest");
            assertThat(c.digest()).isEqualTo("sha256:8e3114318a995a1ee497790535e7b88365222a21771ae7e53687ad76563e8e76");
        });

        Snapshot deployment = read(Fixtures.text("k8s/pepr__admission-create-deployment.json"));
        assertThat(deployment.containers()).singleElement().satisfies(c -> {
            assertThat(c.workload()).isEqualTo(new WorkloadKey("pepr-demo", "Deployment", "lower"));
            assertThat(c.digest()).isNull();
            assertThat(c.reference()).isEqualTo("latest");
        });
    }

    @Test
    void aListOfKindsThatRunNothingIsRefused() {
        assertThatThrownBy(() -> read("{\"kind\":\"List\",\"items\":[{\"kind\":\"Service\",\"metadata\":{\"name\":\"web\","
                + "\"namespace\":\"default\"}}]}"))
                .isInstanceOfSatisfying(KeelwatchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InventoryProblem.NO_WORKLOADS);
                    assertThat(e.getMessage()).contains("Service default/web");
                });
        assertThat(read("{\"kind\":\"PodList\",\"items\":[]}").complete()).as("an empty list is an empty snapshot").isTrue();
    }

    @Test
    void aNamespaceScopedSnapshotSkipsOtherNamespaces() {
        Snapshot snapshot = SnapshotReader.read(json.readTree("{\"kind\":\"List\",\"items\":[" + Fixtures.text("k8s/k9s_render_po.json")
                + "," + Fixtures.text("k8s/k9s_render_dp.json") + "]}"), "icx");
        assertThat(snapshot.containers()).extracting(c -> c.workload().namespace()).containsExactly("icx");
        assertThat(snapshot.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("outside namespace icx"));
    }

    private Snapshot read(String document) {
        return SnapshotReader.read(json.readTree(document), null);
    }
}
