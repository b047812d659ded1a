package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.BrowserSession;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A value a page cannot take — a page number or record id that is no number, a status or kind no
 * form offers, a date that is no date — is answered, over real HTTP to a signed-in browser, with
 * the error page in the layout (navigation included) saying what was wrong, under 400 (or 404 for
 * an address that names nothing): never JSON, never 500, and nothing is changed.
 */
@KeelwatchIntegrationTest
class PagesAnswerBadValuesWithTheErrorPageIT {

    private static final Pattern MESSAGE = Pattern.compile("data-testid=\"error-message\">([^<]*)<");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    private ProjectRef project;
    private long findingId;
    private BrowserSession alice;

    @BeforeEach
    void aliceHasFindings() throws Exception {
        ScanUploads uploads = new ScanUploads(mvc);
        project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/debian-buster.json.golden"))
                .andExpect(status().isCreated());
        findingId = uploads.findings(TestWorld.ALICE, project.slug()).get(0).get("id").asLong();
        alice = BrowserSession.signedIn(port, TestWorld.ALICE);
    }

    @Test
    void aPageNumberThatIsNoNumberIsA400Page() throws Exception {
        String message = errorPage(alice.get("/findings?page=abc"), 400, "400 Invalid request");

        assertThat(message).contains("'abc'", "page");
    }

    @Test
    void aFindingAddressThatIsNoNumberIsA404Page() throws Exception {
        String message = errorPage(alice.get("/findings/abc"), 404, "404 Not found");

        assertThat(message).isEqualTo("There is nothing at this address.");
    }

    @Test
    void anUnknownStatusOnTheTriageFormIsA400PageAndChangesNothing() throws Exception {
        alice.get("/findings/" + findingId);

        String message = errorPage(alice.post("/findings/" + findingId + "/triage",
                Map.of("status", "BOGUS", "comment", "tampered")), 400, "400 Invalid request");

        assertThat(message).contains("'BOGUS'", "status");
        assertThat(statusOf(findingId)).isEqualTo("open");
        assertThat(jdbc.sql("select count(*) from finding_comment where finding_id = :id").param("id", findingId)
                .query(Long.class).single()).isZero();
    }

    /** htmx accepts anything ({@code *}/{@code *}); the answer is still the page, not a problem document. */
    @Test
    void anUnknownStatusSentByHtmxIsStillAnHtmlPage() throws Exception {
        alice.get("/findings/" + findingId);

        String message = errorPage(alice.post("/findings/" + findingId + "/triage", Map.of("status", "BOGUS"),
                Map.of("HX-Request", "true", "Accept", "*/*")), 400, "400 Invalid request");

        assertThat(message).contains("'BOGUS'");
        assertThat(statusOf(findingId)).isEqualTo("open");
    }

    @Test
    void anUnknownStatusOnTheBulkFormIsA400PageAndChangesNothing() throws Exception {
        alice.get("/findings?project=" + project.slug());

        String message = errorPage(alice.post("/findings/bulk", Map.of("project", project.slug(), "bulkStatus", "BOGUS")),
                400, "400 Invalid request");

        assertThat(message).contains("'BOGUS'", "bulkStatus");
        assertThat(jdbc.sql("select count(*) from finding where project_id = :p and status <> 'open'")
                .param("p", project.id()).query(Long.class).single()).isZero();
    }

    @Test
    void anUnknownKindOrDateOnTheExceptionFormIsA400PageAndProposesNothing() throws Exception {
        alice.get("/exceptions/new");
        Map<String, String> proposal = Map.of("scope", "project:" + project.slug(), "matchId", "CVE-2019-5094",
                "justification", "Not reachable", "expiresOn", "2099-01-01");

        String kind = errorPage(alice.post("/exceptions", with(proposal, "kind", "BOGUS")), 400, "400 Invalid request");
        String date = errorPage(alice.post("/exceptions", with(with(proposal, "kind", "risk_accepted"), "expiresOn", "soon")),
                400, "400 Invalid request");

        assertThat(kind).contains("'BOGUS'", "kind");
        assertThat(date).contains("'soon'", "expiresOn");
        assertThat(jdbc.sql("select count(*) from finding_exception where project_id = :p").param("p", project.id())
                .query(Long.class).single()).isZero();
    }

    /** Asserts an HTML error page in the layout with this status, and answers the message it shows. */
    private static String errorPage(HttpResponse<String> answer, int status, String heading) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(answer.body())
                .contains(heading)
                .doesNotContain("urn:keelwatch:problem", "Whitelabel", "Exception:", "at org.", "at io.")
                .as("the layout's navigation, signed in").contains("data-testid=\"current-user\"", ">" + TestWorld.ALICE + "<");
        Matcher message = MESSAGE.matcher(answer.body());
        assertThat(message.find()).as("the page says what was wrong").isTrue();
        return message.group(1).replace("&#39;", "'");
    }

    private String statusOf(long finding) {
        return jdbc.sql("select status from finding where id = :id").param("id", finding).query(String.class).single();
    }

    private static Map<String, String> with(Map<String, String> form, String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(form);
        copy.put(name, value);
        return copy;
    }
}
