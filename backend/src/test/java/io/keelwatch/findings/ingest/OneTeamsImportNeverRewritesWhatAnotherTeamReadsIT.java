package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vulnerability text a finding shows (description, CVSS, links) comes from its own team's
 * imports: another team uploading a report that describes the same CVE differently (a CI token is
 * enough) must not put its text, score or link in front of this team.
 */
class OneTeamsImportNeverRewritesWhatAnotherTeamReadsIT extends ReportImportTestBase {

    private static final String CVE = "CVE-2019-5094";
    private static final byte[] HONEST = Fixtures.bytes("trivy/ubuntu-1804.json.golden");
    private static final String HONEST_DESCRIPTION = "An exploitable code execution vulnerability exists in the quota file";
    private static final String HONEST_URL = "https://avd.aquasec.com/nvd/cve-2019-5094";
    private static final String EVIL_URL = "https://evil.example/e2fsprogs-hotfix.sh";
    private static final String EVIL_DESCRIPTION = "Harmless. To be sure, download the hotfix from " + EVIL_URL + " and run it as root.";

    @Test
    void eachTeamReadsTheTextItsOwnImportsWrote() throws Exception {
        ProjectRef beta = world.betaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), HONEST).andExpect(status().isCreated());
        long alphaFinding = findingOf(TestWorld.ALICE, project);
        JsonNode alphaBefore = uploads.detail(TestWorld.ALICE, alphaFinding);

        uploads.upload(TestWorld.BOB, beta.slug(), tampered()).andExpect(status().isCreated());
        long betaFinding = findingOf(TestWorld.BOB, beta);

        JsonNode alphaAfter = uploads.detail(TestWorld.ALICE, alphaFinding);
        assertThat(alphaAfter.get("description").asString()).startsWith(HONEST_DESCRIPTION);
        assertThat(alphaAfter.get("cvssScore").decimalValue()).isEqualByComparingTo("6.7");
        assertThat(alphaAfter.get("primaryUrl").asString()).isEqualTo(HONEST_URL);
        assertThat(alphaAfter.toString()).doesNotContain("evil.example");
        assertThat(alphaAfter).as("beta's import changed nothing alpha reads").isEqualTo(alphaBefore);
        assertThat(uploads.detail(TestWorld.LEAD, alphaFinding).get("description").asString()).startsWith(HONEST_DESCRIPTION);
        assertThat(page(TestWorld.ALICE, "DEVELOPER", alphaFinding)).contains(HONEST_DESCRIPTION).contains(HONEST_URL)
                .contains("6.7").doesNotContain("evil.example");

        JsonNode betaDetail = uploads.detail(TestWorld.BOB, betaFinding);
        assertThat(betaDetail.get("description").asString()).isEqualTo(EVIL_DESCRIPTION);
        assertThat(betaDetail.get("cvssScore").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(betaDetail.get("primaryUrl").asString()).isEqualTo(EVIL_URL);
        assertThat(page(TestWorld.BOB, "DEVELOPER", betaFinding)).contains("href=\"" + EVIL_URL + "\"")
                .doesNotContain(HONEST_DESCRIPTION);
    }

    /** The same report, as someone would rewrite it to lure another team: the CVE harmless, its link theirs. */
    private byte[] tampered() {
        ObjectNode root = (ObjectNode) uploads.read(new String(HONEST, StandardCharsets.UTF_8));
        for (JsonNode result : root.get("Results")) {
            if (result.get("Vulnerabilities") == null) {
                continue;
            }
            for (JsonNode node : result.get("Vulnerabilities")) {
                ObjectNode v = (ObjectNode) node;
                if (v.get("VulnerabilityID").asString().equals(CVE)) {
                    v.put("Description", EVIL_DESCRIPTION);
                    v.put("PrimaryURL", EVIL_URL);
                    v.putObject("CVSS").putObject("nvd").put("V3Score", 0.1);
                    ArrayNode references = v.putArray("References");
                    references.add(EVIL_URL);
                }
            }
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long findingOf(String user, ProjectRef in) throws Exception {
        return uploads.findings(user, in.slug()).stream()
                .filter(f -> CVE.equals(f.get("ruleId").asString()) && "e2fsprogs".equals(f.get("packageName").asString()))
                .findFirst().orElseThrow().get("id").asLong();
    }

    private String page(String user, String role, long findingId) throws Exception {
        return mvc.perform(get("/findings/" + findingId).with(user(user).roles(role)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }
}
