package io.keelwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} zip Maven unpacks into {@code target/keycloak}),
 * started once per test JVM in {@code start-dev} mode on free ports with the realm file compose
 * imports ({@code deploy/keycloak/keelwatch-realm.json}), and stopped when the JVM exits.
 *
 * <p>Keycloak needs Java 21 or newer: {@code KEELWATCH_KEYCLOAK_JAVA_HOME}, else the newest JDK
 * under {@code /usr/lib/jvm} whose {@code java -version} is at least 21. Without one the tests
 * that need Keycloak are skipped with a message, except in CI ({@code CI} set), where they fail.
 *
 * <p>Tests ask it for tokens (password and client-credentials grants) and change the realm through
 * the admin REST API (the master realm's bootstrap admin), e.g. to allow the browser test's port.
 */
public final class KeycloakTestServer {

    public static final String REALM = "keelwatch";
    /** The system property the URL of the running server is published in, for {@code @TestPropertySource} placeholders. */
    public static final String URL_PROPERTY = "keelwatch.test.keycloak.url";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

    private static KeycloakTestServer instance;
    private static String unavailable;

    private final Process process;
    private final String url;
    private final Duration startTime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private KeycloakTestServer(Process process, String url, Duration startTime) {
        this.process = process;
        this.url = url;
        this.startTime = startTime;
    }

    /** The server, started on first call; skips (or, in CI, fails) the calling test when it cannot run. */
    public static synchronized KeycloakTestServer get() {
        if (instance == null && unavailable == null) {
            Optional<Path> javaHome = javaHome();
            if (javaHome.isEmpty()) {
                unavailable = "Keycloak tests skipped: Keycloak needs Java 21+; set KEELWATCH_KEYCLOAK_JAVA_HOME or install a JDK "
                        + "under /usr/lib/jvm (e.g. Temurin 25).";
            } else {
                instance = start(javaHome.get());
            }
        }
        if (instance == null) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(unavailable + " CI must run them.");
            }
            throw new TestAbortedException(unavailable);
        }
        return instance;
    }

    /** Base URL, e.g. {@code http://localhost:41234}. */
    public String url() {
        return url;
    }

    public String issuer() {
        return url + "/realms/" + REALM;
    }

    /** How long start-up took, from launching {@code kc.sh} until the realm answered. */
    public Duration startTime() {
        return startTime;
    }

    /** An access token from the realm's token endpoint by a password grant (the realm allows it for tests). */
    public String passwordToken(String clientId, String clientSecret, String username, String password) {
        return token(url, REALM, Map.of("grant_type", "password", "client_id", clientId, "client_secret", clientSecret,
                "username", username, "password", password, "scope", "openid"));
    }

    /** An access token by a client-credentials grant. */
    public String clientCredentialsToken(String clientId, String clientSecret) {
        return clientCredentialsToken(url, clientId, clientSecret);
    }

    /** As {@link #clientCredentialsToken(String, String)}, asking Keycloak under another base URL (which becomes the token's issuer). */
    public String clientCredentialsToken(String baseUrl, String clientId, String clientSecret) {
        return token(baseUrl, REALM, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret));
    }

    /** A token of the master realm's administrator: a correctly signed token of another issuer. */
    public String masterRealmToken() {
        return token(url, "master", Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN,
                "password", ADMIN_PASSWORD));
    }

    /** Creates a client in the realm from its JSON representation (Keycloak admin REST API). */
    public void createClient(Map<String, Object> representation) {
        send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + REALM + "/clients"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(representation))), 201);
    }

    /** Creates a user with a password and realm roles. */
    public void createUser(String username, String password, List<String> realmRoles) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        user.put("emailVerified", true);
        user.put("firstName", username);
        user.put("lastName", "Test");
        user.put("email", username + "@keelwatch.example");
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + REALM + "/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(user))), 201);
        if (!realmRoles.isEmpty()) {
            String id = read(send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + REALM + "/users?exact=true&username="
                    + encode(username))).GET(), 200)).get(0).get("id").asString();
            List<Object> roles = new ArrayList<>();
            for (String role : realmRoles) {
                roles.add(json.convertValue(read(send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + REALM + "/roles/"
                        + encode(role))).GET(), 200)), Map.class));
            }
            send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + REALM + "/users/" + id + "/role-mappings/realm"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(roles))), 204);
        }
    }

    /** Adds a redirect URI to a client (Keycloak matches redirect URIs exactly, wildcards only at the end). */
    public void allowRedirectUri(String clientId, String redirectUri) {
        JsonNode client = read(send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + REALM + "/clients?clientId="
                + encode(clientId))).GET(), 200)).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> representation = json.convertValue(client, Map.class);
        @SuppressWarnings("unchecked")
        List<String> uris = new ArrayList<>((List<String>) representation.getOrDefault("redirectUris", List.of()));
        if (!uris.contains(redirectUri)) {
            uris.add(redirectUri);
        }
        representation.put("redirectUris", uris);
        send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/" + REALM + "/clients/" + client.get("id").asString()))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(representation))), 204);
    }

    private String token(String baseUrl, String realm, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String answer = exchange(request, 200);
        return read(answer).get("access_token").asString();
    }

    private String send(HttpRequest.Builder request, int expectedStatus) {
        String admin = token(url, "master", Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN,
                "password", ADMIN_PASSWORD));
        return exchange(request.header("Authorization", "Bearer " + admin).build(), expectedStatus);
    }

    private String exchange(HttpRequest request, int expectedStatus) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s answered %s", request.method(), request.uri(), response.body())
                    .isEqualTo(expectedStatus);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String body) {
        return json.readTree(body);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static KeycloakTestServer start(Path javaHome) {
        Path home = keycloakHome();
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmFile(), imports.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            int port = freePort();
            int managementPort = freePort();
            Path log = home.resolve("keycloak-test.log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                    "--db=dev-mem", "--http-port=" + port, "--http-management-port=" + managementPort,
                    "--hostname-strict=false", "--health-enabled=true")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", javaHome.toString());
            // A short-lived test server: the quick compiler alone starts it sooner on few cores.
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            long started = System.nanoTime();
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "keycloak-test-server-stop"));
            String url = "http://localhost:" + port;
            awaitRealm(process, url, log);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("Keycloak %s started in %d s with %s (log: %s)%n", home.getFileName(), took.toSeconds(), javaHome, log);
            System.setProperty(URL_PROPERTY, url);
            return new KeycloakTestServer(process, url, took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitRealm(Process process, String url, Path log) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(url + "/realms/" + REALM + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                if (client.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop(process);
        throw new IllegalStateException("Keycloak did not serve realm " + REALM + " within " + START_TIMEOUT + "; see " + log);
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Path keycloakHome() {
        String configured = System.getProperty("keelwatch.keycloak.home");
        if (configured != null && Files.isExecutable(Path.of(configured, "bin", "kc.sh"))) {
            return Path.of(configured);
        }
        try (Stream<Path> unpacked = Files.list(Path.of("target", "keycloak"))) {
            return unpacked.filter(p -> Files.isExecutable(p.resolve("bin/kc.sh"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Keycloak in target/keycloak: run the tests with ./mvnw verify, "
                            + "which unpacks org.keycloak:keycloak-quarkus-dist there."));
        } catch (IOException e) {
            throw new IllegalStateException("No Keycloak in target/keycloak: run the tests with ./mvnw verify.", e);
        }
    }

    private static Path realmFile() {
        String configured = System.getProperty("keelwatch.realm.file");
        Path realm = configured != null ? Path.of(configured) : Path.of("..", "deploy", "keycloak", REALM + "-realm.json");
        if (!Files.isRegularFile(realm)) {
            throw new IllegalStateException("Realm file not found: " + realm.toAbsolutePath());
        }
        return realm;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code KEELWATCH_KEYCLOAK_JAVA_HOME}, else the newest JDK under /usr/lib/jvm that is Java 21 or newer. */
    static Optional<Path> javaHome() {
        String configured = System.getenv("KEELWATCH_KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            if (javaMajorVersion(home) < 21) {
                throw new IllegalStateException("KEELWATCH_KEYCLOAK_JAVA_HOME=" + configured + " is not a Java 21+ JDK.");
            }
            return Optional.of(home);
        }
        File[] candidates = new File("/usr/lib/jvm").listFiles(File::isDirectory);
        if (candidates == null) {
            return Optional.empty();
        }
        return Stream.of(candidates).map(File::toPath)
                .filter(home -> !Files.isSymbolicLink(home))
                .map(home -> Map.entry(home, javaMajorVersion(home)))
                .filter(entry -> entry.getValue() >= 21)
                .max(Comparator.comparingInt(Map.Entry<Path, Integer>::getValue))
                .map(Map.Entry::getKey);
    }

    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)");

    private static int javaMajorVersion(Path home) {
        Path java = home.resolve("bin/java");
        if (!Files.isExecutable(java)) {
            return 0;
        }
        try {
            Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor(30, TimeUnit.SECONDS);
            Matcher matcher = VERSION.matcher(output);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Starts Keycloak before the test class's Spring context exists, so {@code ${keelwatch.test.keycloak.url}}
     * placeholders resolve; skips the class when no Java 21+ is there (fails in CI).
     */
    public static final class Required implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            get();
        }
    }
}
