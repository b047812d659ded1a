package io.keelwatch.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an API token may be used for. A person signed in with a password or a session is not
 * limited by scopes; a token is limited to its scopes on top of everything its owner's role allows.
 */
public enum Scope {
    SCANS_WRITE("scans:write"),
    /**
     * Posting Falco events (leads' and admins' tokens, a cluster's bound token) and working incidents of alerts
     * (any token not bound to a cluster, within its owner's teams: {@link Viewer#mayChangeIncidents()}).
     */
    ALERTS_WRITE("alerts:write"),
    SIGNATURES_WRITE("signatures:write"),
    /**
     * Asking the deploy gate from a cluster's admission webhook: leads' and admins' tokens, and a token bound
     * to a cluster (whose environment the gate decides for).
     */
    ADMISSION_REVIEW("admission:review"),
    RECOVERY_WRITE("recovery:write"),
    /**
     * What a cluster's agent reports (workloads, namespaces) and managing environments, clusters and
     * namespace rules; only for tokens of leads and admins, who own clusters. A token bound to a
     * cluster writes for that cluster only ({@link Viewer#mayWriteCluster}).
     */
    INVENTORY_WRITE("inventory:write"),
    /** Creating and editing projects and their repository rules (and creating a project by uploading to it). */
    PROJECTS_WRITE("projects:write"),
    READ("read"),
    /** Scraping {@code /actuator/prometheus} (a Prometheus job's token): leads' and admins' tokens. */
    METRICS_READ("metrics:read"),
    /** Administration (users, teams, everyone's tokens); only for tokens of admins, never team-limited. */
    ADMIN("admin");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The name clients use, e.g. {@code scans:write}. */
    public String value() {
        return value;
    }

    /** The Spring Security authority a token caller carries for this scope, e.g. {@code SCOPE_scans:write}. */
    public String authority() {
        return "SCOPE_" + value;
    }

    public static Optional<Scope> fromValue(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.value.equals(wanted)).findFirst();
    }

    /**
     * Whether a token bound to one cluster may carry this scope: what an agent inside the cluster
     * writes (its inventory, its Falco events, its Velero objects). A bound token carries only such scopes,
     * so it can do nothing beyond its cluster.
     */
    public boolean bindsToCluster() {
        return this == INVENTORY_WRITE || this == ALERTS_WRITE || this == RECOVERY_WRITE || this == ADMISSION_REVIEW;
    }

    /** The scopes a token owned by someone of this role may carry: never more than the role can do. */
    public static Set<Scope> grantableTo(Role role) {
        return switch (role) {
            case ADMIN -> EnumSet.allOf(Scope.class);
            case SECURITY_LEAD -> EnumSet.complementOf(EnumSet.of(ADMIN));
            case DEVELOPER -> EnumSet.complementOf(EnumSet.of(ADMIN, INVENTORY_WRITE, ADMISSION_REVIEW, METRICS_READ));
            case AUDITOR -> EnumSet.of(READ);
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
