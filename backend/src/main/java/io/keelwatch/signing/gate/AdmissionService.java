package io.keelwatch.signing.gate;

import io.keelwatch.access.Scope;
import io.keelwatch.access.TokenGrant;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kubernetes admission: every request gets a valid AdmissionReview back, whatever it held. The environment is the
 * cluster's: the one a bound token belongs to, else the {@code cluster} named in the webhook's URL. A
 * {@code keelwatch.io/break-glass} annotation allows and is audited (and logged at WARN) with what the gate would have
 * said; a dry run writes nothing. What is let in (allowed, warned about, break-glass) is recorded in the workload
 * inventory as about to run; a denied request is not, as it will not run. Only CREATE and UPDATE of Pods and workload controllers are judged, and an UPDATE
 * only for images the old object did not run, so a policy made stricter blocks new images, not edits of running ones.
 * The demo posts its reviews here too (the named interface {@code signing::gate}), as the webhook's callers do.
 * A review runs no transaction of its own: it reads (the cluster, the gate's one statement, the inventory's check),
 * and only what writes (the inventory's new rows; a break-glass's rows with its audit entry) is one.
 */
@Service
@NamedInterface("gate")
public class AdmissionService {

    private static final Logger log = LoggerFactory.getLogger(AdmissionService.class);
    static final int MAX_WARNING = 120;
    private static final int MAX_WARNINGS = 20;
    private static final int MAX_MESSAGE = 1000;
    private static final Set<String> JUDGED = Set.of("CREATE", "UPDATE");

    private final GateService gate;
    private final InventoryService inventory;
    private final AuditLog audit;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    AdmissionService(GateService gate, InventoryService inventory, AuditLog audit, JsonMapper json,
            PlatformTransactionManager transactions) {
        this.gate = gate;
        this.inventory = inventory;
        this.audit = audit;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    public AdmissionReview.Answer review(byte[] body, String clusterName, Viewer viewer) {
        AdmissionReader.Outcome read = body == null ? new AdmissionReader.Outcome(null, null, AdmissionReview.API_VERSION, "",
                "the body is larger than " + AdmissionController.MAX_BODY / (1024 * 1024) + " MiB")
                : AdmissionReader.read(body, json);
        if (read.request() == null) {
            return AdmissionReview.Answer.of(read.apiVersion(), read.uid(), false, 400, "Keelwatch: " + read.problem(), List.of());
        }
        AdmissionReview.Request request = read.request();
        Optional<ClusterSummary> cluster = cluster(clusterName, viewer);
        if (cluster.isEmpty()) {
            return AdmissionReview.Answer.of(read.apiVersion(), request.uid(), false, 400, "Keelwatch: the webhook names no cluster "
                    + "Keelwatch knows: use a token bound to the cluster, or ?cluster=<name> in its URL", List.of());
        }
        if (!JUDGED.contains(request.operation()) || !request.subResource().isEmpty() || request.images().isEmpty()) {
            return AdmissionReview.Answer.of(read.apiVersion(), request.uid(), true, 200, "Keelwatch: nothing to judge", List.of());
        }
        String environment = cluster.get().environment();
        List<GateImage> images = request.images().stream()
                .map(reference -> GateImage.parse(reference).orElse(new GateImage(reference, reference, null))).toList();
        GateDecision decision = gate.decide(images, environment);
        if (request.breakGlass() != null) {
            return breakGlass(read, cluster.get(), decision, viewer);
        }
        if (!request.dryRun() && !decision.denied()) {
            inventory.recordAdmission(cluster.get().id(), read.source());
        }
        List<String> warnings = warnings(decision.reasons().stream()
                .filter(r -> !r.counts() || GateDecision.WARN.equals(r.effect())).toList());
        if (decision.denied()) {
            List<String> denials = decision.reasons().stream().filter(r -> r.counts() && GateDecision.DENY.equals(r.effect()))
                    .map(r -> r.image() + ": " + r.policy() + "/" + r.rule() + ": " + r.detail()).toList();
            return AdmissionReview.Answer.of(read.apiVersion(), request.uid(), false, 403,
                    cut("Keelwatch gate denied (" + environment + "): " + String.join("; ", denials), MAX_MESSAGE), warnings);
        }
        return AdmissionReview.Answer.of(read.apiVersion(), request.uid(), true, 200, "Keelwatch gate: " + decision.decision()
                + " (" + environment + ")", warnings);
    }

    /**
     * Allowed whatever the gate says; every reason becomes a warning, and (unless a dry run) the workload is recorded
     * and the audit log says so, in one transaction.
     */
    private AdmissionReview.Answer breakGlass(AdmissionReader.Outcome read, ClusterSummary cluster, GateDecision decision,
            Viewer viewer) {
        AdmissionReview.Request request = read.request();
        String apiVersion = read.apiVersion();
        if (!request.dryRun()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", request.breakGlass());
            details.put("kubernetesUser", request.user());
            details.put("operation", request.operation());
            details.put("kind", request.kind());
            details.put("namespace", request.namespace());
            details.put("name", request.name());
            details.put("environment", cluster.environment());
            details.put("images", decision.images());
            details.put("gateDecision", decision.decision());
            details.put("gateReasons", decision.reasons());
            transaction.executeWithoutResult(status -> {
                inventory.recordAdmission(cluster.id(), read.source());
                audit.record(AuditEntry.success(viewer.username(), "admission.break_glass", "cluster", cluster.id(), null, details));
            });
            log.warn("BREAK-GLASS admission in cluster {} ({}): {} {}/{} by {} with reason '{}'; the gate said {}", cluster.name(),
                    cluster.environment(), request.kind(), request.namespace(), request.name(), request.user(), request.breakGlass(),
                    decision.decision());
        }
        List<String> warnings = new ArrayList<>();
        warnings.add(cut("Keelwatch break-glass: allowed and audited (gate said " + decision.decision() + ")", MAX_WARNING));
        warnings.addAll(warnings(decision.reasons()));
        return AdmissionReview.Answer.of(apiVersion, request.uid(), true, 200, "Keelwatch: break-glass, allowed and audited",
                warnings.subList(0, Math.min(warnings.size(), MAX_WARNINGS)));
    }

    private Optional<ClusterSummary> cluster(String clusterName, Viewer viewer) {
        Optional<Long> bound = viewer.token().filter(TokenGrant::boundToCluster).map(TokenGrant::clusterId);
        // a webhook asks many times a second for the same cluster: as read a few seconds ago at most
        Optional<ClusterSummary> cluster = bound.isPresent() ? inventory.recentCluster(bound.get())
                : clusterName == null || clusterName.isBlank() || clusterName.length() > 63 ? Optional.empty()
                : inventory.recentCluster(clusterName.strip());
        return cluster.filter(c -> viewer.mayWriteCluster(c.id(), Scope.ADMISSION_REVIEW));
    }

    private static List<String> warnings(List<GateReason> reasons) {
        return reasons.stream().limit(MAX_WARNINGS)
                .map(r -> cut((r.counts() ? "" : "waived (exception " + r.exceptionId() + "): ") + r.policy() + "/" + r.rule() + ": "
                        + r.detail() + " [" + r.image() + "]", MAX_WARNING)).toList();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
