package io.keelwatch.demo;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ExceptionKind;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.GateWaiverProposal;
import io.keelwatch.signing.NewGatePolicy;
import io.keelwatch.signing.SigningService;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The deploy gate in the demo: a policy in warn mode for prod (every image signed by a trusted signer and scanned within
 * 30 days), which the demo's prod workloads break — so "What would the gate say?" lists what it would block once it
 * enforces — and a waiver of its signature rule for ingress-gateway's trivy-test-images builds (the gateway pod runs
 * its centos-7 build), proposed by the platform developer and approved by the lead (one exception mechanism), shown
 * waived on that list.
 */
@Component
class DemoGate {

    static final String POLICY = "prod: signed and scanned within 30 days";
    /** The repository of the centos-7 build ingress-gateway scans and its gateway pod runs. */
    static final String WAIVED_REPOSITORY = "ghcr.io/aquasecurity/trivy-test-images";

    private static final Logger log = LoggerFactory.getLogger(DemoGate.class);

    private final SigningService signing;
    private final FindingExceptionService exceptions;

    DemoGate(SigningService signing, FindingExceptionService exceptions) {
        this.signing = signing;
        this.exceptions = exceptions;
    }

    void seed(Viewer seeder, DemoHistory.Cast cast) {
        signing.createGatePolicy(new NewGatePolicy(POLICY, "*", List.of("prod"), "warn", true, null, null, 30), seeder);
        FindingExceptionSummary waiver = exceptions.proposeGateWaiver(new GateWaiverProposal("ingress-gateway", "signature",
                WAIVED_REPOSITORY, null, ExceptionKind.risk_accepted, "The legacy centos gateway build predates the signing "
                + "pipeline; the signed build replaces it in the next release.",
                Instant.now().plus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC)), cast.dev2());
        exceptions.approve(waiver.id(), "Until the signed build ships; not beyond this month.", cast.lead());
        log.info("Demo: gate policy '{}' in warn mode; exception {} waives its signature rule for ingress-gateway's {}", POLICY,
                waiver.id(), WAIVED_REPOSITORY);
    }
}
