package io.keelwatch.signing.trust;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.signing.SigningKeySummary;
import io.keelwatch.signing.verify.PublicKeyPem;
import io.keelwatch.signing.verify.SigningKeyCandidate;
import io.keelwatch.signing.verify.sigstore.KeylessIdentity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads of what is trusted. A caller sees global keys and identities, and those of the teams
 * {@link TeamScope} gives them (a project key through its project's team).
 */
@Repository
public class TrustQueries {

    private static final String KEYS = """
            select k.*, t.slug as team, p.slug as project
              from signing_key k
              left join team t on t.id = k.team_id
              left join project p on p.id = k.project_id
            """;
    private static final String IDENTITIES = """
            select s.*, t.slug as team, p.slug as project
              from signing_identity s
              left join team t on t.id = s.team_id
              left join project p on p.id = s.project_id
            """;

    private final JdbcClient jdbc;

    TrustQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SigningKeySummary> keys(Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql(KEYS + " where (k.team_id is null or " + scope.covers("k.team_id") + ") order by k.created_at desc, k.id desc")
                .params(scope.params()).query(TrustQueries::key).list();
    }

    Optional<SigningKeySummary> key(long id, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("id", id);
        return jdbc.sql(KEYS + " where k.id = :id and (k.team_id is null or " + scope.covers("k.team_id") + ")")
                .params(params).query(TrustQueries::key).optional();
    }

    List<SigningIdentitySummary> identities(Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql(IDENTITIES + " where (s.team_id is null or " + scope.covers("s.team_id") + ") order by s.created_at desc, s.id desc")
                .params(scope.params()).query(TrustQueries::identity).list();
    }

    Optional<SigningIdentitySummary> identity(long id, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("id", id);
        return jdbc.sql(IDENTITIES + " where s.id = :id and (s.team_id is null or " + scope.covers("s.team_id") + ")")
                .params(params).query(TrustQueries::identity).optional();
    }

    List<TrustRootSummary> trustRoots() {
        return jdbc.sql("""
                select id, kind, name, content_sha256, char_length(content) as length, created_by, created_at
                  from signing_trust_root order by kind, name
                """).query((rs, row) -> new TrustRootSummary(rs.getLong("id"), rs.getString("kind"), rs.getString("name"),
                        rs.getString("content_sha256"), rs.getInt("length"), rs.getString("created_by"),
                        rs.getObject("created_at", OffsetDateTime.class))).list();
    }

    /**
     * Every stored key, as a candidate signer of an image of the project: trusted when in force and in scope,
     * else with the reason it is not;
     * trusted ones first, then revoked or expired ones of the project's scope, then those of other scopes
     * (in force first), so the reason given is the one that matters to the project. Whoever submits;
     * the reasons name no other team.
     */
    public List<SigningKeyCandidate> candidates(long projectId, long projectTeamId, Instant now) {
        List<SigningKeyCandidate> trusted = new ArrayList<>();
        List<SigningKeyCandidate> lapsed = new ArrayList<>();
        List<SigningKeyCandidate> other = new ArrayList<>();
        List<SigningKeyCandidate> otherLapsed = new ArrayList<>();
        jdbc.sql("select id, public_key_pem, scope, team_id, project_id, expires_at, revoked_at from signing_key order by id")
                .query(rs -> {
                    PublicKeyPem key;
                    try {
                        key = PublicKeyPem.parse(rs.getString("public_key_pem"));
                    } catch (PublicKeyPem.Refused e) {
                        return; // stored keys were parsed when added; a key the JDK no longer reads verifies nothing
                    }
                    TrustScope scope = new TrustScope(rs.getString("scope"), rs.getObject("team_id", Long.class),
                            rs.getObject("project_id", Long.class));
                    OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
                    OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
                    String why = revoked != null ? "the key was revoked on " + revoked.toLocalDate() + "."
                            : expires != null && !expires.toInstant().isAfter(now) ? "the key expired on " + expires.toLocalDate() + "."
                            : !scope.covers(projectId, projectTeamId) ? "the key is trusted for other projects only." : null;
                    boolean inScope = scope.covers(projectId, projectTeamId);
                    boolean inForce = revoked == null && (expires == null || expires.toInstant().isAfter(now));
                    (why == null ? trusted : inScope ? lapsed : inForce ? other : otherLapsed)
                            .add(new SigningKeyCandidate(rs.getLong("id"), key, why));
                });
        trusted.addAll(lapsed);
        trusted.addAll(other);
        trusted.addAll(otherLapsed);
        return trusted;
    }

    /** A keyless identity trusted for an image of a project: in force and in scope. */
    public record TrustedIdentity(long id, KeylessIdentity identity) {
    }

    /** The keyless identities in force whose scope covers the project. */
    public List<TrustedIdentity> keylessIdentities(long projectId, long projectTeamId, Instant now) {
        List<TrustedIdentity> trusted = new ArrayList<>();
        jdbc.sql("""
                select id, issuer, subject, subject_regex, scope, team_id, project_id from signing_identity
                 where revoked_at is null and (expires_at is null or expires_at > :now) order by id
                """).param("now", java.sql.Timestamp.from(now)).query(rs -> {
                    TrustScope scope = new TrustScope(rs.getString("scope"), rs.getObject("team_id", Long.class),
                            rs.getObject("project_id", Long.class));
                    if (!scope.covers(projectId, projectTeamId)) {
                        return;
                    }
                    String subject = rs.getString("subject");
                    try {
                        trusted.add(new TrustedIdentity(rs.getLong("id"), rs.getBoolean("subject_regex")
                                ? new KeylessIdentity(rs.getString("issuer"), null, null, subject)
                                : KeylessIdentity.exact(rs.getString("issuer"), subject)));
                    } catch (IllegalArgumentException e) {
                        // regular expressions are checked when added; one the JDK no longer compiles trusts no one
                    }
                });
        return trusted;
    }

    /** An uploaded trust root's name and content. */
    public record TrustRootContent(String name, String content) {
    }

    /** The uploaded trust roots of a kind ({@code sigstore} or {@code notation}), by name. */
    public List<TrustRootContent> trustRootContents(String kind) {
        return jdbc.sql("select name, content from signing_trust_root where kind = :kind order by name").param("kind", kind)
                .query((rs, row) -> new TrustRootContent(rs.getString("name"), rs.getString("content"))).list();
    }

    static String state(OffsetDateTime revokedAt, OffsetDateTime expiresAt) {
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt != null && !expiresAt.toInstant().isAfter(Instant.now()) ? "expired" : "trusted";
    }

    private static SigningKeySummary key(ResultSet rs, int row) throws SQLException {
        OffsetDateTime revokedAt = rs.getObject("revoked_at", OffsetDateTime.class);
        OffsetDateTime expiresAt = rs.getObject("expires_at", OffsetDateTime.class);
        return new SigningKeySummary(rs.getLong("id"), rs.getString("name"), rs.getString("fingerprint"), rs.getString("algorithm"),
                rs.getString("scope"), rs.getString("team"), rs.getString("project"), rs.getString("owner"), expiresAt,
                rs.getObject("successor_id", Long.class), state(revokedAt, expiresAt), revokedAt, rs.getString("revoked_by"),
                rs.getString("revocation_reason"), rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getString("public_key_pem"));
    }

    private static SigningIdentitySummary identity(ResultSet rs, int row) throws SQLException {
        OffsetDateTime revokedAt = rs.getObject("revoked_at", OffsetDateTime.class);
        OffsetDateTime expiresAt = rs.getObject("expires_at", OffsetDateTime.class);
        return new SigningIdentitySummary(rs.getLong("id"), rs.getString("issuer"), rs.getString("subject"),
                rs.getBoolean("subject_regex"), rs.getString("scope"), rs.getString("team"), rs.getString("project"),
                rs.getString("owner"), expiresAt, state(revokedAt, expiresAt), revokedAt, rs.getString("revoked_by"),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
