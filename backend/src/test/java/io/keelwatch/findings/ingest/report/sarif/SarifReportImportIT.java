package io.keelwatch.findings.ingest.report.sarif;

import static io.keelwatch.findings.ScanUploads.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.Sha256;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SARIF 2.1.0 logs from Trivy and Grype through the API: results become vulnerability findings
 * with the package the scanner named, severity follows the rules' security-severity, the image is
 * the one Trivy's run properties or Grype's locations name, and a broken log writes nothing.
 */
class SarifReportImportIT extends ReportImportTestBase {

    private static final byte[] TRIVY_ALPINE_310 = Fixtures.bytes("sarif/trivy-alpine-310.sarif.golden");
    private static final byte[] GRYPE_IMAGE = Fixtures.bytes("sarif/grype-TestSarifPresenter_image.golden");

    /** A Trivy config-scan result as {@code trivy config -f sarif} writes it: no package, so a misconfiguration. */
    private static final String TRIVY_MISCONFIGURATION = """
            {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
             "runs": [{"tool": {"driver": {"name": "Trivy", "version": "0.50.0", "informationUri": "https://github.com/aquasecurity/trivy",
               "rules": [{"id": "DS002", "name": "Misconfiguration",
                 "shortDescription": {"text": "Image user should not be 'root'"},
                 "fullDescription": {"text": "Running containers with 'root' user can lead to a container escape situation."},
                 "defaultConfiguration": {"level": "error"}, "helpUri": "https://avd.aquasec.com/misconfig/ds002",
                 "properties": {"precision": "very-high", "security-severity": "8.0", "tags": ["misconfiguration", "security", "HIGH"]}}]}},
              "results": [{"ruleId": "DS002", "ruleIndex": 0, "level": "error",
                "message": {"text": "Artifact: Dockerfile\\nType: dockerfile\\nVulnerability DS002\\nSeverity: HIGH\\nMessage: Specify at least 1 USER command in Dockerfile with non-root user as argument\\nLink: [DS002](https://avd.aquasec.com/misconfig/ds002)"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "Dockerfile", "uriBaseId": "ROOTPATH"},
                  "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}}}]}],
              "columnKind": "utf16CodeUnits"}]}
            """;

    @Test
    void trivySarifFindsEachPackageVulnerabilityOnTheImageItsJsonReportNames() throws Exception {
        String body = uploads.upload(TestWorld.ALICE, project.slug(), TRIVY_ALPINE_310)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("sarif"))
                .andExpect(jsonPath("$.image.repository").value("ghcr.io/aquasecurity/trivy-test-images"))
                .andExpect(jsonPath("$.image.digest").value("sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4"))
                .andExpect(jsonPath("$.findings.total").value(4))
                .andReturn().getResponse().getContentAsString();

        List<JsonNode> findings = uploads.findings(TestWorld.ALICE, project.slug());
        assertThat(ScanUploads.lines(findings, f -> field(f, "ruleId") + " " + field(f, "packageName") + "@"
                + field(f, "installedVersion") + " " + field(f, "severity") + " fix " + field(f, "fixedVersion")))
                .containsExactly(
                        "CVE-2019-1549 libcrypto1.1@1.1.1c-r0 MEDIUM fix 1.1.1d-r0",
                        "CVE-2019-1549 libssl1.1@1.1.1c-r0 MEDIUM fix 1.1.1d-r0",
                        "CVE-2019-1551 libcrypto1.1@1.1.1c-r0 MEDIUM fix 1.1.1d-r2",
                        "CVE-2019-1551 libssl1.1@1.1.1c-r0 MEDIUM fix 1.1.1d-r2");
        JsonNode detail = uploads.detail(TestWorld.ALICE, findings.get(0).get("id").asLong());
        assertThat(field(detail, "kind")).isEqualTo("vulnerability");
        assertThat(field(detail, "target")).isEqualTo("testdata/fixtures/images/alpine-310.tar.gz");
        JsonNode fork = findings.stream().filter(f -> field(f, "ruleId").equals("CVE-2019-1549")).findFirst().orElseThrow();
        JsonNode forkDetail = uploads.detail(TestWorld.ALICE, fork.get("id").asLong());
        assertThat(field(forkDetail, "title")).isEqualTo("openssl: information disclosure in fork()");
        assertThat(forkDetail.get("cvssScore").decimalValue()).isEqualByComparingTo("5.3");

        JsonNode scan = uploads.scan(TestWorld.ALICE, uploads.read(body).get("scanId").asLong());
        assertThat(field(scan, "scanner")).isEqualTo("trivy");
        assertThat(field(scan, "scannerVersion")).isEqualTo("dev");

        ProjectRef jsonProject = world.alphaProject();
        uploads.upload(TestWorld.ALICE, jsonProject.slug(), Fixtures.bytes("trivy/alpine-310.json.golden"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.image.repository").value("ghcr.io/aquasecurity/trivy-test-images"))
                .andExpect(jsonPath("$.image.digest").value("sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4"));
    }

    @Test
    void grypeSarifNamesItsImageOnlyInLocationsAndRatesBySecuritySeverity() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), GRYPE_IMAGE)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("sarif"))
                .andExpect(jsonPath("$.image.repository").value("user-input"))
                .andExpect(jsonPath("$.image.digest").value(Sha256.derivedDigest("container_image", "user-input")))
                .andExpect(jsonPath("$.findings.total").value(2));

        List<JsonNode> findings = uploads.findings(TestWorld.ALICE, project.slug());
        // Grype itself rates these low and critical (levels note and error); their CVSS scores,
        // which SARIF consumers such as GitHub rank by, are 8.2 and 8.5.
        assertThat(ScanUploads.lines(findings, f -> field(f, "ruleId") + " " + field(f, "packageName") + "@"
                + field(f, "installedVersion") + " " + field(f, "severity") + " fix " + field(f, "fixedVersion")))
                .containsExactly(
                        "CVE-1999-0001 package-1@1.1.1 HIGH fix 1.2.1, 2.1.3, 3.4.0",
                        "CVE-1999-0002 package-2@2.2.2 HIGH fix -");
        JsonNode second = findings.stream().filter(f -> field(f, "ruleId").equals("CVE-1999-0002")).findFirst().orElseThrow();
        assertThat(field(uploads.detail(TestWorld.ALICE, second.get("id").asLong()), "purl")).isEqualTo("pkg:deb/package-2@2.2.2");
    }

    @Test
    void resultWithoutPackageIsAMisconfigurationOfItsFileAndLine() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), TRIVY_MISCONFIGURATION.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.image.repository").value("trivy"))
                .andExpect(jsonPath("$.findings.total").value(1));

        JsonNode finding = uploads.findings(TestWorld.ALICE, project.slug()).get(0);
        JsonNode detail = uploads.detail(TestWorld.ALICE, finding.get("id").asLong());
        assertThat(field(detail, "kind")).isEqualTo("misconfiguration");
        assertThat(field(detail, "ruleId")).isEqualTo("DS002");
        assertThat(field(detail, "severity")).isEqualTo("HIGH");
        assertThat(field(detail, "target")).isEqualTo("Dockerfile");
        assertThat(field(detail, "location")).isEqualTo("line 1");
        assertThat(field(detail, "evidence")).isEqualTo("Specify at least 1 USER command in Dockerfile with non-root user as argument");
        assertThat(field(detail, "title")).isEqualTo("Image user should not be 'root'");
    }

    @Test
    void sameLogAgainIsADuplicateThatChangesNothing() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), TRIVY_ALPINE_310).andExpect(status().isCreated());

        uploads.upload(TestWorld.ALICE, project.slug(), TRIVY_ALPINE_310)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicate").value(true))
                .andExpect(jsonPath("$.format").value("sarif"))
                .andExpect(jsonPath("$.findings.unchanged").value(4))
                .andExpect(jsonPath("$.findings.newFindings").value(0));
        assertThat(jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id())
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void truncatedOrForeignVersionLogIsABadRequestThatWritesNothing() throws Exception {
        long before = ScanUploads.importedRows(jdbc, project);

        uploads.upload(TestWorld.ALICE, project.slug(), ScanUploads.truncated(TRIVY_ALPINE_310))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"))
                .andExpect(jsonPath("$.detail").value(containsString("SARIF")));
        uploads.upload(TestWorld.ALICE, project.slug(), TRIVY_MISCONFIGURATION.replace("\"2.1.0\"", "\"2.0.0\"")
                        .getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("SARIF version 2.0.0")));
        uploads.upload(TestWorld.ALICE, project.slug(), "{\"version\": \"2.1.0\", \"runs\": [{\"results\": [{\"level\": \"error\"}]}]}"
                        .getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("names no rule")));

        assertThat(ScanUploads.importedRows(jdbc, project)).isEqualTo(before);
    }
}
