package io.keelwatch.findings.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** A bulk action takes the list's filter and changes, in one statement, only findings the caller sees (and an assignee could). */
@KeelwatchIntegrationTest
class BulkTriageChangesOnlyWhatTheCallerMaySeeIT {

    private static final byte[] ALPINE_39 = Fixtures.bytes("trivy/alpine-39.json.golden");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private ProjectRef alpha;
    private ProjectRef beta;
    /** Names one package in both teams' reports, so a filter without a project still selects only this test's findings. */
    private String marker;

    @BeforeEach
    void bothTeamsImportTheSameImage() throws Exception {
        ScanUploads uploads = new ScanUploads(mvc);
        alpha = world.alphaProject();
        beta = world.betaProject();
        marker = "bulk-marker-" + System.nanoTime();
        byte[] report = uploads.withText(ALPINE_39, marker);
        uploads.upload(TestWorld.ALICE, alpha.slug(), report).andExpect(status().isCreated());
        uploads.upload(TestWorld.BOB, beta.slug(), report).andExpect(status().isCreated());
    }

    @Test
    void developersBulkChangeReachesOnlyTheirTeam() throws Exception {
        // no project in the filter: everything matching that bob can see
        bulk(TestWorld.BOB, "severity=medium&text=" + marker, "{\"status\": \"in_progress\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changed").value(1));
        assertThat(count(beta, "in_progress")).isEqualTo(1);
        assertThat(count(alpha, "in_progress")).as("alpha untouched").isZero();
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'finding.triaged' and actor = 'bob'
                  and details ->> 'bulk' = 'true' and team_id = :team
                  and target_id in (select id::text from finding where project_id = :p)
                """).param("team", world.beta().id()).param("p", beta.id()).query(Long.class).single()).isEqualTo(1);

        bulk(TestWorld.BOB, "severity=medium&text=" + marker, "{\"status\": \"in_progress\"}")
                .andExpect(jsonPath("$.changed").value(0));
        bulk(TestWorld.BOB, "project=" + alpha.slug(), "{\"status\": \"fixed\"}")
                .andExpect(jsonPath("$.changed").value(0));
    }

    @Test
    void leadsBulkAssignmentSkipsFindingsTheAssigneeCannotSee() throws Exception {
        bulk(TestWorld.LEAD, "text=" + marker, "{\"assignee\": \"alice\"}")
                .andExpect(jsonPath("$.changed").value(1));
        bulk(TestWorld.LEAD, "text=CVE-2019-1551&project=" + alpha.slug(), "{\"assignee\": \"alice\"}")
                .andExpect(jsonPath("$.changed").value(2));
        bulk(TestWorld.LEAD, "text=CVE-2019-1551&project=" + beta.slug(), "{\"assignee\": \"alice\"}")
                .andExpect(jsonPath("$.changed").value(0));
        assertThat(jdbc.sql("""
                select count(*) from finding f join app_user u on u.id = f.assignee_id
                where u.username = 'alice' and f.project_id = :p
                """).param("p", alpha.id()).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void auditorsAndEmptyActionsAreRefused() throws Exception {
        bulk(TestWorld.AUDITOR, "project=" + alpha.slug(), "{\"status\": \"fixed\"}")
                .andExpect(status().isForbidden());
        bulk(TestWorld.ALICE, "project=" + alpha.slug(), "{}")
                .andExpect(status().isBadRequest());
        bulk(TestWorld.ALICE, "due=someday", "{\"status\": \"fixed\"}")
                .andExpect(status().isBadRequest());
        assertThat(count(alpha, "open")).isEqualTo(6);
    }

    private ResultActions bulk(String user, String query, String body) throws Exception {
        return mvc.perform(post("/api/v1/findings/bulk?" + query).contentType(MediaType.APPLICATION_JSON).content(body)
                .with(httpBasic(user, TestWorld.PASSWORD)));
    }

    private long count(ProjectRef project, String status) {
        return jdbc.sql("select count(*) from finding where project_id = :p and status = :s")
                .param("p", project.id()).param("s", status).query(Long.class).single();
    }
}
