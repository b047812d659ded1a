package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ProjectExposure;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.SignedInMockMvc;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A finding is one problem in one image whatever the report format: Trivy's JSON and Trivy's SARIF of
 * the same run on alpine-310 (4 vulnerabilities of OS packages, which the JSON places by purl and the
 * SARIF by the image's name) are one set of 4 findings, listed and counted once, each reported by both.
 * Each source speaks only for what it reports: the SARIF dropping a finding the JSON still shows leaves
 * it open; once the JSON drops it too, no source reports it and it is fixed.
 */
@KeelwatchIntegrationTest
class SameImageInTwoFormatsIsOneSetOfFindingsIT {

    private static final String JSON = "trivy/alpine-310.json.golden";
    private static final String SARIF = "sarif/trivy-alpine-310.sarif.golden";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    FindingService findings;

    private final JsonMapper json = JsonMapper.builder().build();
    private ScanUploads uploads;
    private ProjectRef project;

    @BeforeEach
    void setUp() {
        uploads = new ScanUploads(mvc);
        project = world.alphaProject();
    }

    @Test
    void theSarifOfAnImportedImageConfirmsItsFindingsAndEachSourceClosesOnlyWhatItReported() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes(JSON))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.newFindings").value(4));
        List<String> single = uploads.findingLines(TestWorld.ALICE, project.slug());
        assertThat(single).hasSize(4);
        assertThat(dashboardTotal()).isEqualTo(4);

        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes(SARIF))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("sarif"))
                .andExpect(jsonPath("$.findings.newFindings").value(0))
                .andExpect(jsonPath("$.findings.unchanged").value(4))
                .andExpect(jsonPath("$.findings.fixed").value(0));
        assertThat(uploads.findingLines(TestWorld.ALICE, project.slug())).as("the list after both").isEqualTo(single);
        assertThat(dashboardTotal()).isEqualTo(4);
        long libcrypto = findingId("CVE-2019-1549", "libcrypto1.1");
        assertThat(reportedBy(libcrypto)).containsExactly("trivy (json)", "trivy (sarif)");
        String page = mvc.perform(get("/findings/{id}", libcrypto).cookie(SignedInMockMvc.signIn(mvc, TestWorld.ALICE)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("trivy (json), trivy (sarif)");

        // the SARIF no longer shows libcrypto1.1's CVE-2019-1549 (its first result); the JSON still does
        uploads.upload(TestWorld.ALICE, project.slug(), sarifWithoutFirstResult())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.fixed").value(0));
        assertThat(statusOf(libcrypto)).isEqualTo("open");
        assertThat(reportedBy(libcrypto)).containsExactly("trivy (json)");
        assertThat(dashboardTotal()).isEqualTo(4);

        // now the JSON drops it too (its first vulnerability): no source reports it, it is fixed
        uploads.upload(TestWorld.ALICE, project.slug(), uploads.without(Fixtures.bytes(JSON), "2021-09-01T00:00:00Z", 0))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.fixed").value(1))
                .andExpect(jsonPath("$.findings.unchanged").value(3));
        assertThat(statusOf(libcrypto)).isEqualTo("fixed");
        assertThat(reportedBy(libcrypto)).isEmpty();
        assertThat(dashboardTotal()).isEqualTo(3);
        assertThat(reportedBy(findingId("CVE-2019-1551", "libcrypto1.1"))).as("the others, still in both")
                .containsExactly("trivy (json)", "trivy (sarif)");

        // the SARIF showing it again reopens it, reported by the SARIF alone
        uploads.upload(TestWorld.ALICE, project.slug(), reserialised(Fixtures.bytes(SARIF)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.reopened").value(1));
        assertThat(statusOf(libcrypto)).isEqualTo("open");
        assertThat(reportedBy(libcrypto)).containsExactly("trivy (sarif)");
    }

    private long dashboardTotal() {
        return findings.exposureByProject(new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of())).stream()
                .filter(p -> p.project().equals(project.slug()))
                .mapToLong(ProjectExposure::total)
                .sum();
    }

    private long findingId(String vulnerability, String packageName) throws Exception {
        return uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> vulnerability.equals(ScanUploads.field(f, "ruleId")) && packageName.equals(ScanUploads.field(f, "packageName")))
                .mapToLong(f -> f.get("id").asLong())
                .findFirst().orElseThrow();
    }

    private JsonNode detail(long id) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/findings/{id}", id).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private List<String> reportedBy(long id) throws Exception {
        List<String> sources = new ArrayList<>();
        detail(id).get("reportedBy").forEach(source -> sources.add(source.asString()));
        return sources;
    }

    private String statusOf(long id) throws Exception {
        return detail(id).get("status").asString();
    }

    private byte[] sarifWithoutFirstResult() {
        ObjectNode root = (ObjectNode) json.readTree(Fixtures.bytes(SARIF));
        ((ArrayNode) root.get("runs").get(0).get("results")).remove(0);
        return json.writeValueAsBytes(root);
    }

    /** The whole SARIF again in other bytes (compact JSON), so it is no re-sent duplicate. */
    private byte[] reserialised(byte[] sarif) {
        return json.writeValueAsBytes(json.readTree(sarif));
    }
}
