package io.keelwatch.access;

import io.keelwatch.access.ApiTokenRejectedException.Reason;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: creating them (the secret is returned once and only its hash is kept), listing,
 * revoking, and authenticating a presented token. A token acts for its owner, narrowed to its
 * team or cluster and its scopes ({@link Viewer}); it never reaches further than its owner does.
 */
@Service
public class ApiTokenService {

    static final String SYSTEM_ACCOUNT = "system";
    private static final Logger log = LoggerFactory.getLogger(ApiTokenService.class);

    private final ApiTokens tokens;
    private final UserAccounts accounts;
    private final Teams teams;
    private final ClusterDirectory clusters;
    private final AuditLog audit;
    private final RecentTokens recent;

    ApiTokenService(ApiTokens tokens, UserAccounts accounts, Teams teams, ClusterDirectory clusters, AuditLog audit,
            RecentTokens recent) {
        this.recent = recent;
        this.tokens = tokens;
        this.accounts = accounts;
        this.teams = teams;
        this.clusters = clusters;
        this.audit = audit;
    }

    /** Creates a token for the caller, or, for admins, for anyone. The answer carries the secret, once. */
    @Transactional
    public CreatedApiToken create(NewApiToken request, Viewer actor) {
        if (!actor.mayCreateTokens()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not create API tokens.");
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw invalid("Give the token a name of 1 to 100 characters.");
        }
        UserAccounts.Account owner = owner(request.owner(), actor);
        Long clusterId = cluster(request.cluster(), owner, actor);
        Set<Scope> scopes = scopes(request.scopes(), owner.role());
        if (clusterId != null) {
            requireClusterGrant(scopes, request.team());
        }
        Long teamId = team(request.team(), owner, scopes);
        if (request.expiresAt() != null && !request.expiresAt().isAfter(OffsetDateTime.now())) {
            throw invalid("expiresAt must be in the future.");
        }
        String secret = ApiTokenSecrets.generate();
        long id = tokens.insert(new ApiTokens.NewToken(name, owner.id(), teamId, clusterId, scopes, ApiTokenSecrets.hash(secret),
                        ApiTokenSecrets.displayPrefix(secret), request.expiresAt(), actor.username()))
                .orElseThrow(() -> new IllegalStateException("a freshly generated token collided"));
        ApiTokenSummary created = tokens.summary(id).orElseThrow();
        audit.record(AuditEntry.success(actor.username(), "token.created", "api_token", id, teamId,
                Map.of("after", describe(created))));
        return new CreatedApiToken(secret, created);
    }

    /** The caller's own tokens; an admin sees everyone's, or one owner's when {@code owner} is given. */
    public Page<ApiTokenSummary> list(String owner, PageRequest page, Viewer actor) {
        if (!actor.mayManageTokens()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not list API tokens.");
        }
        Long ownerId;
        if (owner == null || owner.isBlank()) {
            ownerId = actor.isAdministrator() ? null : actor.userId();
        } else if (owner.equalsIgnoreCase(actor.username())) {
            ownerId = actor.userId();
        } else if (actor.isAdministrator()) {
            ownerId = accounts.findByUsername(owner).map(UserAccounts.Account::id).orElse(-1L);
        } else {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only admins list other people's tokens.");
        }
        return new Page<>(tokens.page(ownerId, page), page.page(), page.size(), tokens.count(ownerId));
    }

    /** One token, if it is the caller's (or the caller is an admin); otherwise it does not exist. */
    public ApiTokenSummary token(long id, Viewer actor) {
        requireVisible(id, actor);
        return tokens.summary(id).orElseThrow(() -> KeelwatchException.notFound("Token " + id));
    }

    /** Revokes at once; revoking a revoked token changes nothing. */
    @Transactional
    public ApiTokenSummary revoke(long id, Viewer actor) {
        requireVisible(id, actor);
        ApiTokenSummary before = tokens.summary(id).orElseThrow(() -> KeelwatchException.notFound("Token " + id));
        if (tokens.revoke(id, actor.username())) {
            recent.forgetAllAfterCommit();
            ApiTokenSummary after = tokens.summary(id).orElseThrow();
            audit.record(AuditEntry.success(actor.username(), "token.revoked", "api_token", id, null,
                    Map.of("prefix", after.prefix(), "owner", after.owner(),
                            "before", Map.of("status", before.status()), "after", Map.of("status", after.status()))));
            return after;
        }
        return before;
    }

    /**
     * Authenticates a presented token, or rejects it (and records the rejection). Never logs or
     * stores the token; at most its display prefix, and only when it has the token shape.
     */
    ApiTokenAuthentication authenticate(String presented) {
        if (!ApiTokenSecrets.wellFormed(presented)) {
            throw rejected(Reason.malformed, null, null, "The bearer token is not a Keelwatch API token.");
        }
        String prefix = ApiTokenSecrets.displayPrefix(presented);
        String hash = ApiTokenSecrets.hash(presented);
        ApiTokens.Presented token = recent.get(hash).or(() -> tokens.findByHash(hash))
                .orElseThrow(() -> rejected(Reason.unknown, prefix, null, "Unknown API token."));
        OffsetDateTime now = OffsetDateTime.now();
        if (token.revokedAt() != null) {
            throw rejected(Reason.revoked, prefix, token.id(), "This API token was revoked.");
        }
        if (token.expiresAt() != null && !token.expiresAt().isAfter(now)) {
            throw rejected(Reason.expired, prefix, token.id(), "This API token has expired.");
        }
        if (!token.ownerEnabled()) {
            throw rejected(Reason.owner_disabled, prefix, token.id(), "The account this API token acts for is disabled.");
        }
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minusMinutes(1))) {
            tokens.touch(token.id());
            token = token.usedAt(now);
        }
        recent.put(hash, token);
        return new ApiTokenAuthentication(new Viewer(token.ownerId(), token.ownerUsername(), token.ownerRole(), token.ownerTeamIds()),
                new TokenGrant(token.id(), token.displayPrefix(), token.teamId(), token.clusterId(), token.scopes()));
    }

    /** How many tokens bound to the cluster still work (neither revoked nor expired): a cluster is deleted only without any. */
    public long activeTokensBoundTo(long clusterId) {
        return tokens.activeBoundTo(clusterId);
    }

    /**
     * Records an identity provider's access token that did not authenticate. Only the reason is
     * kept (e.g. "The aud claim is not valid"), never the token: it may be valid elsewhere.
     */
    void recordRejectedJwt(String description) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", Reason.jwt_invalid.name());
        details.put("description", description);
        audit.recordRefusal(new AuditEntry("jwt", AuditEntry.ActorType.anonymous, "token.rejected", "jwt", null, null,
                AuditEntry.Outcome.failure, details));
    }

    /** A token sent in the URL: refused whatever it is, since URLs end up in logs and browser history. */
    ApiTokenRejectedException rejectTokenInUrl(String presented) {
        return rejected(Reason.in_query_string, ApiTokenSecrets.wellFormed(presented) ? ApiTokenSecrets.displayPrefix(presented) : null,
                null, "Send API tokens in the Authorization header (Bearer), never in the URL.");
    }

    /**
     * Registers the configured bootstrap token as an admin-scoped token of the system account,
     * unless it already is. A revoked bootstrap token stays revoked.
     */
    @Transactional
    void registerBootstrapToken(String secret) {
        UserAccounts.Account system = accounts.systemAdmin(SYSTEM_ACCOUNT, "Keelwatch system (bootstrap token)");
        if (system.role() != Role.ADMIN) {
            throw new IllegalStateException("The account '" + SYSTEM_ACCOUNT + "' that owns the bootstrap token exists but is a "
                    + system.role() + ", not an ADMIN; change its role or unset KEELWATCH_BOOTSTRAP_TOKEN.");
        }
        String prefix = ApiTokenSecrets.displayPrefix(secret);
        Optional<Long> inserted = tokens.insert(new ApiTokens.NewToken("bootstrap", system.id(), null, null, EnumSet.of(Scope.ADMIN),
                ApiTokenSecrets.hash(secret), prefix, null, SYSTEM_ACCOUNT));
        if (inserted.isPresent()) {
            audit.record(new AuditEntry(SYSTEM_ACCOUNT, AuditEntry.ActorType.system, "token.bootstrap-registered", "api_token",
                    String.valueOf(inserted.get()), null, AuditEntry.Outcome.success,
                    Map.of("after", describe(tokens.summary(inserted.get()).orElseThrow()))));
            log.info("Registered the bootstrap token {}… (scope admin) for the account '{}'", prefix, SYSTEM_ACCOUNT);
            return;
        }
        tokens.findByHash(ApiTokenSecrets.hash(secret)).ifPresent(existing -> {
            if (existing.revokedAt() != null) {
                log.warn("The bootstrap token {}… was revoked and stays revoked; unset KEELWATCH_BOOTSTRAP_TOKEN", prefix);
            }
        });
    }

    private UserAccounts.Account owner(String requested, Viewer actor) {
        if (requested == null || requested.isBlank() || requested.strip().equalsIgnoreCase(actor.username())) {
            return accounts.findByUsername(actor.username()).orElseThrow(() -> KeelwatchException.notFound("Your account"));
        }
        if (!actor.isAdministrator()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only admins create tokens for someone else.");
        }
        UserAccounts.Account owner = accounts.findByUsername(requested.strip())
                .orElseThrow(() -> invalid("There is no user '" + requested.strip() + "'."));
        if (!owner.enabled()) {
            throw invalid("The user '" + owner.username() + "' is disabled.");
        }
        return owner;
    }

    private static Set<Scope> scopes(List<String> requested, Role ownerRole) {
        if (requested == null || requested.isEmpty()) {
            throw invalid("Give the token at least one scope: " + allScopes() + ".");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String value : requested) {
            scopes.add(Scope.fromValue(value).orElseThrow(() -> invalid("Unknown scope '" + value + "'; scopes are " + allScopes() + ".")));
        }
        Set<Scope> beyondRole = EnumSet.copyOf(scopes);
        beyondRole.removeAll(Scope.grantableTo(ownerRole));
        if (!beyondRole.isEmpty()) {
            throw invalid("A token of a " + ownerRole + " cannot have the scope(s) "
                    + beyondRole.stream().map(Scope::value).collect(Collectors.joining(", ")) + ".");
        }
        return scopes;
    }

    /**
     * The cluster a token is bound to, if one is named: a cluster runs every team's workloads, so only
     * leads and admins own (and create) a token acting for one.
     */
    private Long cluster(String name, UserAccounts.Account owner, Viewer actor) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (!actor.mayCreateClusterTokens()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only leads and admins create tokens bound to a cluster.");
        }
        if (!owner.role().managesClusters()) {
            throw invalid("A token bound to a cluster acts for a lead or an admin; '" + owner.username() + "' is a "
                    + owner.role() + ".");
        }
        return clusters.clusterId(name.strip()).orElseThrow(() -> KeelwatchException.notFound("Cluster '" + name.strip() + "'"));
    }

    /** A cluster's agent's token does nothing but write for its cluster: only scopes that bind to a cluster, no team. */
    private static void requireClusterGrant(Set<Scope> scopes, String team) {
        List<String> others = scopes.stream().filter(s -> !s.bindsToCluster()).map(Scope::value).sorted().toList();
        if (!others.isEmpty()) {
            throw invalid("A token bound to a cluster carries only " + clusterScopes() + "; not " + String.join(", ", others) + ".");
        }
        if (team != null && !team.isBlank()) {
            throw invalid("A token bound to a cluster writes for that cluster, whichever team's namespaces; it cannot also be "
                    + "limited to a team.");
        }
    }

    private Long team(String slug, UserAccounts.Account owner, Set<Scope> scopes) {
        if (slug == null || slug.isBlank()) {
            return null;
        }
        if (scopes.contains(Scope.ADMIN)) {
            throw invalid("An admin token acts on the whole installation; it cannot be limited to a team.");
        }
        TeamSummary team = teams.findBySlug(slug.strip())
                .filter(t -> owner.role().seesAllTeams() || accounts.teamIdsOf(owner.id()).contains(t.id()))
                .orElseThrow(() -> invalid("'" + slug.strip() + "' is not one of " + owner.username() + "'s teams."));
        return team.id();
    }

    private void requireVisible(long id, Viewer actor) {
        if (!actor.mayManageTokens()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not manage API tokens.");
        }
        Optional<Long> owner = tokens.ownerOf(id);
        if (owner.isEmpty() || !(actor.isAdministrator() || owner.get() == actor.userId())) {
            throw KeelwatchException.notFound("Token " + id);
        }
    }

    private ApiTokenRejectedException rejected(Reason reason, String prefix, Long tokenId, String message) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason.name());
        if (prefix != null) {
            details.put("prefix", prefix);
        }
        audit.recordRefusal(new AuditEntry(prefix == null ? "unknown" : prefix, AuditEntry.ActorType.anonymous, "token.rejected",
                "api_token", tokenId == null ? null : String.valueOf(tokenId), null, AuditEntry.Outcome.failure, details));
        return new ApiTokenRejectedException(reason, message);
    }

    private static Map<String, Object> describe(ApiTokenSummary token) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", token.name());
        summary.put("prefix", token.prefix());
        summary.put("owner", token.owner());
        summary.put("team", token.team());
        summary.put("cluster", token.cluster());
        summary.put("scopes", token.scopes());
        summary.put("expiresAt", token.expiresAt() == null ? null : token.expiresAt().toString());
        return summary;
    }

    private static String allScopes() {
        List<String> values = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            values.add(scope.value());
        }
        return String.join(", ", values);
    }

    private static String clusterScopes() {
        return Arrays.stream(Scope.values()).filter(Scope::bindsToCluster).map(Scope::value).collect(Collectors.joining(", "));
    }

    private static KeelwatchException invalid(String message) {
        return new KeelwatchException(CommonProblem.INVALID_REQUEST, message);
    }
}
