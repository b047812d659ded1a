package io.keelwatch.signing.signatures;

import io.keelwatch.access.TeamScope;
import io.keelwatch.access.Viewer;
import io.keelwatch.signing.DigestSigning;
import io.keelwatch.signing.ImageSigningStatus;
import io.keelwatch.signing.SignatureReceipt;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of signatures and statuses; a project's through its team ({@link TeamScope}). */
@Repository
class SignatureQueries {

    private static final String RECEIPTS = """
            select s.id, s.image_id, i.repository, i.digest, p.slug as project, s.format, s.status, s.key_id, s.reasons, s.verified_at,
                   coalesce(k.name || ' (' || k.fingerprint || ')', s.signer) as signer
              from image_signature s
              join image i on i.id = s.image_id
              join project p on p.id = s.project_id
              left join signing_key k on k.id = s.key_id
            """;

    private final JdbcClient jdbc;

    SignatureQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    SignatureReceipt receipt(long id) {
        return jdbc.sql(RECEIPTS + " where s.id = :id").param("id", id).query(SignatureQueries::receipt).single();
    }

    /** The image's status in the project (the caller was checked to see the project). */
    ImageSigningStatus status(long projectId, long imageId) {
        List<SignatureReceipt> signatures = jdbc.sql(RECEIPTS + """
                 where s.project_id = :project and s.image_id = :image
                 order by s.submitted_at desc, s.id desc limit 50
                """).param("project", projectId).param("image", imageId).query(SignatureQueries::receipt).list();
        return jdbc.sql("""
                select st.status, coalesce(k.name || ' (' || k.fingerprint || ')', st.signer) as signer, st.verified_at, st.reasons
                  from image_signing_status st
                  left join signing_key k on k.id = st.key_id
                 where st.project_id = :project and st.image_id = :image
                """).param("project", projectId).param("image", imageId)
                .query((rs, row) -> new ImageSigningStatus(rs.getString("status"), rs.getString("signer"),
                        rs.getObject("verified_at", OffsetDateTime.class), reasons(rs), signatures))
                .optional()
                .orElse(new ImageSigningStatus(ImageSigningStatus.MISSING, null, null,
                        List.of("No signature of this image was submitted for this project."), signatures));
    }

    /**
     * The best status of each digest Keelwatch knows an image of, among the projects the caller sees ({@code missing}
     * where none holds a signature), in one statement; a digest of no known image is left out.
     */
    List<DigestSigning> bestStatusesOfDigests(Collection<String> digests, Viewer viewer) {
        if (digests.isEmpty()) {
            return List.of();
        }
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("""
                select distinct on (i.digest) i.digest, i.id, coalesce(st.status, 'missing') as status
                  from image i
                  left join (image_signing_status st join project p on p.id = st.project_id and %s) on st.image_id = i.id
                 where i.digest = any(:digests)
                 order by i.digest, case st.status when 'verified' then 0 when 'reported' then 1
                          when 'untrusted_signer' then 2 when 'invalid' then 3 else 4 end, i.id""".formatted(scope.covers("p.team_id")))
                .params(scope.params())
                .param("digests", digests.stream().distinct().toArray(String[]::new))
                .query((rs, n) -> new DigestSigning(rs.getString("digest"), rs.getLong("id"), rs.getString("status")))
                .list();
    }

    /**
     * Each image's best status among the projects the caller sees (in the view's order: verified, reported, untrusted
     * signer, invalid), in one statement; an image with no signature there is left out.
     */
    Map<Long, String> bestStatuses(Collection<Long> imageIds, Viewer viewer) {
        Map<Long, String> statuses = new HashMap<>();
        if (imageIds.isEmpty()) {
            return statuses;
        }
        TeamScope scope = TeamScope.of(viewer);
        jdbc.sql("""
                select distinct on (st.image_id) st.image_id, st.status
                  from image_signing_status st
                  join project p on p.id = st.project_id
                 where st.image_id = any(:images) and %s
                 order by st.image_id, case st.status when 'verified' then 0 when 'reported' then 1
                          when 'untrusted_signer' then 2 else 3 end""".formatted(scope.covers("p.team_id")))
                .params(scope.params())
                .param("images", imageIds.stream().distinct().toArray(Long[]::new))
                .query(rs -> {
                    statuses.put(rs.getLong("image_id"), rs.getString("status"));
                });
        return statuses;
    }

    /** Trusted keys and reported signers, with what they signed in the projects the caller sees. */
    List<SignerSummary> signers(Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        Map<String, Object> params = scope.params();
        params.put("now", java.sql.Timestamp.from(Instant.now()));
        List<SignerSummary> keys = jdbc.sql("""
                select k.id, k.name, k.fingerprint,
                       case when k.revoked_at is not null then 'revoked' when k.expires_at <= :now then 'expired' else 'trusted' end as state,
                       count(s.id) as signatures, count(distinct s.image_id) as images, max(s.verified_at) as last_seen
                  from signing_key k
                  left join (image_signature s join project p on p.id = s.project_id and %s) on s.key_id = k.id
                 where (k.team_id is null or %s)
                 group by k.id
                 order by max(s.verified_at) desc nulls last, k.id desc
                """.formatted(scope.covers("p.team_id"), scope.covers("k.team_id")))
                .params(params)
                .query((rs, row) -> new SignerSummary("key", rs.getLong("id"), rs.getString("name"), rs.getString("fingerprint"),
                        rs.getString("state"), rs.getLong("signatures"), rs.getLong("images"),
                        rs.getObject("last_seen", OffsetDateTime.class)))
                .list();
        List<SignerSummary> reported = jdbc.sql("""
                select coalesce(s.signer, 'not named') as signer, count(*) as signatures, count(distinct s.image_id) as images,
                       max(s.verified_at) as last_seen
                  from image_signature s join project p on p.id = s.project_id
                 where s.status = 'reported' and %s
                 group by 1 order by max(s.verified_at) desc limit 200
                """.formatted(TeamScope.PROJECTS))
                .params(params)
                .query((rs, row) -> new SignerSummary("reported", null, rs.getString("signer"), rs.getString("signer"), "reported",
                        rs.getLong("signatures"), rs.getLong("images"), rs.getObject("last_seen", OffsetDateTime.class)))
                .list();
        return java.util.stream.Stream.concat(keys.stream(), reported.stream()).toList();
    }

    /**
     * A signature's signer when Keelwatch could tell who signed: the key that verifies it (by fingerprint, so the same key
     * trusted in several scopes is one signer) or the keyless identity it matched, as it signed. Untrusted signatures
     * count as seen too: a revoked key did sign before.
     */
    private static final String ATTRIBUTED = """
            select s.id, s.project_id, s.image_id, s.status, s.submitted_at,
                   case when s.key_id is not null then 'key' else 'identity' end as kind,
                   coalesce(k.fingerprint, s.signer) as signer, coalesce(k.name, s.signer) as name
              from image_signature s left join signing_key k on k.id = s.key_id
             where s.status in ('verified', 'untrusted_signer') and (s.key_id is not null or s.identity_id is not null)
            """;

    /**
     * Signers whose first signature in a project (the caller sees) was submitted at or after {@code since}, verified, after
     * another signer's: each with its first verified signature there. One statement: the candidates are the signers that
     * signed lately; a project's earlier signatures decide whether they are new.
     */
    List<NewSigner> newSigners(String project, Instant since, Duration shownFor, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("""
                with attributed as not materialized (%s),
                candidate as (
                  select distinct on (a.project_id, a.kind, a.signer) a.*
                    from attributed a join project p on p.id = a.project_id
                   where a.status = 'verified' and a.submitted_at >= :since and %s
                     and (cast(:project as text) is null or p.slug = :project)
                   order by a.project_id, a.kind, a.signer, a.submitted_at, a.id)
                select p.slug, c.kind, c.name, c.signer, c.submitted_at, c.image_id, i.repository || '@' || i.digest as image
                  from candidate c join project p on p.id = c.project_id join image i on i.id = c.image_id
                 where exists (select 1 from attributed e where e.project_id = c.project_id and e.submitted_at < c.submitted_at)
                   and not exists (select 1 from attributed e where e.project_id = c.project_id and e.submitted_at < c.submitted_at
                                      and e.kind = c.kind and e.signer = c.signer)
                 order by c.submitted_at desc, p.slug
                """.formatted(ATTRIBUTED, scope.covers("p.team_id")))
                .params(scope.params())
                .param("since", Timestamp.from(since))
                .param("project", project)
                .query((rs, row) -> {
                    OffsetDateTime firstSeen = rs.getObject("submitted_at", OffsetDateTime.class);
                    return new NewSigner(rs.getString("slug"), rs.getString("kind"), rs.getString("name"), rs.getString("signer"),
                            firstSeen, rs.getLong("image_id"), rs.getString("image"), firstSeen.plus(shownFor));
                })
                .list();
    }

    /**
     * Trusted keys (the caller sees), not rotated, expiring after {@code now} and by {@code until}, each with the projects
     * it flags: its project, its team's (not archived), or for a global key those whose images it verified. A global key
     * flags no project it never signed for but is listed; with {@code project}, only the keys flagging it.
     */
    List<KeyNearExpiry> keysNearExpiry(String project, Instant now, Instant until, Viewer viewer) {
        TeamScope scope = TeamScope.of(viewer);
        return jdbc.sql("""
                select k.id, k.name, k.fingerprint, k.scope, k.expires_at,
                       coalesce(array_agg(p.slug order by p.slug) filter (where p.id is not null), '{}') as projects
                  from signing_key k
                  left join project p on p.archived_at is null and %s
                        and (k.scope = 'project' and p.id = k.project_id
                             or k.scope = 'team' and p.team_id = k.team_id
                             or k.scope = 'global' and p.id in (select s.project_id from image_signature s
                                                                 where s.key_id = k.id and s.status = 'verified'))
                 where k.revoked_at is null and k.successor_id is null and k.expires_at > :now and k.expires_at <= :until
                   and (k.team_id is null or %s)
                 group by k.id
                having cast(:project as text) is null or bool_or(p.slug = :project)
                 order by k.expires_at, k.id
                """.formatted(scope.covers("p.team_id"), scope.covers("k.team_id")))
                .params(scope.params())
                .param("now", Timestamp.from(now))
                .param("until", Timestamp.from(until))
                .param("project", project)
                .query((rs, row) -> {
                    OffsetDateTime expiresAt = rs.getObject("expires_at", OffsetDateTime.class);
                    return new KeyNearExpiry(rs.getLong("id"), rs.getString("name"), rs.getString("fingerprint"), rs.getString("scope"),
                            expiresAt, Duration.between(now, expiresAt.toInstant()).toDays(),
                            List.of((String[]) rs.getArray("projects").getArray()));
                })
                .list();
    }

    /** What re-verification needs of each signature. */
    record Stored(long id, SignatureFormat format, byte[] payload, String signature, String publicKey, String certificate,
            String bundle, String mediaType, long imageId, String digest, long projectId, long teamId) {
    }

    private static final String STORED = """
            select s.id, s.format, s.payload, s.signature, s.public_key_pem, s.certificate, s.bundle, s.media_type, s.image_id, i.digest, s.project_id, p.team_id
              from image_signature s join image i on i.id = s.image_id join project p on p.id = s.project_id
            """;

    /** The key's signatures that verify or were made with it. */
    List<Stored> byKey(long keyId) {
        return jdbc.sql(STORED + " where s.key_id = :key and s.status <> 'reported' order by s.id")
                .param("key", keyId).query(SignatureQueries::stored).list();
    }

    /** The signatures a keyless identity verified. */
    List<Stored> byIdentity(long identityId) {
        return jdbc.sql(STORED + " where s.identity_id = :identity and s.status <> 'reported' order by s.id")
                .param("identity", identityId).query(SignatureQueries::stored).list();
    }

    /** The signatures a kind of trust root ({@code sigstore}, {@code notation}) decides, newest first. */
    List<Stored> decidedByRoot(String kind, int limit) {
        String formats = kind.equals("notation") ? "s.format = 'notation'"
                : "(s.format = 'sigstore-bundle' or s.format = 'cosign' and s.certificate is not null)";
        return jdbc.sql(STORED + " where " + formats + " order by s.id desc limit :limit")
                .param("limit", limit).query(SignatureQueries::stored).list();
    }

    /** Signatures not verified (an added signer may verify them) of a team's projects, or of every project (null). */
    List<Stored> unverified(Long teamId, int limit) {
        return jdbc.sql(STORED + """
                 where s.status in ('untrusted_signer', 'invalid') and (cast(:team as bigint) is null or p.team_id = :team)
                 order by s.id desc limit :limit
                """).param("team", teamId).param("limit", limit).query(SignatureQueries::stored).list();
    }

    /** Keys past their expiry that still verify signatures. */
    List<Long> expiredKeysStillVerifying(Instant now) {
        return jdbc.sql("""
                select distinct k.id from signing_key k join image_signature s on s.key_id = k.id
                 where s.status = 'verified' and k.expires_at <= :now order by k.id
                """).param("now", java.sql.Timestamp.from(now)).query(Long.class).list();
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        return new Stored(rs.getLong("id"), SignatureFormat.fromValue(rs.getString("format")).orElseThrow(), rs.getBytes("payload"),
                rs.getString("signature"), rs.getString("public_key_pem"), rs.getString("certificate"), rs.getString("bundle"),
                rs.getString("media_type"), rs.getLong("image_id"),
                rs.getString("digest"), rs.getLong("project_id"), rs.getLong("team_id"));
    }

    private static SignatureReceipt receipt(ResultSet rs, int row) throws SQLException {
        return new SignatureReceipt(rs.getLong("id"), rs.getLong("image_id"), rs.getString("repository"), rs.getString("digest"),
                rs.getString("project"), rs.getString("format"), rs.getString("status"), rs.getString("signer"),
                rs.getObject("key_id", Long.class), reasons(rs), rs.getObject("verified_at", OffsetDateTime.class));
    }

    private static List<String> reasons(ResultSet rs) throws SQLException {
        Array array = rs.getArray("reasons");
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
