package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.ExclusiveJobs;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * When a risk acceptance expires the scheduled job reopens its findings, once, on one replica, and
 * the owning team sees the lapse on its pages for a week.
 */
@KeelwatchIntegrationTest
class ExpiredExceptionReopensFindingsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    ExceptionExpiryJob job;
    @Autowired
    DataSource dataSource;

    private ScanUploads uploads;
    private ProjectRef project;
    private long exceptionId;

    @BeforeEach
    void acceptedRisk() throws Exception {
        uploads = new ScanUploads(mvc);
        TriageCalls triage = new TriageCalls(mvc);
        project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden")).andExpect(status().isCreated());
        exceptionId = triage.proposed(TestWorld.ALICE,
                TriageCalls.exception(project.slug(), "CVE-2019-1551", null, "risk_accepted", 10));
        triage.decide(TestWorld.LEAD, exceptionId, "approve").andExpect(status().isOk());
        assertThat(statuses()).containsOnly("risk_accepted");
    }

    @Test
    void expiryReopensTheFindingsOnceAndTheTeamIsTold() throws Exception {
        Instant afterExpiry = Instant.now().plus(Duration.ofDays(11));
        assertThat(job.run(Instant.now())).as("not yet expired").doesNotContain(exceptionId);
        assertThat(statuses()).containsOnly("risk_accepted");

        assertThat(job.run(afterExpiry)).contains(exceptionId);
        assertThat(statuses()).containsOnly("open");
        assertThat(job.run(afterExpiry)).as("a second run finds nothing left to do").doesNotContain(exceptionId);

        String findingsPage = page(TestWorld.ALICE, "/findings");
        assertThat(findingsPage).contains("data-testid=\"lapsed-exceptions\"").contains("CVE-2019-1551");
        String dashboard = page(TestWorld.ALICE, "/");
        assertThat(dashboard).contains("CVE-2019-1551");
        String otherTeam = page(TestWorld.BOB, "/");
        assertThat(otherTeam).contains("data-testid=\"current-user\"").doesNotContain("CVE-2019-1551");
    }

    @Test
    void onlyOneReplicaRunsTheJobAtATime() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, ExclusiveJobs.lockKey(ExceptionExpiryJob.JOB));
                lock.execute();
            }
            assertThat(job.run(Instant.now().plus(Duration.ofDays(11)))).as("another replica holds the lock").isEmpty();
            assertThat(statuses()).containsOnly("risk_accepted");
            other.rollback();
        }
        assertThat(job.run(Instant.now().plus(Duration.ofDays(11)))).contains(exceptionId);
    }

    private String page(String username, String path) throws Exception {
        return mvc.perform(get(path).with(user(username)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();
    }

    private List<String> statuses() throws Exception {
        return uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals("CVE-2019-1551"))
                .map(f -> f.get("status").asString()).toList();
    }
}
