package io.keelwatch.findings.ingest.report.trivyk8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A trivy k8s cluster report (the Resources layout of Trivy 0.50+) through the API: one scan per
 * image it identifies, an image running in two workloads still one scan, each workload's manifest
 * misconfigurations on every image it runs, and what has nowhere to be filed said so in the answer.
 * Sent again it is a duplicate; another team sees none of it.
 */
class TrivyClusterReportImportsOneScanPerImageIT extends ReportImportTestBase {

    private static final byte[] CLUSTER = Fixtures.bytes("trivy/trivy-k8s-cluster-resources.json");
    /** alpine 3.10, pulled from a registry: identified by its repo digest; runs in default/ and staging/Deployment/app. */
    private static final String ALPINE_310 = "localhost:53869/alpine";
    private static final String ALPINE_310_DIGEST = "sha256:b1c5a500182b21d0bfa5a584a8526b56d8be316f89e87d951be04abed2446e60";
    /** alpine 3.9, known by its image ID (no repo digest); runs in default/Deployment/app and default/DaemonSet/agent. */
    private static final String TEST_IMAGES = "ghcr.io/aquasecurity/trivy-test-images";
    private static final String ALPINE_39_DIGEST = "sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1";

    @Autowired
    InventoryService inventory;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void everyIdentifiedImageIsOneScanCarryingTheMisconfigurationsOfTheWorkloadsThatRunIt() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), CLUSTER)
                .andExpect(status().isCreated())
                .andExpect(header().doesNotExist("Location"))
                .andExpect(jsonPath("$.format").value("trivy-k8s"))
                .andExpect(jsonPath("$.clusterName").value("kind-kind"))
                .andExpect(jsonPath("$.duplicate").value(false))
                .andExpect(jsonPath("$.images.length()").value(2))
                .andExpect(jsonPath("$.images[0].image.repository").value(TEST_IMAGES))
                .andExpect(jsonPath("$.images[0].image.digest").value(ALPINE_39_DIGEST))
                .andExpect(jsonPath("$.images[0].project").value(project.slug()))
                .andExpect(jsonPath("$.images[0].format").value("trivy-k8s"))
                .andExpect(jsonPath("$.images[0].findings.total").value(6 + 2))
                .andExpect(jsonPath("$.images[0].findings.newFindings").value(6 + 2))
                .andExpect(jsonPath("$.images[1].image.repository").value(ALPINE_310))
                .andExpect(jsonPath("$.images[1].image.digest").value(ALPINE_310_DIGEST))
                .andExpect(jsonPath("$.images[1].findings.total").value(4 + 2 + 1))
                .andExpect(jsonPath("$.skipped.length()").value(1))
                .andExpect(jsonPath("$.skipped[0].reason").value("scan-error"))
                .andExpect(jsonPath("$.skipped[0].workloads[0]").value("default/Deployment/broken"))
                .andExpect(jsonPath("$.skipped[0].detail").value(containsString("MANIFEST_UNKNOWN")))
                .andExpect(jsonPath("$.notImported.resources").value(1))
                .andExpect(jsonPath("$.notImported.vulnerabilities").value(3))
                .andExpect(jsonPath("$.notImported.misconfigurations").value(0));

        assertThat(jdbc.sql("select count(*) from scan where project_id = :p and report_format = 'trivy-k8s'")
                .param("p", project.id()).query(Integer.class).single()).isEqualTo(2);
        assertThat(uploads.findingLines(TestWorld.ALICE, project.slug())).as("an image in two workloads is counted once")
                .hasSize(8 + 7);
        assertThat(jdbc.sql("select max(occurrences) from finding where project_id = :p").param("p", project.id())
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(misconfigurations(ALPINE_310_DIGEST)).containsExactly(
                "KSV001 Deployment/app namespace default", "KSV001 Deployment/app namespace staging",
                "KSV003 Deployment/app namespace default");
        assertThat(misconfigurations(ALPINE_39_DIGEST)).containsExactly(
                "KSV001 Deployment/app namespace default", "KSV003 Deployment/app namespace default");
    }

    @Test
    void theReportIsStoredOnceForAllItsScans() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), CLUSTER).andExpect(status().isCreated());

        List<Long> holders = jdbc.sql("select id from scan where project_id = :p and report_gzip is not null")
                .param("p", project.id()).query(Long.class).list();
        assertThat(holders).hasSize(1);
        assertThat(jdbc.sql("select report_scan_id from scan where project_id = :p and report_gzip is null")
                .param("p", project.id()).query(Long.class).list()).containsExactly(holders.get(0));
        byte[] stored = jdbc.sql("select report_gzip from scan where id = :id").param("id", holders.get(0)).query(byte[].class).single();
        try (var in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            assertThat(in.readAllBytes()).isEqualTo(CLUSTER);
        }
    }

    @Test
    void sendingTheSameReportAgainIsADuplicateThatChangesNothingButLastSeen() throws Exception {
        String first = uploads.upload(TestWorld.ALICE, project.slug(), CLUSTER).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        String before = findingsState();

        uploads.upload(TestWorld.ALICE, project.slug(), CLUSTER)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicate").value(true))
                .andExpect(jsonPath("$.images.length()").value(2))
                .andExpect(jsonPath("$.images[0].duplicate").value(true))
                .andExpect(jsonPath("$.images[0].scanId").value(uploads.read(first).get("images").get(0).get("scanId").asLong()))
                .andExpect(jsonPath("$.images[1].duplicate").value(true))
                .andExpect(jsonPath("$.images[1].findings.unchanged").value(7))
                .andExpect(jsonPath("$.images[1].findings.newFindings").value(0))
                .andExpect(jsonPath("$.skipped.length()").value(1));

        assertThat(findingsState()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from scan where project_id = :p and last_resent_at is not null")
                .param("p", project.id()).query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id())
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aLaterReportWithoutAWorkloadClosesItsMisconfigurationsOnly() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), CLUSTER).andExpect(status().isCreated());

        uploads.upload(TestWorld.ALICE, project.slug(), withoutNamespace(CLUSTER, "staging"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.images[0].findings.fixed").value(0))
                .andExpect(jsonPath("$.images[0].findings.unchanged").value(8))
                .andExpect(jsonPath("$.images[1].findings.fixed").value(1))
                .andExpect(jsonPath("$.images[1].findings.unchanged").value(6));

        assertThat(jdbc.sql("select location from finding where project_id = :p and status = 'fixed'").param("p", project.id())
                .query(String.class).list()).containsExactly("namespace staging");
    }

    @Test
    void withoutAProjectRepositoryRulesFileEachImageAndUnmappedImagesAreSkipped() throws Exception {
        inventory.addRepositoryRule(project.id(), "localhost:53869/*");

        uploads.upload(TestWorld.ALICE, null, CLUSTER)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.images.length()").value(1))
                .andExpect(jsonPath("$.images[0].image.repository").value(ALPINE_310))
                .andExpect(jsonPath("$.images[0].project").value(project.slug()))
                .andExpect(jsonPath("$.skipped[0].reason").value("no-project"))
                .andExpect(jsonPath("$.skipped[0].image").value(TEST_IMAGES + "@" + ALPINE_39_DIGEST))
                .andExpect(jsonPath("$.skipped[0].findings").value(8))
                .andExpect(jsonPath("$.skipped[1].reason").value("scan-error"));

        long rows = ScanUploads.importedRows(jdbc, project);
        // Bob's team owns no project of these images, and alpha's rule is not his to use.
        uploads.upload(TestWorld.BOB, null, CLUSTER)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unknown-project"))
                .andExpect(jsonPath("$.detail").value(containsString(ALPINE_310)));
        assertThat(ScanUploads.importedRows(jdbc, project)).isEqualTo(rows);
    }

    @Test
    void anotherTeamsDeveloperSeesNoneOfIt() throws Exception {
        String created = uploads.upload(TestWorld.ALICE, project.slug(), CLUSTER).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        long findingId = uploads.findings(TestWorld.ALICE, project.slug()).get(0).get("id").asLong();

        mvc.perform(get("/api/v1/findings").param("project", project.slug()).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/api/v1/findings/" + findingId).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());
        for (JsonNode image : uploads.read(created).get("images")) {
            mvc.perform(get("/api/v1/scans/" + image.get("scanId").asLong()).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        }
        uploads.upload(TestWorld.BOB, project.slug(), CLUSTER)
                .andExpect(status().isNotFound());
    }

    @Test
    void imagesFiledUnderTwoTeamsAreDescribedInEachTeamsOwnCatalog() throws Exception {
        String suffix = "-" + System.nanoTime(); // repositories of this test's own, so its rules map nobody else's images
        byte[] report = new String(CLUSTER, StandardCharsets.UTF_8).replace(ALPINE_310, ALPINE_310 + suffix)
                .replace(TEST_IMAGES, TEST_IMAGES + suffix).getBytes(StandardCharsets.UTF_8);
        ProjectRef beta = world.betaProject();
        inventory.addRepositoryRule(project.id(), ALPINE_310 + suffix);
        inventory.addRepositoryRule(beta.id(), TEST_IMAGES + suffix);

        uploads.upload(TestWorld.LEAD, null, report)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.images.length()").value(2));

        assertThat(vulnerabilityDescriptions(TestWorld.ALICE, project)).hasSize(4).doesNotContainNull();
        assertThat(vulnerabilityDescriptions(TestWorld.BOB, beta)).hasSize(6).doesNotContainNull();
    }

    @Test
    void theReportCanBeDeclaredAsTrivyK8s() throws Exception {
        ProjectRef other = world.alphaProject();
        mvc.perform(post("/api/v1/scans")
                        .param("project", other.slug()).param("format", "trivy-k8s")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(CLUSTER)
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.images.length()").value(2));
    }

    @Test
    void theUploadPageListsTheImagesAndWhatWasSkipped() throws Exception {
        MockMultipartFile file = new MockMultipartFile("file", "cluster.json", "application/json", CLUSTER);
        mvc.perform(multipart("/scans/upload").file(file).param("project", project.slug())
                        .with(user(TestWorld.ALICE).roles("DEVELOPER")).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Imported (trivy-k8s, cluster kind-kind).")))
                .andExpect(content().string(containsString(ALPINE_310 + "@" + ALPINE_310_DIGEST)))
                .andExpect(content().string(containsString("default/Deployment/broken")));
    }

    /** The catalog description each vulnerability finding of the project shows its team (null where it has none). */
    private List<String> vulnerabilityDescriptions(String user, ProjectRef of) throws Exception {
        List<String> descriptions = new ArrayList<>();
        for (JsonNode finding : uploads.findings(user, of.slug())) {
            if (finding.get("kind").asString().equals("vulnerability")) {
                JsonNode description = uploads.detail(user, finding.get("id").asLong()).get("description");
                descriptions.add(description == null || description.isNull() ? null : description.asString());
            }
        }
        return descriptions;
    }

    /** {@code ruleId target location} of the project's misconfigurations of one image, sorted. */
    private List<String> misconfigurations(String digest) throws Exception {
        String body = mvc.perform(get("/api/v1/findings").param("project", project.slug()).param("image", digest)
                        .param("kind", "misconfiguration").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<String> lines = new ArrayList<>();
        for (JsonNode item : uploads.read(body).get("items")) {
            JsonNode detail = uploads.detail(TestWorld.ALICE, item.get("id").asLong());
            lines.add(ScanUploads.field(detail, "ruleId") + " " + ScanUploads.field(detail, "target") + " "
                    + ScanUploads.field(detail, "location"));
        }
        return lines.stream().sorted().toList();
    }

    /** The report as a later scan of the cluster would give it once the namespace's workloads are gone. */
    private byte[] withoutNamespace(byte[] report, String namespace) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        ArrayNode resources = (ArrayNode) root.get("Resources");
        for (int i = resources.size() - 1; i >= 0; i--) {
            if (resources.get(i).has("Namespace") && namespace.equals(resources.get(i).get("Namespace").asString())) {
                resources.remove(i);
            }
        }
        return json.writeValueAsBytes(root);
    }

    private String findingsState() {
        return String.join("\n", jdbc.sql("""
                select fingerprint || status || first_seen || coalesce(fixed_at::text, '') || last_seen || last_scan_id
                from finding where project_id = :p order by fingerprint
                """).param("p", project.id()).query(String.class).list());
    }
}
