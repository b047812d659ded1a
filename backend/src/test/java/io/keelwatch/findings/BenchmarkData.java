package io.keelwatch.findings;

import io.keelwatch.findings.exposure.ExposureRecount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Bulk data for the benchmark, generated inside PostgreSQL so seeding a million rows takes seconds. */
final class BenchmarkData {

    private BenchmarkData() {
    }

    /** Four teams, forty projects, 2,000 images and their scans, 50,000 catalog rows per team, {@code findings} findings. */
    static void seed(JdbcClient jdbc, ExposureRecount exposure, int findings) {
        int images = 2_000;
        int perImage = Math.max(1, findings / images);
        jdbc.sql("insert into team (slug, name) select 'bench-team-' || t, 'Bench team ' || t from generate_series(1, 4) t").update();
        jdbc.sql("""
                insert into project (team_id, slug, name)
                select (select id from team where slug = 'bench-team-' || (1 + p % 4)), 'bench-project-' || p, 'Bench project ' || p
                from generate_series(1, 40) p
                """).update();
        jdbc.sql("""
                insert into image (repository, digest)
                select 'registry.example.com/bench/svc-' || (i % 40), 'sha256:' || lpad(to_hex(1000000 + i), 64, '0')
                from generate_series(1, :images) i
                """).param("images", images).update();
        jdbc.sql("""
                insert into vulnerability (team_id, id, title, description, severity, cvss_score)
                select t.id, 'CVE-2099-' || v, 'Seeded vulnerability ' || v, repeat('Seeded description of a flaw. ', 12),
                       (array['CRITICAL','HIGH','MEDIUM','LOW','UNKNOWN'])[1 + v % 5], 1 + (v % 90) / 10.0
                from generate_series(1, 50000) v cross join team t
                where t.slug like 'bench-team-%'
                """).update();
        jdbc.sql("""
                insert into scan (image_id, project_id, scanner, report_format, imported_by, report_sha256, report_size,
                                  report_gzip, imported_at)
                select i.id, p.id, 'trivy', 'trivy', 'benchmark', 'sha256:seed' || i.id, 0, '\\x'::bytea, now() - interval '1 day'
                from image i
                join project p on p.slug = 'bench-project-' || (1 + i.id % 40)
                where i.repository like 'registry.example.com/bench/svc-%'
                """).update();
        jdbc.sql("""
                insert into finding (image_id, project_id, kind, fingerprint, vulnerability_id, rule_id, package_name,
                                     installed_version, fixed_version, target, title, severity, status, first_seen, last_seen,
                                     first_scan_id, last_scan_id, sla_due)
                select s.image_id, s.project_id, 'vulnerability', md5(s.image_id || ':' || g),
                       'CVE-2099-' || (1 + (s.image_id * 7 + g) % 50000), 'CVE-2099-' || (1 + (s.image_id * 7 + g) % 50000),
                       'pkg-' || (g % 400), '1.' || (g % 20), case when g % 3 = 0 then null else '1.' || (g % 20 + 1) end,
                       'image (debian 12)', 'Seeded vulnerability',
                       (array['CRITICAL','HIGH','MEDIUM','MEDIUM','LOW','LOW','UNKNOWN'])[1 + g % 7],
                       case when g % 10 < 7 then 'open' when g % 10 < 9 then 'fixed' else 'risk_accepted' end,
                       now() - (g % 300) * interval '1 day', now() - (g % 30) * interval '1 hour',
                       s.id, s.id, current_date + (g % 100) - 30
                from scan s cross join generate_series(1, :perImage) g
                where s.imported_by = 'benchmark'
                """).param("perImage", perImage).update();
        jdbc.sql("select id from project where slug like 'bench-project-%'").query(Long.class).list()
                .forEach(exposure::recount);
        jdbc.sql("analyze").update();
    }

    /**
     * PostgreSQL's own rate for the same finding rows: one INSERT … ON CONFLICT from arrays with
     * the columns an import writes (catalog references included), the statement alone, no parsing
     * or HTTP. Measured on a fresh image, then rolled back.
     */
    static double ceiling(JdbcClient jdbc, long projectId, int rows) {
        return jdbc.sql("select 1").query((rs, n) -> {
            Connection connection = rs.getStatement().getConnection();
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                long imageId;
                try (PreparedStatement image = connection.prepareStatement(
                        "insert into image (repository, digest) values ('ceiling', 'sha256:' || lpad('ce11', 64, '0')) returning id")) {
                    var r = image.executeQuery();
                    r.next();
                    imageId = r.getLong(1);
                }
                long scanId;
                try (PreparedStatement scan = connection.prepareStatement("""
                        insert into scan (image_id, project_id, scanner, report_format, imported_by, report_sha256, report_size, report_gzip)
                        values (?, ?, 'trivy', 'trivy', 'ceiling', 'sha256:ceiling', 0, '\\x'::bytea) returning id""")) {
                    scan.setLong(1, imageId);
                    scan.setLong(2, projectId);
                    var r = scan.executeQuery();
                    r.next();
                    scanId = r.getLong(1);
                }
                // the same columns FindingWriter writes, with catalog ids the benchmark's imports created
                String[][] columns = new String[12][rows];
                for (int i = 0; i < rows; i++) {
                    String cve = "CVE-20%02d-%05d".formatted(10 + (i / 4) % 15, i / 4);
                    columns[0][i] = "%064x".formatted(i * 2654435761L);
                    columns[1][i] = cve;
                    columns[2][i] = cve;
                    columns[3][i] = "libbench" + (i % 997) + "-" + (i % 4);
                    columns[4][i] = "1." + (i % 13) + "." + (i % 7) + "-1";
                    columns[5][i] = "1." + (i % 13) + "." + (i % 7 + 1) + "-1";
                    columns[6][i] = "pkg:deb/debian/" + columns[3][i] + "@" + columns[4][i] + "?arch=amd64&distro=debian-12.8";
                    columns[7][i] = "registry.example.com/bench/app:1.0.42 (debian 12.8)";
                    columns[8][i] = columns[3][i] + ": memory corruption in parser of component " + (i % 50);
                    columns[9][i] = "HIGH";
                    columns[10][i] = null;
                    columns[11][i] = null;
                }
                long start;
                try (PreparedStatement insert = connection.prepareStatement("""
                        insert into finding as f (image_id, project_id, kind, fingerprint, vulnerability_id, rule_id,
                            package_name, installed_version, fixed_version, purl, target, title, severity, location, evidence,
                            occurrences, first_seen, last_seen, first_scan_id, last_scan_id, sla_due)
                        select ?, ?, 'vulnerability', fp, vuln, rule, pkg, installed, fixed, purl, target, title, severity,
                               location, evidence, 1, now(), now(), ?, ?, current_date + 30
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[], ?::text[])
                             as s(fp, vuln, rule, pkg, installed, fixed, purl, target, title, severity, location, evidence)
                        on conflict (project_id, image_id, fingerprint) do update set last_seen = excluded.last_seen
                        """)) {
                    insert.setLong(1, imageId);
                    insert.setLong(2, projectId);
                    insert.setLong(3, scanId);
                    insert.setLong(4, scanId);
                    for (int c = 0; c < columns.length; c++) {
                        insert.setArray(5 + c, connection.createArrayOf("text", columns[c]));
                    }
                    start = System.nanoTime();
                    insert.executeUpdate();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                connection.rollback();
                return seconds;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }).single();
    }
}
