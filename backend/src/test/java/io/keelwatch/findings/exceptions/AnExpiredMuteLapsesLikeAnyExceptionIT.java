package io.keelwatch.findings.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.audit.AuditTrailEntry;
import io.keelwatch.findings.ExceptionKind;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.MuteProposal;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A mute is an exception like any other: the expiry job lapses it once and audits "exception.expired"
 * (with no team for a mute of a cluster alone), reopening no finding since it set none.
 */
@KeelwatchIntegrationTest
class AnExpiredMuteLapsesLikeAnyExceptionIT {

    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    FindingExceptionService exceptions;
    @Autowired
    ExceptionExpiryJob job;

    @Test
    void theExpiryJobLapsesAnExpiredMuteOnceAndAuditsIt() {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
        String cluster = inventory.createCluster("lapse-" + suffix, inventory.createEnvironment("lapse-" + suffix, world.admin()).name(),
                null, world.admin()).name();
        FindingExceptionSummary mute = exceptions.proposeMute(new MuteProposal(null, null, cluster, "Terminal shell in container",
                "kube-*", null, null, ExceptionKind.risk_accepted, "Node debugging during the migration.",
                Instant.now().plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC)), world.admin());
        assertThat(mute.team()).isNull();
        exceptions.approve(mute.id(), null, world.admin());

        Instant afterExpiry = Instant.now().plus(Duration.ofDays(2));
        assertThat(job.run(afterExpiry)).contains(mute.id());
        assertThat(job.run(afterExpiry)).as("lapsed once").doesNotContain(mute.id());
        FindingExceptionSummary lapsed = exceptions.exception(mute.id(), world.admin());
        assertThat(lapsed.lapsedAt()).isNotNull();
        assertThat(lapsed.findingsCovered()).isZero();
        assertThat(exceptions.history(mute.id(), world.admin())).extracting(AuditTrailEntry::action)
                .containsSubsequence("exception.proposed", "exception.approved", "exception.expired");
    }
}
