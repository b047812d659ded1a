package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Report content a scanner would not write but an upload may hold — a key given twice, scores no
 * CVSS version allows, dates PostgreSQL cannot store, a multipart body without a boundary — is
 * imported or refused as a problem of the caller's, never answered with an internal error.
 */
class OddReportContentIsImportedOrRefusedNeverA500IT extends ReportImportTestBase {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REPORT = Fixtures.text("trivy/alpine-39.json.golden");

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aKeyGivenTwiceIsAMalformedReport() throws Exception {
        String twice = REPORT.substring(0, REPORT.lastIndexOf('}')) + ", \"Results\": []}";

        uploads.upload(TestWorld.ALICE, project.slug(), twice.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Results")));
        assertThat(scans()).isZero();
    }

    @Test
    void scoresOutsideZeroToTenAreDroppedAndTheRestKept() throws Exception {
        Map<String, String> scores = Map.of("huge", "1e308", "beyond double", "1e400", "400 digits", "1" + "0".repeat(400),
                "negative", "-5", "valid", "7.5");
        ObjectNode root = (ObjectNode) JSON.readTree(REPORT);
        ArrayNode vulnerabilities = (ArrayNode) root.get("Results").get(0).get("Vulnerabilities");
        ObjectNode template = (ObjectNode) vulnerabilities.get(0);
        Map<String, String> ids = new HashMap<>();
        for (String name : scores.keySet()) {
            ObjectNode copy = vulnerabilities.addObject();
            copy.setAll(template.deepCopy());
            ids.put(name, newId());
            copy.put("VulnerabilityID", ids.get(name));
            copy.putObject("CVSS").putObject("nvd").put("V3Score", "SCORE-" + name);
        }
        String report = JSON.writeValueAsString(root);
        for (String name : scores.keySet()) {
            // numbers a JSON tree cannot hold as written go into the text as they are
            report = report.replace("\"SCORE-" + name + "\"", scores.get(name));
        }

        uploads.upload(TestWorld.ALICE, project.slug(), report.getBytes(StandardCharsets.UTF_8)).andExpect(status().isCreated());

        for (String name : List.of("huge", "beyond double", "400 digits", "negative")) {
            assertThat(cvss(ids.get(name))).as(name).isEqualTo("none");
        }
        assertThat(cvss(ids.get("valid"))).isEqualTo("7.5");
    }

    @Test
    void datesPostgresCannotStoreAreLeftOut() throws Exception {
        String id = newId();
        ObjectNode root = (ObjectNode) JSON.readTree(REPORT);
        root.put("CreatedAt", "+999999999-12-31T23:59:59Z");
        ObjectNode first = (ObjectNode) root.get("Results").get(0).get("Vulnerabilities").get(0);
        first.put("VulnerabilityID", id);
        first.put("PublishedDate", "-999999999-01-01T00:00:00Z");

        uploads.upload(TestWorld.ALICE, project.slug(), JSON.writeValueAsBytes(root)).andExpect(status().isCreated());

        assertThat(jdbc.sql("select published_at is null from vulnerability where id = :id").param("id", id)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select report_created_at is null from scan where project_id = :p").param("p", project.id())
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aMultipartBodyWithoutABoundaryIsAnInvalidRequest() throws Exception {
        HttpResponse<String> response = multipart("multipart/form-data", REPORT);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:keelwatch:problem:invalid-request");
        assertThat(problem.get("detail").asString()).contains("multipart");
        assertThat(scans()).isZero();
    }

    @Test
    void aMultipartBodyThatEndsTooEarlyIsAnInvalidRequest() throws Exception {
        String cutOff = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + REPORT.substring(0, 200);

        HttpResponse<String> response = multipart("multipart/form-data; boundary=xyz", cutOff);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("type").asString()).isEqualTo("urn:keelwatch:problem:invalid-request");
        assertThat(scans()).isZero();
    }

    private HttpResponse<String> multipart(String contentType, String body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((TestWorld.ALICE + ":" + TestWorld.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/scans?project=" + project.slug()))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String cvss(String id) {
        return jdbc.sql("select coalesce(cvss_score::text, 'none') from vulnerability where id = :id").param("id", id)
                .query(String.class).single();
    }

    private long scans() {
        return jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id()).query(Long.class).single();
    }

    /** A vulnerability id no other test uses, so the shared catalog entry is this test's own. */
    private static String newId() {
        return "CVE-2098-" + (100_000 + IDS.incrementAndGet()) + System.nanoTime() % 100_000;
    }
}
