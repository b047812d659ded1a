package io.keelwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser over real HTTP, without the browser: a cookie jar, pages asked for as HTML, and forms
 * posted with the CSRF token of the page shown before, as a person's browser sends them. Real HTTP
 * (not MockMvc), so the servlet container's error dispatch, session cookies and redirects are what
 * a browser gets.
 */
public final class BrowserSession {

    public static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    /** The sign-in form's hidden field and the layout's meta tag both carry the token. */
    private static final Pattern CSRF_TOKEN = Pattern.compile("name=\"_csrf\" (?:value|content)=\"([^\"]+)\"");

    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrfToken;

    public BrowserSession(int port) {
        this.port = port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    /** A browser signed in as {@code username} (test password) through the sign-in form. */
    public static BrowserSession signedIn(int port, String username) throws Exception {
        BrowserSession browser = new BrowserSession(port);
        browser.get("/login");
        HttpResponse<String> signIn = browser.post("/login", Map.of("username", username, "password", TestWorld.PASSWORD));
        assertThat(signIn.statusCode()).as("sign-in of " + username).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return browser;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).header("Accept", HTML).GET());
    }

    /** Posts a form, with the CSRF token of the last page that carried one. */
    public HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
        return post(path, fields, Map.of());
    }

    /** Posts a form with the last page's CSRF token and these extra request headers (e.g. htmx's). */
    public HttpResponse<String> post(String path, Map<String, String> fields, Map<String, String> headers) throws Exception {
        assertThat(csrfToken).as("a page with a CSRF token was shown before posting " + path).isNotNull();
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("_csrf", csrfToken);
        return postWithout(path, form, headers);
    }

    /** Posts a form exactly as given (no CSRF token added), with these extra request headers. */
    public HttpResponse<String> postWithout(String path, Map<String, String> form, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        headers.forEach(request::header);
        if (headers.keySet().stream().noneMatch("Accept"::equalsIgnoreCase)) {
            request.header("Accept", HTML);
        }
        return send(request);
    }

    /** The value of the session cookie this browser holds, if any. */
    public Optional<String> sessionCookie() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("SESSION"))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF_TOKEN.matcher(response.body());
        if (token.find()) {
            csrfToken = token.group(1);
        }
        return response;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
