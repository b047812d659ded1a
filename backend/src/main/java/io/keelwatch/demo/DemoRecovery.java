package io.keelwatch.demo;

import io.keelwatch.access.Viewer;
import io.keelwatch.platform.PageRequest;
import io.keelwatch.platform.SafeYaml;
import io.keelwatch.recovery.NewRecoveryPolicy;
import io.keelwatch.recovery.RecoveryReport;
import io.keelwatch.recovery.RecoveryService;
import io.keelwatch.runtime.incidents.IncidentAlert;
import io.keelwatch.runtime.incidents.IncidentFilter;
import io.keelwatch.runtime.incidents.IncidentService;
import io.keelwatch.runtime.incidents.IncidentSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * prod-eu's Velero, posted through the service the cluster's CronJob reaches, built from real Velero objects (a
 * PartiallyFailed backup from a user's cluster, the status Velero leaves on a backup it found InProgress after a
 * restart, the BackupStorageLocation {@code velero install} writes, OADP's Schedule, the documented Restore) renamed
 * into the demo's namespaces with their times moved to now: {@code payments-api} meets its policy (backed up 3h ago,
 * restore test into a test namespace yesterday), {@code storefront-web} breaches it (its schedule last ran
 * PartiallyFailed, its newest usable backup is 31h old, its restore test took over 2h). The demo incident's clean
 * restore point is the backup of {@code payments-api} taken by hand before deploying its upgrade to alpine 3.10, once
 * Keelwatch watched its workloads, and before the first shell: it would bring back alpine 3.9 with its open critical
 * findings, unsigned. Older ones stay shown: a backup taken by hand the day before, which Velero is deleting
 * ({@code metadata.deletionTimestamp}), and a yearly archive from before Keelwatch watched the namespace. A month of
 * the daily schedules' backups gives the RPO trend its history (storefront-web's PartiallyFailed four days running two
 * weeks ago).
 */
@Component
class DemoRecovery {

    private static final Logger log = LoggerFactory.getLogger(DemoRecovery.class);
    private static final String CLUSTER = "prod-eu";
    /** How many days of daily backups the demo's Velero holds (its schedules' ttl is 720h). */
    private static final int HISTORY_DAYS = 29;
    /** A backup of payments-api taken by hand before the incident, which Velero is deleting: no clean restore point. */
    static final String BEING_DELETED = "payments-api-before-upgrade";
    /**
     * The backup of payments-api taken by hand before deploying its upgrade to alpine 3.10, once Keelwatch watched it:
     * the incident's clean restore point, bringing back alpine 3.9 and its critical findings.
     */
    static final String PRE_DEPLOY = "payments-api-pre-deploy";

    private final RecoveryService recovery;
    private final IncidentService incidents;
    private final SafeYaml yaml;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoRecovery(RecoveryService recovery, IncidentService incidents, SafeYaml yaml) {
        this.recovery = recovery;
        this.incidents = incidents;
        this.yaml = yaml;
    }

    /** @param preDeploy when Keelwatch watched payments-api and its api pod still ran alpine 3.9 */
    void seed(Viewer seeder, Instant now, Instant preDeploy) {
        Instant firstAlert = firstAlertOfTheIncident(seeder).orElse(now.minus(Duration.ofDays(400)));
        ArrayNode items = json.createArrayNode();
        items.add(location(now));
        items.add(schedule("daily", List.of("payments-api", "payments-worker"), "720h0m0s", now.minus(Duration.ofHours(3))));
        items.add(schedule("storefront-daily", List.of("storefront-web"), "720h0m0s", now.minus(Duration.ofHours(2))));
        items.add(schedule("yearly", List.of("payments-api"), "87600h0m0s", firstAlert.minus(Duration.ofDays(3))));
        items.add(backup("daily-" + stamp(now.minus(Duration.ofHours(27))), "daily", List.of("payments-api", "payments-worker"),
                now.minus(Duration.ofHours(27)), Duration.ofMinutes(12), "720h0m0s", "Completed", 0));
        items.add(backup("daily-" + stamp(now.minus(Duration.ofHours(3))), "daily", List.of("payments-api", "payments-worker"),
                now.minus(Duration.ofHours(3)), Duration.ofMinutes(11), "720h0m0s", "Completed", 0));
        items.add(backup("yearly-" + stamp(firstAlert.minus(Duration.ofDays(3))), "yearly", List.of("payments-api"),
                firstAlert.minus(Duration.ofDays(3)), Duration.ofMinutes(14), "87600h0m0s", "Completed", 0));
        ObjectNode beforeUpgrade = backup(BEING_DELETED, null, List.of("payments-api"), firstAlert.minus(Duration.ofDays(1)),
                Duration.ofMinutes(10), "720h0m0s", "Completed", 0);
        ((ObjectNode) beforeUpgrade.path("metadata")).put("deletionTimestamp", now.minus(Duration.ofHours(1)).toString());
        items.add(beforeUpgrade);
        if (preDeploy != null && firstAlert.isAfter(preDeploy)) {
            // completed halfway to the first shell
            items.add(backup(PRE_DEPLOY, null, List.of("payments-api"), preDeploy,
                    Duration.between(preDeploy, firstAlert).dividedBy(2), "720h0m0s", "Completed", 0));
        }
        items.add(backup("storefront-daily-" + stamp(now.minus(Duration.ofHours(31))), "storefront-daily", List.of("storefront-web"),
                now.minus(Duration.ofHours(31)), Duration.ofMinutes(9), "720h0m0s", "Completed", 0));
        items.add(restartedBackup("storefront-daily-" + stamp(now.minus(Duration.ofHours(26))), now.minus(Duration.ofHours(26))));
        // the PartiallyFailed backup as the user's cluster left it (5 errors), renamed: the schedule's newest run
        items.add(backup("storefront-daily-" + stamp(now.minus(Duration.ofHours(2))), "storefront-daily", List.of("storefront-web"),
                now.minus(Duration.ofHours(2)), Duration.ofMinutes(1), "720h0m0s", "PartiallyFailed", 5));
        // the month before: the daily schedules ran every day, storefront's PartiallyFailed four days running two weeks ago
        for (int day = 2; day < HISTORY_DAYS; day++) {
            Instant payments = now.minus(Duration.ofHours(3)).minus(Duration.ofDays(day));
            items.add(backup("daily-" + stamp(payments), "daily", List.of("payments-api", "payments-worker"), payments,
                    Duration.ofMinutes(12), "720h0m0s", "Completed", 0));
            Instant storefront = now.minus(Duration.ofHours(7)).minus(Duration.ofDays(day));
            boolean failing = day >= 10 && day <= 13;
            items.add(backup("storefront-daily-" + stamp(storefront), "storefront-daily", List.of("storefront-web"), storefront,
                    Duration.ofMinutes(9), "720h0m0s", failing ? "PartiallyFailed" : "Completed", failing ? 5 : 0));
        }
        items.add(restore("restore-test-payments-api", "daily-" + stamp(now.minus(Duration.ofHours(27))), "payments-api",
                now.minus(Duration.ofHours(20)), Duration.ofMinutes(18)));
        items.add(restore("restore-test-storefront-web", "storefront-daily-" + stamp(now.minus(Duration.ofHours(31))),
                "storefront-web", now.minus(Duration.ofHours(22)), Duration.ofMinutes(131)));
        ObjectNode list = json.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.set("items", items);
        RecoveryReport report = recovery.report(CLUSTER, new ByteArrayInputStream(json.writeValueAsBytes(list)),
                "application/json", seeder);
        log.info("Demo: posted prod-eu's Velero objects: {} backups, {} restores, {} schedules, {} locations",
                report.backups().seen(), report.restores().seen(), report.schedules().seen(), report.locations().seen());
        recovery.setPolicy(new NewRecoveryPolicy(CLUSTER, null, null, "24h", "1h", null, null, "30d"), seeder);
        recovery.setPolicy(new NewRecoveryPolicy(CLUSTER, "payments-api", null, "24h", "1h", "daily", "30d", "30d"), seeder);
    }

    private java.util.Optional<Instant> firstAlertOfTheIncident(Viewer seeder) {
        return incidents.incidents(IncidentFilter.of(null, null, CLUSTER), new PageRequest(0, 50), seeder).items().stream()
                .filter(i -> i.title().equals(DemoDataSeeder.INCIDENT_TITLE)).findFirst().map(IncidentSummary::id)
                .flatMap(id -> incidents.incident(id, seeder).alerts().stream().map(IncidentAlert::firstSeen)
                        .min(java.util.Comparator.naturalOrder()))
                .map(java.time.OffsetDateTime::toInstant);
    }

    /** The location {@code velero install} writes, as Velero reports it after validating it. */
    private ObjectNode location(Instant now) {
        ObjectNode location = sample("design-CLI-PoC__backupstoragelocation-install-dryrun.yaml");
        ((ObjectNode) location.path("metadata")).put("creationTimestamp", now.minus(Duration.ofDays(400)).toString());
        location.putObject("status").put("phase", "Available").put("lastValidationTime", now.minus(Duration.ofMinutes(1)).toString());
        return location;
    }

    /** OADP's documented Schedule, renamed, taking the demo's namespaces. */
    private ObjectNode schedule(String name, List<String> namespaces, String ttl, Instant lastBackup) {
        ObjectNode schedule = sample("oadp-operator__backup_schedules__schedule.yaml");
        ((ObjectNode) schedule.path("metadata")).put("name", name).put("namespace", "velero");
        ObjectNode spec = (ObjectNode) schedule.path("spec");
        spec.put("schedule", name.equals("yearly") ? "0 1 1 1 *" : "0 1 * * *");
        ObjectNode template = (ObjectNode) spec.path("template");
        template.set("includedNamespaces", strings(namespaces));
        template.put("ttl", ttl).put("storageLocation", "default");
        template.remove("volumeSnapshotLocations");
        schedule.putObject("status").put("phase", "Enabled").put("lastBackup", lastBackup.toString());
        return schedule;
    }

    /** The PartiallyFailed backup from a user's cluster (velero issue 5815), renamed and moved in time, in the given phase. */
    private ObjectNode backup(String name, String schedule, List<String> namespaces, Instant started, Duration took, String ttl,
            String phase, int errors) {
        ObjectNode backup = sample("backup-partiallyfailed-issue5815.yaml");
        ObjectNode metadata = (ObjectNode) backup.path("metadata");
        metadata.put("name", name).put("creationTimestamp", started.toString());
        ObjectNode labels = metadata.putObject("labels").put("velero.io/storage-location", "default");
        if (schedule != null) {
            labels.put("velero.io/schedule-name", schedule);
        }
        ObjectNode spec = (ObjectNode) backup.path("spec");
        spec.set("includedNamespaces", strings(namespaces));
        spec.put("storageLocation", "default").put("ttl", ttl);
        spec.set("volumeSnapshotLocations", strings(List.of("default")));
        ObjectNode status = (ObjectNode) backup.path("status");
        status.put("phase", phase).put("errors", errors).put("startTimestamp", started.toString())
                .put("completionTimestamp", started.plus(took).toString())
                .put("expiration", started.plus(Duration.ofHours(Long.parseLong(ttl.substring(0, ttl.indexOf('h'))))).toString());
        return backup;
    }

    /** A backup with the status Velero leaves when it restarts mid-backup (velero issue 7230): Completed, with a failure reason. */
    private ObjectNode restartedBackup(String name, Instant started) {
        ObjectNode backup = backup(name, "storefront-daily", List.of("storefront-web"), started, Duration.ofMinutes(1),
                "720h0m0s", "Completed", 0);
        ObjectNode status = (ObjectNode) yaml.tree(text("backup-status-completed-with-failurereason-issue7230.yaml.fragment"),
                1 << 20).path("status");
        status.put("startTimestamp", started.toString()).put("completionTimestamp", started.plus(Duration.ofMinutes(1)).toString())
                .put("expiration", started.plus(Duration.ofDays(30)).toString());
        backup.set("status", status);
        return backup;
    }

    /** Velero's documented Restore, as a restore test: one namespace of a backup into a test namespace of its own. */
    private ObjectNode restore(String name, String backupName, String namespace, Instant started, Duration took) {
        ObjectNode restore = sample("api-types__restore.yaml");
        ((ObjectNode) restore.path("metadata")).put("name", name).put("creationTimestamp", started.toString());
        ObjectNode spec = (ObjectNode) restore.path("spec");
        spec.put("backupName", backupName);
        spec.remove(List.of("scheduleName", "excludedNamespaces", "labelSelector", "orLabelSelectors", "hooks"));
        spec.set("includedNamespaces", strings(List.of(namespace)));
        spec.putObject("namespaceMapping").put(namespace, namespace + "-restore-test");
        ObjectNode status = (ObjectNode) restore.path("status");
        status.put("phase", "Completed").put("startTimestamp", started.toString())
                .put("completionTimestamp", started.plus(took).toString());
        status.remove("failureReason");
        return restore;
    }

    private ArrayNode strings(List<String> values) {
        ArrayNode array = json.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private ObjectNode sample(String file) {
        JsonNode tree = yaml.tree(text(file), 1 << 20);
        return (ObjectNode) tree.deepCopy();
    }

    private static String text(String file) {
        try (InputStream in = new ClassPathResource("demo/velero/" + file).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Velero-like name suffix: {@code 20240501010000}. */
    private static String stamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString().replaceAll("[-:TZ]", "");
    }
}
