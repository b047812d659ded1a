package io.keelwatch.recovery;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Recovery calls over the API as a given user; a cluster's Velero documents from the real samples. */
final class RecoveryCalls {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final MockMvc mvc;
    final JsonMapper json = JsonMapper.builder().build();

    RecoveryCalls(MockMvc mvc) {
        this.mvc = mvc;
    }

    static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    }

    ResultActions post(String user, String cluster, String contentType, byte[] body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/clusters/" + cluster + "/recovery").with(httpBasic(user, TestWorld.PASSWORD))
                .contentType(contentType).content(body));
    }

    JsonNode report(String cluster, String contentType, String body) throws Exception {
        return read(post(TestWorld.LEAD, cluster, contentType, body.getBytes(StandardCharsets.UTF_8)).andExpect(status().isOk()));
    }

    JsonNode readiness(String user, String cluster) throws Exception {
        return read(mvc.perform(get("/api/v1/recovery/readiness").param("cluster", cluster).with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk()));
    }

    /** The readiness of one namespace of the cluster as the user sees it, or a missing node. */
    JsonNode namespace(String user, String cluster, String namespace) throws Exception {
        for (JsonNode n : readiness(user, cluster)) {
            if (n.get("namespace").asString().equals(namespace)) {
                return n;
            }
        }
        return json.missingNode();
    }

    ResultActions backup(String user, long id) throws Exception {
        return mvc.perform(get("/api/v1/recovery/backups/" + id).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    ResultActions restore(String user, long id) throws Exception {
        return mvc.perform(get("/api/v1/recovery/restores/" + id).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    ResultActions setPolicy(String user, Map<String, ?> policy) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/recovery/policies").with(httpBasic(user, TestWorld.PASSWORD))
                .contentType("application/json").content(json.writeValueAsString(policy)));
    }

    ResultActions attach(String user, long restore, Boolean passed, String note) throws Exception {
        java.util.Map<String, Object> body = new java.util.HashMap<>();
        body.put("passed", passed);
        body.put("note", note);
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/recovery/restores/" + restore + "/evidence").with(httpBasic(user, TestWorld.PASSWORD))
                .contentType("application/json").content(json.writeValueAsString(body)));
    }

    JsonNode read(ResultActions actions) throws Exception {
        return json.readTree(actions.andReturn().getResponse().getContentAsString());
    }

    static String sample(String file) {
        return Fixtures.text("velero/" + file);
    }
}
