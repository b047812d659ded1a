package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The access matrix's security check against bad input: every handler Spring MVC maps (read from
 * the handler mapping, so a new endpoint is probed the moment it exists) is called as an
 * administrator (a token with every scope for the API, a session for pages) and anonymously with
 * what a careless client or an attacker sends: path values that are no number, too big or carry an
 * encoded NUL; every query parameter the handler reads set to text, a negative, a huge number, an
 * unknown enum value or NUL (with {@code page=-1}, {@code size=999999999}); request bodies that are
 * malformed, empty, of the wrong type or with every field of the wrong type. No answer may be a 5xx,
 * and an API's 4xx is problem details (checked over real HTTP when MockMvc, which has no error
 * dispatch, shows a bare {@code sendError}). Bounded: one anonymous and one to five admin requests
 * per endpoint, the bad values taken in turn so that the endpoints together get all of them; every
 * failure is collected before the one assertion, so a run lists all of them.
 */
@KeelwatchIntegrationTest
class NoProbeOfAnyEndpointAnswers500IT {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::[^}]*)?}");
    /** Path values a client should never send: no number, past a long, an encoded NUL, negative. */
    private static final List<String> BAD_PATH_VALUES = List.of("abc", "99999999999999999999999", "%00x%C0%AF", "-1");
    /** Values for every query parameter, one set per request. */
    private static final List<String> BAD_PARAMETER_VALUES = List.of("abc", "-1", "99999999999999999999999", "BOGUS%00",
            "1e400", "%C0%AF");
    /** Bodies every write gets, with the content type each is sent as. */
    private static final List<Map.Entry<MediaType, String>> BAD_BODIES = List.of(
            Map.entry(MediaType.APPLICATION_JSON, "{"),
            Map.entry(MediaType.APPLICATION_JSON, ""),
            Map.entry(MediaType.APPLICATION_JSON, "[1e400, null]"),
            Map.entry(MediaType.APPLICATION_JSON, "{\"a\":1,\"a\":{\"b\":[]}}"),
            Map.entry(MediaType.TEXT_PLAIN, "plain"),
            Map.entry(MediaType.parseMediaType("multipart/form-data"), "no boundary"),
            Map.entry(MediaType.APPLICATION_FORM_URLENCODED, "a=%00&b=%C0%AF"));
    /** Every field of the handler's body type set to one of these in turn. */
    private static final List<String> BAD_FIELD_VALUES = List.of("1e400", "\"\\u0000BOGUS\"", "{\"x\":[]}", "-99999999999999999999999",
            "[\"BOGUS\"]");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> failures = new ArrayList<>();
    private int requests;
    private String adminToken;
    private Map<String, String> realValues;

    @Test
    void noEndpointAnswers5xxToBadInputAndTheApiAnswersProblems() throws Exception {
        adminToken = world.token(TestWorld.ADMIN, null, Scope.grantableTo(Role.ADMIN).toArray(Scope[]::new));
        realValues = realRecords();
        long started = System.nanoTime();
        Map<String, HandlerMethod> endpoints = endpoints();
        int n = 0;
        Map<String, Long> millis = new TreeMap<>();
        for (Map.Entry<String, HandlerMethod> endpoint : endpoints.entrySet()) {
            long start = System.nanoTime();
            probe(endpoint.getKey(), endpoint.getValue(), n++);
            millis.put(endpoint.getKey(), (System.nanoTime() - start) / 1_000_000);
        }
        millis.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(slow -> System.out.printf("Probe took %d ms: %s%n", slow.getValue(), slow.getKey()));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.printf("Probed %d endpoints with %d requests in %d s%n", endpoints.size(), requests, seconds);
        assertThat(endpoints).as("the handler mapping was read").hasSizeGreaterThan(50);
        assertThat(failures).as("answers to bad input (" + requests + " requests)").isEmpty();
        assertThat(seconds).as("bounded run time").isLessThan(90);
    }

    private void probe(String endpoint, HandlerMethod handler, int n) throws Exception {
        String[] parts = endpoint.split(" ", 2);
        HttpMethod method = HttpMethod.valueOf(parts[0]);
        String pattern = parts[1];
        boolean write = method != HttpMethod.GET && method != HttpMethod.HEAD;
        List<String> parameters = parameterNames(handler);
        List<Map.Entry<MediaType, String>> bodies = bodies(bodyType(handler));

        // anonymous: refused before anything reads the input, and never with a 5xx
        send(endpoint, method, path(pattern, n, false), query(parameters, n), write ? pick(bodies, n) : null, false);
        // each endpoint gets some of the bad values, in turn, so that together they get all of them
        if (VARIABLE.matcher(pattern).find()) {
            send(endpoint, method, path(pattern, n, false), query(parameters, n + 1), write ? pick(bodies, n + 1) : null, true);
        }
        String real = path(pattern, 0, true);
        // a read that takes no input (the OpenAPI document, a form page) needs one call: each costs time, none adds a probe
        int variants = write ? 4 : parameters.isEmpty() && !pattern.contains("{") ? 1 : 2;
        for (int i = 0; i < variants; i++) {
            send(endpoint, method, real, query(parameters, n + i), write ? pick(bodies, n + i) : null, true);
        }
    }

    /** The bad bodies, and the handler's body record with every field of the wrong type. */
    private static List<Map.Entry<MediaType, String>> bodies(Class<?> bodyType) {
        boolean record = bodyType != null && bodyType.isRecord();
        List<Map.Entry<MediaType, String>> bodies = new ArrayList<>();
        for (int i = 0; i < Math.max(BAD_BODIES.size(), BAD_FIELD_VALUES.size()); i++) {
            if (i < BAD_BODIES.size()) {
                bodies.add(BAD_BODIES.get(i));
            }
            if (record && i < BAD_FIELD_VALUES.size()) {
                bodies.add(Map.entry(MediaType.APPLICATION_JSON, everyField(bodyType, BAD_FIELD_VALUES.get(i))));
            }
        }
        return bodies;
    }

    private static <T> T pick(List<T> values, int n) {
        return values.get(Math.floorMod(n, values.size()));
    }

    private void send(String endpoint, HttpMethod method, String path, String query, Map.Entry<MediaType, String> body,
            boolean asAdmin) throws Exception {
        URI uri = URI.create(path + (query.isEmpty() ? "" : "?" + query));
        MockHttpServletRequestBuilder builder = request(method, uri);
        boolean api = path.startsWith("/api/");
        if (body != null) {
            builder.contentType(body.getKey()).content(body.getValue());
        }
        if (!api && method != HttpMethod.GET) {
            builder.with(csrf());
        }
        if (asAdmin) {
            builder.with(api ? bearer(adminToken) : user(TestWorld.ADMIN).roles(Role.ADMIN.name()));
        }
        requests++;
        MockHttpServletResponse response;
        try {
            response = mvc.perform(builder).andReturn().getResponse();
        } catch (Exception | AssertionError e) {
            failures.add(endpoint + " " + method + " " + uri + (body == null ? "" : " [" + body.getKey() + "] " + body.getValue())
                    + (asAdmin ? " as admin" : " anonymously") + " threw " + e);
            return;
        }
        int status = response.getStatus();
        String contentType = String.valueOf(response.getContentType());
        String answer = response.getContentAsString();
        if (status >= 400 && answer.isEmpty() && api) {
            // a sendError: MockMvc has no error dispatch, the container does; ask it over real HTTP
            HttpResponse<String> real = overHttp(method, uri, body, asAdmin);
            status = real.statusCode();
            contentType = real.headers().firstValue("Content-Type").orElse("none");
            answer = real.body();
        }
        boolean problem = contentType.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status >= 500 || (api && status >= 400 && !problem)) {
            failures.add(status + " " + contentType + " for " + endpoint + ": " + method + " " + uri
                    + (body == null ? "" : " [" + body.getKey() + "] " + abbreviate(body.getValue()))
                    + (asAdmin ? " as admin" : " anonymously") + " → " + abbreviate(answer));
        }
    }

    private HttpResponse<String> overHttp(HttpMethod method, URI uri, Map.Entry<MediaType, String> body, boolean asAdmin)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
                .method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.getValue()));
        if (body != null) {
            request.header("Content-Type", body.getKey().toString());
        }
        if (asAdmin) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The pattern with real records ({@code real}) or the {@code n}th bad value in every variable. */
    private String path(String pattern, int n, boolean real) {
        Matcher variable = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String value = real ? realValue(pattern, variable.group(1), variable.group()) : pick(BAD_PATH_VALUES, n);
            variable.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        variable.appendTail(path);
        return path.toString();
    }

    private String realValue(String pattern, String name, String whole) {
        if (whole.contains(":")) {
            return whole.substring(whole.indexOf(':') + 1, whole.length() - 1).split("\\|")[0];
        }
        if (name.equals("id")) {
            String collection = pattern.substring(0, pattern.indexOf("{id}") - 1);
            collection = collection.substring(collection.lastIndexOf('/') + 1);
            return realValues.getOrDefault(collection, "1");
        }
        return realValues.getOrDefault(name, "abc");
    }

    /** Every query parameter the handler reads set to the {@code n}th bad value, plus paging past any sense. */
    private static String query(List<String> parameters, int n) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page", pick(List.of("-1", "abc", "2147483647", "99999999999999999999"), n));
        query.put("size", pick(List.of("999999999", "0", "-5", "x"), n));
        for (String parameter : parameters) {
            query.put(parameter, pick(BAD_PARAMETER_VALUES, n));
        }
        StringBuilder out = new StringBuilder();
        query.forEach((name, value) -> out.append(out.isEmpty() ? "" : "&").append(name).append('=').append(value));
        return out.toString();
    }

    /** A JSON object of the record's fields, each set to {@code value}. */
    private static String everyField(Class<?> type, String value) {
        StringBuilder json = new StringBuilder("{");
        for (RecordComponent component : type.getRecordComponents()) {
            json.append(json.length() == 1 ? "" : ",").append('"').append(component.getName()).append("\":").append(value);
        }
        return json.append('}').toString();
    }

    /** The names of the request parameters the handler reads, directly or through a parameter object. */
    private static List<String> parameterNames(HandlerMethod handler) {
        List<String> names = new ArrayList<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
            Class<?> type = parameter.getParameterType();
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            if (requestParam != null) {
                String name = !requestParam.name().isEmpty() ? requestParam.name() : requestParam.value();
                names.add(name.isEmpty() ? parameter.getParameterName() : name);
            } else if (parameter.hasParameterAnnotation(PathVariable.class) || parameter.hasParameterAnnotation(RequestBody.class)) {
                continue;
            } else if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    names.add(component.getName());
                }
            } else if (BeanUtils.isSimpleProperty(type) && parameter.getParameterName() != null) {
                names.add(parameter.getParameterName());
            }
        }
        names.removeIf(name -> name == null || name.equals("page") || name.equals("size"));
        return names;
    }

    private static Class<?> bodyType(HandlerMethod handler) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                return parameter.getParameterType();
            }
        }
        return null;
    }

    /** "METHOD pattern" of every handler Spring MVC maps. */
    private Map<String, HandlerMethod> endpoints() {
        Map<String, HandlerMethod> endpoints = new TreeMap<>();
        mappings.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods().isEmpty() ? List.of(RequestMethod.GET)
                        : info.getMethodsCondition().getMethods()) {
                    endpoints.putIfAbsent(method + " " + pattern, handler);
                }
            }
        });
        return endpoints;
    }

    /** Records of a project of team alpha, for the paths' real values, and the names of inventory records. */
    private Map<String, String> realRecords() throws Exception {
        ProjectRef project = world.alphaProject();
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(Fixtures.bytes("trivy/alpine-310.json.golden")).with(bearer(adminToken)))
                .andExpect(status().isCreated());
        Map<String, String> values = new TreeMap<>();
        values.put("slug", project.slug());
        values.put("scans", first("select s.id from scan s join project p on p.id = s.project_id where p.slug = :slug", project.slug()));
        values.put("findings", first("select f.id from finding f join project p on p.id = f.project_id where p.slug = :slug",
                project.slug()));
        values.put("images", first("select s.image_id from scan s join project p on p.id = s.project_id where p.slug = :slug",
                project.slug()));
        values.put("users", first("select id from app_user where username = :slug", TestWorld.ALICE));
        values.put("tokens", String.valueOf(world.createToken(TestWorld.ALICE, null, Scope.READ).token().id()));
        values.put("teams", first("select id from team where slug = :slug", "alpha"));
        values.put("exceptions", first("select coalesce(min(id), 1) from finding_exception where cast(:slug as text) is not null", "x"));
        values.put("name", first("select coalesce(min(name), 'abc') from environment where cast(:slug as text) is not null", "x"));
        values.put("cluster", first("select coalesce(min(name), 'abc') from cluster where cast(:slug as text) is not null", "x"));
        return values;
    }

    private String first(String sql, String slug) {
        return String.valueOf(jdbc.sql(sql + " limit 1").param("slug", slug).query(Object.class).optional().orElse("1"));
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
