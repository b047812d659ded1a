package io.keelwatch.inventory.workloads;

import io.keelwatch.inventory.InventoryProblem;
import io.keelwatch.inventory.SkippedItem;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.InboundText;
import io.keelwatch.platform.KeelwatchException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads what kubectl prints into the containers a cluster runs. A {@code List} or typed list
 * ({@code PodList}, {@code DeploymentList}; their items may leave out {@code kind}, as the API server's
 * lists do) is a snapshot; one object, or the object of an admission request ({@code AdmissionReview}
 * or its bare {@code request}), only adds what it shows.
 *
 * <p>Pods give what runs: each container's digest from {@code status.*ContainerStatuses[].imageID}
 * (init and ephemeral containers too), folded into the top controller through {@code ownerReferences}
 * (a ReplicaSet into its Deployment — from the ReplicaSet in the same document, else its
 * {@code pod-template-hash} name — and a Job into its CronJob, from the Job in the same document, else
 * the name the CronJob controller gives its runs).
 * Controllers give their spec's images, used only for workloads no Pod of the document shows.
 * A controller scaled to zero, a finished Job, a Pod that ended and a container without an
 * imageID yet (pending) are skipped with the reason, as are items without a kind and kinds that run nothing.
 */
final class SnapshotReader {

    /** Reasons listed in an answer at most; the total is always counted. */
    static final int MAX_REASONS = 100;

    /** A Job the CronJob controller made: {@code <cronjob>-<minutes since 1970>}, between 2015 and 2100. */
    private static final Pattern CRONJOB_RUN = Pattern.compile("(.+)-(\\d{8})");
    private static final long CRONJOB_MINUTES_FROM = 23_667_840L;
    private static final long CRONJOB_MINUTES_UNTIL = 68_374_080L;
    private static final Set<String> CONTROLLERS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job",
            "CronJob");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._:-]{0,251}[A-Za-z0-9])?");
    private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");

    private final String namespaceScope;
    /** Reading an admission request's object: a Pod's containers are those its spec names, as none has started yet. */
    private final boolean admission;
    private final Map<String, ObservedContainer> fromPods = new LinkedHashMap<>();
    private final Map<String, ObservedContainer> fromControllers = new LinkedHashMap<>();
    /** ReplicaSets and Jobs of the document that a Deployment or CronJob owns: "Kind ns/name" → the owner. */
    private final Map<String, WorkloadKey> owners = new HashMap<>();
    private final List<SkippedItem> skipped = new ArrayList<>();
    private int skippedTotal;
    private int workloadItems;
    /** An admission request's namespace, which a created object's metadata may leave out. */
    private String defaultNamespace;
    /** An admission request's name, which a Pod's metadata leaves out when the API server generated it. */
    private String defaultName;

    private SnapshotReader(String namespaceScope, boolean admission) {
        this.namespaceScope = namespaceScope;
        this.admission = admission;
    }

    /**
     * @param namespaceScope the namespace a snapshot is limited to ({@code ?namespace=}); items of others are skipped
     * @throws KeelwatchException 400 for a document that is no object; 422 when nothing in it is a workload
     */
    static Snapshot read(JsonNode root, String namespaceScope) {
        return new SnapshotReader(namespaceScope, false).snapshot(root);
    }

    /**
     * What an admission request's object is about to run: a Pod's containers as its spec names them (by the digest it
     * pins, else by tag), folded into the top controller like a snapshot's, or a controller's template. Empty for
     * what runs nothing Keelwatch records; never throws.
     */
    static List<ObservedContainer> admitted(JsonNode request) {
        SnapshotReader reader = new SnapshotReader(null, true);
        JsonNode object = request.path("object");
        if (!object.isObject()) {
            return List.of();
        }
        reader.defaultNamespace = text(request.path("namespace"));
        reader.defaultName = text(request.path("name"));
        String kind = text(request.path("kind").path("kind"));
        reader.link(object, kind);
        reader.item(object, kind, 0);
        List<ObservedContainer> containers = new ArrayList<>(reader.fromPods.values());
        containers.addAll(reader.fromControllers.values());
        return List.copyOf(containers);
    }

    private Snapshot snapshot(JsonNode root) {
        if (!root.isObject()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "Send a Kubernetes object or list as kubectl prints it (kubectl get pods -A -o json), not a JSON array or value.");
        }
        List<JsonNode> items = new ArrayList<>();
        String defaultKind = null;
        boolean complete = false;
        String kind = text(root.path("kind"));
        JsonNode request = "AdmissionReview".equals(kind) ? root.path("request")
                : root.path("kind").isObject() && root.has("operation") ? root : null;
        if (request != null) {
            // an admission webhook's request: its object (a DELETE has none) adds what it shows and stops nothing
            JsonNode object = request.path("object");
            if (!object.isObject()) {
                skip("admission request " + text(request.path("operation")), "has no object (a DELETE): nothing to record");
                return new Snapshot(false, List.of(), List.copyOf(skipped), skippedTotal);
            }
            defaultKind = text(request.path("kind").path("kind"));
            defaultNamespace = text(request.path("namespace"));
            items.add(object);
        } else if (kind != null && kind.endsWith("List") && root.path("items").isArray()) {
            complete = true;
            defaultKind = kind.equals("List") ? null : kind.substring(0, kind.length() - "List".length());
            root.path("items").values().forEach(items::add);
        } else {
            items.add(root);
        }
        for (JsonNode item : items) {
            link(item, defaultKind);
        }
        for (int i = 0; i < items.size(); i++) {
            item(items.get(i), defaultKind, i);
        }
        if (!items.isEmpty() && workloadItems == 0) {
            throw new KeelwatchException(InventoryProblem.NO_WORKLOADS, "Nothing in this document is a workload Keelwatch reads ("
                    + String.join("; ", reasons()) + "). Send Pods (kubectl get pods -A -o json) or Deployments, StatefulSets, "
                    + "DaemonSets, ReplicaSets, Jobs or CronJobs; nothing was recorded or stopped.");
        }
        Map<String, ObservedContainer> running = new LinkedHashMap<>(fromPods);
        Set<WorkloadKey> shownByPods = new HashSet<>();
        fromPods.values().forEach(c -> shownByPods.add(c.workload()));
        fromControllers.forEach((key, container) -> {
            if (!shownByPods.contains(container.workload())) {
                running.putIfAbsent(key, container);
            }
        });
        return new Snapshot(complete, List.copyOf(running.values()), List.copyOf(skipped), skippedTotal);
    }

    private void link(JsonNode item, String defaultKind) {
        String kind = kindOf(item, defaultKind);
        JsonNode metadata = item.path("metadata");
        String namespace = namespaceOf(metadata);
        String name = text(metadata.path("name"));
        if (kind == null || namespace == null || name == null || !(kind.equals("ReplicaSet") || kind.equals("Job"))) {
            return;
        }
        JsonNode owner = controllerOf(metadata);
        String ownerKind = owner == null ? null : text(owner.path("kind"));
        String ownerName = owner == null ? null : text(owner.path("name"));
        if (ownerName != null && (kind.equals("ReplicaSet") && "Deployment".equals(ownerKind)
                || kind.equals("Job") && "CronJob".equals(ownerKind))) {
            owners.put(kind + " " + namespace + "/" + name, new WorkloadKey(namespace, ownerKind, ownerName));
        }
    }

    private void item(JsonNode item, String defaultKind, int index) {
        JsonNode metadata = item.path("metadata");
        String kind = kindOf(item, defaultKind);
        String namespace = namespaceOf(metadata);
        String name = text(metadata.path("name")) != null ? text(metadata.path("name")) : defaultName;
        String label = (kind == null ? "item" : kind) + " " + (namespace == null ? "" : namespace + "/")
                + (name == null ? "#" + index : name);
        if (!item.isObject()) {
            skip("item #" + index, "is no object");
            return;
        }
        if (kind == null) {
            skip(label, "has no kind (items of a List must say what they are)");
            return;
        }
        if (!kind.equals("Pod") && !CONTROLLERS.contains(kind)) {
            skip(label, "is a " + kind + ", which runs no containers Keelwatch records");
            return;
        }
        workloadItems++;
        if (namespace == null || !NAMESPACE.matcher(namespace).matches() || name == null || !NAME.matcher(name).matches()) {
            skip(label, "has no valid metadata.namespace and metadata.name");
            return;
        }
        if (namespaceScope != null && !namespaceScope.equals(namespace)) {
            skip(label, "is outside namespace " + namespaceScope + ", which this snapshot is limited to");
            return;
        }
        if (kind.equals("Pod")) {
            pod(item, metadata, namespace, name, label);
        } else {
            controller(item, metadata, kind, namespace, name, label);
        }
    }

    private void pod(JsonNode pod, JsonNode metadata, String namespace, String name, String label) {
        String phase = text(pod.path("status").path("phase"));
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            skip(label, "has ended (phase " + phase + ")");
            return;
        }
        WorkloadKey workload = topController(metadata, namespace, name);
        JsonNode spec = pod.path("spec");
        if (admission) {
            specContainers(spec, workload, label);
            return;
        }
        Map<String, String> specImages = new HashMap<>();
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode c : spec.path(list).values()) {
                String containerName = text(c.path("name"));
                if (containerName != null) {
                    specImages.put(containerName, text(c.path("image")));
                }
            }
        }
        JsonNode status = pod.path("status");
        int statuses = 0;
        for (ContainerType type : ContainerType.values()) {
            String list = switch (type) {
                case INIT -> "initContainerStatuses";
                case CONTAINER -> "containerStatuses";
                case EPHEMERAL -> "ephemeralContainerStatuses";
            };
            for (JsonNode s : status.path(list).values()) {
                statuses++;
                containerStatus(s, type, workload, specImages, label);
            }
        }
        if (statuses == 0) {
            skip(label, "is pending: no container has started yet (status.containerStatuses is empty)");
        }
    }

    private void containerStatus(JsonNode status, ContainerType type, WorkloadKey workload, Map<String, String> specImages,
            String label) {
        String container = text(status.path("name"));
        if (container == null || !NAME.matcher(container).matches()) {
            skip(label, "has a container status without a valid name");
            return;
        }
        String imageId = text(status.path("imageID"));
        String specImage = specImages.getOrDefault(container, text(status.path("image")));
        ImageReference spec = ImageReference.parse(specImage);
        if (imageId == null || imageId.isBlank()) {
            skip(label + " container " + container, "is pending: no imageID yet");
            return;
        }
        ImageReference running = ImageReference.fromImageId(imageId);
        if (running != null && running.repository() == null && spec == null) {
            spec = ImageReference.parse(text(status.path("image")));
        }
        if (running == null || running.repository() == null && spec == null) {
            if (spec == null) {
                skip(label + " container " + container, "names no image Keelwatch can read");
                return;
            }
            // the runtime gave no digest: what runs is known by the spec's name only (drift: pinned by tag)
            add(fromPods, new ObservedContainer(workload, container, type, spec.repository(), spec.tag(), spec.digest(), false));
            return;
        }
        boolean bare = running.repository() == null;
        String repository = bare ? spec.repository() : running.repository();
        String tag = spec != null && spec.repository().equals(repository) ? spec.tag() : null;
        add(fromPods, new ObservedContainer(workload, container, type, repository, tag, running.digest(), bare));
    }

    /** An admitted Pod's containers: nothing has started, so each runs what its spec names. */
    private void specContainers(JsonNode spec, WorkloadKey workload, String label) {
        for (ContainerType type : ContainerType.values()) {
            String list = switch (type) {
                case INIT -> "initContainers";
                case CONTAINER -> "containers";
                case EPHEMERAL -> "ephemeralContainers";
            };
            for (JsonNode c : spec.path(list).values()) {
                String container = text(c.path("name"));
                ImageReference image = ImageReference.parse(text(c.path("image")));
                if (container == null || !NAME.matcher(container).matches() || image == null) {
                    skip(label + " container " + container, "names no image Keelwatch can read");
                    continue;
                }
                add(fromPods, new ObservedContainer(workload, container, type, image.repository(), image.tag(), image.digest(),
                        false));
            }
        }
    }

    private void controller(JsonNode object, JsonNode metadata, String kind, String namespace, String name, String label) {
        JsonNode spec = object.path("spec");
        JsonNode template = kind.equals("CronJob") ? spec.path("jobTemplate").path("spec").path("template") : spec.path("template");
        if (spec.path("replicas").isNumber() && spec.path("replicas").asInt() == 0) {
            skip(label, "is scaled to zero replicas");
            return;
        }
        if (kind.equals("Job") && object.path("status").path("completionTime").isString()) {
            skip(label, "has finished");
            return;
        }
        WorkloadKey workload = owners.getOrDefault(kind + " " + namespace + "/" + name, new WorkloadKey(namespace, kind, name));
        if (kind.equals("ReplicaSet") && workload.kind().equals("ReplicaSet")) {
            workload = ownerOf(metadata, namespace).orElse(workload);
        }
        JsonNode podSpec = template.path("spec");
        int containers = 0;
        for (ContainerType type : List.of(ContainerType.INIT, ContainerType.CONTAINER)) {
            for (JsonNode c : podSpec.path(type == ContainerType.INIT ? "initContainers" : "containers").values()) {
                containers++;
                String container = text(c.path("name"));
                ImageReference image = ImageReference.parse(text(c.path("image")));
                if (container == null || !NAME.matcher(container).matches() || image == null) {
                    skip(label + " container " + container, "names no image Keelwatch can read");
                    continue;
                }
                add(fromControllers, new ObservedContainer(workload, container, type, image.repository(), image.tag(),
                        image.digest(), false));
            }
        }
        if (containers == 0) {
            skip(label, "has no pod template with containers");
        }
    }

    /** The Pod's top controller: its owner, a ReplicaSet's Deployment, a Job's CronJob; the Pod itself without one. */
    private WorkloadKey topController(JsonNode metadata, String namespace, String name) {
        JsonNode owner = controllerOf(metadata);
        String kind = owner == null ? null : text(owner.path("kind"));
        String ownerName = owner == null ? null : text(owner.path("name"));
        if (kind == null || ownerName == null || !KIND.matcher(kind).matches() || !NAME.matcher(ownerName).matches()) {
            return new WorkloadKey(namespace, "Pod", name);
        }
        WorkloadKey linked = owners.get(kind + " " + namespace + "/" + ownerName);
        if (linked != null) {
            return linked;
        }
        String hash = text(metadata.path("labels").path("pod-template-hash"));
        if (kind.equals("ReplicaSet") && hash != null && ownerName.endsWith("-" + hash)) {
            // the Deployment controller names its ReplicaSets <deployment>-<pod-template-hash>
            return new WorkloadKey(namespace, "Deployment", ownerName.substring(0, ownerName.length() - hash.length() - 1));
        }
        Matcher run = CRONJOB_RUN.matcher(ownerName);
        if (kind.equals("Job") && run.matches() && Long.parseLong(run.group(2)) >= CRONJOB_MINUTES_FROM
                && Long.parseLong(run.group(2)) <= CRONJOB_MINUTES_UNTIL) {
            // the CronJob controller names each run's Job <cronjob>-<scheduled time in minutes since 1970>, so every run
            // is the same CronJob, not a new workload per run, when only the Pods are posted
            return new WorkloadKey(namespace, "CronJob", run.group(1));
        }
        return new WorkloadKey(namespace, kind, ownerName);
    }

    private Optional<WorkloadKey> ownerOf(JsonNode metadata, String namespace) {
        JsonNode owner = controllerOf(metadata);
        String kind = owner == null ? null : text(owner.path("kind"));
        String name = owner == null ? null : text(owner.path("name"));
        return "Deployment".equals(kind) && name != null && NAME.matcher(name).matches()
                ? Optional.of(new WorkloadKey(namespace, kind, name)) : Optional.empty();
    }

    /** The owner reference marked {@code controller: true}, else the first. */
    private static JsonNode controllerOf(JsonNode metadata) {
        JsonNode first = null;
        for (JsonNode owner : metadata.path("ownerReferences").values()) {
            if (owner.path("controller").asBoolean(false)) {
                return owner;
            }
            first = first == null ? owner : first;
        }
        return first;
    }

    private String namespaceOf(JsonNode metadata) {
        String namespace = text(metadata.path("namespace"));
        return namespace != null ? namespace : defaultNamespace;
    }

    private String kindOf(JsonNode item, String defaultKind) {
        String kind = text(item.path("kind"));
        if (kind == null && defaultKind != null) {
            kind = defaultKind;
        }
        return kind != null && KIND.matcher(kind).matches() ? kind : null;
    }

    private void add(Map<String, ObservedContainer> into, ObservedContainer container) {
        if (container.repository().length() > 512) {
            return;
        }
        into.putIfAbsent(container.workload() + "|" + container.container() + "|" + container.repository() + "|"
                + container.reference(), container);
    }

    private void skip(String item, String reason) {
        skippedTotal++;
        if (skipped.size() < MAX_REASONS) {
            skipped.add(new SkippedItem(item, reason));
        }
    }

    private List<String> reasons() {
        return skipped.stream().limit(3).map(s -> s.item() + " " + s.reason()).toList();
    }

    /** The text of a string node that outside text may hold (bounded, no control characters), else null. */
    private static String text(JsonNode node) {
        if (!node.isString()) {
            return null;
        }
        String value = node.stringValue();
        return value.isEmpty() || value.length() > 1024 || !InboundText.isAllowed(value) ? null : value;
    }
}
