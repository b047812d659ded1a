package io.keelwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.Role;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ExceptionState;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.FindingStatus;
import io.keelwatch.findings.FindingSummary;
import io.keelwatch.findings.ScanSummary;
import io.keelwatch.findings.triage.TriageService;
import io.keelwatch.platform.PageRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The evaluation shows what Keelwatch is for: the demo seeds, through the services people use,
 * weeks of scans with several real reports per image (findings fixed by a later scan and one
 * reopened after it was marked fixed by hand), triage with assignees and comments, exceptions in
 * every state a lead meets (proposed, approved, rejected, expired) and findings past their SLA.
 */
// The same context as ReadmeScreenshotsComeFromTheDemoInChromiumIT: one demo seeding for both.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "keelwatch.demo.enabled=true")
class DemoSeedsWeeksOfHistoryTriageExceptionsAndBreachedSlasIT {

    @Autowired
    AccessService access;
    @Autowired
    FindingService findings;
    @Autowired
    FindingExceptionService exceptions;
    @Autowired
    TriageService triage;
    @Autowired
    JdbcClient jdbc;

    Viewer lead;

    @BeforeEach
    void signInAsLead() {
        lead = new Viewer(access.user("lead").orElseThrow().id(), "lead", Role.SECURITY_LEAD, Set.of());
    }

    @Test
    void imagesHaveSeveralScansOverWeeksThatFixedAndReopenedFindings() {
        List<ScanSummary> scans = findings.scans("payments-api", new PageRequest(0, 100), lead).items();
        Map<String, Long> scansPerImage = scans.stream().collect(Collectors.groupingBy(ScanSummary::imageDigest, Collectors.counting()));
        assertThat(scansPerImage).as("payments-api scans per image").hasSize(2).allSatisfy((image, count) -> assertThat(count).isEqualTo(2));
        OffsetDateTime oldest = scans.stream().map(ScanSummary::importedAt).min(OffsetDateTime::compareTo).orElseThrow();
        OffsetDateTime newest = scans.stream().map(ScanSummary::importedAt).max(OffsetDateTime::compareTo).orElseThrow();
        assertThat(Duration.between(oldest, newest)).as("the scans span weeks").isGreaterThanOrEqualTo(Duration.ofDays(28));
        assertThat(scans).as("a later scan fixed findings").anySatisfy(s -> assertThat(s.fixed()).isPositive());
        assertThat(scans).as("a later scan reopened a finding").anySatisfy(s -> assertThat(s.reopened()).isPositive());
        for (String project : List.of("payments-worker", "ingress-gateway")) {
            assertThat(findings.scans(project, new PageRequest(0, 100), lead).items()
                    .stream().collect(Collectors.groupingBy(ScanSummary::imageDigest, Collectors.counting())).values())
                    .as(project + " has an image scanned twice").contains(2L);
        }
    }

    @Test
    void findingsAreTriagedWithAssigneesAndCommentsAndSomeArePastTheirSla() {
        List<FindingSummary> assigned = all(new FindingFilter(null, null, List.of(), List.of(FindingStatus.open, FindingStatus.in_progress),
                null, null, null, null)).stream().filter(f -> f.assignee() != null).toList();
        assertThat(assigned).as("assigned findings").hasSizeGreaterThanOrEqualTo(3);
        assertThat(assigned).extracting(FindingSummary::status).contains(FindingStatus.in_progress);
        assertThat(assigned).as("every assigned finding has a comment saying why")
                .allSatisfy(f -> assertThat(triage.comments(f.id(), lead)).isNotEmpty());
        List<FindingSummary> breached = all(new FindingFilter(null, null, List.of(), List.of(), null, null, FindingFilter.Due.breached, null));
        assertThat(breached).as("findings past their SLA").isNotEmpty();
        assertThat(jdbc.sql("select count(*) from finding where reopened_count > 0").query(Long.class).single())
                .as("reopened findings").isPositive();
    }

    @Test
    void exceptionsAreProposedApprovedRejectedAndExpired() {
        List<FindingExceptionSummary> proposed = exceptions.exceptions(ExceptionState.proposed, null, new PageRequest(0, 100), lead).items();
        List<FindingExceptionSummary> approved = exceptions.exceptions(ExceptionState.approved, null, new PageRequest(0, 100), lead).items();
        List<FindingExceptionSummary> rejected = exceptions.exceptions(ExceptionState.rejected, null, new PageRequest(0, 100), lead).items();
        assertThat(proposed).as("proposed, awaiting a decision").anySatisfy(e -> assertThat(e.expired()).isFalse());
        assertThat(approved).as("approved and in force, covering findings")
                .anySatisfy(e -> {
                    assertThat(e.active()).isTrue();
                    assertThat(e.findingsCovered()).isPositive();
                });
        assertThat(approved).as("approved and expired").anySatisfy(e -> assertThat(e.expired()).isTrue());
        assertThat(rejected).as("rejected").isNotEmpty();
    }

    private List<FindingSummary> all(FindingFilter filter) {
        return findings.findings(filter, new PageRequest(0, PageRequest.MAX_SIZE), lead).items();
    }
}
