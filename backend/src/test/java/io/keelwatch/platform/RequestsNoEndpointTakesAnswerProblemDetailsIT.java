package io.keelwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Over real HTTP, where the servlet container's error dispatch answers what no endpoint takes: an
 * unknown path, a method or media type the path does not take. API callers get RFC 9457 problem
 * details with a Keelwatch type and nothing of Spring Boot's error JSON or a stack trace; a browser
 * asking for a page gets the error page in the layout.
 */
@KeelwatchIntegrationTest
class RequestsNoEndpointTakesAnswerProblemDetailsIT {

    /** What a problem may hold: RFC 9457's members, nothing of Spring Boot's error attributes. */
    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "instance");

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anUnknownApiPathIsANotFoundProblemWhateverTheCallerAccepts() throws Exception {
        for (String accept : new String[] {"application/json", "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"}) {
            HttpResponse<String> answer = api("GET", "/api/v1/no-such-thing", accept, null, null);

            JsonNode problem = problem(answer, 404, "not-found");
            assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/no-such-thing");
        }
    }

    @Test
    void aMethodThePathDoesNotTakeIsAMethodNotAllowedProblem() throws Exception {
        HttpResponse<String> answer = api("DELETE", "/api/v1/findings", "application/json", null, null);

        problem(answer, 405, "method-not-allowed");
        assertThat(answer.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void anAcceptHeaderNoRepresentationMatchesIsANotAcceptableProblem() throws Exception {
        // the OpenVEX export maps only application/json: no handler is found at all
        problem(api("GET", "/api/v1/projects/any/openvex", "application/xml", null, null), 406, "not-acceptable");
        // the list's handler is found, and then cannot answer in the type asked for
        problem(api("GET", "/api/v1/findings", "text/csv", null, null), 406, "not-acceptable");
    }

    @Test
    void aContentTypeTheEndpointDoesNotTakeIsAnUnsupportedMediaTypeNotAReportFormat() throws Exception {
        HttpResponse<String> answer = api("POST", "/api/v1/exceptions", "application/json", "text/plain", "just text");

        problem(answer, 415, "unsupported-media-type");
    }

    @Test
    void aSignedInBrowserGetsTheErrorPageAndJsonCallersOfPagesAProblem() throws Exception {
        HttpClient browser = signedIn(TestWorld.ALICE);

        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(url("/no-such-page"))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body())
                .contains("404 Not found", "There is nothing at this address.")
                .doesNotContain("Whitelabel", "timestamp", "Exception:", "at org.", "at io.")
                .as("the layout's navigation, signed in").contains("data-testid=\"current-user\"", ">" + TestWorld.ALICE + "<");

        HttpResponse<String> asJson = browser.send(HttpRequest.newBuilder(url("/no-such-page"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem(asJson, 404, "not-found").get("instance").asString()).isEqualTo("/no-such-page");
    }

    /** Asserts the answer is a problem of this status and type, with nothing in it a problem does not hold. */
    private JsonNode problem(HttpResponse<String> answer, int status, String slug) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:keelwatch:problem:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
        Set<String> members = new TreeSet<>(problem.propertyNames());
        assertThat(PROBLEM_MEMBERS).as("Spring Boot's error attributes (error, path, timestamp, trace) stay out")
                .containsAll(members);
        assertThat(answer.body()).doesNotContain("Exception", "at org.", "at io.", "\"error\"", "\"path\"");
        return problem;
    }

    private HttpResponse<String> api(String method, String path, String accept, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (TestWorld.ALICE + ":" + TestWorld.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        world.alpha();
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client holding a browser session of {@code username}, signed in through the sign-in form. */
    private HttpClient signedIn(String username) throws Exception {
        world.alpha();
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();
        String credentials = "username=" + username + "&password=" + URLEncoder.encode(TestWorld.PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(credentials)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return http;
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
