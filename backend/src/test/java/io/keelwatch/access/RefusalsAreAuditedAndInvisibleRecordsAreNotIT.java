package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Every 403 is an {@code access.denied} audit event naming the caller, the path and why: refusals
 * by {@code @PreAuthorize} on the API and on pages, by a service, and a form sent without its CSRF
 * token. A record outside the caller's teams is a 404 and not a refusal, so it is not audited.
 */
@KeelwatchIntegrationTest
class RefusalsAreAuditedAndInvisibleRecordsAreNotIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void apiPreAuthorizeDenialIsAudited() throws Exception {
        ProjectRef project = world.alphaProject();
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(Fixtures.bytes("trivy/alpine-310.json.golden")).with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isForbidden());
        assertThat(denials(TestWorld.AUDITOR, "/api/v1/scans")).contains("not_authorized");
    }

    @Test
    void pagePreAuthorizeDenialIsAudited() throws Exception {
        mvc.perform(get("/scans/upload").with(user(TestWorld.AUDITOR).roles("AUDITOR"))).andExpect(status().isForbidden());
        assertThat(denials(TestWorld.AUDITOR, "/scans/upload")).contains("not_authorized");
    }

    @Test
    void aServiceRefusalIsAudited() throws Exception {
        world.alpha();
        mvc.perform(get("/api/v1/tokens").param("owner", TestWorld.ADMIN).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isForbidden());
        assertThat(denials(TestWorld.BOB, "/api/v1/tokens")).contains("forbidden");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndAudited() throws Exception {
        mvc.perform(post("/settings/tokens").param("name", "no csrf").param("scopes", "read")
                        .with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isForbidden());
        assertThat(denials(TestWorld.ALICE, "/settings/tokens")).contains("csrf");
    }

    @Test
    void anotherTeamsRecordIs404AndNotAudited() throws Exception {
        ProjectRef project = world.alphaProject();
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(Fixtures.bytes("trivy/alpine-310.json.golden")).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isCreated());
        long scan = jdbc.sql("select max(s.id) from scan s join project p on p.id = s.project_id where p.slug = :slug")
                .param("slug", project.slug()).query(Long.class).single();
        mvc.perform(get("/api/v1/scans/" + scan).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD))).andExpect(status().isNotFound());
        assertThat(denials(TestWorld.BOB, "/api/v1/scans/" + scan)).isEmpty();
    }

    private List<String> denials(String actor, String path) {
        return jdbc.sql("""
                select details ->> 'reason' from audit_event
                where action = 'access.denied' and outcome = 'denied' and actor = :actor and details ->> 'path' = :path
                order by id
                """).param("actor", actor).param("path", path).query(String.class).list();
    }
}
