package io.keelwatch.findings;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Uploading reports over the API as a given user, and making variants of real reports. */
public final class ScanUploads {

    private final MockMvc mvc;
    private final JsonMapper json = JsonMapper.builder().build();

    public ScanUploads(MockMvc mvc) {
        this.mvc = mvc;
    }

    public ResultActions upload(String user, String project, byte[] report) throws Exception {
        return mvc.perform(post("/api/v1/scans").param("project", project)
                .contentType(MediaType.APPLICATION_JSON)
                .content(report)
                .with(httpBasic(user, TestWorld.PASSWORD)));
    }

    /** The report with a new creation time and its first {@code drop} vulnerabilities removed. */
    public byte[] variant(byte[] report, String createdAt, int drop) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        root.put("CreatedAt", createdAt);
        ArrayNode vulnerabilities = (ArrayNode) root.get("Results").get(0).get("Vulnerabilities");
        for (int i = 0; i < drop; i++) {
            vulnerabilities.remove(0);
        }
        return json.writeValueAsBytes(root);
    }

    /** The report with a new creation time and the vulnerabilities at these positions (of the first result) removed. */
    public byte[] without(byte[] report, String createdAt, int... positions) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        root.put("CreatedAt", createdAt);
        ArrayNode vulnerabilities = (ArrayNode) root.get("Results").get(0).get("Vulnerabilities");
        int[] descending = Arrays.stream(positions).boxed().sorted(Comparator.reverseOrder()).mapToInt(i -> i).toArray();
        for (int position : descending) {
            vulnerabilities.remove(position);
        }
        return json.writeValueAsBytes(root);
    }

    /**
     * The same report for a rebuilt image: a new image ID (so a new digest in the same repository),
     * created at {@code createdAt}. Same packages, same vulnerabilities.
     */
    public byte[] rebuilt(byte[] report, String createdAt, String imageId) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        root.put("CreatedAt", createdAt);
        ((ObjectNode) root.get("Metadata")).put("ImageID", imageId);
        return json.writeValueAsBytes(root);
    }

    /** The report with every text field of its first vulnerability replaced. */
    public byte[] withText(byte[] report, String text) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        ObjectNode first = (ObjectNode) root.get("Results").get(0).get("Vulnerabilities").get(0);
        first.put("Title", text);
        first.put("Description", text);
        first.put("PkgName", text);
        return json.writeValueAsBytes(root);
    }

    public JsonNode read(String body) {
        return json.readTree(body);
    }

    /** The first half of a report, as an interrupted upload would deliver it. */
    public static byte[] truncated(byte[] report) {
        return Arrays.copyOf(report, report.length / 2);
    }

    /** The project's findings as the API lists them, most severe first (up to 500). */
    public List<JsonNode> findings(String user, String project) throws Exception {
        String body = mvc.perform(get("/api/v1/findings").param("project", project).param("size", "500")
                        .with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<JsonNode> items = new ArrayList<>();
        read(body).get("items").forEach(items::add);
        return items;
    }

    /** One line per finding, {@code id package@version SEVERITY}, sorted, for comparing with what a report lists. */
    public List<String> findingLines(String user, String project) throws Exception {
        return lines(findings(user, project), f -> field(f, "ruleId") + " " + field(f, "packageName")
                + "@" + field(f, "installedVersion") + " " + field(f, "severity"));
    }

    /** A text field of an API answer, "-" when it is null or absent. */
    public static String field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? "-" : value.asString();
    }

    public static List<String> lines(List<JsonNode> items, Function<JsonNode, String> line) {
        return items.stream().map(line).sorted().toList();
    }

    /** A finding with its catalog description, as {@code GET /api/v1/findings/{id}} shows it. */
    public JsonNode detail(String user, long findingId) throws Exception {
        return read(mvc.perform(get("/api/v1/findings/" + findingId).with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    /** A scan as {@code GET /api/v1/scans/{id}} shows it. */
    public JsonNode scan(String user, long scanId) throws Exception {
        return read(mvc.perform(get("/api/v1/scans/" + scanId).with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    /**
     * Rows an import into {@code project} writes — its scans, their changes, its findings — and images
     * no scan names (an import registers its image in its own transaction, so only a half-kept import
     * leaves one), to show that a refused import wrote nothing. Counted within the project, so other
     * tests' imports into the shared database never move it.
     */
    public static long importedRows(JdbcClient jdbc, ProjectRef project) {
        return jdbc.sql("""
                select (select count(*) from scan where project_id = :project)
                     + (select count(*) from scan_change c join scan s on s.id = c.scan_id where s.project_id = :project)
                     + (select count(*) from finding where project_id = :project)
                     + (select count(*) from image i where not exists (select 1 from scan s where s.image_id = i.id))
                """).param("project", project.id()).query(Long.class).single();
    }
}
