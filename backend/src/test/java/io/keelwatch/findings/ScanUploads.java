package io.keelwatch.findings;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keelwatch.testsupport.TestWorld;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Uploading reports over the API as a given user, and making variants of real reports. */
final class ScanUploads {

    private final MockMvc mvc;
    private final JsonMapper json = JsonMapper.builder().build();

    ScanUploads(MockMvc mvc) {
        this.mvc = mvc;
    }

    ResultActions upload(String user, String project, byte[] report) throws Exception {
        return mvc.perform(post("/api/v1/scans").param("project", project)
                .contentType(MediaType.APPLICATION_JSON)
                .content(report)
                .with(httpBasic(user, TestWorld.PASSWORD)));
    }

    /** The report with a new creation time and its first {@code drop} vulnerabilities removed. */
    byte[] variant(byte[] report, String createdAt, int drop) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        root.put("CreatedAt", createdAt);
        ArrayNode vulnerabilities = (ArrayNode) root.get("Results").get(0).get("Vulnerabilities");
        for (int i = 0; i < drop; i++) {
            vulnerabilities.remove(0);
        }
        return json.writeValueAsBytes(root);
    }

    /** The report with every text field of its first vulnerability replaced. */
    byte[] withText(byte[] report, String text) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        ObjectNode first = (ObjectNode) root.get("Results").get(0).get("Vulnerabilities").get(0);
        first.put("Title", text);
        first.put("Description", text);
        first.put("PkgName", text);
        return json.writeValueAsBytes(root);
    }

    JsonNode read(String body) {
        return json.readTree(body);
    }
}
