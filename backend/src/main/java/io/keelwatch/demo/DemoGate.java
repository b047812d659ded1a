package io.keelwatch.demo;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ExceptionKind;
import io.keelwatch.findings.FindingExceptionService;
import io.keelwatch.findings.FindingExceptionSummary;
import io.keelwatch.findings.GateWaiverProposal;
import io.keelwatch.signing.NewGatePolicy;
import io.keelwatch.signing.SigningService;
import io.keelwatch.signing.gate.AdmissionReview;
import io.keelwatch.signing.gate.AdmissionService;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deploy gate in the demo. Prod requires signatures: a policy in warn mode (every image signed by a trusted signer
 * and scanned within 30 days), which the demo's prod workloads break — so "What would the gate say?" lists what it
 * would block once it enforces, and the unsigned ones are flagged — and the payments release registry enforced. A
 * waiver of the warn policy's signature rule for ingress-gateway's trivy-test-images builds (the gateway pod runs its
 * centos-7 build), proposed by the platform developer and approved by the lead (one exception mechanism), shows
 * waived on that list. Two real AdmissionReviews from {@code shared/fixtures/k8s} are posted through the webhook's own
 * service into prod-eu's payments-api namespace: a Pod running the verified busybox (allowed), and a Deployment of an
 * unsigned hotfix that the gate denies and a {@code keelwatch.io/break-glass} annotation lets in (audited). Both are
 * admitted, not yet seen running.
 */
@Component
class DemoGate {

    static final String POLICY = "prod: signed and scanned within 30 days";
    static final String ENFORCED_POLICY = "payments releases are signed";
    /** The repository of the centos-7 build ingress-gateway scans and its gateway pod runs. */
    static final String WAIVED_REPOSITORY = "ghcr.io/aquasecurity/trivy-test-images";
    static final String CLUSTER = "prod-eu";
    static final String NAMESPACE = "payments-api";
    static final String RELEASE_POD = "payments-release-check";
    static final String HOTFIX = "payments-hotfix";
    static final String HOTFIX_IMAGE =
            "registry-testing.svc.lan/payments-hotfix@sha256:5f0c6a2d1e9b8c7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0987";

    private static final Logger log = LoggerFactory.getLogger(DemoGate.class);

    private final SigningService signing;
    private final FindingExceptionService exceptions;
    private final AdmissionService admission;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoGate(SigningService signing, FindingExceptionService exceptions, AdmissionService admission) {
        this.signing = signing;
        this.exceptions = exceptions;
        this.admission = admission;
    }

    void seed(Viewer seeder, DemoHistory.Cast cast) {
        signing.createGatePolicy(new NewGatePolicy(POLICY, "*", List.of("prod"), "warn", true, null, null, 30), seeder);
        signing.createGatePolicy(new NewGatePolicy(ENFORCED_POLICY, "registry-testing.svc.lan/*", List.of("prod"), "enforce", true,
                null, null, null), seeder);
        FindingExceptionSummary waiver = exceptions.proposeGateWaiver(new GateWaiverProposal("ingress-gateway", "signature",
                WAIVED_REPOSITORY, null, ExceptionKind.risk_accepted, "The legacy centos gateway build predates the signing "
                + "pipeline; the signed build replaces it in the next release.",
                Instant.now().plus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC)), cast.dev2());
        exceptions.approve(waiver.id(), "Until the signed build ships; not beyond this month.", cast.lead());
        log.info("Demo: gate policy '{}' in warn mode; exception {} waives its signature rule for ingress-gateway's {}", POLICY,
                waiver.id(), WAIVED_REPOSITORY);
        admit(seeder);
    }

    private void admit(Viewer seeder) {
        ObjectNode pod = read("cloud-custodian__controllermode.rst__admissionreview-v1-pod-create.json");
        ObjectNode podRequest = (ObjectNode) pod.path("request");
        placed(podRequest, RELEASE_POD);
        ((ObjectNode) podRequest.path("object").path("spec").path("containers").get(0)).put("image", DemoSignatures.VERIFIED_IMAGE);
        log.info("Demo: admission of the verified release Pod in {}: {}", CLUSTER, answer(pod, seeder));

        ObjectNode deployment = read("pepr__admission-create-deployment.json");
        placed(deployment, HOTFIX);
        ObjectNode template = (ObjectNode) deployment.path("object").path("spec").path("template");
        ((ObjectNode) template.path("metadata")).putObject("annotations")
                .put("keelwatch.io/break-glass", "INC-2041: payments hotfix before its signing pipeline is back");
        ((ObjectNode) template.path("spec").path("containers").get(0)).put("image", HOTFIX_IMAGE);
        ObjectNode review = json.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        review.set("request", deployment);
        log.info("Demo: break-glass admission of an unsigned hotfix in {}: {}", CLUSTER, answer(review, seeder));
    }

    /** The request moved into the demo namespace under a demo name (object and request alike). */
    private static void placed(ObjectNode request, String name) {
        request.put("namespace", NAMESPACE).put("name", name);
        ((ObjectNode) request.path("object").path("metadata")).put("namespace", NAMESPACE).put("name", name);
    }

    private String answer(ObjectNode review, Viewer seeder) {
        AdmissionReview.Response response = admission.review(json.writeValueAsBytes(review), CLUSTER, seeder).response();
        return (response.allowed() ? "allowed" : "denied") + ", " + response.status().message()
                + (response.warnings() == null ? "" : ", " + response.warnings().size() + " warnings");
    }

    private ObjectNode read(String sample) {
        try (InputStream in = new ClassPathResource("demo/k8s/" + sample).getInputStream()) {
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
