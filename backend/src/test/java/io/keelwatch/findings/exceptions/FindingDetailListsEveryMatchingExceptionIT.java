package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * A finding's page and API list every exception that matches it — its project's and its team's,
 * for its package or any, proposed, approved, rejected, revoked and expired — and no exception of
 * another package, vulnerability, project or team.
 */
@KeelwatchIntegrationTest
class FindingDetailListsEveryMatchingExceptionIT {

    private static final byte[] ALPINE_39 = Fixtures.bytes("trivy/alpine-39.json.golden");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ExceptionExpiryJob expiryJob;

    @Test
    void everyMatchingExceptionInEveryStateAndNoOther() throws Exception {
        ScanUploads uploads = new ScanUploads(mvc);
        TriageCalls triage = new TriageCalls(mvc);
        ProjectRef project = world.alphaProject();
        ProjectRef sibling = world.alphaProject();
        ProjectRef otherTeams = world.betaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39).andExpect(status().isCreated());
        uploads.upload(TestWorld.BOB, otherTeams.slug(), ALPINE_39).andExpect(status().isCreated());

        long revoked = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-1549", "libssl1.1", "false_positive", null));
        triage.decide(TestWorld.LEAD, revoked, "approve").andExpect(status().isOk());
        triage.decide(TestWorld.LEAD, revoked, "revoke").andExpect(status().isOk());
        long applied = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-1549", "libssl1.1", "not_affected", null));
        triage.decide(TestWorld.LEAD, applied, "approve").andExpect(status().isOk());
        long expired = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-1549", null, "risk_accepted", 30));
        triage.decide(TestWorld.LEAD, expired, "approve").andExpect(status().isOk());
        jdbc.sql("update finding_exception set expires_at = now() - interval '1 minute' where id = :id").param("id", expired).update();
        assertThat(expiryJob.run(Instant.now())).contains(expired);
        long proposed = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-1549", null, "not_affected", null));
        long teamWide = triage.proposed(TestWorld.ALICE, TriageCalls.teamException(world.alpha().slug(), "CVE-2019-1549", "libssl1.1", "not_affected", null));
        triage.decide(TestWorld.LEAD, teamWide, "reject").andExpect(status().isOk());
        long otherPackage = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-1549", "libcrypto1.1", "not_affected", null));
        long otherVulnerability = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-1551", "libssl1.1", "not_affected", null));
        long otherProject = triage.proposed(TestWorld.ALICE, TriageCalls.exception(sibling.slug(), "CVE-2019-1549", null, "not_affected", null));
        long otherTeam = triage.proposed(TestWorld.BOB, TriageCalls.exception(otherTeams.slug(), "CVE-2019-1549", "libssl1.1", "not_affected", null));

        long finding = uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals("CVE-2019-1549") && f.get("packageName").asString().equals("libssl1.1"))
                .findFirst().orElseThrow().get("id").asLong();
        JsonNode detail = uploads.detail(TestWorld.ALICE, finding);
        assertThat(detail.get("status").asString()).isEqualTo("not_affected");
        // team alpha is shared with other tests, whose team-wide exceptions for this CVE may match too: look at ours
        Set<Long> ours = Set.of(applied, revoked, expired, proposed, teamWide, otherPackage, otherVulnerability, otherProject, otherTeam);
        Map<Long, String> states = states(detail, ours);
        assertThat(states).containsExactly(
                Map.entry(applied, "approved"), Map.entry(teamWide, "rejected"), Map.entry(proposed, "proposed"),
                Map.entry(expired, "expired"), Map.entry(revoked, "revoked"));
        JsonNode first = detail.get("exceptions").get(0);
        assertThat(first.get("setsStatus").asBoolean()).as("the exception that set the status comes first").isTrue();
        assertThat(first.get("href").asString()).isEqualTo("/api/v1/exceptions/" + applied);
        assertThat(first.get("project").asString()).isEqualTo(project.slug());
        assertThat(first.get("approvedBy").asString()).isEqualTo(TestWorld.LEAD);
        assertThat(first.get("proposedBy").asString()).isEqualTo(TestWorld.ALICE);
        assertThat(first.get("justification").asString()).startsWith("Only reachable");
        JsonNode team = byId(detail, teamWide);
        assertThat(ScanUploads.field(team, "project")).as("team-wide: no project").isEqualTo("-");
        assertThat(team.get("team").asString()).isEqualTo(world.alpha().slug());
        assertThat(team.get("setsStatus").asBoolean()).isFalse();
        assertThat(byId(detail, expired).get("expiresAt").asString()).as("expiry with its offset").endsWith("Z");

        JsonNode auditors = uploads.read(mvc.perform(get("/api/v1/findings/" + finding)
                        .with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(states(auditors, ours)).isEqualTo(states);
        mvc.perform(get("/api/v1/findings/" + finding).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());

        String page = mvc.perform(get("/findings/" + finding).with(user(TestWorld.ALICE)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        for (long shown : new long[] {applied, teamWide, proposed, expired, revoked}) {
            assertThat(page).contains("data-exception=\"" + shown + "\"").contains("href=\"/exceptions/" + shown + "\"");
        }
        for (long hidden : new long[] {otherPackage, otherVulnerability, otherProject, otherTeam}) {
            assertThat(page).doesNotContain("data-exception=\"" + hidden + "\"");
        }
        assertThat(page).contains(">expired<").contains(">revoked<").contains(">rejected<").contains(">proposed<")
                .contains("team " + world.alpha().slug());
    }

    @Test
    void aFindingWithoutExceptionsSaysSo() throws Exception {
        ScanUploads uploads = new ScanUploads(mvc);
        ProjectRef project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/debian-buster.json.golden")).andExpect(status().isCreated());
        long finding = uploads.findings(TestWorld.ALICE, project.slug()).get(0).get("id").asLong();
        assertThat(uploads.detail(TestWorld.ALICE, finding).get("exceptions").isEmpty()).isTrue();
        assertThat(mvc.perform(get("/findings/" + finding).with(user(TestWorld.ALICE))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString())
                .contains("No exception matches this finding.");
    }

    /** Id → state of the listed exceptions among {@code ids}, in the listed order. */
    private static Map<Long, String> states(JsonNode detail, Set<Long> ids) {
        Map<Long, String> states = new LinkedHashMap<>();
        detail.get("exceptions").forEach(e -> {
            if (ids.contains(e.get("id").asLong())) {
                states.put(e.get("id").asLong(), e.get("state").asString());
            }
        });
        return states;
    }

    private static JsonNode byId(JsonNode detail, long id) {
        for (JsonNode e : detail.get("exceptions")) {
            if (e.get("id").asLong() == id) {
                return e;
            }
        }
        throw new AssertionError("exception " + id + " not listed");
    }
}
