package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Two approved exceptions cover one finding: the project's exception for CVE-2019-14697 in any
 * package (a false positive, no expiry) and the one for the same CVE in package {@code musl} only
 * (an accepted risk for 10 days). The more specific one sets the finding's status, whichever was
 * approved first; when it is revoked or expires the other takes over; with both gone the finding
 * is open again. {@code musl-utils}, which only the broad one covers, shows the broad one all along.
 * Everything is scoped to the test's own projects, so no other test's findings are touched.
 */
@KeelwatchIntegrationTest
class TheMostSpecificExceptionWinsAndTheNextTakesOverIT {

    private static final byte[] ALPINE_39 = Fixtures.bytes("trivy/alpine-39.json.golden");
    private static final String CVE = "CVE-2019-14697";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    ExceptionExpiryJob job;

    private ScanUploads uploads;
    private TriageCalls triage;
    private ProjectRef project;

    @BeforeEach
    void setUp() {
        uploads = new ScanUploads(mvc);
        triage = new TriageCalls(mvc);
        project = world.alphaProject();
    }

    @Test
    void theMostSpecificSetsTheStatusAndTheOtherTakesOverWhenItIsRevoked() throws Exception {
        long broad = approved(TriageCalls.exception(project.slug(), CVE, null, "false_positive", null));
        long specific = approved(TriageCalls.exception(project.slug(), CVE, "musl", "risk_accepted", 10));
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39).andExpect(status().isCreated());

        assertCitedBy("musl", specific, "risk_accepted");
        assertThat(expiryShownFor("musl")).as("the finding shows the expiry of the exception that set its status")
                .isAfter(OffsetDateTime.now().plusDays(9));
        assertCitedBy("musl-utils", broad, "false_positive");

        triage.decide(TestWorld.LEAD, specific, "revoke").andExpect(status().isOk());
        assertCitedBy("musl", broad, "false_positive");
        assertThat(expiryShownFor("musl")).as("the broad exception never expires").isNull();

        triage.decide(TestWorld.LEAD, broad, "revoke").andExpect(status().isOk());
        assertCitedBy("musl", null, "open");
        assertCitedBy("musl-utils", null, "open");
    }

    @Test
    void aMoreSpecificExceptionApprovedLaterTakesOverAndKeepsTheFindingWhenTheBroadOneIsRevoked() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39).andExpect(status().isCreated());
        long broad = approved(TriageCalls.exception(project.slug(), CVE, null, "false_positive", null));
        assertCitedBy("musl", broad, "false_positive");

        long specific = approved(TriageCalls.exception(project.slug(), CVE, "musl", "risk_accepted", 10));
        assertCitedBy("musl", specific, "risk_accepted");
        assertCitedBy("musl-utils", broad, "false_positive");

        triage.decide(TestWorld.LEAD, broad, "revoke").andExpect(status().isOk());
        assertCitedBy("musl", specific, "risk_accepted");
        assertCitedBy("musl-utils", null, "open");

        triage.decide(TestWorld.LEAD, specific, "revoke").andExpect(status().isOk());
        assertCitedBy("musl", null, "open");
    }

    @Test
    void whenTheMostSpecificExpiresTheOtherTakesOver() throws Exception {
        long broad = approved(TriageCalls.exception(project.slug(), CVE, null, "false_positive", null));
        long specific = approved(TriageCalls.exception(project.slug(), CVE, "musl", "risk_accepted", 10));
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39).andExpect(status().isCreated());
        assertCitedBy("musl", specific, "risk_accepted");

        assertThat(job.run(Instant.now().plus(Duration.ofDays(11)))).contains(specific).doesNotContain(broad);

        assertCitedBy("musl", broad, "false_positive");
        assertCitedBy("musl-utils", broad, "false_positive");
    }

    private long approved(java.util.Map<String, Object> proposal) throws Exception {
        long id = triage.proposed(TestWorld.ALICE, proposal);
        triage.decide(TestWorld.LEAD, id, "approve").andExpect(status().isOk());
        return id;
    }

    /** The finding of {@link #CVE} in {@code pkg} has {@code status}, set by exception {@code exceptionId} (null: none). */
    private void assertCitedBy(String pkg, Long exceptionId, String status) throws Exception {
        JsonNode finding = finding(pkg);
        assertThat(finding.get("status").asString()).as(pkg + "'s status").isEqualTo(status);
        JsonNode cited = finding.get("exceptionId");
        assertThat(cited == null || cited.isNull() ? null : cited.asLong()).as(pkg + "'s exception").isEqualTo(exceptionId);
        long setters = 0;
        for (JsonNode match : uploads.detail(TestWorld.ALICE, finding.get("id").asLong()).get("exceptions")) {
            if (match.get("setsStatus").asBoolean()) {
                setters++;
                assertThat(match.get("id").asLong()).as("the exception the finding's page marks").isEqualTo(exceptionId);
            }
        }
        assertThat(setters).as("exceptions marked as setting " + pkg + "'s status").isEqualTo(exceptionId == null ? 0 : 1);
    }

    /** The expiry of the exception the finding's page marks as setting its status, or null. */
    private OffsetDateTime expiryShownFor(String pkg) throws Exception {
        for (JsonNode match : uploads.detail(TestWorld.ALICE, finding(pkg).get("id").asLong()).get("exceptions")) {
            if (match.get("setsStatus").asBoolean()) {
                JsonNode expires = match.get("expiresAt");
                return expires == null || expires.isNull() ? null : OffsetDateTime.parse(expires.asString());
            }
        }
        throw new AssertionError("no exception sets the status of " + pkg);
    }

    private JsonNode finding(String pkg) throws Exception {
        return uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals(CVE) && f.get("packageName").asString().equals(pkg))
                .findFirst().orElseThrow();
    }
}
