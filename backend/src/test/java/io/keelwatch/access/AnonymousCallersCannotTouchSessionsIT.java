package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Over real HTTP, as a browser would (with the sign-in page's CSRF cookie): anonymous page views, sign-in forms and wrong passwords
 * store no session (300 visits once left 300 rows), and a refused cross-site POST — with or
 * without the person's session cookie — leaves that session alone instead of answering with a new
 * session cookie that replaced it and signed the person out.
 */
@KeelwatchIntegrationTest
// A context of its own: MockMvc's csrf() in other tests swaps the shared CSRF filter's token store
// for a session-backed test double, which real HTTP here must not meet.
@TestPropertySource(properties = "keelwatch.test.context=real-http-sessions")
class AnonymousCallersCannotTouchSessionsIT {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestWorld world;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void anonymousVisitsAndWrongPasswordsStoreNoSession() throws Exception {
        long before = sessions();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> login = get("/login", Optional.empty());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(get("/findings", Optional.empty()).statusCode()).isEqualTo(302);
        }
        HttpResponse<String> form = get("/login", Optional.empty());
        HttpResponse<String> wrong = post("/login", csrfCookie(form), "username=nobody&password=wrong&_csrf=" + csrfField(form));
        assertThat(wrong.statusCode()).isEqualTo(302);
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/login?error"));
        assertThat(sessions()).as("sessions stored for anonymous callers").isEqualTo(before);
    }

    @Test
    void aRefusedCrossSitePostLeavesThePersonsSessionAlone() throws Exception {
        world.alpha();
        String session = signIn(TestWorld.ALICE);
        assertThat(get("/", Optional.of(session)).statusCode()).isEqualTo(200);

        // a form on another site: the browser sends no SameSite=Lax cookie with it…
        HttpResponse<String> withoutCookies = post("/logout", Optional.empty(), "");
        // …or, in a browser without SameSite, the session cookie but no CSRF token
        HttpResponse<String> withSession = post("/logout", Optional.of(session), "");
        for (HttpResponse<String> refused : List.of(withoutCookies, withSession)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("SESSION="));
        }
        HttpResponse<String> after = get("/", Optional.of(session));
        assertThat(after.statusCode()).as("still signed in").isEqualTo(200);
        assertThat(after.body()).contains(TestWorld.ALICE);
    }

    private String signIn(String username) throws Exception {
        HttpResponse<String> form = get("/login", Optional.empty());
        HttpResponse<String> signedIn = post("/login", csrfCookie(form), "username=" + username + "&password="
                + URLEncoder.encode(TestWorld.PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrfField(form));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        return signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    }

    private static Optional<String> csrfCookie(HttpResponse<String> page) {
        return page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("KEELWATCH-CSRF="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst();
    }

    private static String csrfField(HttpResponse<String> page) {
        Matcher field = CSRF_FIELD.matcher(page.body());
        assertThat(field.find()).as("the sign-in form carries a CSRF token").isTrue();
        return URLEncoder.encode(field.group(1), StandardCharsets.UTF_8);
    }

    private long sessions() {
        return jdbc.sql("select count(*) from spring_session").query(Long.class).single();
    }

    private HttpResponse<String> get(String path, Optional<String> cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/html");
        cookie.ifPresent(c -> request.header("Cookie", c));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Optional<String> cookie, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        cookie.ifPresent(c -> request.header("Cookie", c));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
