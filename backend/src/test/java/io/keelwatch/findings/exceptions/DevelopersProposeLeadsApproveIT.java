package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Who may propose, see and decide exceptions: developers for their teams, leads and admins decide, others' are 404. */
@KeelwatchIntegrationTest
class DevelopersProposeLeadsApproveIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private TriageCalls triage;
    private ProjectRef project;

    @BeforeEach
    void setUp() {
        triage = new TriageCalls(mvc);
        project = world.alphaProject();
    }

    @Test
    void developerProposesOnlyLeadsDecide() throws Exception {
        long id = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-0001", "openssl", "false_positive", null));
        mvc.perform(get("/api/v1/exceptions/" + id).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("proposed"))
                .andExpect(jsonPath("$.proposedBy").value(TestWorld.ALICE))
                .andExpect(jsonPath("$.project").value(project.slug()));

        triage.decide(TestWorld.ALICE, id, "approve").andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
        triage.decide(TestWorld.AUDITOR, id, "approve").andExpect(status().isForbidden());
        triage.decide(TestWorld.LEAD, id, "approve").andExpect(status().isOk()).andExpect(jsonPath("$.state").value("approved"));
        triage.decide(TestWorld.LEAD, id, "approve").andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:conflict"));
        triage.decide(TestWorld.ADMIN, id, "revoke").andExpect(status().isOk()).andExpect(jsonPath("$.state").value("revoked"));

        long rejected = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-0002", null, "not_affected", null));
        triage.decide(TestWorld.LEAD, rejected, "reject").andExpect(status().isOk()).andExpect(jsonPath("$.state").value("rejected"));
        triage.decide(TestWorld.LEAD, rejected, "revoke").andExpect(status().isConflict());

        assertThat(jdbc.sql("select action from audit_event where target_type = 'exception' and target_id = :id order by id")
                .param("id", String.valueOf(id)).query(String.class).list())
                .containsExactly("exception.proposed", "exception.approved", "exception.revoked");
    }

    @Test
    void otherTeamsExceptionsAreInvisible() throws Exception {
        long id = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-0003", null, "not_affected", null));
        mvc.perform(get("/api/v1/exceptions/" + id).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        String list = mvc.perform(get("/api/v1/exceptions").param("size", "500").with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(list).doesNotContain("CVE-2024-0003");
        triage.propose(TestWorld.BOB, TriageCalls.exception(project.slug(), "CVE-2024-0004", null, "not_affected", null))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/exceptions").param("project", project.slug()).with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].matchId").value("CVE-2024-0003"));
    }

    @Test
    void theExceptionPagesProposeAndDecide() throws Exception {
        mvc.perform(post("/exceptions").with(user(TestWorld.ALICE)).with(csrf())
                        .param("scope", "project:" + project.slug()).param("matchId", "CVE-2024-0006")
                        .param("kind", "risk_accepted").param("justification", "Compensating WAF rule")
                        .param("expiresOn", LocalDate.now().plusDays(30).toString()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/exceptions"))
                .andExpect(flash().attribute("message", containsString("proposed")));
        // proposed from a finding's page, the person lands back on that finding
        mvc.perform(post("/exceptions").with(user(TestWorld.ALICE)).with(csrf())
                        .param("scope", "project:" + project.slug()).param("matchId", "CVE-2024-0007")
                        .param("kind", "false_positive").param("justification", "Not the package the CVE names")
                        .param("finding", "4711"))
                .andExpect(redirectedUrl("/findings/4711"));
        long id = jdbc.sql("select id from finding_exception where match_id = 'CVE-2024-0006' and project_id = :p")
                .param("p", project.id()).query(Long.class).single();
        mvc.perform(post("/exceptions/" + id + "/approve").with(user(TestWorld.ALICE)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/exceptions/" + id + "/approve").with(user(TestWorld.LEAD)))
                .andExpect(status().isForbidden()); // no CSRF token
        mvc.perform(post("/exceptions/" + id + "/approve").with(user(TestWorld.LEAD)).with(csrf())
                        .param("comment", "  WAF rule checked with ops; revisit after the upgrade.  "))
                .andExpect(redirectedUrl("/exceptions/" + id)) // back on the exception, which shows the decision
                .andExpect(flash().attribute("message", "Exception " + id + " is approved."));
        mvc.perform(get("/api/v1/exceptions/" + id).with(user(TestWorld.ALICE)))
                .andExpect(jsonPath("$.decisionComment").value("WAF rule checked with ops; revisit after the upgrade."));
        assertThat(mvc.perform(get("/exceptions/" + id).with(user(TestWorld.ALICE))).andReturn().getResponse().getContentAsString())
                .contains("WAF rule checked with ops; revisit after the upgrade.");
        assertThat(jdbc.sql("select details ->> 'comment' from audit_event where action = 'exception.approved' and target_id = :id")
                .param("id", String.valueOf(id)).query(String.class).single())
                .isEqualTo("WAF rule checked with ops; revisit after the upgrade.");
        String page = mvc.perform(get("/exceptions").param("state", "approved").with(user(TestWorld.LEAD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("CVE-2024-0006").contains("data-testid=\"revoke\"");
        String alicesView = mvc.perform(get("/exceptions").with(user(TestWorld.ALICE)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();
        assertThat(alicesView).contains("CVE-2024-0006").doesNotContain("data-testid=\"revoke\"");
        String bobsView = mvc.perform(get("/exceptions").with(user(TestWorld.BOB)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();
        assertThat(bobsView).contains("data-testid=\"exception-list\"").doesNotContain("CVE-2024-0006");
    }

    @Test
    void proposalsAreValidated() throws Exception {
        triage.propose(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-0005", null, "risk_accepted", null))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("A risk acceptance needs an expiry (expiresAt)."));
        triage.propose(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-0005", null, "risk_accepted", -1))
                .andExpect(status().isBadRequest());
        triage.propose(TestWorld.ALICE, Map.of("project", project.slug(), "kind", "not_affected", "justification", "x"))
                .andExpect(status().isBadRequest());
        triage.propose(TestWorld.AUDITOR, TriageCalls.exception(project.slug(), "CVE-2024-0005", null, "not_affected", null))
                .andExpect(status().isForbidden());
    }
}
