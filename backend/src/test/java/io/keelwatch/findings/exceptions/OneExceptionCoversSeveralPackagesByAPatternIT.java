package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * One exception covers a CVE in several packages by a pattern ({@code musl*}: {@code musl} and
 * {@code musl-utils} of alpine 3.9); {@code _} in a pattern is only itself; where an exact package and
 * a pattern both match, the exact one decides, also when it is revoked (the pattern takes over); the
 * covered findings are listed before approval; the OpenVEX export names both packages' purls.
 */
@KeelwatchIntegrationTest
class OneExceptionCoversSeveralPackagesByAPatternIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private ProjectRef project;
    private TriageCalls triage;

    @BeforeEach
    void alpine39() throws Exception {
        project = world.alphaProject();
        new ScanUploads(mvc).upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden"))
                .andExpect(status().isCreated());
        triage = new TriageCalls(mvc);
    }

    @Test
    void aPatternCoversBothPackagesTheExactOneWinsAndTheExportNamesBoth() throws Exception {
        long pattern = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-14697", "musl*", "risk_accepted", 30));
        mvc.perform(get("/api/v1/exceptions/" + pattern + "/findings").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(2))
                .andExpect(jsonPath("$.items[*].packageName").value(org.hamcrest.Matchers.containsInAnyOrder("musl", "musl-utils")))
                .andExpect(jsonPath("$.items[0].setByException").value(false));

        long exact = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-14697", "musl", "false_positive", null));
        triage.decide(TestWorld.LEAD, pattern, "approve").andExpect(status().isOk());
        assertThat(statuses()).isEqualTo(Map.of("musl", "risk_accepted", "musl-utils", "risk_accepted"));

        // the exact package's exception, approved later, takes its finding once the pattern lets go of it
        triage.decide(TestWorld.LEAD, exact, "approve").andExpect(status().isOk());
        triage.decide(TestWorld.LEAD, pattern, "revoke").andExpect(status().isOk());
        assertThat(statuses()).isEqualTo(Map.of("musl", "false_positive", "musl-utils", "open"));

        long again = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-14697", "musl*", "risk_accepted", 30));
        triage.decide(TestWorld.LEAD, again, "approve").andExpect(status().isOk());
        assertThat(statuses()).as("the exact one keeps musl").isEqualTo(Map.of("musl", "false_positive", "musl-utils", "risk_accepted"));
        triage.decide(TestWorld.LEAD, exact, "revoke").andExpect(status().isOk());
        assertThat(statuses()).as("the pattern takes musl over").isEqualTo(Map.of("musl", "risk_accepted", "musl-utils", "risk_accepted"));

        String vex = mvc.perform(get("/api/v1/projects/" + project.slug() + "/openvex").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(vex).contains("pkg:apk/alpine/musl", "pkg:apk/alpine/musl-utils");
    }

    @Test
    void anUnderscoreIsOnlyItselfAndPatternsAreBounded() throws Exception {
        long underscore = triage.proposed(TestWorld.ALICE,
                TriageCalls.exception(project.slug(), "CVE-2019-1549", "libssl1_1", "risk_accepted", 30));
        mvc.perform(get("/api/v1/exceptions/" + underscore + "/findings").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(jsonPath("$.totalItems").value(0)); // libssl1.1 is not libssl1_1
        triage.propose(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-1549", "x".repeat(201), "risk_accepted", 30))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
    }

    private Map<String, String> statuses() {
        Map<String, String> statuses = new java.util.TreeMap<>();
        jdbc.sql("select package_name, status from finding where project_id = :p and vulnerability_id = 'CVE-2019-14697'")
                .param("p", project.id())
                .query((rs, n) -> statuses.put(rs.getString(1), rs.getString(2)))
                .list();
        return statuses;
    }
}
