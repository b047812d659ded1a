package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.EmptyDatabase;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * V13 moves the shared catalog into one catalog per team without losing a row: every team whose
 * findings cite an entry gets it as it was, so each finding shows what it showed before, and an
 * entry nobody cites stays with every team. Runs Flyway on a database of its own, without the application.
 */
class CatalogPerTeamMigrationKeepsWhatEveryFindingReadIT {

    @Test
    void everyTeamKeepsTheEntriesItsFindingsCiteAndUncitedOnesStayWithEveryTeam() {
        try (EmptyDatabase database = new EmptyDatabase()) {
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(database.url(), true);
            try {
                migrate(dataSource, "12");
                JdbcClient jdbc = JdbcClient.create(dataSource);
                jdbc.sql("""
                        insert into team (slug, name) values ('alpha', 'Alpha'), ('beta', 'Beta'), ('gamma', 'Gamma');
                        insert into project (team_id, slug, name) select id, slug || '-app', 'App' from team where slug in ('alpha', 'beta');
                        insert into image (repository, digest) values ('registry.example/app', 'sha256:' || repeat('a', 64));
                        insert into vulnerability (id, title, description, severity, cvss_score, primary_url, reference_urls, content_hash)
                        values ('CVE-2019-5094', 'e2fsprogs', 'An exploitable code execution vulnerability', 'MEDIUM', 6.7,
                                'https://avd.aquasec.com/nvd/cve-2019-5094', '{https://nvd.nist.gov/vuln/detail/CVE-2019-5094}', 'h1'),
                               ('CVE-2020-0001', 'alpha only', 'Only alpha has it', 'HIGH', 7.5, null, '{}', 'h2'),
                               ('CVE-2021-0002', 'nobody', 'No finding cites it', 'LOW', null, null, '{}', 'h3');
                        insert into scan (image_id, project_id, scanner, report_format, imported_by, report_sha256, report_size, report_gzip)
                        select i.id, p.id, 'trivy', 'trivy', 'test', 'sha256:' || p.slug, 0, '\\x'::bytea from image i cross join project p;
                        insert into finding (image_id, project_id, kind, fingerprint, vulnerability_id, rule_id, severity,
                                             first_seen, last_seen, first_scan_id, last_scan_id)
                        select s.image_id, s.project_id, 'vulnerability', v.id || p.slug, v.id, v.id, 'MEDIUM', now(), now(), s.id, s.id
                        from scan s join project p on p.id = s.project_id
                        join (values ('CVE-2019-5094', 'alpha'), ('CVE-2019-5094', 'beta'), ('CVE-2020-0001', 'alpha')) v(id, team)
                          on p.slug = v.team || '-app'
                        """).update();
                List<String> before = seenByFindings(jdbc, "v.id = f.vulnerability_id");

                migrate(dataSource, "13");

                assertThat(seenByFindings(jdbc, "v.team_id = p.team_id and v.id = f.vulnerability_id"))
                        .as("every finding shows what it showed before").isEqualTo(before).hasSize(3);
                assertThat(jdbc.sql("select t.slug || ' ' || v.id from vulnerability v join team t on t.id = v.team_id order by 1")
                        .query(String.class).list()).containsExactly(
                        "alpha CVE-2019-5094", "alpha CVE-2020-0001", "alpha CVE-2021-0002",
                        "beta CVE-2019-5094", "beta CVE-2021-0002",
                        "gamma CVE-2021-0002");
                assertThat(jdbc.sql("select count(distinct (title, description, severity, cvss_score, content_hash)) from vulnerability"
                        + " where id = 'CVE-2021-0002'").query(Long.class).single()).isEqualTo(1);
            } finally {
                dataSource.destroy();
            }
        }
    }

    private static void migrate(SingleConnectionDataSource dataSource, String version) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(version).load().migrate();
    }

    /** Each finding with the catalog text, score and links it is shown with, one line per finding. */
    private static List<String> seenByFindings(JdbcClient jdbc, String join) {
        return jdbc.sql("""
                select p.slug || ' ' || f.rule_id || ' | ' || v.title || ' | ' || v.description || ' | ' || coalesce(v.cvss_score::text, '-')
                       || ' | ' || coalesce(v.primary_url, '-') || ' | ' || array_to_string(v.reference_urls, ',') || ' | ' || v.content_hash
                from finding f join project p on p.id = f.project_id
                left join vulnerability v on %s
                order by 1
                """.formatted(join))
                .query(String.class)
                .list();
    }
}
