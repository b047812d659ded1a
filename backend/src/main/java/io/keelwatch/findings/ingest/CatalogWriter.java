package io.keelwatch.findings.ingest;

import static io.keelwatch.findings.ingest.SqlArrays.chunks;
import static io.keelwatch.findings.ingest.SqlArrays.column;

import io.keelwatch.findings.ingest.report.CatalogEntry;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The vulnerability catalog's writes (one description per team and CVE, check or secret rule),
 * set-based, in the import's transaction: entries already stored exactly as a report states them
 * are known by their hash and not sent again. A team's catalog is written only by imports into
 * its projects, so no upload changes the text another team reads (V13).
 */
@Repository
public class CatalogWriter {

    private final JdbcClient jdbc;

    CatalogWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds or refreshes the catalog entries of the team whose project a report is imported into.
     * What a report leaves out (Grype gives no title, SARIF no dates, CycloneDX maybe no rating)
     * keeps the value an earlier, richer report of the team gave, so importing a second scanner's
     * report never erases the first one's description.
     */
    public void upsert(long teamId, Collection<CatalogEntry> entries) {
        Map<String, String> hashes = new HashMap<>();
        entries.forEach(entry -> hashes.put(entry.id(), entry.contentHash()));
        for (List<CatalogEntry> chunk : chunks(notStoredYet(teamId, entries, hashes))) {
            jdbc.sql("""
                    insert into vulnerability as v (team_id, id, title, description, severity, cvss_score, primary_url,
                                                    reference_urls, published_at, modified_at, content_hash)
                    select cast(:team as bigint), id, title, description, severity, cvss, url,
                           coalesce(string_to_array(refs, E'\\n'), '{}'), cast(published as timestamptz), cast(modified as timestamptz),
                           hash
                    from unnest(cast(:ids as text[]), cast(:titles as text[]), cast(:descriptions as text[]),
                                cast(:severities as text[]), cast(:cvss as numeric[]), cast(:urls as text[]),
                                cast(:refs as text[]), cast(:published as text[]), cast(:modified as text[]), cast(:hashes as text[]))
                         as e(id, title, description, severity, cvss, url, refs, published, modified, hash)
                    on conflict (team_id, id) do update set
                        content_hash = excluded.content_hash,
                        title = coalesce(excluded.title, v.title),
                        description = coalesce(excluded.description, v.description),
                        severity = case when excluded.severity = 'UNKNOWN' then v.severity else excluded.severity end,
                        cvss_score = coalesce(excluded.cvss_score, v.cvss_score),
                        primary_url = coalesce(excluded.primary_url, v.primary_url),
                        reference_urls = case when cardinality(excluded.reference_urls) = 0 then v.reference_urls
                                              else excluded.reference_urls end,
                        published_at = coalesce(excluded.published_at, v.published_at),
                        modified_at = coalesce(excluded.modified_at, v.modified_at),
                        updated_at = now()
                    where (v.content_hash, v.title, v.description, v.severity, v.cvss_score, v.primary_url, v.reference_urls,
                           v.published_at, v.modified_at)
                          is distinct from
                          (excluded.content_hash, coalesce(excluded.title, v.title), coalesce(excluded.description, v.description),
                           case when excluded.severity = 'UNKNOWN' then v.severity else excluded.severity end,
                           coalesce(excluded.cvss_score, v.cvss_score), coalesce(excluded.primary_url, v.primary_url),
                           case when cardinality(excluded.reference_urls) = 0 then v.reference_urls else excluded.reference_urls end,
                           coalesce(excluded.published_at, v.published_at), coalesce(excluded.modified_at, v.modified_at))
                    """)
                    .param("team", teamId)
                    .param("ids", column(chunk, CatalogEntry::id))
                    .param("titles", column(chunk, CatalogEntry::title))
                    .param("descriptions", column(chunk, CatalogEntry::description))
                    .param("severities", column(chunk, e -> e.severity().name()))
                    .param("cvss", chunk.stream().map(CatalogEntry::cvssScore).toArray(BigDecimal[]::new))
                    .param("urls", column(chunk, CatalogEntry::primaryUrl))
                    .param("refs", column(chunk, e -> e.references().isEmpty() ? null : String.join("\n", e.references())))
                    .param("published", column(chunk, e -> text(e.publishedAt())))
                    .param("modified", column(chunk, e -> text(e.modifiedAt())))
                    .param("hashes", column(chunk, e -> hashes.get(e.id())))
                    .update();
        }
    }

    /**
     * The entries the team's catalog does not hold exactly as stated here already, known by the hash
     * of the entry that last wrote each row (V12): a few bytes per entry asked, instead of every
     * description sent.
     */
    private List<CatalogEntry> notStoredYet(long teamId, Collection<CatalogEntry> entries, Map<String, String> hashes) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<CatalogEntry> all = List.copyOf(entries);
        Set<String> stored = new HashSet<>(jdbc.sql("""
                select v.id from vulnerability v
                join unnest(cast(:ids as text[]), cast(:hashes as text[])) as e(id, hash)
                  on v.team_id = :team and v.id = e.id and v.content_hash = e.hash
                """)
                .param("team", teamId)
                .param("ids", column(all, CatalogEntry::id))
                .param("hashes", column(all, e -> hashes.get(e.id())))
                .query(String.class)
                .list());
        return all.stream().filter(e -> !stored.contains(e.id())).toList();
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toString();
    }
}
