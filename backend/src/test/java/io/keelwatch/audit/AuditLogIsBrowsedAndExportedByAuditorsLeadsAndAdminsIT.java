package io.keelwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auditors and admins browse the audit log (page and API, same filters, paged) and export every
 * match as CSV or JSON; the export keeps hostile values inert. Others do not see the page or its link.
 */
@KeelwatchIntegrationTest
class AuditLogIsBrowsedAndExportedByAuditorsLeadsAndAdminsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    AuditLog audit;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theApiFiltersAndPages() throws Exception {
        world.alpha();
        String target = "filter-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            record("filter-actor", "test.filtered", target, i == 0 ? AuditEntry.Outcome.failure : AuditEntry.Outcome.success);
        }
        mvc.perform(get("/api/v1/audit-events").param("targetId", target).param("size", "2")
                        .with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(3))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.hasNext").value(true))
                .andExpect(jsonPath("$.items[0].action").value("test.filtered"))
                .andExpect(jsonPath("$.items[0].details.note").value("line\nbreak"));
        mvc.perform(get("/api/v1/audit-events").param("targetId", target).param("outcome", "failure")
                        .param("actor", "FILTER-ACTOR").param("targetType", "test")
                        .with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)))
                .andExpect(jsonPath("$.totalItems").value(1));
        String future = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString();
        String past = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString();
        mvc.perform(get("/api/v1/audit-events").param("targetId", target).param("from", future)
                        .with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get("/api/v1/audit-events").param("targetId", target).param("from", past).param("to", future)
                        .with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(jsonPath("$.totalItems").value(3));
        mvc.perform(get("/api/v1/audit-events").param("outcome", "maybe").with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
        mvc.perform(get("/api/v1/audit-events").param("targetId", target).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(jsonPath("$.totalItems").value(3)); // "who approved this?" is a lead's question
        mvc.perform(get("/api/v1/audit-events").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isForbidden());
    }

    @Test
    void exportsStreamEveryMatchAsQuotedCsvOrJson() throws Exception {
        world.alpha();
        String target = "export-" + UUID.randomUUID();
        record("=HYPERLINK(\"http://evil.example\",\"click\")", "test.exported", target, AuditEntry.Outcome.success);
        record("plain, with comma", "test.exported", target, AuditEntry.Outcome.success);

        String csv = mvc.perform(get("/api/v1/audit-events/export").param("format", "csv").param("targetId", target)
                        .with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("audit-events.csv")))
                .andReturn().getResponse().getContentAsString();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("\"id\",\"occurred_at\",\"actor\",");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",");
        assertThat(lines[2]).contains(",\"plain, with comma\",");

        String exported = mvc.perform(get("/api/v1/audit-events/export").param("format", "json").param("targetId", target)
                        .with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        JsonNode array = json.readTree(exported);
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        assertThat(array.get(0).get("actor").asString()).isEqualTo("=HYPERLINK(\"http://evil.example\",\"click\")");
        assertThat(array.get(1).get("details").get("note").asString()).isEqualTo("line\nbreak");

        mvc.perform(get("/api/v1/audit-events/export").param("format", "xml").with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/audit/export").param("format", "csv").param("targetId", target)
                        .with(user(TestWorld.AUDITOR).roles("AUDITOR")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")));
    }

    @Test
    void thePageAndItsNavLinkAreForAuditorsLeadsAndAdmins() throws Exception {
        world.alpha();
        String target = "page-" + UUID.randomUUID();
        record("<script>alert(1)</script>", "test.paged", target, AuditEntry.Outcome.denied);

        String page = mvc.perform(get("/audit").param("targetId", target).with(user(TestWorld.AUDITOR).roles("AUDITOR")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("data-testid=\"nav-audit\"", "test.paged", "&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)</script>")
                .contains("/audit/export?format=csv&amp;targetId=" + target)
                .containsPattern("<time datetime=\"[^\"]+\">\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} [+-]\\d{2}:\\d{2}</time>");
        mvc.perform(get("/audit").with(user(TestWorld.ADMIN).roles("ADMIN"))).andExpect(status().isOk());

        String leads = mvc.perform(get("/audit").param("targetId", target).with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(leads).contains("data-testid=\"nav-audit\"", "test.paged");
        mvc.perform(get("/audit").with(user(TestWorld.ALICE).roles("DEVELOPER"))).andExpect(status().isForbidden());
        String dashboard = mvc.perform(get("/").with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(dashboard).doesNotContain("nav-audit");
    }

    private void record(String actor, String action, String target, AuditEntry.Outcome outcome) {
        audit.record(new AuditEntry(actor, AuditEntry.ActorType.user, action, "test", target, null, outcome,
                Map.of("note", "line\nbreak")));
    }
}
