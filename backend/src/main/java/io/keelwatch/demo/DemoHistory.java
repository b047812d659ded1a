package io.keelwatch.demo;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ExceptionKind;
import io.keelwatch.findings.ExceptionProposal;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.MuteProposal;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.FindingStatus;
import io.keelwatch.findings.FindingSummary;
import io.keelwatch.findings.ImportResult;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.findings.triage.TriageService;
import io.keelwatch.findings.TriageChange;
import io.keelwatch.inventory.UploadTarget;
import io.keelwatch.platform.PageRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Weeks of history for the demo projects, so an evaluation shows what Keelwatch is for: images
 * scanned again and again (real successive Trivy reports of the same images: Trivy's own test
 * reports of October and December 2021, between which its vulnerability data changed), findings
 * fixed by a later scan and one reopened after a developer marked it fixed too early, triage with
 * assignees and comments, exceptions proposed, approved, rejected and expired, and SLAs breached.
 *
 * <p>Scans are imported through {@link ScanImportService} dated in the past (its back-filling
 * import), so first seen, SLA due dates and the image histories fall on those days. Triage and
 * exceptions go through {@link TriageService} and {@link FindingExceptionService} as people's
 * would, at the time of seeding: the audit log records when things were done, and the demo does
 * not forge it.
 */
@Component
class DemoHistory {

    private static final Logger log = LoggerFactory.getLogger(DemoHistory.class);

    /** The people of the story: the lead decides, the developers triage their teams' findings. */
    record Cast(Viewer lead, Viewer dev, Viewer dev2) {
    }

    /** A real report of an image (a file under demo/trivy), imported into a project some days ago. */
    private record DatedScan(String project, String report, int daysAgo) {
    }

    /**
     * Each image scanned twice: Trivy's report of October 2021 and its report of the same image in
     * December 2021 (commits b37f682 and 8b2a799 of aquasecurity/trivy, see demo/trivy/MANIFEST.tsv).
     * payments-api moves from alpine 3.9 to 3.10 on the way, as a rebuild would.
     */
    private static final List<DatedScan> SCANS = List.of(
            new DatedScan("ingress-gateway", "ubuntu-1804.2021-10-04", 56),
            new DatedScan("payments-worker", "debian-buster.2021-10-04", 49),
            new DatedScan("payments-api", "alpine-39.2021-10-04", 42),
            new DatedScan("payments-api", "alpine-39.2021-12-30", 28),
            new DatedScan("payments-worker", "debian-buster.2021-12-30", 21),
            new DatedScan("payments-api", "alpine-310.2021-10-04", 14),
            new DatedScan("ingress-gateway", "ubuntu-1804.2021-12-30", 14),
            new DatedScan("payments-api", "alpine-310.2021-12-30", 7));

    /** The scan after which the developer marks a finding fixed too early (the next scan reopens it). */
    private static final String FIRST_ALPINE_SCAN = "alpine-39.2021-10-04";

    /** How long the risk acceptance that expires during seeding lasts. */
    private static final Duration SHORT_ACCEPTANCE = Duration.ofSeconds(2);

    private final ScanImportService imports;
    private final FindingService findings;
    private final TriageService triage;
    private final FindingExceptionService exceptions;

    DemoHistory(ScanImportService imports, FindingService findings, TriageService triage, FindingExceptionService exceptions) {
        this.imports = imports;
        this.findings = findings;
        this.triage = triage;
        this.exceptions = exceptions;
    }

    /**
     * A mute, once the clusters hold their Falco samples: Fission's fetcher talks to the Kubernetes API by
     * design, so "Contact K8S API Server From Container" in the catalog service's namespaces is expected
     * behaviour. Proposed and approved as a lead does it (an exception like any other, expiring in 30
     * days); its alerts stay, marked muted.
     */
    FindingExceptionSummary muteExpectedRuntimeBehaviour(Cast cast) {
        FindingExceptionSummary mute = exceptions.proposeMute(new MuteProposal("catalog-service", null, null,
                "Contact K8S API Server From Container", "catalog-*", null, "fission/fetcher", ExceptionKind.false_positive,
                "Fission's fetcher reads the function's secrets and config maps through the Kubernetes API: expected.",
                Instant.now().plus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC)), cast.lead());
        return exceptions.approve(mute.id(), "Expected for Fission; revisit when the function runtime changes.", cast.lead());
    }

    /** Seeds the history into the demo projects, which exist and belong to the cast's teams; {@code importer} imports the scans. */
    void seed(Viewer importer, Cast cast, Instant now) {
        String alpine39 = null;
        for (DatedScan scan : SCANS) {
            ImportResult result = importDated(scan, importer, now.minus(Duration.ofDays(scan.daysAgo())));
            log.info("Demo: imported {} into {} as of {} days ago: {} new, {} fixed, {} reopened", scan.report(), scan.project(),
                    scan.daysAgo(), result.findings().newFindings(), result.findings().fixed(), result.findings().reopened());
            if (scan.report().equals(FIRST_ALPINE_SCAN)) {
                alpine39 = result.image().digest();
                fixedTooEarly(cast, alpine39);
            }
        }
        FindingExceptionSummary expiring = triageAndDecide(cast, alpine39, now);
        waitUntilExpired(expiring);
    }

    /**
     * After the first scan of the alpine 3.9 image the developer marks the OpenSSL fork-safety CVE
     * fixed, believing a base-image bump shipped; the next scan still shows it and reopens it.
     */
    private void fixedTooEarly(Cast cast, String image) {
        triage.change(finding("payments-api", image, "CVE-2019-1549", "libssl1.1", cast.dev()).id(),
                new TriageChange(FindingStatus.fixed, "dev", "Bumped OpenSSL to 1.1.1d in the base image (payments-api!412)."),
                cast.dev());
        triage.change(finding("payments-api", image, "CVE-2019-1551", "libcrypto1.1", cast.dev()).id(),
                new TriageChange(FindingStatus.in_progress, "dev",
                        "Rebuilding on alpine 3.10 should bring OpenSSL 1.1.1d; checking the Dockerfile."), cast.dev());
    }

    /** Triage and exception decisions after the scans; returns the risk acceptance that is about to expire. */
    private FindingExceptionSummary triageAndDecide(Cast cast, String alpine39, Instant now) {
        FindingSummary reopened = finding("payments-api", alpine39, "CVE-2019-1549", "libssl1.1", cast.lead());
        triage.change(reopened.id(), new TriageChange(null, "dev",
                "Reopened by the next scan: the image still ships libssl1.1 1.1.1c, so the bump never reached it. "
                        + "Please check which base image tag the build pulls."), cast.lead());
        triage.change(finding("payments-worker", null, "CVE-2019-18224", "libidn2-0", cast.dev()).id(),
                new TriageChange(FindingStatus.in_progress, "dev",
                        "libidn2 2.0.5-1+deb10u1 is in buster-security; waiting for the worker's next release train."), cast.dev());
        triage.change(finding("ingress-gateway", null, "CVE-2019-5094", "e2fsprogs", cast.dev2()).id(),
                new TriageChange(FindingStatus.in_progress, "dev2", "e2fsprogs is not needed at runtime; removing it from the image."),
                cast.dev2());
        triage.change(finding("ingress-gateway", null, "CVE-2019-1559", "openssl-libs", cast.lead()).id(),
                new TriageChange(null, "dev2", "Padding oracle in the TLS path of the gateway: please take this one first."),
                cast.lead());

        // Proposed, awaiting the lead: the musl bug only affects 32-bit x86; the CRITICAL findings stay open (and overdue) meanwhile.
        exceptions.propose(new ExceptionProposal("payments-api", null, "CVE-2019-14697", null, ExceptionKind.not_affected,
                "The musl x87 floating-point stack bug only affects 32-bit x86 (i386); payments-api is built and run for amd64 only.",
                "vulnerable_code_not_in_execute_path", null), cast.dev());
        // Approved: a risk acceptance with an expiry, covering the finding in both alpine images.
        FindingExceptionSummary accepted = exceptions.propose(new ExceptionProposal("payments-api", null, "CVE-2019-1551",
                "libcrypto1.1", ExceptionKind.risk_accepted,
                "rsaz_512_sqr overflow: OpenSSL rates it low, and payments-api does no RSA or DH private-key operations on input "
                        + "an attacker chooses. Revisit with the alpine 3.11 rebuild.",
                null, now.plus(Duration.ofDays(90)).atOffset(ZoneOffset.UTC)), cast.dev());
        exceptions.approve(accepted.id(), "Accepted for 90 days: no RSA or DH private-key operations on attacker input.", cast.lead());
        // Rejected: the lead does not accept "false positive" for a finding the scanner matched correctly.
        FindingExceptionSummary rejected = exceptions.propose(new ExceptionProposal("ingress-gateway", null, "CVE-2018-0734",
                "openssl-libs", ExceptionKind.false_positive, "We do not use DSA anywhere.", null, null), cast.dev2());
        exceptions.reject(rejected.id(), "The scanner matched openssl-libs correctly: not a false positive.", cast.lead());
        // Expired: a short risk acceptance that lapses while the demo seeds (the expiry job reopens its findings).
        FindingExceptionSummary expiring = exceptions.propose(new ExceptionProposal("ingress-gateway", null, "CVE-2019-18276",
                "bash", ExceptionKind.risk_accepted,
                "bash is only used by the entrypoint script, which runs without setuid; accepted until the Ubuntu 20.04 rebuild.",
                null, Instant.now().plus(SHORT_ACCEPTANCE).atOffset(ZoneOffset.UTC)), cast.dev2());
        return exceptions.approve(expiring.id(), "Until the Ubuntu 20.04 rebuild.", cast.lead());
    }

    /** Lets the short risk acceptance pass its expiry, so the evaluation starts with an expired exception. */
    private static void waitUntilExpired(FindingExceptionSummary exception) {
        Duration left = Duration.between(Instant.now(), exception.expiresAt().toInstant());
        if (!left.isNegative()) {
            try {
                Thread.sleep(left.toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ImportResult importDated(DatedScan scan, Viewer importer, Instant importedAt) {
        try (InputStream in = new ClassPathResource("demo/trivy/" + scan.report() + ".json").getInputStream()) {
            return (ImportResult) imports.importReport(in, UploadTarget.named(scan.project()), "trivy", importer, importedAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The finding of a vulnerability in a package of a project's image (null: its only image with one). */
    private FindingSummary finding(String project, String image, String vulnerability, String packageName, Viewer viewer) {
        return findings.findings(new FindingFilter(project, image, List.of(), List.of(), null, vulnerability, null, null),
                        new PageRequest(0, 50), viewer)
                .items().stream()
                .filter(f -> f.ruleId().equals(vulnerability) && packageName.equals(f.packageName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Demo: no " + vulnerability + " in " + packageName + " of " + project));
    }
}
