package io.keelwatch.recovery.ingest;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.InboundText;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.recovery.RecoveryProblem;
import io.keelwatch.recovery.RecoveryReport.Item;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads what {@code kubectl get backups,restores,schedules,backupstoragelocations -n velero -o json|yaml} prints — a
 * {@code List} (or {@code BackupList} …, whose items may leave out {@code kind}) or single objects — into
 * {@link VeleroObjects}. Only {@code velero.io/v1} is read. Objects of the legacy {@code ark.heptio.com} group (Heptio
 * Ark, before Velero 0.11) are skipped with that reason rather than mapped: Ark's phases and fields predate what
 * readiness is measured on, and Velero's own migration turns them into velero.io objects. Other kinds (what
 * {@code velero install --dry-run} lists beside its BackupStorageLocation: CRDs, the Deployment, the credentials
 * Secret) are skipped with the reason, and none of their content is kept. A document with no Velero object at all is
 * a 422; text with control characters a 400 — nothing is written then.
 */
final class VeleroReader {

    static final String API_VERSION = "velero.io/v1";
    static final int MAX_LISTED = 100;
    private static final int MAX_TEXT = 2000;
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9*?]([a-z0-9*?-]{0,61}[a-z0-9*?])?");
    private static final Set<String> KINDS = Set.of("Backup", "Restore", "Schedule", "BackupStorageLocation");

    private final List<VeleroObjects.Backup> backups = new ArrayList<>();
    private final List<VeleroObjects.Restore> restores = new ArrayList<>();
    private final List<VeleroObjects.Schedule> schedules = new ArrayList<>();
    private final List<VeleroObjects.Location> locations = new ArrayList<>();
    private final List<Item> warnings = new ArrayList<>();
    private final List<Item> skipped = new ArrayList<>();
    private final Set<String> listedNamespaces = new TreeSet<>();
    private boolean listing;

    private VeleroReader() {
    }

    static VeleroObjects read(JsonNode document) {
        VeleroReader reader = new VeleroReader();
        if (!document.isObject()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "Expected a Kubernetes object or List, as kubectl get … -o json prints it.");
        }
        reader.listing = isListing(document);
        reader.object(document, null, "the document", 0);
        VeleroObjects objects = new VeleroObjects(reader.backups, reader.restores, reader.schedules, reader.locations,
                reader.warnings, reader.skipped, List.copyOf(reader.listedNamespaces));
        if (objects.isEmpty()) {
            String why = reader.skipped.isEmpty() ? "" : " Skipped: " + reader.skipped.stream().limit(5)
                    .map(i -> i.object() + " (" + i.reason() + ")").reduce((a, b) -> a + "; " + b).orElse("") + ".";
            throw new KeelwatchException(RecoveryProblem.NO_VELERO_OBJECTS, "The document holds no Backup, Restore, Schedule "
                    + "or BackupStorageLocation of " + API_VERSION + "." + why);
        }
        return objects;
    }

    /**
     * Whether the document is what {@code kubectl get backups … -o json|yaml} prints ({@code v1} {@code List}) or the
     * API's {@code velero.io/v1} {@code BackupList}: a listing of everything there is, not objects picked one by one.
     * Several {@code ---} YAML documents become a {@code List} without an {@code apiVersion}, so they list nothing whole.
     */
    private static boolean isListing(JsonNode document) {
        String kind = document.path("kind").isString() ? document.path("kind").asString() : null;
        String apiVersion = document.path("apiVersion").isString() ? document.path("apiVersion").asString() : null;
        return document.path("items").isArray()
                && ("List".equals(kind) && "v1".equals(apiVersion) || "BackupList".equals(kind) && API_VERSION.equals(apiVersion));
    }

    /** One object; a list's items inherit its item kind ({@code BackupList} → Backup) when they leave theirs out. */
    private void object(JsonNode node, String impliedKind, String where, int depth) {
        if (!node.isObject()) {
            skip(where, "is not an object");
            return;
        }
        String kind = text(node.get("kind"), where + " kind", 100);
        if (kind == null) {
            kind = impliedKind;
        }
        JsonNode items = node.get("items");
        if (kind != null && kind.endsWith("List") && items != null && items.isArray()) {
            if (depth > 1) {
                skip(where, "a list inside a list inside a list is not read");
                return;
            }
            String itemKind = kind.equals("List") ? null : kind.substring(0, kind.length() - "List".length());
            int n = 0;
            for (JsonNode item : items) {
                object(item, itemKind, "item #" + (++n), depth + 1);
            }
            return;
        }
        JsonNode metadata = node.path("metadata");
        String name = text(metadata.get("name"), where + " metadata.name", 253);
        String namespace = text(metadata.get("namespace"), where + " metadata.namespace", 63);
        String label = (kind == null ? "object" : kind) + " " + (namespace == null ? "" : namespace + "/")
                + (name == null ? where : name);
        String apiVersion = text(node.get("apiVersion"), where + " apiVersion", 100);
        if (kind == null) {
            skip(label, "has no kind");
            return;
        }
        if (apiVersion != null && apiVersion.startsWith("ark.heptio.com/")) {
            skip(label, "is of the legacy group ark.heptio.com (Heptio Ark, before Velero 0.11), which is not read: "
                    + "migrate it to velero.io/v1 and post that");
            return;
        }
        if (!KINDS.contains(kind)) {
            skip(label, "is not a Velero Backup, Restore, Schedule or BackupStorageLocation");
            return;
        }
        if (apiVersion != null && !apiVersion.equals(API_VERSION)) {
            skip(label, "has apiVersion " + apiVersion + "; only " + API_VERSION + " is read");
            return;
        }
        if (name == null) {
            skip(label, "has no metadata.name");
            return;
        }
        JsonNode spec = node.path("spec");
        JsonNode status = node.path("status");
        List<String> notes = new ArrayList<>();
        if (listing && depth == 1 && kind.equals("Backup") && namespace != null) {
            listedNamespaces.add(namespace);
        }
        switch (kind) {
            case "Backup" -> backup(label, name, namespace, metadata, spec, status, notes);
            case "Restore" -> restore(label, name, metadata, spec, status, notes);
            case "Schedule" -> schedule(label, name, spec, status, notes);
            default -> location(label, name, spec, status, notes);
        }
        notes.forEach(note -> warnings.add(new Item(label, note)));
    }

    private void backup(String label, String name, String namespace, JsonNode metadata, JsonNode spec, JsonNode status,
            List<String> notes) {
        String phase = phase(status, VeleroPhases.BACKUP, label, notes);
        Instant created = time(metadata.get("creationTimestamp"), "metadata.creationTimestamp", notes);
        Instant started = time(status.get("startTimestamp"), "status.startTimestamp", notes);
        Instant completed = time(status.get("completionTimestamp"), "status.completionTimestamp", notes);
        if (created == null && started == null) {
            notes.add("no creationTimestamp or startTimestamp: when it was taken is unknown, so it counts for no RPO");
        } else if ("Completed".equals(phase) && completed == null) {
            notes.add("Completed without a completionTimestamp: its duration is unknown");
        }
        String schedule = text(metadata.path("labels").get("velero.io/schedule-name"), label + " schedule label", 253);
        String location = text(spec.get("storageLocation"), label + " spec.storageLocation", 253);
        if (location == null) {
            location = text(metadata.path("labels").get("velero.io/storage-location"), label + " storage-location label", 253);
        }
        backups.add(new VeleroObjects.Backup(name, namespace, text(metadata.get("uid"), label + " uid", 64), phase, schedule, location,
                namespaces(spec.get("includedNamespaces"), "spec.includedNamespaces", label, notes),
                namespaces(spec.get("excludedNamespaces"), "spec.excludedNamespaces", label, notes), selects(spec),
                text(spec.get("ttl"), label + " spec.ttl", 64), created, started, completed,
                time(status.get("expiration"), "status.expiration", notes), count(status.get("errors")),
                count(status.get("warnings")), clipped(text(status.get("failureReason"), label + " status.failureReason", 100_000)),
                texts(status.get("validationErrors"), label),
                time(metadata.get("deletionTimestamp"), "metadata.deletionTimestamp", notes), List.copyOf(notes)));
    }

    private void restore(String label, String name, JsonNode metadata, JsonNode spec, JsonNode status, List<String> notes) {
        String phase = phase(status, VeleroPhases.RESTORE, label, notes);
        Instant created = time(metadata.get("creationTimestamp"), "metadata.creationTimestamp", notes);
        Instant started = time(status.get("startTimestamp"), "status.startTimestamp", notes);
        Instant completed = time(status.get("completionTimestamp"), "status.completionTimestamp", notes);
        if ("Completed".equals(phase) && (started == null || completed == null)) {
            notes.add("Completed without startTimestamp and completionTimestamp: how long it took is unknown, so it proves no RTO");
        }
        String backup = text(spec.get("backupName"), label + " spec.backupName", 253);
        String schedule = text(spec.get("scheduleName"), label + " spec.scheduleName", 253);
        if (backup == null) {
            notes.add(schedule == null ? "names no backup (spec.backupName) and no schedule: it proves nothing"
                    : "names only schedule " + schedule + "; Velero fills in spec.backupName once it picked the backup");
        }
        Map<String, String> mapping = new TreeMap<>();
        JsonNode map = spec.get("namespaceMapping");
        if (map != null && map.isObject()) {
            for (Map.Entry<String, JsonNode> entry : map.properties()) {
                String to = text(entry.getValue(), label + " namespaceMapping", 63);
                if (valid(entry.getKey()) && to != null && valid(to)) {
                    mapping.put(entry.getKey(), to);
                } else {
                    notes.add("namespaceMapping entry " + clipped(entry.getKey(), 63) + " is not a namespace name: left out");
                }
            }
        }
        restores.add(new VeleroObjects.Restore(name, text(metadata.get("uid"), label + " uid", 64), phase, backup, schedule,
                namespaces(spec.get("includedNamespaces"), "spec.includedNamespaces", label, notes),
                namespaces(spec.get("excludedNamespaces"), "spec.excludedNamespaces", label, notes), mapping, created,
                started, completed, count(status.get("errors")), count(status.get("warnings")),
                clipped(text(status.get("failureReason"), label + " status.failureReason", 100_000)),
                texts(status.get("validationErrors"), label), List.copyOf(notes)));
    }

    private void schedule(String label, String name, JsonNode spec, JsonNode status, List<String> notes) {
        String phase = phase(status, VeleroPhases.SCHEDULE, label, notes);
        JsonNode template = spec.path("template");
        String cron = text(spec.get("schedule"), label + " spec.schedule", 200);
        if (cron == null) {
            notes.add("no spec.schedule: when it runs is unknown");
        }
        schedules.add(new VeleroObjects.Schedule(name, cron, spec.path("paused").asBoolean(false), phase,
                time(status.get("lastBackup"), "status.lastBackup", notes), text(template.get("ttl"), label + " ttl", 64),
                text(template.get("storageLocation"), label + " storageLocation", 253),
                namespaces(template.get("includedNamespaces"), "spec.template.includedNamespaces", label, notes),
                namespaces(template.get("excludedNamespaces"), "spec.template.excludedNamespaces", label, notes),
                selects(template), List.copyOf(notes)));
    }

    private void location(String label, String name, JsonNode spec, JsonNode status, List<String> notes) {
        String phase = phase(status, VeleroPhases.LOCATION, label, notes);
        // the location's credentials and config (secret names, endpoints) are not kept: what readiness needs is
        // where backups go and whether Velero can reach it
        locations.add(new VeleroObjects.Location(name, text(spec.get("provider"), label + " provider", 100),
                text(spec.path("objectStorage").get("bucket"), label + " bucket", 253), spec.path("default").asBoolean(false),
                text(spec.get("accessMode"), label + " accessMode", 32), phase,
                clipped(text(status.get("message"), label + " status.message", 100_000)),
                time(status.get("lastValidationTime"), "status.lastValidationTime", notes)));
    }

    /** The phase as posted; none yet is New (as Velero's controllers take it), one Velero 1.18 does not define is warned about. */
    private String phase(JsonNode status, Set<String> known, String label, List<String> notes) {
        String phase = text(status.get("phase"), label + " status.phase", 64);
        if (phase == null) {
            if (known != VeleroPhases.LOCATION) {
                notes.add("no status.phase yet: taken as New");
            }
            return known == VeleroPhases.LOCATION ? null : "New";
        }
        if (!known.contains(phase)) {
            notes.add("unknown phase " + phase + " (not one Velero 1.18 defines): kept as posted, counted as not usable");
        }
        return phase;
    }

    private static boolean selects(JsonNode spec) {
        return nonEmpty(spec.get("labelSelector")) || nonEmpty(spec.get("orLabelSelectors"));
    }

    private static boolean nonEmpty(JsonNode node) {
        return node != null && !node.isNull() && !node.isEmpty();
    }

    private List<String> namespaces(JsonNode node, String field, String label, List<String> notes) {
        List<String> names = new ArrayList<>();
        if (node == null || node.isNull()) {
            return names;
        }
        if (!node.isArray()) {
            notes.add(field + " is not a list: read as empty");
            return names;
        }
        for (JsonNode entry : node) {
            String name = text(entry, label + " " + field, 253);
            if (name != null && valid(name)) {
                names.add(name);
            } else {
                notes.add(field + " holds " + (name == null ? "a value that is no name" : "'" + clipped(name, 63) + "', no namespace name")
                        + ": left out");
            }
        }
        return names;
    }

    private static boolean valid(String namespace) {
        return namespace.equals("*") || NAMESPACE.matcher(namespace).matches();
    }

    private static List<String> texts(JsonNode node, String label) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode entry : node) {
                String value = text(entry, label + " status.validationErrors", 100_000);
                if (value != null && values.size() < 20) {
                    values.add(clipped(value, 500));
                }
            }
        }
        return values;
    }

    private static int count(JsonNode node) {
        return node == null || !node.canConvertToInt() ? 0 : Math.max(0, node.asInt());
    }

    private static Instant time(JsonNode node, String field, List<String> notes) {
        if (node == null || node.isNull() || node.isString() && node.asString().isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asString()).toInstant();
        } catch (DateTimeParseException e) {
            notes.add(field + " is not an RFC 3339 time: left out");
            return null;
        }
    }

    /** A scalar's text, refused (400, nothing written) when it holds control characters; null when absent or blank. */
    private static String text(JsonNode node, String where, int max) {
        if (node == null || node.isNull() || node.isContainer()) {
            return null;
        }
        String value = node.asString().strip();
        if (value.isEmpty()) {
            return null;
        }
        if (!InboundText.isAllowed(value)) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, InboundText.refusal(where, value));
        }
        return clipped(value, max);
    }

    private static String clipped(String value) {
        return clipped(value, MAX_TEXT);
    }

    private static String clipped(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private void skip(String object, String reason) {
        skipped.add(new Item(object, reason));
    }

    /** The first items of a list, as an answer names them (the totals are counted elsewhere). */
    static List<Item> firstOf(List<Item> items) {
        return items.size() <= MAX_LISTED ? items : new ArrayList<>(items.subList(0, MAX_LISTED));
    }
}
