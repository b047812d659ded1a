package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Every kind of bad report gets a problem response with a reason, and the database is as it was. */
class BadUploadsLeaveNothingBehindIT extends ReportImportTestBase {

    private long rowsBefore;

    @BeforeEach
    void countRows() {
        rowsBefore = rows();
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    @Test
    void malformedJsonIsRefusedWithWhereItBroke() throws Exception {
        byte[] report = Fixtures.bytes("trivy/alpine-39.json.golden");
        byte[] truncated = Arrays.copyOf(report, report.length / 2);
        uploads.upload(TestWorld.ALICE, project.slug(), truncated)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"))
                .andExpect(jsonPath("$.detail").isNotEmpty());
        uploads.upload(TestWorld.ALICE, project.slug(), "{\"SchemaVersion\": 2, \"Results\": [}".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"));
        uploads.upload(TestWorld.ALICE, project.slug(), "not json at all".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"));
    }

    @Test
    void jsonOfAnotherKindIsAnUnsupportedFormat() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unsupported-report-format"));
        uploads.upload(TestWorld.ALICE, project.slug(), "[1, 2, 3]".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnsupportedMediaType());
    }

    @Test
    void openVexIsNotAScanReport() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("cyclonedx-vex/trivy-openvex.json"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unsupported-report-format"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("openvex")))
                // pointed to where OpenVEX is imported, as exceptions
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("POST /api/v1/exceptions/openvex")));
    }

    @Test
    void clusterReportWithoutImageDigestsSaysHowToGetThem() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/trivy-k8s-cluster-docs-kubernetes.md.json"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:no-importable-image"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("ubuntu:latest in default/Deployment/app")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Trivy 0.50 and later")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("The 2 findings of workloads")));
    }

    @Test
    void truncatedClusterReportIsMalformed() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), ScanUploads.truncated(Fixtures.bytes("trivy/trivy-k8s-cluster-resources.json")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"));
    }

    @Test
    void declaredFormatMustMatchTheContent() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/scans")
                        .param("project", project.slug()).param("format", "grype")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(Fixtures.bytes("sarif/trivy-alpine-310.sarif.golden"))
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("its content is sarif")));
    }

    @Test
    void trivySchemaVersionOneIsRefusedWithTheReason() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(),
                        "{\"SchemaVersion\": 1, \"ArtifactName\": \"x\", \"Results\": []}".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("SchemaVersion")));
    }

    @Test
    void emptyBodyIsRefused() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), new byte[0])
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:empty-report"));
        uploads.upload(TestWorld.ALICE, project.slug(), "   \n".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:empty-report"));
    }

    @Test
    void reportNamingAnUnmappedRepositoryAsksForAProject() throws Exception {
        uploads.upload(TestWorld.ALICE, null, Fixtures.bytes("trivy/alpine-39.json.golden"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unknown-project"));
    }

    @Test
    void invalidFilterValuesAreAProblemNotAnEmptyList() throws Exception {
        mvc.perform(get("/api/v1/findings").param("severity", "catastrophic")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
    }

    private long rows() {
        return ScanUploads.importedRows(jdbc, project);
    }
}
