package io.keelwatch.findings.ingest.report.cyclonedx;

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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * CycloneDX documents with vulnerabilities through the API: one finding per vulnerability and
 * affected component, severities as the scanner rated them, VEX analysis kept with the finding,
 * a BOM without vulnerabilities imports empty, and a broken document writes nothing.
 */
class CycloneDxReportImportIT extends ReportImportTestBase {

    private static final byte[] TRIVY_NPM = Fixtures.bytes("cyclonedx-vex/trivy-npm-cyclonedx.json.golden");
    private static final byte[] TRIVY_POM = Fixtures.bytes("cyclonedx-vex/trivy-pom-cyclonedx.json.golden");

    @Test
    void trivyBomFindsEachAffectedComponentUnderItsScannedDirectory() throws Exception {
        String body = uploads.upload(TestWorld.ALICE, project.slug(), TRIVY_POM)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("cyclonedx"))
                .andExpect(jsonPath("$.image.repository").value("testdata/fixtures/repo/pom"))
                .andExpect(jsonPath("$.image.digest").value(Sha256.derivedDigest("filesystem", "testdata/fixtures/repo/pom")))
                .andExpect(jsonPath("$.findings.total").value(2))
                .andReturn().getResponse().getContentAsString();

        // The same severities and package names as Trivy's JSON report of the same project (pom.json.golden).
        assertThat(uploads.findingLines(TestWorld.ALICE, project.slug())).containsExactly(
                "CVE-2020-9548 com.fasterxml.jackson.core:jackson-databind@2.9.1 CRITICAL",
                "CVE-2021-20190 com.fasterxml.jackson.core:jackson-databind@2.9.1 HIGH");
        JsonNode critical = uploads.findings(TestWorld.ALICE, project.slug()).get(0);
        JsonNode detail = uploads.detail(TestWorld.ALICE, critical.get("id").asLong());
        assertThat(field(detail, "purl")).isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1");
        assertThat(field(detail, "primaryUrl")).isEqualTo("https://avd.aquasec.com/nvd/cve-2020-9548");
        assertThat(detail.get("cvssScore").decimalValue()).isEqualByComparingTo("9.8");
        assertThat(field(detail, "description")).startsWith("FasterXML jackson-databind 2.x before 2.9.10.4");

        JsonNode scan = uploads.scan(TestWorld.ALICE, uploads.read(body).get("scanId").asLong());
        assertThat(field(scan, "scanner")).isEqualTo("trivy");
        assertThat(field(scan, "scannerVersion")).isEqualTo("dev");
        assertThat(field(scan, "format")).isEqualTo("cyclonedx");
    }

    @Test
    void vexAnalysisStatesAreImportedWithTheAnalysisKeptAsEvidence() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("cyclonedx-vex/CycloneDX-bom-examples__VEX__vex.json"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.image.repository").value("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1"))
                .andExpect(jsonPath("$.findings.total").value(1));
        assertThat(uploads.findingLines(TestWorld.ALICE, project.slug()))
                .containsExactly("CVE-2020-25649 com.fasterxml.jackson.core:jackson-databind@2.10.0 HIGH");
        JsonNode finding = uploads.findings(TestWorld.ALICE, project.slug()).get(0);
        assertThat(field(uploads.detail(TestWorld.ALICE, finding.get("id").asLong()), "evidence")).isEqualTo(
                "CycloneDX analysis: state not_affected; justification code_not_reachable; response will_not_fix; detail: "
                        + "Automated dataflow analysis and manual code review indicates that the vulnerable code is not "
                        + "reachable, either directly or indirectly.");

        ProjectRef trivyVex = world.alphaProject();
        uploads.upload(TestWorld.ALICE, trivyVex.slug(), Fixtures.bytes("cyclonedx-vex/trivy-pkg-vex-testdata__cyclonedx.json"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.total").value(2));
        List<JsonNode> findings = uploads.findings(TestWorld.ALICE, trivyVex.slug());
        assertThat(ScanUploads.lines(findings, f -> field(f, "ruleId") + " " + field(f, "packageName") + "@"
                + field(f, "installedVersion") + " " + field(f, "severity"))).containsExactly(
                "CVE-2021-44228 org.springframework.boot:spring-boot@2.6.0 UNKNOWN",
                "CVE-2022-27943 libstdc++6@12.3.0-1ubuntu1~22.04 UNKNOWN");
        for (JsonNode each : findings) {
            assertThat(field(uploads.detail(TestWorld.ALICE, each.get("id").asLong()), "evidence"))
                    .startsWith("CycloneDX analysis: state not_affected");
        }
    }

    @Test
    void bomWithoutVulnerabilitiesImportsWithNoFindings() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/minikube-kbom.json"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("cyclonedx"))
                .andExpect(jsonPath("$.image.repository").value("k8s.io/kubernetes"))
                .andExpect(jsonPath("$.findings.total").value(0));

        ProjectRef other = world.alphaProject();
        ObjectNode withoutSection = (ObjectNode) JsonMapper.builder().build().readTree(TRIVY_NPM);
        withoutSection.remove("vulnerabilities");
        uploads.upload(TestWorld.ALICE, other.slug(), JsonMapper.builder().build().writeValueAsBytes(withoutSection))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.total").value(0));
        assertThat(uploads.findings(TestWorld.ALICE, other.slug())).isEmpty();
    }

    @Test
    void bomAfterTrivyJsonKeepsTheTitleOnlyTheJsonReportGives() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/npm.json.golden")).andExpect(status().isCreated());
        ProjectRef bomProject = world.alphaProject();
        uploads.upload(TestWorld.ALICE, bomProject.slug(), TRIVY_NPM)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.total").value(1));

        assertThat(uploads.findingLines(TestWorld.ALICE, bomProject.slug())).containsExactly("CVE-2019-11358 jquery@3.3.9 MEDIUM");
        JsonNode finding = uploads.findings(TestWorld.ALICE, bomProject.slug()).get(0);
        JsonNode detail = uploads.detail(TestWorld.ALICE, finding.get("id").asLong());
        assertThat(field(detail, "title"))
                .isEqualTo("jquery: Prototype pollution in object's prototype leading to denial of service, remote code execution, or property injection");
        assertThat(field(detail, "description")).startsWith("jQuery before 3.4.0");
    }

    /** Found by the mutation IT (seed 7): a group without a purl to tell the ecosystem was a NullPointerException, a 500. */
    @Test
    void componentWithAGroupButNoReadablePurlIsImportedUnderItsName() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode bom = (ObjectNode) json.readTree(TRIVY_POM);
        for (JsonNode component : bom.get("components")) {
            if ("jackson-databind".equals(field(component, "name"))) {
                ((ObjectNode) component).put("purl", 12345);
            }
        }

        uploads.upload(TestWorld.ALICE, project.slug(), json.writeValueAsBytes(bom)).andExpect(status().isCreated());

        assertThat(uploads.findings(TestWorld.ALICE, project.slug())).extracting(f -> field(f, "packageName"))
                .contains("jackson-databind");
    }

    @Test
    void sameDocumentAgainIsADuplicateThatChangesNothing() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), TRIVY_POM).andExpect(status().isCreated());

        uploads.upload(TestWorld.ALICE, project.slug(), TRIVY_POM)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicate").value(true))
                .andExpect(jsonPath("$.format").value("cyclonedx"))
                .andExpect(jsonPath("$.findings.unchanged").value(2))
                .andExpect(jsonPath("$.findings.newFindings").value(0));
        assertThat(jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id())
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void truncatedOrIncompleteDocumentIsABadRequestThatWritesNothing() throws Exception {
        long before = ScanUploads.importedRows(jdbc, project);

        uploads.upload(TestWorld.ALICE, project.slug(), ScanUploads.truncated(TRIVY_NPM))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"))
                .andExpect(jsonPath("$.detail").value(containsString("CycloneDX")));
        uploads.upload(TestWorld.ALICE, project.slug(), """
                        {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                         "vulnerabilities": [{"ratings": [{"severity": "high"}], "affects": [{"ref": "pkg:npm/x@1"}]}]}
                        """.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("has no id")));

        assertThat(ScanUploads.importedRows(jdbc, project)).isEqualTo(before);
    }
}
