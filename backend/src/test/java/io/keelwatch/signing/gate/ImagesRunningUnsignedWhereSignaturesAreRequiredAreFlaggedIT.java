package io.keelwatch.signing.gate;

import static io.keelwatch.signing.SigningCalls.SIGSTORE_RS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.signing.SigningCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An image running in an environment whose policy requires a signature is flagged on the project's posture (the API,
 * the signing page, the project page's badge) when it has no signature Keelwatch verified; the verified image running
 * beside it is not; another team's developer sees neither. The policies apply to the test's own environment only.
 */
@KeelwatchIntegrationTest
class ImagesRunningUnsignedWhereSignaturesAreRequiredAreFlaggedIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anUnsignedImageRunningWhereAPolicyRequiresSignaturesIsFlaggedAVerifiedOneIsNot() throws Exception {
        ProjectRef project = world.alphaProject();
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String environment = "unsigned-" + suffix;
        String cluster = environment + "-c";
        inventory.createEnvironment(environment, world.admin());
        inventory.createCluster(cluster, environment, null, world.admin());
        inventory.addNamespaceRule(cluster, "shop", project.slug(), world.admin());
        SigningCalls signing = new SigningCalls(mvc);
        signing.trustKey(TestWorld.LEAD, SIGSTORE_RS.publicKey(), "project", null, project.slug());
        assertThat(signing.submit(TestWorld.ALICE, SIGSTORE_RS.image(), project.slug(), SIGSTORE_RS.payload(), SIGSTORE_RS.signature(),
                null).body().get("status").asString()).isEqualTo("verified");
        String unsignedRepository = "registry.example/unsigned-" + suffix;
        String unsigned = unsignedRepository + "@sha256:" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).repeat(4);
        runInShop(cluster, SIGSTORE_RS.image(), unsigned);
        GateCalls gate = new GateCalls(mvc);
        assertThat(gate.post("/api/v1/gate/policies", TestWorld.LEAD, policy("signed busybox " + suffix, SIGSTORE_RS.repository(),
                "enforce", environment)).status()).isEqualTo(201);
        assertThat(gate.post("/api/v1/gate/policies", TestWorld.LEAD, policy("signed shop " + suffix, unsignedRepository, "warn",
                environment)).status()).isEqualTo(201);

        List<JsonNode> flagged = inEnvironment(read("/api/v1/gate/unsigned-running?project=" + project.slug(), TestWorld.ALICE),
                environment);
        String page = page("/signing", TestWorld.ALICE);
        String badge = page("/signing/projects/" + project.slug() + "/badge", TestWorld.ALICE);

        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0).get("image").asString()).isEqualTo(unsigned);
        assertThat(flagged.get(0).get("project").asString()).isEqualTo(project.slug());
        assertThat(flagged.get(0).get("status").asString()).isEqualTo("missing");
        assertThat(flagged.get(0).get("reasons").get(0).get("policy").asString()).isEqualTo("signed shop " + suffix);
        assertThat(flagged.get(0).get("reasons").get(0).get("detail").asString()).contains("not signed");
        assertThat(page).contains("data-image=\"" + unsigned + "\" data-environment=\"" + environment + "\"")
                .doesNotContain("data-image=\"" + SIGSTORE_RS.image() + "\" data-environment=\"" + environment + "\"");
        assertThat(badge).contains("data-testid=\"project-unsigned\"").contains("unsigned where signatures are required")
                .doesNotContain("nothing runs unsigned");
        assertThat(inEnvironment(read("/api/v1/gate/unsigned-running", TestWorld.BOB), environment))
                .as("beta's developer does not see alpha's workloads").isEmpty();
        assertThat(status("/api/v1/gate/unsigned-running?project=" + project.slug(), TestWorld.BOB)).isEqualTo(404);
        assertThat(mvc.perform(get("/signing/projects/" + project.slug() + "/badge").with(user(TestWorld.BOB).roles("DEVELOPER")))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
    }

    /** A snapshot of namespace shop running one pod per image (kubectl's pod fixture, its image ID replaced). */
    private void runInShop(String cluster, String... images) throws Exception {
        List<JsonNode> pods = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            ObjectNode pod = (ObjectNode) json.readTree(Fixtures.text("k8s/k9s_render_po.json"));
            ((ObjectNode) pod.path("metadata")).put("name", "shop-web-" + i).put("namespace", "shop");
            ((ObjectNode) pod.path("status").path("containerStatuses").get(0)).put("imageID", images[i]);
            pods.add(pod);
        }
        Map<String, Object> list = Map.of("apiVersion", "v1", "kind", "List", "items", pods);
        inventory.reportWorkloads(cluster, "shop", new ByteArrayInputStream(json.writeValueAsBytes(list)),
                MediaType.APPLICATION_JSON_VALUE, world.admin());
    }

    private static Map<String, Object> policy(String name, String pattern, String mode, String environment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("imagePattern", pattern);
        body.put("environments", List.of(environment));
        body.put("mode", mode);
        body.put("authorities", Map.of("anyTrustedSigner", true));
        return body;
    }

    private static List<JsonNode> inEnvironment(JsonNode list, String environment) {
        List<JsonNode> rows = new ArrayList<>();
        list.forEach(row -> {
            if (environment.equals(row.get("environment").asString())) {
                rows.add(row);
            }
        });
        return rows;
    }

    private JsonNode read(String path, String user) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path).with(httpBasic(user, TestWorld.PASSWORD))).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    /** A page as a signed-in developer sees it (pages take sessions, not HTTP Basic). */
    private String page(String path, String developer) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path).with(user(developer).roles("DEVELOPER"))).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private int status(String path, String user) throws Exception {
        return mvc.perform(get(path).with(httpBasic(user, TestWorld.PASSWORD))).andReturn().getResponse().getStatus();
    }
}
