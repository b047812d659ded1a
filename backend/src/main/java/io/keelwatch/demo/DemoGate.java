package io.keelwatch.demo;

import io.keelwatch.access.Viewer;
import io.keelwatch.signing.gate.AdmissionReview;
import io.keelwatch.signing.gate.AdmissionService;
import io.keelwatch.signing.gate.GatePolicyRequest;
import io.keelwatch.signing.gate.GatePolicyService;
import io.keelwatch.signing.gate.GatePolicySummary.Authorities;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deploy gate in the demo: prod requires signatures — every image in warn mode (its "would deny" list and the
 * unsigned flags), the payments release registry enforced — and two real AdmissionReviews from
 * {@code shared/fixtures/k8s}, posted through the webhook's own service into prod-eu's payments-api namespace: a Pod
 * running the verified busybox (allowed), and a Deployment of an unsigned hotfix that the gate denies and a
 * {@code keelwatch.io/break-glass} annotation lets in (audited). Both are admitted, not yet seen running.
 */
@Component
class DemoGate {

    static final String CLUSTER = "prod-eu";
    static final String NAMESPACE = "payments-api";
    static final String RELEASE_POD = "payments-release-check";
    static final String HOTFIX = "payments-hotfix";
    static final String HOTFIX_IMAGE =
            "registry-testing.svc.lan/payments-hotfix@sha256:5f0c6a2d1e9b8c7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0987";

    private static final Logger log = LoggerFactory.getLogger(DemoGate.class);

    private final GatePolicyService policies;
    private final AdmissionService admission;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoGate(GatePolicyService policies, AdmissionService admission) {
        this.policies = policies;
        this.admission = admission;
    }

    void seed(Viewer seeder) {
        Authorities anyTrustedSigner = new Authorities(true, List.of(), List.of());
        policies.create(new GatePolicyRequest("prod runs signed images", "*", List.of("prod"), "warn", anyTrustedSigner, null), seeder);
        policies.create(new GatePolicyRequest("payments releases are signed", "registry-testing.svc.lan/*", List.of("prod"),
                "enforce", anyTrustedSigner, null), seeder);

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
