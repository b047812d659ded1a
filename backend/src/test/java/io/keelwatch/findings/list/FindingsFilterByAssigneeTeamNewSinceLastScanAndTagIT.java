package io.keelwatch.findings.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The filters people reach for on the findings list, in the API, the CSV export and the page alike:
 * assigned to me (or to someone, or to nobody), a team (which narrows what the caller sees and never
 * widens it), new since the last scan (findings the latest scan of their image introduced, per
 * image), and an image tag seen (alone, or with its repository).
 */
class FindingsFilterByAssigneeTeamNewSinceLastScanAndTagIT extends ReportImportTestBase {

    private static final byte[] ALPINE_39 = Fixtures.bytes("trivy/alpine-39.json.golden");
    private static final byte[] ALPINE_310 = Fixtures.bytes("trivy/alpine-310.json.golden");
    /** Position of CVE-2019-14697 in musl in the report's first result. */
    private static final int MUSL_CVE_2019_14697 = 4;

    long muslFinding;

    /** alpine 3.9 scanned twice (the second scan adds the musl finding), alpine 3.10 once: 6 + 4 findings. */
    @BeforeEach
    void twoImagesOneScannedTwice() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), uploads.without(ALPINE_39, "2030-01-01T00:00:00Z", MUSL_CVE_2019_14697))
                .andExpect(status().isCreated());
        uploads.upload(TestWorld.ALICE, project.slug(), uploads.without(ALPINE_39, "2030-02-01T00:00:00Z"))
                .andExpect(status().isCreated());
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_310).andExpect(status().isCreated());
        muslFinding = uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals("CVE-2019-14697") && f.get("packageName").asString().equals("musl"))
                .findFirst().orElseThrow().get("id").asLong();
    }

    @Test
    void assignedToMeToSomeoneAndToNobody() throws Exception {
        new TriageCalls(mvc).patchFinding(TestWorld.ALICE, muslFinding, Map.of("assignee", TestWorld.ALICE))
                .andExpect(status().isOk());

        assertThat(ids(TestWorld.ALICE, Map.of("assignee", "me"))).containsExactly(muslFinding);
        assertThat(ids(TestWorld.LEAD, Map.of("assignee", "me"))).isEmpty();
        assertThat(ids(TestWorld.LEAD, Map.of("assignee", TestWorld.ALICE))).containsExactly(muslFinding);
        assertThat(ids(TestWorld.LEAD, Map.of("assignee", "none"))).hasSize(9).doesNotContain(muslFinding);
        assertThat(ids(TestWorld.LEAD, Map.of("assignee", "nobody-has-this-name"))).isEmpty();

        String csv = mvc.perform(get("/api/v1/findings/export.csv").param("project", project.slug()).param("assignee", "me")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(csv.lines()).as("header and the one finding assigned to alice").hasSize(2);
        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).contains("CVE-2019-14697");

        String page = mvc.perform(get("/findings").param("project", project.slug()).param("assignee", "me")
                        .with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(">1 findings<");
    }

    @Test
    void aTeamNarrowsWhatTheCallerSeesAndNeverWidensIt() throws Exception {
        ProjectRef beta = world.betaProject();
        uploads.upload(TestWorld.BOB, beta.slug(), ALPINE_310).andExpect(status().isCreated());

        assertThat(ids(TestWorld.LEAD, Map.of("team", world.alpha().slug()))).hasSize(10);
        assertThat(ids(TestWorld.LEAD, Map.of("team", world.beta().slug()))).isEmpty();
        assertThat(projects(TestWorld.LEAD, Map.of("team", world.beta().slug()), false)).contains(beta.slug())
                .doesNotContain(project.slug());
        assertThat(projects(TestWorld.ALICE, Map.of("team", world.beta().slug()), false)).as("alice sees no beta finding").isEmpty();
    }

    @Test
    void newSinceTheLastScanOfEachImage() throws Exception {
        List<JsonNode> fresh = findings(TestWorld.ALICE, Map.of("newSinceLastScan", "true"));
        assertThat(ScanUploads.lines(fresh, f -> ScanUploads.field(f, "ruleId") + " " + ScanUploads.field(f, "packageName")))
                .as("the musl finding the second alpine 3.9 scan brought, and all four of alpine 3.10's only scan")
                .containsExactly("CVE-2019-14697 musl", "CVE-2019-1549 libcrypto1.1", "CVE-2019-1549 libssl1.1",
                        "CVE-2019-1551 libcrypto1.1", "CVE-2019-1551 libssl1.1");
        assertThat(ids(TestWorld.ALICE, Map.of("newSinceLastScan", "false"))).hasSize(10);
    }

    @Test
    void anImageTagAloneOrWithItsRepository() throws Exception {
        assertThat(ids(TestWorld.ALICE, Map.of("tag", "alpine-39"))).hasSize(6).contains(muslFinding);
        assertThat(ids(TestWorld.ALICE, Map.of("tag", "ghcr.io/aquasecurity/trivy-test-images:alpine-310"))).hasSize(4);
        assertThat(ids(TestWorld.ALICE, Map.of("tag", "39"))).as("the whole tag, not a piece of it").isEmpty();
        assertThat(ids(TestWorld.ALICE, Map.of("tag", "ghcr.io/other/repository:alpine-310"))).as("another repository's tag").isEmpty();
        mvc.perform(get("/api/v1/findings").param("tag", "x".repeat(301)).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
    }

    private List<Long> ids(String user, Map<String, String> filter) throws Exception {
        return findings(user, filter).stream().map(f -> f.get("id").asLong()).toList();
    }

    /** The projects of the matching findings; {@code inOwnProject}: only within this test's project. */
    private List<String> projects(String user, Map<String, String> filter, boolean inOwnProject) throws Exception {
        return findings(user, filter, inOwnProject).stream().map(f -> f.get("project").asString()).distinct().toList();
    }

    private List<JsonNode> findings(String user, Map<String, String> filter) throws Exception {
        return findings(user, filter, true);
    }

    private List<JsonNode> findings(String user, Map<String, String> filter, boolean inOwnProject) throws Exception {
        var request = get("/api/v1/findings").param("size", "500").with(httpBasic(user, TestWorld.PASSWORD));
        if (inOwnProject) {
            request.param("project", project.slug());
        }
        filter.forEach(request::param);
        String body = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<JsonNode> items = new ArrayList<>();
        uploads.read(body).get("items").forEach(items::add);
        return items;
    }
}
