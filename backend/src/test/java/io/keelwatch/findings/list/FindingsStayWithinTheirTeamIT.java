package io.keelwatch.findings.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.SignedInMockMvc;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Alpha's findings are invisible to beta's developer everywhere: lists, details, scans, uploads, dashboard. */
@KeelwatchIntegrationTest
class FindingsStayWithinTheirTeamIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    private ProjectRef alphaProject;
    private long alphaFindingId;
    private long alphaScanId;

    @BeforeEach
    void alphaImportsAReport() throws Exception {
        alphaProject = world.alphaProject();
        ScanUploads uploads = new ScanUploads(mvc);
        String created = uploads.upload(TestWorld.ALICE, alphaProject.slug(), Fixtures.bytes("trivy/debian-buster.json.golden"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        alphaScanId = uploads.read(created).get("scanId").asLong();
        String list = mvc.perform(get("/api/v1/findings").param("project", alphaProject.slug())
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(2))
                .andReturn().getResponse().getContentAsString();
        alphaFindingId = uploads.read(list).get("items").get(0).get("id").asLong();
    }

    @Test
    void otherTeamsDeveloperGetsNotFoundForTheFindingAndTheScan() throws Exception {
        mvc.perform(get("/api/v1/findings/" + alphaFindingId).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        mvc.perform(get("/api/v1/scans/" + alphaScanId).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/findings/" + Long.MAX_VALUE).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
    }

    @Test
    void otherTeamsDeveloperSeesNoneOfItInLists() throws Exception {
        String findings = mvc.perform(get("/api/v1/findings").param("size", "500")
                        .with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(findings).doesNotContain(alphaProject.slug());
        mvc.perform(get("/api/v1/findings").param("project", alphaProject.slug())
                        .with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(0));
        String scans = mvc.perform(get("/api/v1/scans").param("size", "500").with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString();
        assertThat(scans).doesNotContain(alphaProject.slug());
    }

    /** The chart's data is a page endpoint: the browser fetches it with its session (HTTP Basic only reaches the API). */
    @Test
    void otherTeamsDeveloperSeesNoneOfItInTheDashboardChart() throws Exception {
        String alphaChart = dashboardChart(TestWorld.ALICE);
        assertThat(alphaChart).as("the chart names its projects").contains(alphaProject.name());

        String chart = dashboardChart(TestWorld.BOB);
        assertThat(chart).doesNotContain(alphaProject.name());
    }

    private String dashboardChart(String username) throws Exception {
        return mvc.perform(get("/dashboard/exposure.json").cookie(SignedInMockMvc.signIn(mvc, username))
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void otherTeamsDeveloperCannotUploadIntoTheProjectAndLearnsNothingAboutIt() throws Exception {
        new ScanUploads(mvc).upload(TestWorld.BOB, alphaProject.slug(), Fixtures.bytes("trivy/centos-7.json.golden"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        new ScanUploads(mvc).upload(TestWorld.BOB, "no-such-project", Fixtures.bytes("trivy/centos-7.json.golden"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
    }

    @Test
    void leadAndAuditorSeeItButTheAuditorMayNotUpload() throws Exception {
        for (String reader : new String[] {TestWorld.LEAD, TestWorld.AUDITOR}) {
            mvc.perform(get("/api/v1/findings/" + alphaFindingId).with(httpBasic(reader, TestWorld.PASSWORD)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.project").value(alphaProject.slug()));
        }
        new ScanUploads(mvc).upload(TestWorld.AUDITOR, alphaProject.slug(), Fixtures.bytes("trivy/centos-7.json.golden"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
    }

    @Test
    void anonymousCallersGetAProblemAskingForCredentials() throws Exception {
        mvc.perform(get("/api/v1/findings/" + alphaFindingId))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unauthenticated"));
        mvc.perform(get("/findings/" + alphaFindingId)).andExpect(status().is3xxRedirection());
    }

    @Test
    void theBrowserPageOfAnotherTeamsFindingIsNotFound() throws Exception {
        mvc.perform(get("/findings/" + alphaFindingId).with(user(TestWorld.BOB).roles("DEVELOPER")))
                .andExpect(status().isNotFound())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("not found")));
        mvc.perform(get("/findings/" + alphaFindingId).with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk());
    }
}
