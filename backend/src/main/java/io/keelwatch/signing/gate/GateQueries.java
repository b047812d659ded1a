package io.keelwatch.signing.gate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a decision reads, set-based. The policies, compiled, are kept in memory ({@link #policies}) under V41's policy
 * generation. For all the
 * images of one request, one statement reads their row, their signing status per project (signing's view
 * {@code image_signing_status}, V27), their open findings counted by severity and their oldest fixable critical
 * (findings' {@code finding} table, whose excepted findings already carry an exception status; from V39's partial
 * indexes of open findings, without visiting the table's rows) and the gate-rule waivers in force for them — one
 * statement however many containers a workload has. The gate decides from these rows only: it never fetches or scans.
 */
@Component
class GateQueries {

    /** A policy ready to match: its terms and its image glob as a regular expression. */
    record Policy(long id, GatePolicyTerms terms, Pattern image) {

        boolean appliesTo(String repository, String environment) {
            return image.matcher(repository).matches()
                    && (terms.environments().isEmpty() || terms.environments().contains(environment));
        }
    }

    /** An image's best signature in one project. */
    record Signing(String status, Long keyId, Long identityId, String signer, String reasons) {
    }

    /**
     * What the database knows of one image; {@code imageId} null when the image was never seen.
     *
     * @param openBySeverity        open and in-progress findings per severity
     * @param oldestFixableCritical the open critical with a fixed version first seen longest ago, or null
     * @param waivers               the gate-rule waivers in force for it, the oldest first
     */
    record Evidence(Long imageId, Instant lastScannedAt, List<Signing> signing, Map<String, Integer> openBySeverity,
            String oldestFixableCritical, Instant oldestFixableCriticalSeen, List<Waiver> waivers) {

        static final Evidence UNKNOWN = new Evidence(null, null, List.of(), Map.of(), null, null, List.of());
    }

    /** The policies as read, and the policy generation (V41) they were read under. */
    private record ReadPolicies(long generation, List<Policy> policies) {
    }

    /**
     * The policies for a decision, and whether they are those of the policy generation it read: only then may a
     * verdict computed from them be kept under it.
     */
    record PoliciesAt(List<Policy> policies, boolean ofGeneration) {
    }

    /** An approved, unexpired exception waiving one rule of the gate for an image. */
    record Waiver(long exceptionId, String rule, OffsetDateTime expiresAt) {
    }

    /**
     * The waivers in force for the image {@code i} (findings' view {@code gate_waiver}, V31: approved, not lapsed,
     * unexpired): a waiver covers an image its project holds records of (the records {@link #projectsOf} reads) whose
     * repository matches its pattern and whose digest is its digest, if it names one.
     */
    private static final String WAIVERS_OF_I = """
            from gate_waiver w
            where i.repository like w.image_like and (w.image_digest is null or w.image_digest = i.digest)
              and (exists (select 1 from scan s where s.image_id = i.id and s.project_id = w.project_id)
                   or exists (select 1 from finding f where f.image_id = i.id and f.project_id = w.project_id)
                   or exists (select 1 from image_signing_status g where g.image_id = i.id and g.project_id = w.project_id))""";

    private final JdbcClient jdbc;
    private final GateGenerations generations;
    private final AtomicReference<ReadPolicies> lastRead = new AtomicReference<>(new ReadPolicies(-1, List.of()));

    GateQueries(JdbcClient jdbc, GateGenerations generations) {
        this.jdbc = jdbc;
        this.generations = generations;
    }

    /** Every policy, compiled, as of now (for reads outside a decision: one tiny statement when they did not change). */
    List<Policy> policies() {
        long generation = generations.read().policies();
        ReadPolicies last = lastRead.get();
        return last.generation() == generation ? last.policies() : policies(generation, generations.settled().policies()).policies();
    }

    /**
     * Every policy, compiled, as of the policy generation read just before: from memory when they were read under it,
     * else from the database, and kept under it only if {@code settled} (no writer of policies was still open when
     * asked, after the generation was read: {@link GateGenerations#settled}). So every replica applies a policy change
     * at the first decision after it commits, and policies read while one is being written are never kept.
     */
    PoliciesAt policies(long generation, boolean settled) {
        ReadPolicies last = lastRead.get();
        if (last.generation() == generation) {
            return new PoliciesAt(last.policies(), true);
        }
        List<Policy> policies = List.copyOf(readPolicies());
        if (settled) {
            lastRead.accumulateAndGet(new ReadPolicies(generation, policies),
                    (kept, read) -> read.generation() > kept.generation() ? read : kept);
        }
        return new PoliciesAt(policies, settled);
    }

    private List<Policy> readPolicies() {
        return jdbc.sql("""
                select id, name, image_pattern, environments, mode, any_trusted_signer, key_ids, identity_ids, max_severity,
                       fixable_critical_max_days, scanned_within_days
                  from gate_policy order by name""")
                .query((rs, n) -> {
                    GatePolicyTerms terms = new GatePolicyTerms(rs.getString("name"), rs.getString("image_pattern"),
                            strings(rs.getArray("environments")), rs.getString("mode"), rs.getBoolean("any_trusted_signer"),
                            longs(rs.getArray("key_ids")), longs(rs.getArray("identity_ids")), rs.getString("max_severity"),
                            (Integer) rs.getObject("fixable_critical_max_days"), (Integer) rs.getObject("scanned_within_days"));
                    return new Policy(rs.getLong("id"), terms, glob(terms.imagePattern()));
                }).list();
    }

    /**
     * The evidence of each pinned image (keyed by "repository@digest"), in one statement; images never seen are
     * absent. Open findings are counted per severity and the oldest fixable critical is the first by when it was first
     * seen, both from V39's partial indexes of open findings.
     */
    Map<String, Evidence> evidence(List<GateImage> images) {
        List<GateImage> pinned = images.stream().filter(GateImage::pinned).distinct().toList();
        if (pinned.isEmpty()) {
            return Map.of();
        }
        Map<String, Evidence> evidence = new HashMap<>();
        jdbc.sql("""
                select i.id, i.repository || '@' || i.digest as key, i.last_scanned_at,
                       g.statuses, g.key_ids, g.identity_ids, g.signers, g.reasons,
                       o.severities, o.counts, c.oldest, c.oldest_seen, w.waiver_ids, w.rules, w.expires
                  from image i
                  join unnest(cast(:repositories as text[]), cast(:digests as text[])) as wanted (repository, digest)
                    on i.repository = wanted.repository and i.digest = wanted.digest
                  cross join lateral (
                       select array_agg(g.status order by g.project_id) as statuses,
                              array_agg(g.key_id order by g.project_id) as key_ids,
                              array_agg(g.identity_id order by g.project_id) as identity_ids,
                              array_agg(g.signer order by g.project_id) as signers,
                              array_agg(array_to_string(g.reasons, '; ') order by g.project_id) as reasons
                         from image_signing_status g where g.image_id = i.id) g
                  cross join lateral (
                       select array_agg(b.severity) as severities, array_agg(b.open) as counts
                         from (select f.severity, count(*) as open from finding f
                                where f.image_id = i.id and f.status in ('open', 'in_progress') group by f.severity) b) o
                  left join lateral (
                       select coalesce(f.vulnerability_id, f.rule_id, f.title) as oldest, f.first_seen as oldest_seen
                         from finding f
                        where f.image_id = i.id and f.status in ('open', 'in_progress') and f.severity = 'CRITICAL'
                          and coalesce(f.fixed_version, '') <> ''
                        order by f.first_seen, f.id limit 1) c on true
                  cross join lateral (
                       select array_agg(w.id order by w.id) as waiver_ids, array_agg(w.rule order by w.id) as rules,
                              array_agg(w.expires_at order by w.id) as expires
                """ + WAIVERS_OF_I + ") w")
                .param("repositories", pinned.stream().map(GateImage::repository).toArray(String[]::new))
                .param("digests", pinned.stream().map(GateImage::digest).toArray(String[]::new))
                .query(rs -> {
                    evidence.put(rs.getString("key"), new Evidence(rs.getLong("id"), instant(rs, "last_scanned_at"), signing(rs),
                            openBySeverity(rs), rs.getString("oldest"), instant(rs, "oldest_seen"), waivers(rs)));
                });
        return evidence;
    }

    private static List<Signing> signing(ResultSet rs) throws SQLException {
        Array statuses = rs.getArray("statuses");
        if (statuses == null) {
            return List.of();
        }
        String[] status = (String[]) statuses.getArray();
        Long[] keyIds = (Long[]) rs.getArray("key_ids").getArray();
        Long[] identityIds = (Long[]) rs.getArray("identity_ids").getArray();
        String[] signers = (String[]) rs.getArray("signers").getArray();
        String[] reasons = (String[]) rs.getArray("reasons").getArray();
        List<Signing> signing = new ArrayList<>(status.length);
        for (int n = 0; n < status.length; n++) {
            signing.add(new Signing(status[n], keyIds[n], identityIds[n], signers[n], reasons[n]));
        }
        return signing;
    }

    private static Map<String, Integer> openBySeverity(ResultSet rs) throws SQLException {
        Array severities = rs.getArray("severities");
        if (severities == null) {
            return Map.of();
        }
        String[] severity = (String[]) severities.getArray();
        Long[] counts = (Long[]) rs.getArray("counts").getArray();
        Map<String, Integer> open = new HashMap<>();
        for (int n = 0; n < severity.length; n++) {
            open.put(severity[n], counts[n].intValue());
        }
        return open;
    }

    private static List<Waiver> waivers(ResultSet rs) throws SQLException {
        Array ids = rs.getArray("waiver_ids");
        if (ids == null) {
            return List.of();
        }
        Long[] id = (Long[]) ids.getArray();
        String[] rules = (String[]) rs.getArray("rules").getArray();
        Object[] expires = (Object[]) rs.getArray("expires").getArray();
        List<Waiver> waivers = new ArrayList<>(id.length);
        for (int n = 0; n < id.length; n++) {
            waivers.add(new Waiver(id[n], rules[n], offset(expires[n])));
        }
        return waivers;
    }

    /** The gate-rule waivers in force for each image ({@link #WAIVERS_OF_I}), in one statement, the oldest first. */
    Map<Long, List<Waiver>> waivers(Collection<Long> imageIds) {
        if (imageIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<Waiver>> waivers = new HashMap<>();
        jdbc.sql("select i.id as image_id, w.id, w.rule, w.expires_at from image i cross join lateral (select w.id, w.rule, w.expires_at "
                + WAIVERS_OF_I + ") w where i.id = any(cast(:ids as bigint[])) order by w.id")
                .param("ids", imageIds.toArray(Long[]::new))
                .query(rs -> {
                    waivers.computeIfAbsent(rs.getLong("image_id"), k -> new ArrayList<>()).add(new Waiver(rs.getLong("id"),
                            rs.getString("rule"), rs.getObject("expires_at", OffsetDateTime.class)));
                });
        return waivers;
    }

    /** The best signature of each image in each project holding one (images without any are absent). */
    Map<Long, List<Signing>> signing(Long[] ids) {
        Map<Long, List<Signing>> signing = new HashMap<>();
        jdbc.sql("""
                select image_id, status, key_id, identity_id, signer, array_to_string(reasons, '; ') as reasons
                  from image_signing_status where image_id = any(cast(:ids as bigint[]))""")
                .param("ids", ids)
                .query(rs -> {
                    signing.computeIfAbsent(rs.getLong("image_id"), k -> new ArrayList<>()).add(new Signing(rs.getString("status"),
                            (Long) rs.getObject("key_id"), (Long) rs.getObject("identity_id"), rs.getString("signer"),
                            rs.getString("reasons")));
                });
        return signing;
    }

    /** The images with these ids, as the gate is asked about them (repository@digest), by id in repository order. */
    Map<Long, GateImage> images(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, GateImage> images = new LinkedHashMap<>();
        jdbc.sql("select id, repository, digest from image where id = any(cast(:ids as bigint[])) order by repository, digest")
                .param("ids", ids.toArray(Long[]::new))
                .query(rs -> {
                    images.put(rs.getLong(1), new GateImage(rs.getString(2) + "@" + rs.getString(3), rs.getString(2), rs.getString(3)));
                });
        return images;
    }

    /**
     * The projects holding records of the images (scans, findings, signatures), which decide who may ask about them:
     * the gate's answer describes those records.
     */
    Set<Long> projectsOf(Collection<Long> imageIds) {
        if (imageIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                select project_id from scan where image_id = any(cast(:ids as bigint[]))
                union select project_id from finding where image_id = any(cast(:ids as bigint[]))
                union select project_id from image_signing_status where image_id = any(cast(:ids as bigint[]))""")
                .param("ids", imageIds.toArray(Long[]::new)).query(Long.class).list());
    }

    /** A repository glob as a regular expression: {@code *} any characters, everything else itself. */
    static Pattern glob(String pattern) {
        return Pattern.compile(String.join(".*", Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).toList()));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** An element of a {@code timestamptz[]}, as the driver gives it, at UTC as single values are read. */
    private static OffsetDateTime offset(Object timestamp) {
        return timestamp == null ? null : ((Timestamp) timestamp).toInstant().atOffset(ZoneOffset.UTC);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
    }
}
