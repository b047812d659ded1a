package io.keelwatch.inventory;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Environment, cluster and namespace-rule calls over the API as a given user. Tests share one
 * database, so names come from {@link #unique(String)}.
 */
public final class ClusterCalls {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final MockMvc mvc;
    private final JsonMapper json = JsonMapper.builder().build();

    public ClusterCalls(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** A name no other test uses, shaped like a cluster or environment name. */
    public static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    public ResultActions createEnvironment(String user, String name) throws Exception {
        return send(user, post("/api/v1/environments"), Map.of("name", name));
    }

    public ResultActions renameEnvironment(String user, String name, String newName) throws Exception {
        return send(user, patch("/api/v1/environments/" + name), Map.of("name", newName));
    }

    public ResultActions reorderEnvironments(String user, List<String> names) throws Exception {
        return send(user, put("/api/v1/environments/order"), Map.of("environments", names));
    }

    public ResultActions deleteEnvironment(String user, String name) throws Exception {
        return mvc.perform(delete("/api/v1/environments/" + name).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    public JsonNode environments(String user) throws Exception {
        return read(mvc.perform(get("/api/v1/environments").with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk()));
    }

    public ResultActions createCluster(String user, Map<String, ?> body) throws Exception {
        return send(user, post("/api/v1/clusters"), body);
    }

    public ResultActions changeCluster(String user, String name, Map<String, ?> body) throws Exception {
        return send(user, patch("/api/v1/clusters/" + name), body);
    }

    public ResultActions deleteCluster(String user, String name) throws Exception {
        return mvc.perform(delete("/api/v1/clusters/" + name).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    public ResultActions cluster(String user, String name) throws Exception {
        return mvc.perform(get("/api/v1/clusters/" + name).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    public ResultActions addRule(String user, String cluster, String pattern, String project) throws Exception {
        return send(user, post("/api/v1/clusters/" + cluster + "/namespace-rules"), Map.of("pattern", pattern, "project", project));
    }

    public ResultActions rules(String user, String cluster) throws Exception {
        return mvc.perform(get("/api/v1/clusters/" + cluster + "/namespace-rules").with(httpBasic(user, TestWorld.PASSWORD)));
    }

    public ResultActions owner(String user, String cluster, String namespace) throws Exception {
        return mvc.perform(get("/api/v1/clusters/" + cluster + "/namespace-owner").param("namespace", namespace)
                .with(httpBasic(user, TestWorld.PASSWORD)));
    }

    /** A new environment, created by the lead; its name. */
    public String environment() throws Exception {
        String name = unique("env");
        createEnvironment(TestWorld.LEAD, name).andExpect(status().isCreated());
        return name;
    }

    /** A new cluster in a new environment, created by the lead; its name. */
    public String cluster() throws Exception {
        String name = unique("cluster");
        createCluster(TestWorld.LEAD, Map.of("name", name, "environment", environment())).andExpect(status().isCreated());
        return name;
    }

    /** Adds a rule as the lead; the new rule's id. */
    public long rule(String cluster, String pattern, String project) throws Exception {
        return read(addRule(TestWorld.LEAD, cluster, pattern, project).andExpect(status().isCreated())).get("id").asLong();
    }

    public JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private ResultActions send(String user, MockHttpServletRequestBuilder request, Map<String, ?> body) throws Exception {
        return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body))
                .with(httpBasic(user, TestWorld.PASSWORD)));
    }
}
