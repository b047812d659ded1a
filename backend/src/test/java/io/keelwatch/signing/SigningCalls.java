package io.keelwatch.signing;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The signing API as tests call it, over MockMvc with HTTP Basic, and the real cosign samples. */
public final class SigningCalls {

    /** sigstore-rs's key-based sample: the key, the exact payload, the signature, the image it signs. */
    public static final Sample SIGSTORE_RS = new Sample("cosign/sigstore-rs__signature_layers__keypair",
            "registry-testing.svc.lan/busybox", "sha256:f3cfc9d0dbf931d3db4685ec659b7ac68e2a578219da4aae65427886e649b06b");
    /** containers/image's sample signed with real cosign; the digest is the sha256 of its manifest.json. */
    public static final Sample CONTAINERS_IMAGE = new Sample("cosign/containers-image__dir-img-cosign-valid",
            "192.168.64.2:5000/cosign-signed-single-sample", "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00");

    public record Sample(String folder, String repository, String digest) {
        public String publicKey() {
            return Fixtures.text(folder + "/cosign.pub");
        }

        public byte[] payload() {
            return Fixtures.bytes(folder + "/payload.json");
        }

        public String signature() {
            return Fixtures.text(folder + "/signature.b64").strip();
        }

        public String image() {
            return repository + "@" + digest;
        }
    }

    /** An answer: status and body. */
    public record Answer(int status, JsonNode body) {
    }

    private final MockMvc mvc;
    private final JsonMapper json = JsonMapper.builder().build();

    public SigningCalls(MockMvc mvc) {
        this.mvc = mvc;
    }

    public Answer trustKey(String user, String pem, String scope, String team, String project) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "key " + System.nanoTime());
        body.put("publicKey", pem);
        body.put("scope", scope);
        body.put("team", team);
        body.put("project", project);
        return call(post("/api/v1/signing/keys"), user, body);
    }

    public Answer revokeKey(String user, long id) throws Exception {
        return call(post("/api/v1/signing/keys/" + id + "/revoke"), user, Map.of("reason", "leaked"));
    }

    /** Submits a key-based cosign signature: the payload as base64 of the exact bytes. */
    public Answer submit(String user, String image, String project, byte[] payload, String signature, String publicKey) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", image);
        body.put("project", project);
        body.put("payload", Base64.getEncoder().encodeToString(payload));
        body.put("signature", signature);
        if (publicKey != null) {
            body.put("publicKey", publicKey);
        }
        return call(post("/api/v1/signatures"), user, body);
    }

    public Answer submit(String user, Map<String, Object> body) throws Exception {
        return call(post("/api/v1/signatures"), user, body);
    }

    public Answer status(String user, long imageId, String project) throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/images/" + imageId + "/signatures").param("project", project)
                .with(httpBasic(user, TestWorld.PASSWORD))).andReturn().getResponse();
        return new Answer(response.getStatus(), json.readTree(response.getContentAsString()));
    }

    public Answer call(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String user,
            Map<String, Object> body) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(httpBasic(user, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body))).andReturn().getResponse();
        String text = response.getContentAsString(StandardCharsets.UTF_8);
        return new Answer(response.getStatus(), text.isEmpty() ? json.nullNode() : json.readTree(text));
    }
}
