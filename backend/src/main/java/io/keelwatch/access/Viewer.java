package io.keelwatch.access;

import java.util.Optional;
import java.util.Set;

/**
 * The caller, as every query and write check sees them: the teams whose records they may read
 * and what they may do. Reads filter through {@link TeamScope#of(Viewer)}, so visibility lives in
 * SQL, in one shape.
 *
 * <p>A caller using an API token is its owner narrowed by the token ({@link TokenGrant}): the
 * narrowing happens here, in the constructor, so no check anywhere can see the owner's full
 * reach through a token. A token limited to a team sees that team only if its owner does; a token
 * bound to a cluster (an agent's) sees no team at all; its scopes limit what it may do on top of
 * the owner's role. People signed in with a password or a session have no token and no scope limit.
 */
public record Viewer(long userId, String username, Role role, Set<Long> teamIds, Optional<TokenGrant> token) {

    public Viewer {
        Set<Long> teams = Set.copyOf(teamIds);
        if (token.isPresent() && token.get().boundToCluster()) {
            teams = Set.of();
        } else if (token.isPresent() && token.get().limitedToOneTeam()) {
            long only = token.get().teamId();
            teams = role.seesAllTeams() || teams.contains(only) ? Set.of(only) : Set.of();
        }
        teamIds = teams;
    }

    /** A person (signed in with a password or a session): no token narrowing. */
    public Viewer(long userId, String username, Role role, Set<Long> teamIds) {
        this(userId, username, role, teamIds, Optional.empty());
    }

    /** This person acting through a token: narrowed by it. */
    Viewer through(TokenGrant grant) {
        return new Viewer(userId, username, role, teamIds, Optional.of(grant));
    }

    /** Leads, auditors and admins review every team; developers, and team-limited tokens, only their teams; cluster tokens none. */
    public boolean allTeams() {
        return role.seesAllTeams() && token.map(t -> !t.limitedToOneTeam() && !t.boundToCluster()).orElse(true);
    }

    public boolean canSee(long teamId) {
        return allTeams() || teamIds.contains(teamId);
    }

    public boolean viaToken() {
        return token.isPresent();
    }

    /** People have every scope; a token only those it was given. */
    public boolean has(Scope scope) {
        return token.map(t -> t.scopes().contains(scope)).orElse(true);
    }

    /** Reading through the API: a token needs {@code read}. */
    public boolean mayRead() {
        return has(Scope.READ);
    }

    /** Importing scanner reports at all (which projects: {@link #canWriteTo(long)}). */
    public boolean mayImportScans() {
        return role.mayChangeFindings() && has(Scope.SCANS_WRITE);
    }

    /**
     * Uploading reports of a cluster ({@code ?cluster=}): whoever may import scans (which cluster and
     * namespaces the findings module decides), and whoever writes what clusters report
     * ({@code inventory:write}: leads' and admins' tokens, a cluster's agent token for its own cluster,
     * see {@link #mayWriteCluster}).
     */
    public boolean mayUploadClusterReports() {
        return mayImportScans() || mayReportFromClusters();
    }

    /** Users, teams and everyone's tokens: an admin, or an admin's token with the {@code admin} scope. */
    public boolean isAdministrator() {
        return role == Role.ADMIN && has(Scope.ADMIN);
    }

    /** Listing and revoking one's tokens: people, or an admin token (a token cannot mint itself more tokens). */
    public boolean mayManageTokens() {
        return !viaToken() || isAdministrator();
    }

    /** Creating tokens: as {@link #mayManageTokens()}, but auditors get theirs from an admin. */
    public boolean mayCreateTokens() {
        return mayManageTokens() && role != Role.AUDITOR;
    }

    /**
     * The audit log: auditors, security leads ("who approved this?" is theirs to answer) and admins;
     * their tokens need {@code read} (not even {@code admin} implies it).
     */
    public boolean mayReadAuditLog() {
        return (role == Role.AUDITOR || role == Role.SECURITY_LEAD || role == Role.ADMIN) && has(Scope.READ);
    }

    /** Writes of scans and findings are checked per resource: only into teams the caller sees, with {@code scans:write}. */
    public boolean canWriteTo(long teamId) {
        return canWriteTo(teamId, Scope.SCANS_WRITE);
    }

    /** A write into one team's records that a token needs {@code scope} for. */
    public boolean canWriteTo(long teamId, Scope scope) {
        return role.mayChangeFindings() && has(scope) && canSee(teamId);
    }

    /**
     * Changing findings (triage, comments) of a team, or of no team: a cluster's own findings no namespace
     * rule gives to a team belong to the cluster's owners, so only writers who see every team change them.
     */
    public boolean mayChangeFindingsOf(Long teamId) {
        return teamId == null ? role.mayChangeFindings() && has(Scope.SCANS_WRITE) && allTeams() : canWriteTo(teamId);
    }

    /**
     * Environments, clusters and namespace rules: leads and admins; their tokens need {@code inventory:write}
     * and must reach every team (not a team-limited token, not a cluster agent's).
     */
    public boolean mayManageClusters() {
        return role.managesClusters() && has(Scope.INVENTORY_WRITE) && allTeams();
    }

    /**
     * Writing what is reported from inside one cluster, with the scope its kind of report needs
     * ({@code inventory:write} for workloads): leads and admins, their tokens with that scope, and a
     * token bound to a cluster for that cluster only. Whose evidence it is follows from the cluster's
     * namespace rules, not from the writer's teams, so a team-limited token writes for no cluster.
     */
    /** Whether {@link #mayWriteCluster} holds for every cluster (a lead or admin, not a token bound to one cluster or team). */
    public boolean mayWriteEveryCluster(Scope scope) {
        return role.managesClusters() && has(scope) && token.map(t -> !t.boundToCluster() && !t.limitedToOneTeam()).orElse(true);
    }

    public boolean mayWriteCluster(long clusterId, Scope scope) {
        return role.managesClusters() && has(scope)
                && token.map(t -> t.boundToCluster() ? t.clusterId() == clusterId : !t.limitedToOneTeam()).orElse(true);
    }

    /**
     * Posting what runs in clusters at all (which cluster: {@link #mayWriteCluster}): leads and admins,
     * their tokens with {@code inventory:write} that are not limited to a team, and clusters' agents.
     */
    public boolean mayReportFromClusters() {
        return role.managesClusters() && has(Scope.INVENTORY_WRITE) && token.map(t -> !t.limitedToOneTeam()).orElse(true);
    }

    /**
     * Posting runtime alerts at all (which cluster: {@link #mayWriteCluster} with {@code alerts:write}):
     * leads and admins, their tokens with {@code alerts:write}, a cluster's bound token.
     */
    public boolean mayWriteAlerts() {
        return role.managesClusters() && has(Scope.ALERTS_WRITE);
    }

    /**
     * Changing incidents at all (creating them from alerts, status, owner, notes; which ones:
     * {@link #mayChangeIncidentsOf}): leads, developers and admins; their tokens need {@code alerts:write},
     * and a cluster's bound token (its Falcosidekick's) is not a person working an incident.
     */
    public boolean mayChangeIncidents() {
        return role.mayChangeFindings() && has(Scope.ALERTS_WRITE) && token.map(t -> !t.boundToCluster()).orElse(true);
    }

    /**
     * Changing the incidents of a team, or of no team: alerts of namespaces no rule maps are the cluster
     * owners', so only those who see every team change their incidents (as for findings of no team).
     */
    public boolean mayChangeIncidentsOf(Long teamId) {
        return mayChangeIncidents() && (teamId == null ? allTeams() : canSee(teamId));
    }

    /**
     * Posting Velero objects at all (which cluster: {@link #mayWriteCluster} with {@code recovery:write}): leads and
     * admins, their tokens with {@code recovery:write}, a cluster's bound token (its CronJob's).
     */
    public boolean mayReportRecovery() {
        return role.managesClusters() && has(Scope.RECOVERY_WRITE);
    }

    /**
     * Setting recovery policies: leads and admins; their tokens need {@code recovery:write} and must reach every
     * team (a policy decides what every team's namespaces are measured against).
     */
    public boolean mayManageRecoveryPolicies() {
        return role.managesClusters() && has(Scope.RECOVERY_WRITE) && allTeams();
    }

    /**
     * Attaching evidence to restores at all (which ones: those of namespaces they see, {@link #canWriteTo(long, Scope)}):
     * leads, developers and admins; their tokens need {@code recovery:write}, and a cluster's bound token is no person.
     */
    public boolean mayAttachRecoveryEvidence() {
        return role.mayChangeFindings() && has(Scope.RECOVERY_WRITE) && token.map(t -> !t.boundToCluster()).orElse(true);
    }

    /** Creating tokens bound to a cluster (for its agent): leads and admins who may create tokens. */
    public boolean mayCreateClusterTokens() {
        return mayCreateTokens() && role.managesClusters();
    }

    /**
     * Creating and editing projects and their repository rules at all: leads, admins and developers;
     * tokens need {@code projects:write}. Which teams, and whether developers may, the inventory decides
     * ({@link #canWriteTo(long, Scope)}, its settings).
     */
    public boolean mayManageProjects() {
        return role.mayChangeFindings() && has(Scope.PROJECTS_WRITE);
    }

    /** Archiving and unarchiving projects: leads and admins; tokens need {@code projects:write}. */
    public boolean mayArchiveProjects() {
        return role.managesEveryProject() && has(Scope.PROJECTS_WRITE);
    }

    /** Triage of findings at all (status, assignee, comments, proposing exceptions); which ones: {@link #canWriteTo(long)}. */
    public boolean mayTriage() {
        return role.mayChangeFindings() && has(Scope.SCANS_WRITE);
    }

    /**
     * Submitting signatures of images at all (which projects: {@link #canWriteTo(long, Scope)} with
     * {@code signatures:write}): leads, developers and admins; tokens need {@code signatures:write}.
     */
    public boolean maySubmitSignatures() {
        return role.mayChangeFindings() && has(Scope.SIGNATURES_WRITE);
    }

    /**
     * Trusting and revoking signing keys and keyless identities at all: leads (for teams and projects)
     * and admins (global too); tokens need {@code signatures:write}. Which scope: {@link #mayTrustSignersGlobally()}
     * and {@link #canSee(long)}.
     */
    public boolean mayManageSigningTrust() {
        return role.managesEveryProject() && has(Scope.SIGNATURES_WRITE);
    }

    /** Trust for every project (a global key or identity): admins, their tokens with {@code signatures:write}. */
    public boolean mayTrustSignersGlobally() {
        return role == Role.ADMIN && has(Scope.SIGNATURES_WRITE);
    }

    /** Deciding on exceptions at all (which ones: also {@link #canSee(long)}): leads and admins. */
    public boolean mayDecideExceptions() {
        return role.mayDecideExceptions() && has(Scope.SCANS_WRITE);
    }

    /**
     * The deploy gate's policies (create, change, delete): leads and admins, their tokens with {@code signatures:write}
     * that reach every team (a policy applies to every team's images).
     */
    public boolean mayManageGatePolicies() {
        return mayManageSigningTrust() && allTeams();
    }

    /**
     * Kubernetes admission reviews (which cluster: {@link #mayWriteCluster} with {@code admission:review}): leads and
     * admins, their tokens with {@code admission:review}, a cluster's bound token.
     */
    public boolean mayReviewAdmission() {
        return role.managesClusters() && has(Scope.ADMISSION_REVIEW) && token.map(t -> !t.limitedToOneTeam()).orElse(true);
    }
}
