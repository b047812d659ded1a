package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.Role;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Who may edit an exception, and what: a proposal by its proposer or a lead (justification,
 * expiry, package); an approved one only its expiry, only by a lead, and it stays approved; closed
 * ones nobody. Another developer of the team and auditors get 403, another team's developer 404.
 * Edits are validated like proposals and audited with before and after; the page's form does the same.
 */
@KeelwatchIntegrationTest
class ExceptionsAreEditedByTheirProposerAndLeadsIT {

    private static final AtomicInteger PEOPLE = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccessService access;

    private TriageCalls triage;
    private ScanUploads uploads;
    private ProjectRef project;

    @BeforeEach
    void setUp() {
        triage = new TriageCalls(mvc);
        uploads = new ScanUploads(mvc);
        project = world.alphaProject();
    }

    @Test
    void theProposerEditsAProposalAndTheChangeIsAudited() throws Exception {
        long id = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-2001", "openssl", "risk_accepted", 30));
        OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).plusDays(60).withNano(0);
        triage.editException(TestWorld.ALICE, id, Map.of("justification", "  Compensated by the WAF rule 941100.  ",
                        "expiresAt", later.toString(), "packageName", ""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("proposed"))
                .andExpect(jsonPath("$.justification").value("Compensated by the WAF rule 941100."))
                .andExpect(jsonPath("$.packageName").doesNotExist())
                .andExpect(jsonPath("$.kind").value("risk_accepted"));
        assertThat(OffsetDateTime.parse(read(TestWorld.ALICE, id).get("expiresAt").asString()).toInstant()).isEqualTo(later.toInstant());

        JsonNode edited = editEvents(id).get(0);
        assertThat(edited.get("state").asString()).isEqualTo("proposed");
        assertThat(edited.get("before").get("package").asString()).isEqualTo("openssl");
        assertThat(edited.get("after").get("package").asString()).isEqualTo("*");
        assertThat(edited.get("before").get("justification").asString()).startsWith("Only reachable");
        assertThat(edited.get("after").get("justification").asString()).isEqualTo("Compensated by the WAF rule 941100.");
        assertThat(edited.get("after").get("expiresAt").asString()).isEqualTo(later.toInstant().toString());

        triage.editException(TestWorld.ALICE, id, Map.of("justification", "Compensated by the WAF rule 941100."))
                .andExpect(status().isOk());
        assertThat(editEvents(id)).as("nothing changed, audited as such").hasSize(2);
        assertThat(editEvents(id).get(1).get("unchanged").asBoolean()).isTrue();

        triage.editException(TestWorld.LEAD, id, Map.of("packageName", "libssl3")).andExpect(status().isOk())
                .andExpect(jsonPath("$.packageName").value("libssl3"));
        triage.editException(TestWorld.ADMIN, id, Map.of("packageName", "openssl")).andExpect(status().isOk());
    }

    @Test
    void othersMayNotEditAProposal() throws Exception {
        long id = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-2002", null, "false_positive", null));
        Map<String, String> change = Map.of("justification", "Not ours to say.");
        String colleague = alphaDeveloper();
        triage.editException(colleague, id, change).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"))
                .andExpect(jsonPath("$.detail").value("Only its proposer or a security lead may edit a proposed exception."));
        triage.editException(TestWorld.AUDITOR, id, change).andExpect(status().isForbidden());
        triage.editException(TestWorld.BOB, id, change).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        assertThat(read(TestWorld.ALICE, id).get("justification").asString()).startsWith("Only reachable");
        assertThat(editEvents(id)).isEmpty();
    }

    @Test
    void aLeadMovesTheExpiryOfAnApprovedExceptionWhichStaysApproved() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden")).andExpect(status().isCreated());
        long id = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-14697", null, "risk_accepted", 30));
        triage.decide(TestWorld.LEAD, id, "approve").andExpect(status().isOk()).andExpect(jsonPath("$.findingsCovered").value(2));

        OffsetDateTime extended = OffsetDateTime.now(ZoneOffset.UTC).plusDays(90).withNano(0);
        triage.editException(TestWorld.LEAD, id, Map.of("expiresAt", extended.toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("approved"))
                .andExpect(jsonPath("$.approvedBy").value(TestWorld.LEAD))
                .andExpect(jsonPath("$.findingsCovered").value(2));
        OffsetDateTime shortened = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).withNano(0);
        triage.editException(TestWorld.ADMIN, id, Map.of("expiresAt", shortened.toString())).andExpect(status().isOk());
        List<JsonNode> events = editEvents(id);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("state").asString()).isEqualTo("approved");
        assertThat(events.get(0).get("after").get("expiresAt").asString()).isEqualTo(extended.toInstant().toString());
        assertThat(events.get(1).get("before").get("expiresAt").asString()).isEqualTo(extended.toInstant().toString());
        assertThat(events.get(1).get("after").get("expiresAt").asString()).isEqualTo(shortened.toInstant().toString());
        assertThat(events.get(1).has("justification")).isFalse();
        assertThat(uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals("CVE-2019-14697")).map(f -> f.get("status").asString()))
                .as("its findings keep their status").containsOnly("risk_accepted");

        triage.editException(TestWorld.ALICE, id, Map.of("expiresAt", extended.toString())).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only security leads and admins change an approved exception."));
        triage.editException(TestWorld.LEAD, id, Map.of("justification", "Something else")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:conflict"))
                .andExpect(jsonPath("$.detail", containsString("only its expiry can change")));
        triage.editException(TestWorld.LEAD, id, Map.of("packageName", "musl")).andExpect(status().isConflict());
        triage.editException(TestWorld.LEAD, id, Map.of("expiresAt", OffsetDateTime.now().minusHours(1).toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"))
                .andExpect(jsonPath("$.detail", containsString("has already passed; to end an approved exception now, revoke it.")));
        assertThat(OffsetDateTime.parse(read(TestWorld.LEAD, id).get("expiresAt").asString()).toInstant()).isEqualTo(shortened.toInstant());
    }

    @Test
    void closedExceptionsAreNotEditable() throws Exception {
        Map<String, String> change = Map.of("justification", "Too late.");
        long rejected = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-2003", null, "not_affected", null));
        triage.decide(TestWorld.LEAD, rejected, "reject").andExpect(status().isOk());
        long revoked = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-2004", null, "not_affected", null));
        triage.decide(TestWorld.LEAD, revoked, "approve").andExpect(status().isOk());
        triage.decide(TestWorld.LEAD, revoked, "revoke").andExpect(status().isOk());
        long expired = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-2005", null, "risk_accepted", 10));
        jdbc.sql("update finding_exception set expires_at = now() - interval '1 minute' where id = :id").param("id", expired).update();

        triage.editException(TestWorld.LEAD, rejected, change).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Exception " + rejected + " is rejected and can no longer be edited; propose a new one."));
        triage.editException(TestWorld.ALICE, rejected, change).andExpect(status().isConflict());
        triage.editException(TestWorld.LEAD, revoked, change).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("is revoked")));
        triage.editException(TestWorld.ALICE, expired, Map.of("expiresAt", OffsetDateTime.now().plusDays(5).toString()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("is expired")));
        triage.editException(TestWorld.BOB, rejected, change).andExpect(status().isNotFound());
    }

    @Test
    void editsAreValidatedLikeProposals() throws Exception {
        long id = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-2006", null, "risk_accepted", 30));
        triage.editException(TestWorld.ALICE, id, Map.of()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"))
                .andExpect(jsonPath("$.detail").value("Send a justification, an expiry (expiresAt) or a package (packageName)."));
        triage.editException(TestWorld.ALICE, id, Map.of("justification", "   ")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("justification (at most 4000 characters) is required."));
        triage.editException(TestWorld.ALICE, id, Map.of("justification", "x".repeat(4001))).andExpect(status().isBadRequest());
        triage.editException(TestWorld.ALICE, id, Map.of("expiresAt", OffsetDateTime.now().minusDays(1).toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("expiresAt must be in the future."));
        Map<String, Object> explicitNull = new HashMap<>();
        explicitNull.put("expiresAt", null);
        triage.editException(TestWorld.ALICE, id, explicitNull).andExpect(status().isBadRequest());
        assertThat(editEvents(id)).isEmpty();
    }

    @Test
    void theExceptionPageEditsWithItsCsrfTokenAndShowsRefusalsReadably() throws Exception {
        long id = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2024-2007", "openssl", "risk_accepted", 30));
        String page = mvc.perform(get("/exceptions/" + id).with(user(TestWorld.ALICE)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("data-testid=\"exception-edit-form\"").contains("name=\"_csrf\"")
                .contains("action=\"/exceptions/" + id + "/edit\"").doesNotContain("style=").doesNotContain("<script>");
        LocalDate lastDay = OffsetDateTime.parse(read(TestWorld.ALICE, id).get("expiresAt").asString())
                .withOffsetSameInstant(ZoneOffset.UTC).minusNanos(1).toLocalDate();
        assertThat(page).as("the form shows the last valid day").contains("value=\"" + lastDay + "\"");

        LocalDate newLastDay = LocalDate.now(ZoneOffset.UTC).plusDays(45);
        mvc.perform(post("/exceptions/" + id + "/edit").with(user(TestWorld.ALICE)).with(csrf())
                        .param("justification", "Behind the WAF.").param("packageName", "openssl")
                        .param("expiresOn", newLastDay.toString()))
                .andExpect(redirectedUrl("/exceptions/" + id))
                .andExpect(flash().attribute("message", "Exception " + id + " saved."));
        JsonNode saved = read(TestWorld.ALICE, id);
        assertThat(saved.get("justification").asString()).isEqualTo("Behind the WAF.");
        assertThat(OffsetDateTime.parse(saved.get("expiresAt").asString()).toInstant())
                .isEqualTo(newLastDay.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));

        mvc.perform(post("/exceptions/" + id + "/edit").with(user(TestWorld.ALICE)).with(csrf())
                        .param("justification", "Behind the WAF.").param("packageName", "openssl")
                        .param("expiresOn", newLastDay.toString()))
                .andExpect(redirectedUrl("/exceptions/" + id));
        assertThat(editEvents(id)).as("the unchanged date sent back moves nothing").hasSize(2);
        assertThat(editEvents(id).get(1).get("unchanged").asBoolean()).isTrue();

        String refused = mvc.perform(post("/exceptions/" + id + "/edit").with(user(TestWorld.ALICE)).with(csrf())
                        .param("justification", "Typed, not lost").param("packageName", "openssl")
                        .param("expiresOn", LocalDate.now(ZoneOffset.UTC).minusDays(3).toString()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("data-testid=\"edit-error\"").contains("expiresAt must be in the future.")
                .contains("Typed, not lost");

        mvc.perform(post("/exceptions/" + id + "/edit").with(user(TestWorld.ALICE)).param("justification", "No token"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/exceptions/" + id + "/edit").with(user(TestWorld.BOB)).with(csrf()).param("justification", "Not mine"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/exceptions/" + id + "/edit").with(user(TestWorld.AUDITOR).roles("AUDITOR")).with(csrf())
                .param("justification", "Read only")).andExpect(status().isForbidden());
        assertThat(mvc.perform(get("/exceptions/" + id).with(user(TestWorld.AUDITOR))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString())
                .doesNotContain("data-testid=\"exception-edit-form\"").contains("Behind the WAF.");
        mvc.perform(get("/exceptions/" + id).with(user(TestWorld.BOB))).andExpect(status().isNotFound());
        assertThat(mvc.perform(get("/exceptions/" + id).with(user(TestWorld.ALICE))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString())
                .as("the history shows the edit").contains("exception.edited");
    }

    /** A second developer of team alpha (not the proposer). */
    private String alphaDeveloper() {
        String username = "carol-" + PEOPLE.incrementAndGet() + "-" + project.id();
        access.createLocalUser(username, "Carol", TestWorld.PASSWORD, Role.DEVELOPER, List.of(world.alpha().id()));
        return username;
    }

    private JsonNode read(String user, long id) throws Exception {
        return uploads.read(mvc.perform(get("/api/v1/exceptions/" + id)
                        .with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private List<JsonNode> editEvents(long id) {
        return jdbc.sql("select details::text from audit_event where action = 'exception.edited' and target_type = 'exception' "
                        + "and target_id = :id order by id")
                .param("id", String.valueOf(id))
                .query(String.class)
                .list().stream().map(uploads::read).toList();
    }
}
