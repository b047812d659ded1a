package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.findings.ingest.report.Fingerprints;
import io.keelwatch.testsupport.EmptyDatabase;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * V22 gives stored findings the fingerprints imports compute now, and what was one problem stored
 * twice (alpine-310's libssl1.1 as Trivy's JSON placed it by purl and as Trivy's SARIF placed it by the
 * image's name) becomes one finding that keeps the triage, the comments and the history of both.
 * The rows are written as V21's imports wrote them, with the old fingerprints. Runs Flyway on a
 * database of its own, without the application.
 */
class FingerprintMigrationMergesWhatTwoFormatsReportedTwiceIT {

    private static final String IMAGE = "testdata/fixtures/images/alpine-310.tar.gz";
    private static final String LIBSSL_PURL = "pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2";
    private static final String JAR_PURL = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

    @Test
    void storedFindingsTakeTheNewFingerprintsAndDuplicatesBecomeOneKeepingTheirTriage() {
        try (EmptyDatabase database = new EmptyDatabase()) {
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(database.url(), true);
            try {
                migrate(dataSource, "21");
                JdbcClient jdbc = JdbcClient.create(dataSource);
                jdbc.sql("""
                        insert into team (slug, name) values ('alpha', 'Alpha');
                        insert into project (team_id, slug, name) select id, 'alpha-app', 'App' from team;
                        insert into image (repository, digest) values ('ghcr.io/aquasecurity/trivy-test-images', 'sha256:' || repeat('a', 64));
                        insert into scan (image_id, project_id, scanner, report_format, artifact_name, imported_at, imported_by,
                                          report_sha256, report_size, report_gzip)
                        select i.id, p.id, s.scanner, s.format, :image, s.at, 'test', s.format || s.scanner, 0, '\\x'::bytea
                        from image i cross join project p
                        cross join (values ('trivy', 'trivy', timestamptz '2024-01-01'), ('trivy', 'sarif', timestamptz '2024-01-02'),
                                           ('grype', 'grype', timestamptz '2024-01-03'), ('trivy', 'cyclonedx', timestamptz '2024-01-04'))
                             s(scanner, format, at)
                        """).param("image", IMAGE).update();
                // as V21's parsers stored them: Trivy JSON by purl, Trivy SARIF by the result's uri (the image),
                // Grype's jar by its purl, CycloneDX's purl-less component by its bom-ref
                insertFinding(jdbc, "trivy", Fingerprints.hash("vuln", "CVE-2019-1549", "libssl1.1", "1.1.1c-r0",
                        "pkg:apk/alpine/libssl1.1@1.1.1c-r0"), "CVE-2019-1549", "libssl1.1", "1.1.1c-r0", null, LIBSSL_PURL,
                        IMAGE + " (alpine 3.10.2)", "open", "2024-01-01");
                insertFinding(jdbc, "sarif", Fingerprints.hash("vuln", "CVE-2019-1549", "libssl1.1", "1.1.1c-r0", IMAGE),
                        "CVE-2019-1549", "libssl1.1", "1.1.1c-r0", null, null, IMAGE, "risk_accepted", "2024-01-02");
                insertFinding(jdbc, "grype", Fingerprints.hash("vuln", "CVE-2021-44228", "org.apache.logging.log4j:log4j-core",
                        "2.14.1", JAR_PURL), "CVE-2021-44228", "org.apache.logging.log4j:log4j-core", "2.14.1",
                        "/app/log4j-core-2.14.1.jar", JAR_PURL, null, "open", "2024-01-03");
                String bomRef = Fingerprints.hash("vuln", "CVE-2020-0001", "thing", "1.0", "thing-ref");
                insertFinding(jdbc, "cyclonedx", bomRef, "CVE-2020-0001", "thing", "1.0", null, null, null, "open", "2024-01-04");
                long json = findingId(jdbc, "trivy");
                long sarif = findingId(jdbc, "sarif");
                jdbc.sql("""
                        insert into finding_comment (finding_id, author, body) values (:json, 'alice', 'libssl is patched next sprint');
                        insert into scan_change (scan_id, finding_id, change)
                        select last_scan_id, id, 'reopened' from finding where id = :json;
                        insert into project_exposure (project_id, medium) select id, 3 from project;
                        """).param("json", json).update();

                migrate(dataSource, "22");

                List<Map<String, Object>> findings = jdbc.sql("""
                        select id, fingerprint, status, first_seen::date::text as first_seen, last_scan_id, array_to_string(reported_by, ',') as reported_by
                        from finding order by vulnerability_id""").query().listOfRows();
                assertThat(findings).hasSize(3);
                assertThat(findings.get(0)).containsEntry("id", sarif).containsEntry("status", "risk_accepted")
                        .as("the triaged one is kept, with the earliest first seen and both sources")
                        .containsEntry("first_seen", "2024-01-01").containsEntry("reported_by", "trivy/sarif,trivy/trivy")
                        .containsEntry("fingerprint", Fingerprints.distributionPackageVulnerability("CVE-2019-1549", "libssl1.1", "1.1.1c-r0"));
                assertThat(findings.get(1)).containsEntry("fingerprint", Fingerprints.packageVulnerability("CVE-2020-0001",
                        "thing", "1.0", null, "thing-ref")).as("a bom-ref is not stored: unchanged").containsEntry("fingerprint", bomRef);
                assertThat(findings.get(2)).as("Grype's jar in its file").containsEntry("fingerprint", Fingerprints.packageVulnerability(
                        "CVE-2021-44228", "org.apache.logging.log4j:log4j-core", "2.14.1", "app/log4j-core-2.14.1.jar", JAR_PURL))
                        .containsEntry("reported_by", "grype/grype");
                assertThat(jdbc.sql("select finding_id from finding_comment").query(Long.class).list()).containsExactly(sarif);
                assertThat(jdbc.sql("select finding_id || ' ' || change from scan_change").query(String.class).list())
                        .containsExactly(sarif + " reopened");
                assertThat(jdbc.sql("select medium from project_exposure").query(Integer.class).single())
                        .as("the dashboard counts the open ones once: log4j and the CycloneDX one").isEqualTo(2);
                assertThat(jdbc.sql("select count(*) from pg_proc where proname = 'v22_hash'").query(Integer.class).single()).isZero();
            } finally {
                dataSource.destroy();
            }
        }
    }

    private static void insertFinding(JdbcClient jdbc, String format, String fingerprint, String id, String packageName,
            String version, String path, String purl, String target, String status, String seen) {
        jdbc.sql("""
                insert into finding (image_id, project_id, kind, fingerprint, vulnerability_id, rule_id, package_name,
                                     installed_version, package_path, purl, target, severity, status, first_seen, last_seen,
                                     first_scan_id, last_scan_id)
                select s.image_id, s.project_id, 'vulnerability', :fp, :id, :id, :pkg, :version, :path, :purl, :target, 'MEDIUM',
                       :status, cast(:seen as timestamptz), cast(:seen as timestamptz), s.id, s.id
                from scan s where s.report_format = :format
                """)
                .param("fp", fingerprint).param("id", id).param("pkg", packageName).param("version", version)
                .param("path", path).param("purl", purl).param("target", target).param("status", status)
                .param("seen", seen).param("format", format)
                .update();
    }

    private static long findingId(JdbcClient jdbc, String format) {
        return jdbc.sql("select f.id from finding f join scan s on s.id = f.first_scan_id where s.report_format = :format")
                .param("format", format).query(Long.class).single();
    }

    private static void migrate(SingleConnectionDataSource dataSource, String version) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(version).load().migrate();
    }
}
