package io.keelwatch.signing.gate;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.platform.BodyReadByItsEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ValidatingAdmissionWebhook endpoint. It reads the body itself (so a body that is not JSON, not UTF-8 or too
 * large still gets an AdmissionReview, never a problem document or a 500) and always answers 200 with one.
 */
@RestController
class AdmissionController {

    /** An AdmissionReview carries the object and the old object, each at most etcd's 1.5 MiB. */
    static final int MAX_BODY = 4 * 1024 * 1024;

    private final AdmissionService admission;
    private final CurrentViewer viewer;

    AdmissionController(AdmissionService admission, CurrentViewer viewer) {
        this.admission = admission;
        this.viewer = viewer;
    }

    @Operation(summary = "Kubernetes ValidatingAdmissionWebhook (AdmissionReview v1): the gate's decision for a Pod or workload "
            + "controller; cluster tokens with admission:review, or ?cluster= for leads' and admins' tokens")
    @PostMapping(path = "/api/v1/admission", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("@access.canReviewAdmission()")
    AdmissionReview.Answer review(@RequestParam(required = false) String cluster, HttpServletRequest request) throws IOException {
        return admission.review(bounded(request.getInputStream()), cluster, viewer.get());
    }

    /** The body, or null when it is larger than {@link #MAX_BODY}. */
    private static byte[] bounded(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    @Configuration(proxyBeanMethods = false)
    static class Uploads {

        @Bean
        BodyReadByItsEndpoint admissionReviewBody() {
            return new BodyReadByItsEndpoint("/api/v1/admission");
        }
    }
}
