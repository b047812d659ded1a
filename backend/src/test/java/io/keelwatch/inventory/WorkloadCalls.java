package io.keelwatch.inventory;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Workload documents built from the real k8s fixtures, posted and listed over the API. */
public final class WorkloadCalls {

    private final MockMvc mvc;
    private final JsonMapper json = JsonMapper.builder().build();

    public WorkloadCalls(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** A fixture as a tree, moved into {@code namespace}. */
    public ObjectNode fixture(String name, String namespace) {
        ObjectNode object = (ObjectNode) json.readTree(Fixtures.text("k8s/" + name));
        ((ObjectNode) object.path("metadata")).put("namespace", namespace);
        return object;
    }

    /** k9s's Docker Pod ({@code nginx:alpine}), renamed, running {@code image} whose status names {@code imageId}. */
    public ObjectNode pod(String namespace, String name, String image, String imageId) {
        ObjectNode pod = fixture("k9s_render_po.json", namespace);
        ((ObjectNode) pod.path("metadata")).put("name", name);
        ((ObjectNode) pod.path("spec").path("containers").get(0)).put("image", image);
        ObjectNode status = (ObjectNode) pod.path("status").path("containerStatuses").get(0);
        status.put("image", image);
        status.put("imageID", imageId);
        return pod;
    }

    /** A kubectl {@code List} of the objects (kind {@code List}) or a typed list ({@code PodList}). */
    public byte[] list(String kind, List<? extends JsonNode> items) {
        ObjectNode list = json.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", kind);
        ArrayNode array = list.putArray("items");
        items.forEach(array::add);
        return json.writeValueAsBytes(list);
    }

    public byte[] bytes(JsonNode node) {
        return json.writeValueAsBytes(node);
    }

    public ResultActions send(String user, String cluster, String namespace, byte[] body) throws Exception {
        return mvc.perform(request(cluster, namespace).contentType(MediaType.APPLICATION_JSON).content(body)
                .with(httpBasic(user, TestWorld.PASSWORD)));
    }

    public MockHttpServletRequestBuilder request(String cluster, String namespace) {
        MockHttpServletRequestBuilder request = post("/api/v1/clusters/" + cluster + "/workloads");
        return namespace == null ? request : request.param("namespace", namespace);
    }

    /** Posts as the lead and reads the answer, expecting 200. */
    public JsonNode report(String cluster, String namespace, byte[] body) throws Exception {
        return read(send(TestWorld.LEAD, cluster, namespace, body).andExpect(status().isOk()));
    }

    /** The workloads API as {@code user} with these filters; the page's JSON. */
    public JsonNode running(String user, Map<String, String> filters) throws Exception {
        MockHttpServletRequestBuilder request = get("/api/v1/workloads").param("size", "500");
        filters.forEach(request::param);
        return read(mvc.perform(request.with(httpBasic(user, TestWorld.PASSWORD))).andExpect(status().isOk()));
    }

    public JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }
}
