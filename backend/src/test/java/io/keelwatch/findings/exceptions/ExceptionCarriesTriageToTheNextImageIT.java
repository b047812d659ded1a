package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * A rebuilt image has a new digest, so its findings are new rows: a risk acceptance approved on
 * the old image's finding reaches them only as an exception. Revoking it reopens both images' findings.
 */
@KeelwatchIntegrationTest
class ExceptionCarriesTriageToTheNextImageIT {

    private static final byte[] ALPINE_39 = Fixtures.bytes("trivy/alpine-39.json.golden");
    private static final String OLD_DIGEST = "sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1";
    private static final String NEW_DIGEST = "sha256:" + "ab".repeat(32);

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    FindingService findings;

    private ScanUploads uploads;
    private TriageCalls triage;
    private ProjectRef project;

    @BeforeEach
    void setUp() throws Exception {
        uploads = new ScanUploads(mvc);
        triage = new TriageCalls(mvc);
        project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39).andExpect(status().isCreated());
    }

    @Test
    void approvedRiskAcceptanceReachesTheRebuiltImageAndRevokingReopensBoth() throws Exception {
        long id = triage.proposed(TestWorld.ALICE,
                TriageCalls.exception(project.slug(), "CVE-2019-14697", "musl", "risk_accepted", 30));
        assertThat(statusOf("CVE-2019-14697", "musl", OLD_DIGEST)).as("proposed is not yet approved").isEqualTo("open");

        triage.decide(TestWorld.LEAD, id, "approve")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("approved"))
                .andExpect(jsonPath("$.approvedBy").value(TestWorld.LEAD))
                .andExpect(jsonPath("$.findingsCovered").value(1));
        assertThat(statusOf("CVE-2019-14697", "musl", OLD_DIGEST)).isEqualTo("risk_accepted");
        assertThat(statusOf("CVE-2019-14697", "musl-utils", OLD_DIGEST)).as("other package").isEqualTo("open");
        assertThat(dashboardCritical()).as("accepted risk leaves the dashboard").isEqualTo(1);

        uploads.upload(TestWorld.ALICE, project.slug(), uploads.rebuilt(ALPINE_39, "2030-01-01T00:00:00Z", NEW_DIGEST))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.image.digest").value(NEW_DIGEST))
                .andExpect(jsonPath("$.findings.newFindings").value(6));

        JsonNode rebuilt = finding("CVE-2019-14697", "musl", NEW_DIGEST);
        assertThat(rebuilt.get("status").asString()).isEqualTo("risk_accepted");
        assertThat(rebuilt.get("exceptionId").asLong()).isEqualTo(id);
        assertThat(statusOf("CVE-2019-14697", "musl-utils", NEW_DIGEST)).isEqualTo("open");
        assertThat(dashboardCritical()).as("one open critical per image: musl-utils").isEqualTo(2);

        triage.decide(TestWorld.LEAD, id, "revoke")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("revoked"))
                .andExpect(jsonPath("$.findingsCovered").value(0));
        assertThat(statusOf("CVE-2019-14697", "musl", OLD_DIGEST)).isEqualTo("open");
        assertThat(statusOf("CVE-2019-14697", "musl", NEW_DIGEST)).isEqualTo("open");
        assertThat(dashboardCritical()).isEqualTo(4);
        triage.history(TestWorld.ALICE, rebuilt.get("id").asLong())
                .andExpect(jsonPath("$[0].action").value("finding.exception-applied"))
                .andExpect(jsonPath("$[1].action").value("finding.exception-released"))
                .andExpect(jsonPath("$[1].details.after.status").value("open"));
    }

    @Test
    void teamWideExceptionCoversEveryProjectOfTheTeam() throws Exception {
        ProjectRef sibling = world.alphaProject();
        Map<String, Object> body = TriageCalls.exception(null, "CVE-2019-1549", null, "not_affected", null);
        body.remove("project");
        body.put("team", world.alpha().slug());
        long id = triage.proposed(TestWorld.ALICE, body);
        triage.decide(TestWorld.LEAD, id, "approve").andExpect(status().isOk());
        try {
            teamWideExceptionApplies(sibling);
        } finally {
            // team alpha is shared by every test: leave no team-wide decision behind
            triage.decide(TestWorld.LEAD, id, "revoke").andExpect(status().isOk());
        }
        assertThat(statusOf("CVE-2019-1549", "libssl1.1", OLD_DIGEST)).isEqualTo("open");
    }

    private void teamWideExceptionApplies(ProjectRef sibling) throws Exception {
        assertThat(statusOf("CVE-2019-1549", "libssl1.1", OLD_DIGEST)).isEqualTo("not_affected");
        assertThat(statusOf("CVE-2019-1549", "libcrypto1.1", OLD_DIGEST)).isEqualTo("not_affected");

        uploads.upload(TestWorld.ALICE, sibling.slug(), ALPINE_39).andExpect(status().isCreated());
        List<String> statuses = uploads.findings(TestWorld.ALICE, sibling.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals("CVE-2019-1549"))
                .map(f -> f.get("status").asString()).toList();
        assertThat(statuses).containsExactly("not_affected", "not_affected");

        ProjectRef other = world.betaProject();
        uploads.upload(TestWorld.BOB, other.slug(), ALPINE_39).andExpect(status().isCreated());
        assertThat(uploads.findings(TestWorld.BOB, other.slug()).stream().map(f -> f.get("status").asString()))
                .as("another team's project").containsOnly("open");
    }

    private String statusOf(String rule, String pkg, String digest) throws Exception {
        return finding(rule, pkg, digest).get("status").asString();
    }

    private JsonNode finding(String rule, String pkg, String digest) throws Exception {
        return uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals(rule) && f.get("packageName").asString().equals(pkg)
                        && f.get("imageDigest").asString().equals(digest))
                .findFirst().orElseThrow();
    }

    private long dashboardCritical() {
        return findings.exposureByProject(new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of())).stream()
                .filter(p -> p.project().equals(project.slug()))
                .mapToLong(ProjectExposure::critical)
                .sum();
    }
}
