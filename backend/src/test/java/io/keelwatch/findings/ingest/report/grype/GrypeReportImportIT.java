package io.keelwatch.findings.ingest.report.grype;

import static io.keelwatch.findings.ScanUploads.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Real {@code grype -o json} reports through the API: every match becomes a finding with Grype's
 * severity, the image is filed under its registry digest, and a broken report writes nothing.
 */
class GrypeReportImportIT extends ReportImportTestBase {

    private static final byte[] CHAINGUARD_RUBY = Fixtures.bytes("grype/grype-explain-chainguard-ruby-test.json");
    private static final byte[] KEYCLOAK = Fixtures.bytes("grype/grype-explain-keycloak-test.json");

    @Test
    void imageReportIsFiledUnderItsRepoDigestWithEveryMatchAsAFinding() throws Exception {
        String body = uploads.upload(TestWorld.ALICE, project.slug(), CHAINGUARD_RUBY)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("grype"))
                .andExpect(jsonPath("$.image.repository").value("cgr.dev/chainguard/ruby"))
                .andExpect(jsonPath("$.image.digest").value("sha256:3c9afb4f188827ea1062ec3b8acea32893236a0d7df31e0498df93486cff0978"))
                .andExpect(jsonPath("$.findings.total").value(3))
                .andExpect(jsonPath("$.findings.newFindings").value(3))
                .andReturn().getResponse().getContentAsString();

        assertThat(uploads.findingLines(TestWorld.ALICE, project.slug())).containsExactly(
                "CVE-2023-28755 ruby-3.0@3.0.4-r1 HIGH",
                "CVE-2023-28755 uri@0.10.1 HIGH",
                "GHSA-hv5j-3h9f-99c2 uri@0.10.1 HIGH");
        List<JsonNode> findings = uploads.findings(TestWorld.ALICE, project.slug());
        assertThat(ScanUploads.lines(findings, f -> field(f, "ruleId") + " " + field(f, "packageName") + " fix " + field(f, "fixedVersion")))
                .containsExactly("CVE-2023-28755 ruby-3.0 fix 3.0.6-r0", "CVE-2023-28755 uri fix -", "GHSA-hv5j-3h9f-99c2 uri fix 0.10.2");

        JsonNode scan = uploads.scan(TestWorld.ALICE, uploads.read(body).get("scanId").asLong());
        assertThat(field(scan, "scanner")).isEqualTo("grype");
        assertThat(field(scan, "scannerVersion")).isEqualTo("0.61.1");
        assertThat(OffsetDateTime.parse(field(scan, "reportCreatedAt")).toInstant())
                .isEqualTo(Instant.parse("2023-05-18T01:00:56.783213Z"));
    }

    @Test
    void aDistroMatchWithoutDescriptionIsDescribedByItsRelatedNvdRecord() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), CHAINGUARD_RUBY).andExpect(status().isCreated());
        JsonNode rubyFinding = uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> field(f, "packageName").equals("ruby-3.0")).findFirst().orElseThrow();

        JsonNode detail = uploads.detail(TestWorld.ALICE, rubyFinding.get("id").asLong());
        assertThat(field(detail, "description")).startsWith("A ReDoS issue was discovered in the URI component");
        assertThat(detail.get("cvssScore").decimalValue()).isEqualByComparingTo("7.5");
        assertThat(field(detail, "packagePath")).isEqualTo("/lib/apk/db/installed");
        assertThat(field(detail, "purl")).isEqualTo("pkg:apk/wolfi/ruby-3.0@3.0.4-r1?arch=aarch64&distro=wolfi-20221118");
    }

    @Test
    void negligibleToCriticalSeveritiesAndUnfixedMatchesArriveAsGrypeStatesThem() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), KEYCLOAK)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.image.repository").value("keycloak/keycloak"))
                .andExpect(jsonPath("$.image.digest").value("sha256:347a0d748d05a050dc64b92de2246d2240db6eb38afbc17c3c08d0acb0db1b50"))
                .andExpect(jsonPath("$.findings.total").value(6));
        List<JsonNode> findings = uploads.findings(TestWorld.ALICE, project.slug());
        assertThat(ScanUploads.lines(findings, f -> field(f, "ruleId") + " " + field(f, "packageName") + " "
                + field(f, "severity") + " fix " + field(f, "fixedVersion"))).containsExactly(
                "CVE-2020-12413 nspr LOW fix -",
                "CVE-2020-12413 nss LOW fix -",
                "CVE-2020-12413 nss-softokn LOW fix -",
                "CVE-2020-12413 nss-softokn-freebl LOW fix -",
                "CVE-2020-12413 nss-sysinit LOW fix -",
                "CVE-2020-12413 nss-util LOW fix -");

        ProjectRef other = world.alphaProject();
        uploads.upload(TestWorld.ALICE, other.slug(), Fixtures.bytes("grype/grype-explain-ghsa-test.json"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.image.repository").value("anchore/test_images"))
                .andExpect(jsonPath("$.image.digest").value("sha256:10008791acbc5866de04108746a02a0c4029ce3a4400a9b3dad45d7f2245f9da"));
        assertThat(uploads.findingLines(TestWorld.ALICE, other.slug())).containsExactly(
                "CVE-2014-3577 httpclient@4.1.1 MEDIUM",
                "GHSA-cfh5-3ghh-wfjx httpclient@4.1.1 MEDIUM");
    }

    @Test
    void imageWithoutRepoDigestIsFiledUnderItsImageIdAndLowAndCriticalStayApart() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("grype/TestJsonImgsPresenter.golden"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.image.repository").value("user-input"))
                .andExpect(jsonPath("$.image.digest").value("sha256:ab5608d634db2716a297adbfa6a5dd5d8f8f5a7d0cab73649ea7fbb8c8da544f"))
                .andExpect(jsonPath("$.findings.total").value(2));
        List<JsonNode> findings = uploads.findings(TestWorld.ALICE, project.slug());
        assertThat(ScanUploads.lines(findings, f -> field(f, "ruleId") + " " + field(f, "packageName") + " "
                + field(f, "severity") + " fix " + field(f, "fixedVersion"))).containsExactly(
                "CVE-1999-0001 package-1 LOW fix 1.2.1, 2.1.3, 3.4.0",
                "CVE-1999-0002 package-2 CRITICAL fix -");
    }

    @Test
    void sameReportAgainIsADuplicateThatChangesNothing() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), KEYCLOAK).andExpect(status().isCreated());

        uploads.upload(TestWorld.ALICE, project.slug(), KEYCLOAK)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicate").value(true))
                .andExpect(jsonPath("$.format").value("grype"))
                .andExpect(jsonPath("$.findings.unchanged").value(6))
                .andExpect(jsonPath("$.findings.newFindings").value(0))
                .andExpect(jsonPath("$.findings.fixed").value(0));
        assertThat(jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id())
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void truncatedOrIncompleteReportIsABadRequestThatWritesNothing() throws Exception {
        long before = ScanUploads.importedRows(jdbc, project);

        uploads.upload(TestWorld.ALICE, project.slug(), ScanUploads.truncated(CHAINGUARD_RUBY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Grype")));
        uploads.upload(TestWorld.ALICE, project.slug(), """
                        {"matches": [{"vulnerability": {"severity": "High"}, "artifact": {"name": "x"}}],
                         "source": {"type": "image", "target": {"userInput": "x:1"}}}
                        """.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("no vulnerability id")));
        uploads.upload(TestWorld.ALICE, project.slug(), "{\"matches\": []}".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("no source")));

        assertThat(ScanUploads.importedRows(jdbc, project)).isEqualTo(before);
    }
}
