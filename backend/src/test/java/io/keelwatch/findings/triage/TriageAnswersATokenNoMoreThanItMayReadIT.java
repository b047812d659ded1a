package io.keelwatch.findings.triage;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Scope;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * A {@code scans:write} token may triage but not read (403 on {@code GET}): its writes must not
 * read for it, so they answer without the finding; and a write that changes nothing (sending the
 * current status) is audited like any other, so writing is never a silent way to look.
 */
@KeelwatchIntegrationTest
class TriageAnswersATokenNoMoreThanItMayReadIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    private ScanUploads uploads;
    private long findingId;

    @BeforeEach
    void aFindingOfAlpha() throws Exception {
        uploads = new ScanUploads(mvc);
        ProjectRef project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/debian-buster.json.golden"))
                .andExpect(status().isCreated());
        findingId = uploads.findings(TestWorld.ALICE, project.slug()).get(0).get("id").asLong();
    }

    @Test
    void aTokenWithoutReadChangesTheFindingButGetsNothingOfItBack() throws Exception {
        String token = world.token(TestWorld.ALICE, null, Scope.SCANS_WRITE);
        mvc.perform(get("/api/v1/findings/" + findingId).with(bearer(token))).andExpect(status().isForbidden());

        MvcResult unchanged = triage(token, "{\"status\": \"open\"}").andExpect(status().isNoContent()).andReturn();
        assertThat(unchanged.getResponse().getContentAsString()).isEmpty();
        MvcResult changed = triage(token, "{\"status\": \"in_progress\", \"comment\": \"Rebuilding on bookworm.\"}")
                .andExpect(status().isNoContent()).andReturn();
        assertThat(changed.getResponse().getContentAsString()).isEmpty();
        MvcResult commented = mvc.perform(post("/api/v1/findings/" + findingId + "/comments").with(bearer(token))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"body\": \"Done next sprint.\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/findings/" + findingId + "/comments"))
                .andReturn();
        assertThat(commented.getResponse().getContentAsString()).isEmpty();

        JsonNode finding = uploads.detail(TestWorld.ALICE, findingId);
        assertThat(finding.get("status").asString()).as("the write itself happened").isEqualTo("in_progress");
    }

    @Test
    void aTokenThatMayReadGetsTheChangedFindingBack() throws Exception {
        String token = world.token(TestWorld.ALICE, null, Scope.SCANS_WRITE, Scope.READ);

        triage(token, "{\"status\": \"in_progress\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(findingId))
                .andExpect(jsonPath("$.status").value("in_progress"));
        mvc.perform(post("/api/v1/findings/" + findingId + "/comments").with(bearer(token))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"body\": \"Done next sprint.\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.body").value("Done next sprint."));
    }

    @Test
    void aWriteThatChangesNothingIsAuditedLikeOneThatDoes() throws Exception {
        String token = world.token(TestWorld.ALICE, null, Scope.SCANS_WRITE);
        triage(token, "{\"status\": \"open\"}").andExpect(status().is2xxSuccessful());
        new TriageCalls(mvc).patchFinding(TestWorld.ALICE, findingId, Map.of("status", "open", "assignee", ""))
                .andExpect(status().isOk());

        new TriageCalls(mvc).history(TestWorld.ALICE, findingId)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].action").value("finding.triaged"))
                .andExpect(jsonPath("$[0].actor").value(TestWorld.ALICE))
                .andExpect(jsonPath("$[0].details.unchanged").value(true))
                .andExpect(jsonPath("$[0].details.before.status").value("open"))
                .andExpect(jsonPath("$[0].details.after.status").value("open"))
                .andExpect(jsonPath("$[1].action").value("finding.triaged"))
                .andExpect(jsonPath("$[1].details.unchanged").value(true))
                .andExpect(jsonPath("$[1].details.after.assignee").value(""));
    }

    private ResultActions triage(String token, String body) throws Exception {
        return mvc.perform(patch("/api/v1/findings/" + findingId).with(bearer(token))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
