package io.keelwatch.findings;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.TestWorld;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Triage and exception calls over the API as a given user. */
public final class TriageCalls {

    private final MockMvc mvc;
    private final JsonMapper json = JsonMapper.builder().build();

    public TriageCalls(MockMvc mvc) {
        this.mvc = mvc;
    }

    public ResultActions patchFinding(String user, long id, Map<String, ?> body) throws Exception {
        return mvc.perform(patch("/api/v1/findings/" + id).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    public ResultActions propose(String user, Map<String, ?> body) throws Exception {
        return mvc.perform(post("/api/v1/exceptions").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    /** Proposes as {@code user} and answers the new exception's id. */
    public long proposed(String user, Map<String, ?> body) throws Exception {
        return read(propose(user, body).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString())
                .get("id").asLong();
    }

    public ResultActions decide(String user, long exceptionId, String decision) throws Exception {
        return mvc.perform(post("/api/v1/exceptions/" + exceptionId + "/" + decision).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    public ResultActions editException(String user, long exceptionId, Map<String, ?> body) throws Exception {
        return mvc.perform(patch("/api/v1/exceptions/" + exceptionId).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    /** A team-wide proposal body for team {@code team}. */
    public static Map<String, Object> teamException(String team, String matchId, String pkg, String kind, Integer days) {
        Map<String, Object> body = exception(null, matchId, pkg, kind, days);
        body.remove("project");
        body.put("team", team);
        return body;
    }

    public ResultActions history(String user, long findingId) throws Exception {
        return mvc.perform(get("/api/v1/findings/" + findingId + "/history").with(httpBasic(user, TestWorld.PASSWORD)));
    }

    /** A proposal body: project scope, optional package, expiry in {@code days} (null: none). */
    public static Map<String, Object> exception(String project, String matchId, String pkg, String kind, Integer days) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("matchId", matchId);
        if (pkg != null) {
            body.put("packageName", pkg);
        }
        body.put("kind", kind);
        body.put("justification", "Only reachable through the admin port, which is not exposed.");
        if (days != null) {
            body.put("expiresAt", OffsetDateTime.now().plusDays(days).toString());
        }
        return body;
    }

    JsonNode read(String body) {
        return json.readTree(body);
    }

    /** Imports an OpenVEX document into the project's exceptions. */
    public ResultActions importVex(String user, String project, byte[] document) throws Exception {
        return mvc.perform(post("/api/v1/exceptions/openvex").param("project", project)
                .contentType(MediaType.APPLICATION_JSON).content(document).with(httpBasic(user, TestWorld.PASSWORD)));
    }

    /** The project's decisions as the OpenVEX document CI hands to {@code trivy image --vex}. */
    public JsonNode exportVex(String user, String project) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/projects/" + project + "/openvex").with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }
}
