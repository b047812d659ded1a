package io.keelwatch.findings.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ProjectExposure;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Every triage change is in the audit log with before and after, shows as the finding's history, and moves the dashboard. */
@KeelwatchIntegrationTest
class TriageChangesAreAuditedIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    FindingService findings;

    private TriageCalls triage;
    private ProjectRef project;
    private long findingId;

    @BeforeEach
    void setUp() throws Exception {
        ScanUploads uploads = new ScanUploads(mvc);
        triage = new TriageCalls(mvc);
        project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/debian-buster.json.golden")).andExpect(status().isCreated());
        findingId = uploads.findings(TestWorld.ALICE, project.slug()).get(0).get("id").asLong(); // the critical one
    }

    @Test
    void statusAssigneeAndCommentAreRecordedWithBeforeAndAfter() throws Exception {
        triage.patchFinding(TestWorld.ALICE, findingId, Map.of("status", "in_progress", "assignee", TestWorld.ALICE,
                        "comment", "Upgrading the base image <b>today</b>"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("in_progress"))
                .andExpect(jsonPath("$.assignee").value(TestWorld.ALICE));
        triage.patchFinding(TestWorld.LEAD, findingId, Map.of("status", "false_positive"))
                .andExpect(status().isOk());
        assertThat(openCritical()).as("dashboard recounted").isZero();
        mvc.perform(post("/api/v1/findings/" + findingId + "/comments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"body\": \"Checked with the vendor.\"}").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.author").value(TestWorld.ALICE));

        triage.history(TestWorld.AUDITOR, findingId)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].action").value("finding.triaged"))
                .andExpect(jsonPath("$[0].actor").value(TestWorld.ALICE))
                .andExpect(jsonPath("$[0].details.before.status").value("open"))
                .andExpect(jsonPath("$[0].details.after.status").value("in_progress"))
                .andExpect(jsonPath("$[0].details.before.assignee").value(""))
                .andExpect(jsonPath("$[0].details.after.assignee").value(TestWorld.ALICE))
                .andExpect(jsonPath("$[1].action").value("finding.commented"))
                .andExpect(jsonPath("$[1].details.comment").value("Upgrading the base image <b>today</b>"))
                .andExpect(jsonPath("$[2].actor").value(TestWorld.LEAD))
                .andExpect(jsonPath("$[2].details.after.status").value("false_positive"))
                .andExpect(jsonPath("$[3].details.comment").value("Checked with the vendor."));
        assertThat(jdbc.sql("select count(*) from audit_event where target_type = 'finding' and target_id = :id and team_id = :team")
                .param("id", String.valueOf(findingId)).param("team", world.alpha().id()).query(Long.class).single()).isEqualTo(4);

        triage.patchFinding(TestWorld.ALICE, findingId, Map.of("status", "open")).andExpect(status().isOk());
        assertThat(openCritical()).isEqualTo(1);
    }

    @Test
    void auditorsMayLookButNotTouchAndOtherTeamsDoNotSeeIt() throws Exception {
        triage.patchFinding(TestWorld.AUDITOR, findingId, Map.of("status", "fixed"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
        triage.patchFinding(TestWorld.BOB, findingId, Map.of("status", "fixed"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        triage.history(TestWorld.BOB, findingId).andExpect(status().isNotFound());
        triage.patchFinding(TestWorld.ALICE, findingId, Map.of("assignee", TestWorld.BOB))
                .andExpect(status().isBadRequest());
        triage.patchFinding(TestWorld.ALICE, findingId, Map.of("status", "bogus")).andExpect(status().isBadRequest());
        triage.history(TestWorld.ALICE, findingId).andExpect(jsonPath("$.length()").value(0));
    }

    private long openCritical() {
        return findings.exposureByProject(new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of())).stream()
                .filter(p -> p.project().equals(project.slug()))
                .mapToLong(ProjectExposure::critical).sum();
    }
}
