package io.keelwatch.findings.ingest.report.trivy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ProjectExposure;
import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.Sha256;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real Trivy report through the API, again, changed and restored: new, unchanged, fixed and
 * reopened are counted as a person reading the two reports would count them.
 */
class TrivyReportLifecycleIT extends ReportImportTestBase {

    private static final byte[] ALPINE_39 = Fixtures.bytes("trivy/alpine-39.json.golden");

    @Autowired
    FindingService findings;

    @Test
    void firstImportCreatesEveryFindingOfTheReport() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39)
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.format").value("trivy"))
                .andExpect(jsonPath("$.image.repository").value("ghcr.io/aquasecurity/trivy-test-images"))
                .andExpect(jsonPath("$.image.digest").value("sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1"))
                .andExpect(jsonPath("$.findings.total").value(6))
                .andExpect(jsonPath("$.findings.newFindings").value(6))
                .andExpect(jsonPath("$.findings.fixed").value(0));

        mvc.perform(get("/api/v1/findings").param("project", project.slug()).param("severity", "critical")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(2))
                .andExpect(jsonPath("$.items[0].severity").value("CRITICAL"))
                .andExpect(jsonPath("$.items[0].slaDue").isNotEmpty());

        byte[] stored = jdbc.sql("select report_gzip from scan where project_id = :p").param("p", project.id())
                .query(byte[].class).single();
        try (var in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            assertThat(in.readAllBytes()).as("the original report, kept compressed").isEqualTo(ALPINE_39);
        }
        assertThat(stored.length).isLessThan(ALPINE_39.length / 3);
        assertThat(jdbc.sql("select report_sha256 || ' ' || report_size from scan where project_id = :p").param("p", project.id())
                .query(String.class).single()).as("the report's own hash and size")
                .isEqualTo("sha256:" + Sha256.hex(ALPINE_39) + " " + ALPINE_39.length);
    }

    @Test
    void identicalReimportChangesNothingButLastSeen() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39).andExpect(status().isCreated());
        String before = findingsState();
        List<OffsetDateTime> seenBefore = lastSeenInTheList();

        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicate").value(true))
                .andExpect(jsonPath("$.findings.unchanged").value(6))
                .andExpect(jsonPath("$.findings.newFindings").value(0))
                .andExpect(jsonPath("$.findings.fixed").value(0));

        assertThat(findingsState()).isEqualTo(before);
        assertThat(scanCount()).isEqualTo(1);
        List<OffsetDateTime> seenAfter = lastSeenInTheList();
        assertThat(seenAfter).hasSize(6);
        for (int i = 0; i < seenAfter.size(); i++) {
            assertThat(seenAfter.get(i)).as("last seen of finding %d", i).isAfter(seenBefore.get(i));
        }
    }

    @Test
    void newerReportWithoutSomeFindingsMarksThemFixedAndTheirReturnReopensThem() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39).andExpect(status().isCreated());

        byte[] patched = uploads.variant(ALPINE_39, "2030-01-01T00:00:00Z", 2);
        uploads.upload(TestWorld.ALICE, project.slug(), patched)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.total").value(4))
                .andExpect(jsonPath("$.findings.unchanged").value(4))
                .andExpect(jsonPath("$.findings.fixed").value(2))
                .andExpect(jsonPath("$.findings.newFindings").value(0));
        assertThat(countWithStatus("fixed")).isEqualTo(2);
        assertThat(dashboardTotal()).as("open findings on the dashboard").isEqualTo(4);

        byte[] regressed = uploads.variant(ALPINE_39, "2030-02-01T00:00:00Z", 0);
        uploads.upload(TestWorld.ALICE, project.slug(), regressed)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.reopened").value(2))
                .andExpect(jsonPath("$.findings.unchanged").value(4))
                .andExpect(jsonPath("$.findings.fixed").value(0));
        assertThat(countWithStatus("fixed")).isZero();
        assertThat(dashboardTotal()).isEqualTo(6);
        assertThat(jdbc.sql("select sum(reopened_count) from finding where project_id = :p")
                .param("p", project.id()).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void reportOlderThanTheNewestScanClosesNothing() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), uploads.variant(ALPINE_39, "2030-01-01T00:00:00Z", 0))
                .andExpect(status().isCreated());

        uploads.upload(TestWorld.ALICE, project.slug(), uploads.variant(ALPINE_39, "2020-01-01T00:00:00Z", 3))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.fixed").value(0));

        assertThat(countWithStatus("fixed")).isZero();
    }

    /** Only an older report is historical: one made at the very time of the newest closes what it no longer shows. */
    @Test
    void reportMadeAtTheTimeOfTheNewestScanIsNotHistoricalAndClosesWhatItLacks() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), uploads.variant(ALPINE_39, "2030-01-01T00:00:00Z", 0))
                .andExpect(status().isCreated());

        uploads.upload(TestWorld.ALICE, project.slug(), uploads.variant(ALPINE_39, "2030-01-01T00:00:00Z", 2))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.duplicate").value(false))
                .andExpect(jsonPath("$.findings.unchanged").value(4))
                .andExpect(jsonPath("$.findings.fixed").value(2));

        assertThat(countWithStatus("fixed")).isEqualTo(2);
    }

    /**
     * A lockfile can hold one package in two versions. Where a report names neither a path nor a
     * purl for them (Trivy's lockfile results before it wrote PkgIdentifier), only the installed
     * version tells the two findings apart.
     */
    @Test
    void onePackageInTwoVersionsIsTwoFindings() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode report = (ObjectNode) json.readTree(Fixtures.bytes("trivy/npm.json.golden"));
        ArrayNode vulnerabilities = (ArrayNode) report.get("Results").get(0).get("Vulnerabilities");
        ObjectNode installed = (ObjectNode) vulnerabilities.get(0);
        installed.remove("PkgIdentifier");
        ObjectNode nested = installed.deepCopy();
        nested.put("PkgID", "jquery@3.3.1");
        nested.put("InstalledVersion", "3.3.1");
        vulnerabilities.add(nested);

        uploads.upload(TestWorld.ALICE, project.slug(), json.writeValueAsBytes(report))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.newFindings").value(2));

        assertThat(uploads.findingLines(TestWorld.ALICE, project.slug()))
                .containsExactly("CVE-2019-11358 jquery@3.3.1 MEDIUM", "CVE-2019-11358 jquery@3.3.9 MEDIUM");
    }

    @Test
    void multipartUploadWithMisconfigurationsAndSecretsKeepsSecretsRedacted() throws Exception {
        ProjectRef repoProject = world.alphaProject();
        MockMultipartFile file = new MockMultipartFile("file", "secrets.json", "application/json",
                Fixtures.bytes("trivy/secrets.json.golden"));
        mvc.perform(multipart("/api/v1/scans").file(file).param("project", repoProject.slug())
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.total").value(2));
        uploads.upload(TestWorld.ALICE, repoProject.slug(), Fixtures.bytes("trivy/dockerfile.json.golden"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.total").value(1));

        String secrets = mvc.perform(get("/api/v1/findings").param("project", repoProject.slug()).param("kind", "secret")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(2))
                .andReturn().getResponse().getContentAsString();
        JsonNode first = uploads.read(secrets).get("items").get(0);
        String detail = mvc.perform(get("/api/v1/findings/" + first.get("id").asLong())
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("********").doesNotContain("ghp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

        mvc.perform(get("/api/v1/findings").param("project", repoProject.slug()).param("kind", "misconfiguration")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].ruleId").value("DS-0002"))
                .andExpect(jsonPath("$.items[0].severity").value("HIGH"));
    }

    /** Last seen of every finding as the API lists them (sorted by it, so the join behind it is exercised too). */
    private List<OffsetDateTime> lastSeenInTheList() throws Exception {
        String body = mvc.perform(get("/api/v1/findings").param("project", project.slug()).param("sort", "lastSeen")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<OffsetDateTime> seen = new ArrayList<>();
        JsonMapper.builder().build().readTree(body).get("items")
                .forEach(item -> seen.add(OffsetDateTime.parse(item.get("lastSeen").asString())));
        return seen.stream().sorted().toList();
    }

    private String findingsState() {
        return String.join("\n", jdbc.sql("""
                select fingerprint || status || first_seen || coalesce(fixed_at::text, '') || last_scan_id
                from finding where project_id = :p order by fingerprint
                """).param("p", project.id()).query(String.class).list());
    }

    private long dashboardTotal() {
        return findings.exposureByProject(new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of())).stream()
                .filter(p -> p.project().equals(project.slug()))
                .mapToLong(ProjectExposure::total)
                .sum();
    }

    private int scanCount() {
        return jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id()).query(Integer.class).single();
    }

    private int countWithStatus(String status) {
        return jdbc.sql("select count(*) from finding where project_id = :p and status = :s")
                .param("p", project.id()).param("s", status).query(Integer.class).single();
    }
}
