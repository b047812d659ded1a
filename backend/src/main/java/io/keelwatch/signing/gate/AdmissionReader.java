package io.keelwatch.signing.gate;

import io.keelwatch.platform.InboundText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Reads an AdmissionReview body the endpoint took in itself (bounded, strict UTF-8), so that whatever arrives the
 * webhook gets a valid AdmissionReview back: {@link #read} answers a request or says what is wrong with it.
 */
final class AdmissionReader {

    static final String BREAK_GLASS = "keelwatch.io/break-glass";
    private static final int MAX_TEXT = 253;
    private static final int MAX_IMAGES = 200;
    private static final Set<String> TEMPLATED = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
            "ReplicationController");

    /**
     * A request, or why there is none ({@code apiVersion} and {@code uid} are echoed when they could be read).
     *
     * @param source the AdmissionReview's {@code request} as sent (what the inventory records), or null without a request
     */
    record Outcome(AdmissionReview.Request request, JsonNode source, String apiVersion, String uid, String problem) {
    }

    private AdmissionReader() {
    }

    static Outcome read(byte[] body, JsonMapper json) {
        String text = InboundText.strictUtf8(body);
        if (text == null) {
            return refused(null, "", "the body is not UTF-8 JSON");
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            return refused(null, "", "the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            return refused(null, "", "the body is not a JSON object");
        }
        String apiVersion = root.path("apiVersion").asString("");
        JsonNode request = root.path("request");
        String uid = clean(request.path("uid").asString(""));
        String answerVersion = apiVersion.startsWith("admission.k8s.io/") && apiVersion.length() < 40 && InboundText.isAllowed(apiVersion)
                ? apiVersion : AdmissionReview.API_VERSION;
        if (!"AdmissionReview".equals(root.path("kind").asString("")) || !AdmissionReview.API_VERSION.equals(apiVersion)) {
            return refused(answerVersion, uid, "only AdmissionReview " + AdmissionReview.API_VERSION
                    + " is served (admissionReviewVersions: [\"v1\"])");
        }
        if (!request.isObject() || uid.isEmpty()) {
            return refused(answerVersion, uid, "the AdmissionReview has no request.uid");
        }
        JsonNode object = request.path("object");
        String kind = clean(request.path("kind").path("kind").asString(object.path("kind").asString("")));
        List<String> images = images(kind, object);
        if ("UPDATE".equals(request.path("operation").asString(""))) {
            images.removeAll(images(kind, request.path("oldObject")));
        }
        return new Outcome(new AdmissionReview.Request(uid, clean(request.path("operation").asString("")), kind,
                clean(request.path("namespace").asString("")), clean(request.path("name").asString(
                        object.path("metadata").path("name").asString(object.path("metadata").path("generateName").asString("")))),
                clean(request.path("subResource").asString("")), request.path("dryRun").asBoolean(false),
                clean(request.path("userInfo").path("username").asString("")), images.size() > MAX_IMAGES
                        ? List.copyOf(images.subList(0, MAX_IMAGES)) : List.copyOf(images),
                breakGlass(object, kind)), request, answerVersion, uid, null);
    }

    /** The pod spec of a Pod or of a workload controller's template; missing for other kinds. */
    static JsonNode podSpec(String kind, JsonNode object) {
        if ("Pod".equals(kind)) {
            return object.path("spec");
        }
        if ("CronJob".equals(kind)) {
            return object.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
        }
        return TEMPLATED.contains(kind) ? object.path("spec").path("template").path("spec") : MissingNode.getInstance();
    }

    private static List<String> images(String kind, JsonNode object) {
        JsonNode spec = podSpec(kind, object);
        Set<String> images = new LinkedHashSet<>();
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode container : spec.path(list)) {
                String image = container.path("image").asString("");
                if (!image.isBlank() && image.length() <= 512 && InboundText.isAllowed(image)) {
                    images.add(image.strip());
                }
            }
        }
        return new ArrayList<>(images);
    }

    /** The break-glass reason on the object or, for a controller, on its pod template (which its pods carry). */
    private static String breakGlass(JsonNode object, String kind) {
        List<JsonNode> metadata = new ArrayList<>(List.of(object.path("metadata")));
        if ("CronJob".equals(kind)) {
            metadata.add(object.path("spec").path("jobTemplate").path("spec").path("template").path("metadata"));
        } else if (TEMPLATED.contains(kind)) {
            metadata.add(object.path("spec").path("template").path("metadata"));
        }
        for (JsonNode m : metadata) {
            String reason = m.path("annotations").path(BREAK_GLASS).asString("").strip();
            if (!reason.isEmpty()) {
                return clean(reason);
            }
        }
        return null;
    }

    /** Text kept or echoed: control characters dropped, at most a DNS name's length. */
    private static String clean(String text) {
        StringBuilder kept = new StringBuilder();
        text.codePoints().filter(c -> c >= 0x20 && c != 0x7f).limit(MAX_TEXT).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    private static Outcome refused(String apiVersion, String uid, String problem) {
        return new Outcome(null, null, apiVersion == null ? AdmissionReview.API_VERSION : apiVersion, uid, problem);
    }
}
