package io.keelwatch.demo;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.Role;
import io.keelwatch.access.TeamSummary;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.inventory.UploadTarget;
import io.keelwatch.platform.EmbeddedDatabaseMarker;
import io.keelwatch.runtime.FalcoEventIngest;
import io.keelwatch.runtime.IngestResult;
import io.keelwatch.runtime.incidents.IncidentDetail;
import io.keelwatch.runtime.incidents.IncidentService;
import io.keelwatch.runtime.incidents.NewIncident;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills an empty evaluation install with three teams, five demo accounts, real Trivy reports, two
 * clusters (staging, prod) whose namespaces belong to the teams' projects, what runs in them,
 * findings of the clusters themselves (a trivy k8s report, kube-bench), real Falco events in them (prod-eu's shells
 * in payments-api pods moved to just after Keelwatch began watching its workloads, folded into an incident),
 * signed, untrusted, reported and unsigned images ({@link DemoSignatures}); gate policies (one in warn mode), a waiver of
 * one of their rules and admissions through the webhook's service ({@link DemoGate}); Velero's backups ({@link DemoRecovery}).
 */
@Component
class DemoDataSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataSeeder.class);

    /**
     * project slug, display name, team, criticality, Trivy reports (from shared fixtures) imported at
     * seeding time, in import order; {@link DemoHistory} adds the weeks of scans before.
     */
    private record DemoProject(String slug, String name, String team, String criticality, List<String> reports) {
    }

    private static final List<DemoProject> PROJECTS = List.of(
            new DemoProject("payments-api", "Payments API", "payments", "tier1", List.of()),
            new DemoProject("payments-worker", "Payments worker", "payments", "tier1", List.of("pom")),
            new DemoProject("ingress-gateway", "Ingress gateway", "platform", "tier1", List.of("centos-7")),
            new DemoProject("build-tools", "Build tools", "platform", "tier3", List.of("dockerfile", "secrets")),
            new DemoProject("storefront-web", "Storefront web", "storefront", "tier2", List.of("npm", "fluentd-gems")),
            new DemoProject("catalog-service", "Catalog service", "storefront", "tier2",
                    List.of("spring4shell-jre8", "distroless-python27")));

    /** An environment and the one cluster in it. */
    private record DemoCluster(String environment, String name) {
    }

    /** From least to most critical. */
    private static final List<DemoCluster> CLUSTERS = List.of(
            new DemoCluster("staging", "staging-eu"), new DemoCluster("prod", "prod-eu"));

    /** A report about a cluster itself (from shared fixtures, in demo/cluster) and the cluster it goes to. */
    private record DemoClusterReport(String report, String cluster) {
    }

    private static final List<DemoClusterReport> CLUSTER_REPORTS = List.of(
            new DemoClusterReport("trivy-k8s-cluster-resources.json", "prod-eu"),
            new DemoClusterReport("kube-bench-result.json", "prod-eu"),
            new DemoClusterReport("kube-bench-controls.json", "staging-eu"),
            new DemoClusterReport("trivy-operator-reports.yaml", "staging-eu"));

    /** Namespace pattern → project slug, the same in every demo cluster; kube-system and the like stay the leads'. */
    private static final Map<String, String> NAMESPACES = Map.of(
            "payments-*", "payments-api",
            "payments-worker*", "payments-worker",
            "ingress-*", "ingress-gateway",
            "ci-*", "build-tools",
            "storefront-*", "storefront-web",
            "catalog-*", "catalog-service");

    /**
     * Real Falco samples (falcosecurity docs and blog posts, Falco's own test output) posted into each demo
     * cluster, their namespaces moved to demo namespaces (sample namespace → demo namespace); events naming
     * none (audit-log and host events) stay the cluster owners'.
     */
    private static final List<String> FALCO_SAMPLES = List.of(
            "falco-website__docs__concepts__outputs__channels.jsonl",
            "falco-website__blog__falcosidekick-response-engine-part-2-openfass.jsonl",
            "falco-website__blog__falcosidekick-response-engine-part-9-fission.jsonl",
            "falco-website__blog__detect-threats-falco-ovh-mks-audit-logs-plugin.jsonl",
            "falco__test__output_files__single_rule_with_cat_write.json");
    private static final Map<String, String> FALCO_NAMESPACES = Map.of(
            "default", "payments-api",
            "openfaas-fn", "storefront-web",
            "fission-function", "catalog-service");

    /** The demo's incident, whose clean restore point {@link DemoRecovery} provides. */
    static final String INCIDENT_TITLE = "Shells in payments-api pods";
    private static final String INCIDENT_NAMESPACE = "payments-api";
    /** Room between Keelwatch watching payments-api and its first shell, for the backup taken in between. */
    private static final Duration SHELLS_AFTER_WATCHED = Duration.ofMillis(4);

    private final DemoSettings settings;
    private final Optional<EmbeddedDatabaseMarker> embedded;
    private final AccessService access;
    private final InventoryService inventory;
    private final ScanImportService imports;
    private final DemoWorkloads workloads;
    private final DemoHistory history;
    private final FalcoEventIngest falco;
    private final IncidentService incidents;
    private final DemoSignatures signatures;
    private final DemoGate gate;
    private final DemoRecovery recovery;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoDataSeeder(DemoSettings settings, ObjectProvider<EmbeddedDatabaseMarker> embedded, AccessService access,
            InventoryService inventory, ScanImportService imports, DemoWorkloads workloads, DemoHistory history,
            FalcoEventIngest falco, IncidentService incidents, DemoSignatures signatures, DemoGate gate, DemoRecovery recovery) {
        this.recovery = recovery;
        this.falco = falco;
        this.incidents = incidents;
        this.signatures = signatures;
        this.gate = gate;
        this.settings = settings;
        this.embedded = Optional.ofNullable(embedded.getIfAvailable());
        this.access = access;
        this.inventory = inventory;
        this.imports = imports;
        this.workloads = workloads;
        this.history = history;
    }

    /** Demo data is on when configured so, and by default with the embedded database (evaluation mode). */
    static boolean enabled(DemoSettings settings, boolean embeddedDatabase) {
        return settings.enabled() != null ? settings.enabled() : embeddedDatabase;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled(settings, embedded.isPresent()) || access.hasAnyTeam()) {
            return;
        }
        log.info("Seeding demo data (teams, users, projects, Trivy reports)");
        Map<String, TeamSummary> teams = Map.of(
                "payments", access.createTeam("payments", "Payments"),
                "platform", access.createTeam("platform", "Platform"),
                "storefront", access.createTeam("storefront", "Storefront"));
        long leadId = access.createLocalUser("lead", "Lee Lead", "lead", Role.SECURITY_LEAD, List.of());
        access.createLocalUser("admin", "Ada Admin", "admin", Role.ADMIN, List.of());
        access.createLocalUser("auditor", "Audrey Auditor", "auditor", Role.AUDITOR, List.of());
        long devId = access.createLocalUser("dev", "Dev Payments", "dev", Role.DEVELOPER, List.of(teams.get("payments").id()));
        long dev2Id = access.createLocalUser("dev2", "Dev Platform", "dev2", Role.DEVELOPER, List.of(teams.get("platform").id()));
        // the evaluation's history is Keelwatch's doing, not the lead's: the audit log says "system"
        Viewer seeder = access.systemViewer();
        for (DemoProject demo : PROJECTS) {
            ProjectRef project = inventory.createProject(teams.get(demo.team()).id(), demo.slug(), demo.name(), demo.criticality());
            for (String report : demo.reports()) {
                ImportResult result = importReport(report, project, seeder);
                log.info("Demo: imported {} into {}: {} findings", report, project.slug(), result.findings().total());
            }
        }
        DemoHistory.Cast cast = cast(leadId, devId, dev2Id, teams);
        history.seed(seeder, cast, Instant.now());
        List<ObjectNode> shells = seedClusters(seeder);
        history.muteExpectedRuntimeBehaviour(cast);
        // a moment Keelwatch watched prod-eu's payments-api and its api pod still ran alpine 3.9 (the upgrade follows)
        Instant beforeUpgrade = workloads.seed(seeder);
        postShells(shells, beforeUpgrade, seeder);
        seedIncident(seeder);
        signatures.seed(seeder);
        gate.seed(seeder, cast);
        recovery.seed(seeder, Instant.now(), beforeUpgrade);
    }

    /**
     * prod-eu's shells in payments-api pods, posted once Keelwatch watches that namespace's workloads, after its upgrade:
     * their times moved to now (at least {@link #SHELLS_AFTER_WATCHED} after {@code watched}), in their order, so a
     * backup taken in between is the incident's clean restore point with images Keelwatch knows.
     */
    private void postShells(List<ObjectNode> shells, Instant watched, Viewer seeder) {
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (first.isBefore(watched.plus(SHELLS_AFTER_WATCHED))) {
            first = watched.plus(SHELLS_AFTER_WATCHED).truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        }
        inApiPod(shells, seeder);
        StringBuilder lines = new StringBuilder();
        List<ObjectNode> ordered = shells.stream().sorted(Comparator.comparing(e -> e.get("time").asString())).toList();
        for (int i = 0; i < ordered.size(); i++) {
            ordered.get(i).put("time", first.plusMillis(i).toString());
            lines.append(json.writeValueAsString(ordered.get(i))).append('\n');
        }
        IngestResult result = falco.ingest("prod-eu", lines.toString().getBytes(StandardCharsets.UTF_8), true, seeder);
        log.info("Demo: posted {} shells in prod-eu's payments-api pods after its workloads", result.stored());
    }

    /**
     * The Falco docs' shell (its pod {@code kubecon}) as the api pod's: in that pod and its image, with the digest
     * Falco reports when its rules {@code append_output} {@code container.image.digest} — so the incident shows what the
     * shell ran in, its findings and its (missing) signature.
     */
    private void inApiPod(List<ObjectNode> shells, Viewer seeder) {
        long cluster = inventory.cluster("prod-eu").orElseThrow().id();
        inventory.imagesRunningAt(cluster, INCIDENT_NAMESPACE, Instant.now(), seeder).images().stream()
                .filter(image -> image.workload().equals("Pod/api") && image.digest() != null).findFirst()
                .ifPresent(api -> shells.stream().filter(e -> "kubecon".equals(e.path("output_fields").path("k8s.pod.name").asString(null)))
                        .forEach(shell -> {
                            ObjectNode fields = (ObjectNode) shell.get("output_fields");
                            fields.put("k8s.pod.name", "api");
                            fields.put("container.image.repository", api.repository());
                            fields.put("container.image.digest", api.digest());
                            shell.put("output", shell.get("output").asString().replace("k8s.pod=kubecon", "k8s.pod=api")
                                    .replace("image=docker.io/library/alpine", "image=" + api.repository()));
                        }));
    }

    /**
     * The shells Falco saw in prod-eu's payments-api pods (the samples' {@code default} namespace) folded into one
     * incident, being investigated, with a note: opened and worked through the service people use.
     */
    private void seedIncident(Viewer seeder) {
        List<Long> alerts = incidents.alertsOutsideIncidents("prod-eu", INCIDENT_NAMESPACE, seeder);
        if (alerts.isEmpty()) {
            return;
        }
        IncidentDetail incident = incidents.create(new NewIncident(INCIDENT_TITLE, null, alerts), seeder);
        long id = incident.incident().id();
        incidents.changeStatus(id, "investigating", "Several interactive shells in one namespace right after a deploy: "
                + "checking whether they were debugging sessions.", seeder);
        incidents.addNote(id, "kubectl exec by the on-call engineer explains the alpine pod; the api pod's shell is "
                + "unexplained so far.", seeder);
        log.info("Demo: incident {} of {} alerts in prod-eu/payments-api", id, alerts.size());
    }

    private static DemoHistory.Cast cast(long leadId, long devId, long dev2Id, Map<String, TeamSummary> teams) {
        return new DemoHistory.Cast(new Viewer(leadId, "lead", Role.SECURITY_LEAD, Set.of()),
                new Viewer(devId, "dev", Role.DEVELOPER, Set.of(teams.get("payments").id())),
                new Viewer(dev2Id, "dev2", Role.DEVELOPER, Set.of(teams.get("platform").id())));
    }

    /** Creates the clusters and posts their Falco samples; returns prod-eu's shells in payments-api pods, not yet posted. */
    private List<ObjectNode> seedClusters(Viewer seeder) {
        List<ObjectNode> shells = new ArrayList<>();
        for (DemoCluster cluster : CLUSTERS) {
            inventory.createEnvironment(cluster.environment(), seeder);
            inventory.createCluster(cluster.name(), cluster.environment(), "Demo " + cluster.environment() + " cluster, Frankfurt",
                    seeder);
            NAMESPACES.forEach((pattern, project) -> inventory.addNamespaceRule(cluster.name(), pattern, project, seeder));
            log.info("Demo: cluster {} ({}) with namespace rules for the demo projects", cluster.name(), cluster.environment());
            for (String sample : FALCO_SAMPLES) {
                StringBuilder lines = new StringBuilder();
                for (ObjectNode event : falcoSample(sample)) {
                    if (cluster.name().equals("prod-eu") && INCIDENT_NAMESPACE.equals(
                            event.path("output_fields").path("k8s.ns.name").asString(null))) {
                        shells.add(event);
                    } else {
                        lines.append(json.writeValueAsString(event)).append('\n');
                    }
                }
                if (!lines.isEmpty()) {
                    IngestResult result = falco.ingest(cluster.name(), lines.toString().getBytes(StandardCharsets.UTF_8), true,
                            seeder);
                    log.info("Demo: posted {} Falco events of {} to {}", result.stored(), sample, cluster.name());
                }
            }
        }
        // What the clusters themselves hold: a trivy k8s report (its node's kubelet), kube-bench in both its forms, and
        // the Trivy Operator's configuration, RBAC, infrastructure and NSA compliance assessments as kubectl prints them.
        for (DemoClusterReport report : CLUSTER_REPORTS) {
            ClusterImportResult result = importClusterReport(report.report(), report.cluster(), seeder);
            log.info("Demo: imported {} into cluster {}: {} findings of the cluster", report.report(), report.cluster(),
                    result.cluster().findings().total());
        }
        return shells;
    }

    /** A sample's events with their namespaces moved into the demo's. */
    private List<ObjectNode> falcoSample(String sample) {
        try (InputStream in = new ClassPathResource("demo/falco/" + sample).getInputStream()) {
            List<ObjectNode> events = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode event = (ObjectNode) json.readTree(line);
                ObjectNode fields = (ObjectNode) event.get("output_fields");
                JsonNode namespace = fields.get("k8s.ns.name");
                if (namespace != null && FALCO_NAMESPACES.containsKey(namespace.asString())) {
                    fields.put("k8s.ns.name", FALCO_NAMESPACES.get(namespace.asString()));
                }
                events.add(event);
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ClusterImportResult importClusterReport(String report, String cluster, Viewer seeder) {
        try (InputStream in = new ClassPathResource("demo/cluster/" + report).getInputStream()) {
            // Named as users name it (?cluster=): what runs no identified image is filed under the cluster.
            return (ClusterImportResult) imports.importReport(in, UploadTarget.named(null), cluster, null, seeder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImportResult importReport(String report, ProjectRef project, Viewer seeder) {
        try (InputStream in = new ClassPathResource("demo/trivy/" + report + ".json").getInputStream()) {
            // Declared as Trivy JSON, so one image's report: its import is one scan.
            return (ImportResult) imports.importReport(in, project.slug(), "trivy", seeder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
