package io.keelwatch.platform;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.access.Role;
import io.keelwatch.access.Scope;
import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingService;
import io.keelwatch.findings.ScanImportService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Text from outside meets one rule where it enters: a NUL or another control character in a query
 * parameter, a form field, HTTP Basic credentials or a JSON value, or a JSON body that is not
 * well-formed UTF-8 (an overlong {@code C0 AF}), is answered 400 with the reason — anonymously too,
 * where it once answered 500 with a stack trace — and nothing is written.
 */
@KeelwatchIntegrationTest
class TextFromOutsideIsCheckedAtTheDoorIT {

    @LocalServerPort
    int port;
    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    ScanImportService imports;
    @Autowired
    FindingService findings;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anonymousBasicCredentialsWithANulAre400NotA500() throws Exception {
        String credentials = Base64.getEncoder().encodeToString("ali\u0000ce:whatever".getBytes(StandardCharsets.UTF_8));
        refusedAsProblem(mvc.perform(get("/api/v1/findings").header(HttpHeaders.AUTHORIZATION, "Basic " + credentials)));
        String overlong = Base64.getEncoder().encodeToString(new byte[] {'a', (byte) 0xC0, (byte) 0xAF, ':', 'x'});
        refusedAsProblem(mvc.perform(get("/api/v1/findings").header(HttpHeaders.AUTHORIZATION, "Basic " + overlong)));
    }

    @Test
    void anonymousSignInWithANulIsAPageSaying400() throws Exception {
        // over real HTTP: the error page comes from the servlet container's error dispatch
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/login"))
                .header("Accept", "text/html")
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("username=ali%00ce&password=whatever"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(answer.body()).contains("control character U+0000").contains("Keelwatch");
    }

    @Test
    void queryParametersWithControlCharactersAre400() throws Exception {
        String token = world.token(TestWorld.ALICE, null, Scope.READ);
        refusedAsProblem(mvc.perform(get(URI.create("/api/v1/findings?text=abc%00def")).with(bearer(token))));
        refusedAsProblem(mvc.perform(get(URI.create("/api/v1/findings?image=%1b%5b31m")).with(bearer(token))));
        refusedAsProblem(mvc.perform(get(URI.create("/api/v1/findings?text=%C0%AF")).with(bearer(token))));
        mvc.perform(get(URI.create("/api/v1/findings?text=tab%09and%20space")).with(bearer(token))).andExpect(status().isOk());
    }

    @Test
    void aJsonValueWithANulWritesNothing() throws Exception {
        ProjectRef project = world.alphaProject();
        Viewer lead = new Viewer(0, TestWorld.LEAD, Role.SECURITY_LEAD, Set.of());
        imports.importReport(new ByteArrayInputStream(Fixtures.bytes("trivy/alpine-310.json.golden")), project.slug(), null, lead);
        long finding = findings.findings(new FindingFilter(project.slug(), null, null, null, null, null, null, null),
                new PageRequest(0, 1), lead).items().get(0).id();
        
        refusedAsProblem(mvc.perform(post("/api/v1/findings/{id}/comments", finding).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content("{\"body\":\"looks fine\\u0000DROP\"}")));
        byte[] withOverlongSlash = concat("{\"body\":\"..".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC0, (byte) 0xAF},
                "etc/passwd\"}".getBytes(StandardCharsets.US_ASCII));
        refusedAsProblem(mvc.perform(post("/api/v1/findings/{id}/comments", finding).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(withOverlongSlash)));

        assertThat(jdbc.sql("select count(*) from finding_comment where finding_id = :id").param("id", finding)
                .query(Long.class).single()).as("no comment written").isZero();
        mvc.perform(post("/api/v1/findings/{id}/comments", finding).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"body\":\"two\\nlines\\tand a tab\"}"))
                .andExpect(status().is2xxSuccessful());
    }

    private static void refusedAsProblem(ResultActions result) throws Exception {
        result.andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
