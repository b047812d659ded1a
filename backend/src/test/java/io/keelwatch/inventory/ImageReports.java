package io.keelwatch.inventory;

import io.keelwatch.testsupport.Fixtures;
import java.security.SecureRandom;
import java.util.HexFormat;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Real Trivy reports given an image of the test's choosing, so repository rules can be tried on them. */
public final class ImageReports {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ImageReports() {
    }

    /** Trivy's alpine 3.10 report (4 vulnerabilities) as a report of {@code repository} at a new digest. */
    public static byte[] trivyReportOf(String repository) {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.bytes("trivy/alpine-310.json.golden"));
        root.put("ArtifactName", repository + ":1.0");
        ObjectNode metadata = (ObjectNode) root.get("Metadata");
        metadata.putArray("RepoDigests").add(repository + "@sha256:" + HexFormat.of().formatHex(digest));
        metadata.putArray("RepoTags").add(repository + ":1.0");
        return JSON.writeValueAsBytes(root);
    }

    /** A repository name no other test uses. */
    public static String uniqueRepository(String name) {
        return "registry.test/" + HexFormat.of().toHexDigits(RANDOM.nextInt()) + "/" + name;
    }
}
