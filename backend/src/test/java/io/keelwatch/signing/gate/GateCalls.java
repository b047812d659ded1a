package io.keelwatch.signing.gate;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gate's API as tests call it: HTTP Basic, JSON in, status and JSON (with its content type) out. */
final class GateCalls {

    record Answer(int status, String contentType, JsonNode body) {
    }

    private final MockMvc mvc;
    private final JsonMapper json = JsonMapper.builder().build();

    GateCalls(MockMvc mvc) {
        this.mvc = mvc;
    }

    Answer post(String path, String user, Object body) throws Exception {
        return call(MockMvcRequestBuilders.post(path), user, body);
    }

    Answer put(String path, String user, Object body) throws Exception {
        return call(MockMvcRequestBuilders.put(path), user, body);
    }

    Answer delete(String path, String user) throws Exception {
        return call(MockMvcRequestBuilders.delete(path), user, "");
    }

    /** The secret of a new token bound to the cluster with {@code admission:review}, made by the lead: its webhook's. */
    String webhookToken(String cluster) throws Exception {
        Answer token = post("/api/v1/tokens", TestWorld.LEAD, java.util.Map.of("name", "webhook " + cluster,
                "scopes", java.util.List.of("admission:review"), "cluster", cluster));
        if (token.status() != 201) {
            throw new AssertionError("the webhook's token was refused: " + token.body());
        }
        return token.body().get("secret").asString();
    }

    Answer decide(String user, String image, String environment) throws Exception {
        return post("/api/v1/gate", user, java.util.Map.of("image", image, "environment", environment));
    }

    private Answer call(MockHttpServletRequestBuilder request, String user, Object body) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(httpBasic(user, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body instanceof String s ? s : json.writeValueAsString(body)))
                .andReturn().getResponse();
        String text = response.getContentAsString(StandardCharsets.UTF_8);
        return new Answer(response.getStatus(), response.getContentType(), text.isEmpty() ? json.nullNode() : json.readTree(text));
    }
}
