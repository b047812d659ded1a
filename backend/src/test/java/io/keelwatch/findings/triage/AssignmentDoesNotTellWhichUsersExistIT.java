package io.keelwatch.findings.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.AccountChange;
import io.keelwatch.access.Role;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Assigning findings to a name answers alike whether nobody has that name, its account is disabled,
 * or its owner cannot see the findings: a developer cannot use assignment to find out which
 * usernames exist in other teams.
 */
@KeelwatchIntegrationTest
class AssignmentDoesNotTellWhichUsersExistIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccessService access;

    private ProjectRef project;
    private String disabled;

    @BeforeEach
    void alphaFindingsAndADisabledAlphaDeveloper() throws Exception {
        ScanUploads uploads = new ScanUploads(mvc);
        project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden")).andExpect(status().isCreated());
        disabled = "gone-" + project.id();
        long id = access.createLocalUser(disabled, "Gone", TestWorld.PASSWORD, Role.DEVELOPER, List.of(world.alpha().id()));
        access.changeAccount(id, new AccountChange(null, false), world.admin());
    }

    @Test
    void bulkAssignmentAnswersTheSameForNobodyADisabledAccountAndSomeoneWhoCannotSeeTheFindings() throws Exception {
        MockHttpServletResponse otherTeam = bulkAssign(TestWorld.BOB);
        MockHttpServletResponse nobody = bulkAssign("nobody-" + project.id());
        MockHttpServletResponse gone = bulkAssign(disabled);

        assertThat(otherTeam.getStatus()).isEqualTo(200);
        assertThat(nobody.getStatus()).isEqualTo(otherTeam.getStatus());
        assertThat(gone.getStatus()).isEqualTo(otherTeam.getStatus());
        assertThat(otherTeam.getContentAsString()).isEqualTo("{\"changed\":0}");
        assertThat(nobody.getContentAsString()).isEqualTo(otherTeam.getContentAsString());
        assertThat(gone.getContentAsString()).isEqualTo(otherTeam.getContentAsString());
        assertThat(jdbc.sql("select count(*) from finding where project_id = :p and assignee_id is not null")
                .param("p", project.id()).query(Long.class).single()).as("nobody was assigned anything").isZero();
    }

    @Test
    void singleAssignmentAnswersTheSameForNobodyADisabledAccountAndSomeoneWhoCannotSeeTheFinding() throws Exception {
        long finding = jdbc.sql("select min(id) from finding where project_id = :p").param("p", project.id()).query(Long.class).single();
        TriageCalls triage = new TriageCalls(mvc);
        String nobodyName = "nobody-" + project.id();
        MockHttpServletResponse otherTeam = triage.patchFinding(TestWorld.ALICE, finding, Map.of("assignee", TestWorld.BOB))
                .andReturn().getResponse();
        MockHttpServletResponse nobody = triage.patchFinding(TestWorld.ALICE, finding, Map.of("assignee", nobodyName))
                .andReturn().getResponse();
        MockHttpServletResponse gone = triage.patchFinding(TestWorld.ALICE, finding, Map.of("assignee", disabled))
                .andReturn().getResponse();

        assertThat(otherTeam.getStatus()).isEqualTo(400);
        assertThat(nobody.getStatus()).isEqualTo(otherTeam.getStatus());
        assertThat(gone.getStatus()).isEqualTo(otherTeam.getStatus());
        assertThat(nobody.getContentAsString().replace(nobodyName, "NAME"))
                .isEqualTo(otherTeam.getContentAsString().replace(TestWorld.BOB, "NAME"));
        assertThat(gone.getContentAsString().replace(disabled, "NAME"))
                .isEqualTo(otherTeam.getContentAsString().replace(TestWorld.BOB, "NAME"));
    }

    private MockHttpServletResponse bulkAssign(String assignee) throws Exception {
        return mvc.perform(post("/api/v1/findings/bulk").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"assignee\": \"" + assignee + "\"}").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andReturn().getResponse();
    }
}
