package io.keelwatch.signing.gate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
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
 * What a decision reads, set-based: every policy (one query), and for all the images of one request their row, their
 * signing status per project (signing's view {@code image_signing_status}, V27) and their open findings grouped by
 * severity (findings' {@code finding} table, whose excepted findings already carry an exception status) — three
 * queries however many containers a workload has. The gate decides from these rows only: it never fetches or scans.
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
     */
    record Evidence(Long imageId, Instant lastScannedAt, List<Signing> signing, Map<String, Integer> openBySeverity,
            String oldestFixableCritical, Instant oldestFixableCriticalSeen) {

        static final Evidence UNKNOWN = new Evidence(null, null, List.of(), Map.of(), null, null);
    }

    /** The policies as last read, under the version they were read at. */
    private record ReadPolicies(String version, List<Policy> policies) {
    }

    /** An approved, unexpired exception waiving one rule of the gate for an image. */
    record Waiver(long exceptionId, String rule, OffsetDateTime expiresAt) {
    }

    private final JdbcClient jdbc;
    private final AtomicReference<ReadPolicies> lastRead = new AtomicReference<>(new ReadPolicies("", List.of()));

    GateQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every policy, read again only when the table changed: a decision asks for the version (one row: how many
     * policies, their ids, the latest edit), not for every policy and its compiled glob, so an admission with a hundred
     * policies stays one small read. The version is read before the policies, so policies read while one changes are
     * read again at the next decision, never kept under the newer version; another replica's edit is seen the same way.
     */
    List<Policy> policies() {
        String version = jdbc.sql("select count(*) || '/' || coalesce(sum(id), 0) || '/' || coalesce(cast(max(updated_at) as text), '')"
                + " from gate_policy").query(String.class).single();
        ReadPolicies last = lastRead.get();
        if (last.version().equals(version)) {
            return last.policies();
        }
        List<Policy> policies = List.copyOf(readPolicies());
        lastRead.set(new ReadPolicies(version, policies));
        return policies;
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

    /** The evidence of each pinned image (keyed by "repository@digest"); images never seen are absent. */
    Map<String, Evidence> evidence(List<GateImage> images) {
        List<GateImage> pinned = images.stream().filter(GateImage::pinned).distinct().toList();
        if (pinned.isEmpty()) {
            return Map.of();
        }
        record Row(long id, String key, Instant scanned) {
        }
        List<Row> rows = jdbc.sql("""
                select i.id, i.repository || '@' || i.digest as key, i.last_scanned_at
                  from image i
                  join unnest(cast(:repositories as text[]), cast(:digests as text[])) as wanted (repository, digest)
                    on i.repository = wanted.repository and i.digest = wanted.digest""")
                .param("repositories", pinned.stream().map(GateImage::repository).toArray(String[]::new))
                .param("digests", pinned.stream().map(GateImage::digest).toArray(String[]::new))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), instant(rs, 3))).list();
        if (rows.isEmpty()) {
            return Map.of();
        }
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        Map<Long, List<Signing>> signing = signing(ids);
        Map<Long, Map<String, Integer>> open = new HashMap<>();
        Map<Long, String> oldestFixable = new HashMap<>();
        Map<Long, Instant> oldestFixableSeen = new HashMap<>();
        jdbc.sql("""
                select f.image_id, f.severity, count(*) as open,
                       min(f.first_seen) filter (where f.severity = 'CRITICAL' and coalesce(f.fixed_version, '') <> '') as oldest_seen,
                       (array_agg(coalesce(f.vulnerability_id, f.rule_id, f.title) order by f.first_seen)
                           filter (where f.severity = 'CRITICAL' and coalesce(f.fixed_version, '') <> ''))[1] as oldest
                  from finding f
                 where f.image_id = any(cast(:ids as bigint[])) and f.status in ('open', 'in_progress')
                 group by f.image_id, f.severity""")
                .param("ids", ids)
                .query(rs -> {
                    long id = rs.getLong("image_id");
                    open.computeIfAbsent(id, k -> new HashMap<>()).put(rs.getString("severity"), rs.getInt("open"));
                    if (rs.getString("oldest") != null) {
                        oldestFixable.put(id, rs.getString("oldest"));
                        oldestFixableSeen.put(id, instant(rs, "oldest_seen"));
                    }
                });
        Map<String, Evidence> evidence = new HashMap<>();
        for (Row row : rows) {
            evidence.put(row.key(), new Evidence(row.id(), row.scanned(), signing.getOrDefault(row.id(), List.of()),
                    open.getOrDefault(row.id(), Map.of()), oldestFixable.get(row.id()), oldestFixableSeen.get(row.id())));
        }
        return evidence;
    }

    /**
     * The gate-rule waivers in force for each image (findings' view {@code gate_waiver}, V31: approved, not lapsed,
     * unexpired), in one statement: a waiver covers an image its project holds records of (the records {@link #projectsOf}
     * reads) whose repository matches its pattern and whose digest is its digest, if it names one. The oldest first.
     */
    Map<Long, List<Waiver>> waivers(Collection<Long> imageIds) {
        if (imageIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<Waiver>> waivers = new HashMap<>();
        jdbc.sql("""
                select i.id as image_id, w.id, w.rule, w.expires_at
                  from image i
                  join gate_waiver w on i.repository like w.image_like and (w.image_digest is null or w.image_digest = i.digest)
                 where i.id = any(cast(:ids as bigint[]))
                   and (exists (select 1 from scan s where s.image_id = i.id and s.project_id = w.project_id)
                        or exists (select 1 from finding f where f.image_id = i.id and f.project_id = w.project_id)
                        or exists (select 1 from image_signing_status g where g.image_id = i.id and g.project_id = w.project_id))
                 order by w.id""")
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

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
    }
}
