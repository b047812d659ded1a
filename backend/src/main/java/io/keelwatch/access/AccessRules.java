package io.keelwatch.access;

import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rules {@code @PreAuthorize} expressions name, e.g. {@code @PreAuthorize("@access.canImportScans()")}:
 * the one vocabulary of pages and API endpoints (an architecture test refuses any other expression).
 * Each asks the caller's {@link Viewer}, so an endpoint and the service behind it decide alike
 * (a person by their current role; a token by its owner's role and its own scopes).
 */
@Component("access")
public class AccessRules {

    private final CurrentViewer currentViewer;

    AccessRules(CurrentViewer currentViewer) {
        this.currentViewer = currentViewer;
    }

    /** Reading (the dashboard, findings, scans, exceptions; pages and API alike): people, and tokens with {@code read}. */
    public boolean canRead() {
        return test(Viewer::mayRead);
    }

    /** Report uploads: leads, developers and admins; their tokens need {@code scans:write}. */
    public boolean canImportScans() {
        return test(Viewer::mayImportScans);
    }

    /** Report uploads, which may name a cluster: {@link #canImportScans()}, and {@code inventory:write} tokens (cluster reports only). */
    public boolean canUploadReports() {
        return test(Viewer::mayUploadClusterReports);
    }

    /** Administration: admins; their tokens need {@code admin}. */
    public boolean isAdmin() {
        return test(Viewer::isAdministrator);
    }

    /** Creating API tokens: anyone but auditors, in person or with an admin token. */
    public boolean canCreateTokens() {
        return test(Viewer::mayCreateTokens);
    }

    /** Listing and revoking API tokens: anyone in person, or with an admin token. */
    public boolean canManageTokens() {
        return test(Viewer::mayManageTokens);
    }

    /** Browsing and exporting the audit log: auditors, security leads and admins; their tokens need {@code read}. */
    public boolean canReadAuditLog() {
        return test(Viewer::mayReadAuditLog);
    }

    /** Triage of findings and proposing exceptions: leads, developers and admins; their tokens need {@code scans:write}. */
    public boolean canTriage() {
        return test(Viewer::mayTriage);
    }

    /** Posting Falco events: leads and admins; their tokens need {@code alerts:write} (a cluster's bound token: its cluster only). */
    public boolean canWriteAlerts() {
        return test(Viewer::mayWriteAlerts);
    }

    /** Creating and working incidents of runtime alerts: leads, developers and admins; their tokens need {@code alerts:write}. */
    public boolean canChangeIncidents() {
        return test(Viewer::mayChangeIncidents);
    }

    /** Environments, clusters and namespace rules: leads and admins; their tokens need {@code inventory:write}. */
    public boolean canManageClusters() {
        return test(Viewer::mayManageClusters);
    }

    /** Posting a cluster's workloads: leads and admins, their tokens with {@code inventory:write}, a cluster's agent (its own cluster). */
    public boolean canReportFromClusters() {
        return test(Viewer::mayReportFromClusters);
    }

    /** Posting Velero objects: leads and admins, their tokens with {@code recovery:write}, a cluster's bound token (its own cluster). */
    public boolean canReportRecovery() {
        return test(Viewer::mayReportRecovery);
    }

    /** Setting recovery policies: leads and admins; their tokens need {@code recovery:write}. */
    public boolean canManageRecoveryPolicies() {
        return test(Viewer::mayManageRecoveryPolicies);
    }

    /** Attaching evidence to restores: leads, developers and admins; their tokens need {@code recovery:write}. */
    public boolean canAttachRecoveryEvidence() {
        return test(Viewer::mayAttachRecoveryEvidence);
    }

    /** Creating and editing projects and repository rules: leads, developers and admins; their tokens need {@code projects:write}. */
    public boolean canManageProjects() {
        return test(Viewer::mayManageProjects);
    }

    /** Archiving and unarchiving projects: leads and admins; their tokens need {@code projects:write}. */
    public boolean canArchiveProjects() {
        return test(Viewer::mayArchiveProjects);
    }

    /** Submitting image signatures: leads, developers and admins; their tokens need {@code signatures:write}. */
    public boolean canSubmitSignatures() {
        return test(Viewer::maySubmitSignatures);
    }

    /** Trusting and revoking signing keys and identities: leads and admins; their tokens need {@code signatures:write}. */
    public boolean canManageSigningTrust() {
        return test(Viewer::mayManageSigningTrust);
    }

    /** The deploy gate's policies: leads and admins; their tokens need {@code signatures:write} and every team. */
    public boolean canManageGatePolicies() {
        return test(Viewer::mayManageGatePolicies);
    }

    /** Kubernetes admission reviews: leads and admins, their tokens with {@code admission:review}, a cluster's bound token. */
    public boolean canReviewAdmission() {
        return test(Viewer::mayReviewAdmission);
    }

    /** Approving, rejecting and revoking exceptions: leads and admins. */
    public boolean canDecideExceptions() {
        return test(Viewer::mayDecideExceptions);
    }

    /**
     * What a refused caller may not do, for the 403 page: the {@code @PreAuthorize} expression that
     * refused them (one of the rules above) in words, with their role; null for any other expression.
     */
    public String refusal(String expression) {
        Matcher rule = RULE.matcher(expression == null ? "" : expression.strip());
        String allows = rule.matches() ? ALLOWS.get(rule.group(1)) : null;
        if (allows == null) {
            return null;
        }
        String who = currentViewer.find().map(viewer -> "As " + viewer.role().name().replace('_', ' ').toLowerCase(Locale.ROOT) + ", you")
                .orElse("You");
        return who + " may not " + allows + ". Ask an administrator if your work needs it.";
    }

    private static final Pattern RULE = Pattern.compile("@access\\.(\\w+)\\(\\)");

    /** Each rule, as "you may not …" finishes it. A rule missing here is refused with the generic text. */
    private static final Map<String, String> ALLOWS = Map.ofEntries(
            Map.entry("canRead", "read findings, scans and exceptions"),
            Map.entry("canImportScans", "upload scanner reports or OpenVEX documents"),
            Map.entry("isAdmin", "administer teams and accounts"),
            Map.entry("canCreateTokens", "create API tokens"),
            Map.entry("canManageTokens", "manage API tokens"),
            Map.entry("canReadAuditLog", "read the audit log"),
            Map.entry("canTriage", "change findings or propose exceptions"),
            Map.entry("canChangeIncidents", "create or change incidents"),
            Map.entry("canManageClusters", "manage environments, clusters and namespace rules"),
            Map.entry("canManageProjects", "create or change projects and repository rules"),
            Map.entry("canArchiveProjects", "archive projects"),
            Map.entry("canSubmitSignatures", "submit image signatures"),
            Map.entry("canManageSigningTrust", "trust or revoke signing keys and identities"),
            Map.entry("canDecideExceptions", "approve, reject or revoke exceptions"),
            Map.entry("canManageRecoveryPolicies", "set recovery policies"),
            Map.entry("canAttachRecoveryEvidence", "attach evidence to restores"));

    private boolean test(Predicate<Viewer> rule) {
        return currentViewer.find().map(rule::test).orElse(false);
    }
}
