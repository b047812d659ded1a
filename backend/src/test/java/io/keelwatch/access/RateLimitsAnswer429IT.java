package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.TestWorld;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Sign-in and the token endpoints are rate-limited per client address: past the limit the API
 * answers 429 problem details with {@code Retry-After}, the browser a readable page. Other
 * addresses and other endpoints are not affected. Its own context, with small limits, because
 * the shared test context raises them (every MockMvc call comes from 127.0.0.1).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "keelwatch.access.sign-in-attempts-per-minute=3", "keelwatch.access.token-requests-per-minute=4",
        "keelwatch.access.failed-basic-attempts-per-minute=3"})
@AutoConfigureMockMvc
@Import(TestWorld.class)
class RateLimitsAnswer429IT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    io.keelwatch.audit.AuditLog auditLog;
    @LocalServerPort
    int port;

    @Test
    void tokenEndpointsAnswer429ProblemDetailsWithRetryAfterPerAddress() throws Exception {
        world.alpha();
        RequestPostProcessor from = address("198.51.100.7");
        for (int i = 0; i < 4; i++) {
            mvc.perform(get("/api/v1/tokens").with(from).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                    .andExpect(status().isOk());
        }
        mvc.perform(post("/api/v1/tokens").with(from).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\",\"scopes\":[\"read\"]}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*")))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:too-many-requests"))
                .andExpect(jsonPath("$.status").value(429));
        // anonymous calls count too: the limit is about the address, not the account
        mvc.perform(get("/api/v1/tokens/1").with(from)).andExpect(status().isTooManyRequests());

        mvc.perform(get("/api/v1/tokens").with(address("198.51.100.8")).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/findings").with(from).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk());
    }

    @Test
    void signInAttemptsPastTheLimitGet429AndRetryAfter() throws Exception {
        world.alpha();
        RequestPostProcessor from = address("203.0.113.9");
        for (int i = 0; i < 3; i++) {
            mvc.perform(post("/login").with(from).with(csrf()).param("username", "nobody").param("password", "guess-" + i))
                    .andExpect(status().isFound());
        }
        mvc.perform(post("/login").with(from).with(csrf()).param("username", TestWorld.ALICE).param("password", TestWorld.PASSWORD))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"));
        mvc.perform(get("/login").with(from)).andExpect(status().isOk());
        mvc.perform(post("/login").with(address("203.0.113.10")).with(csrf())
                        .param("username", TestWorld.ALICE).param("password", TestWorld.PASSWORD))
                .andExpect(status().isFound());
    }

    @Test
    void wrongBasicCredentialsPastTheLimitGet429EvenWithTheRightPassword() throws Exception {
        world.alpha();
        RequestPostProcessor from = address("192.0.2.44");
        // a script that sends the right password is never slowed down
        for (int i = 0; i < 8; i++) {
            mvc.perform(get("/api/v1/findings").with(from).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                    .andExpect(status().isOk());
        }
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/api/v1/findings").with(from).with(httpBasic("nobody", "guess-" + i)))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(get("/api/v1/findings").with(from).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:too-many-requests"));
        mvc.perform(get("/api/v1/findings").with(from).with(httpBasic("nobody", "guess-4")))
                .andExpect(status().isTooManyRequests());
        // the refused guesses after the limit never reached the password check: three audited failures
        mvc.perform(get("/api/v1/findings").with(from).with(httpBasic("nobody", "guess-5")))
                .andExpect(status().isTooManyRequests());
        auditLog.writeHeldRefusals();
        assertThat(jdbc.sql("""
                select coalesce(sum(coalesce((details ->> 'count')::bigint, 1)), 0) from audit_event
                where action = 'sign-in' and outcome = 'failure' and actor = 'nobody' and source_ip = cast('192.0.2.44' as inet)
                """).query(Long.class).single()).isEqualTo(3);
        mvc.perform(get("/api/v1/findings").with(address("192.0.2.45")).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk());
    }

    /** Over real HTTP, where the container renders the error page: the person reads what happened. */
    @Test
    void theBrowserGetsAReadablePage() throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();
        HttpResponse<String> last = null;
        for (int i = 0; i < 10 && (last == null || last.statusCode() != 429); i++) {
            String form = "username=nobody&password=guess-" + i + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
            last = http.send(HttpRequest.newBuilder(url("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(last.body()).contains("Too many sign-in attempts").doesNotContain("Exception");
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static RequestPostProcessor address(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
