package io.keelwatch.signing.gate;

import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * What Kubernetes sends and gets back, as far as the gate reads and writes it: a ValidatingAdmissionWebhook's
 * AdmissionReview ({@code admission.k8s.io/v1}).
 */
@NamedInterface("gate")
public final class AdmissionReview {

    static final String API_VERSION = "admission.k8s.io/v1";

    private AdmissionReview() {
    }

    /** The answer's body: {@code {apiVersion, kind, response: {uid, allowed, status: {code, message}, warnings}}}. */
    public record Answer(String apiVersion, String kind, Response response) {

        static Answer of(String apiVersion, String uid, boolean allowed, int code, String message, List<String> warnings) {
            return new Answer(apiVersion, "AdmissionReview", new Response(uid, allowed, new Status(code, message),
                    warnings.isEmpty() ? null : warnings));
        }
    }

    public record Response(String uid, boolean allowed, Status status, List<String> warnings) {
    }

    public record Status(int code, String message) {
    }

    /**
     * What the gate needs of a request.
     *
     * @param images     the images the new object runs; on UPDATE only those the old object did not run
     * @param breakGlass the reason of a {@code keelwatch.io/break-glass} annotation (object or pod template), or null
     */
    record Request(String uid, String operation, String kind, String namespace, String name, String subResource,
            boolean dryRun, String user, List<String> images, String breakGlass) {
    }
}
