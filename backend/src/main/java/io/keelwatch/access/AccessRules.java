package io.keelwatch.access;

import java.util.function.Predicate;
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

    /** Browsing and exporting the audit log: auditors and admins; their tokens need {@code read}. */
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

    /** Environments, clusters and namespace rules: leads and admins; their tokens need {@code inventory:write}. */
    public boolean canManageClusters() {
        return test(Viewer::mayManageClusters);
    }

    /** Creating and editing projects and repository rules: leads, developers and admins; their tokens need {@code projects:write}. */
    public boolean canManageProjects() {
        return test(Viewer::mayManageProjects);
    }

    /** Archiving and unarchiving projects: leads and admins; their tokens need {@code projects:write}. */
    public boolean canArchiveProjects() {
        return test(Viewer::mayArchiveProjects);
    }

    /** Approving, rejecting and revoking exceptions: leads and admins. */
    public boolean canDecideExceptions() {
        return test(Viewer::mayDecideExceptions);
    }

    private boolean test(Predicate<Viewer> rule) {
        return currentViewer.find().map(rule::test).orElse(false);
    }
}
