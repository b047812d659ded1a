package io.keelwatch.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.access.ApiTokenService;
import io.keelwatch.access.NewApiToken;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Over a raw socket, byte for byte what the two stock clients send: Falcosidekick's webhook output
 * (outputs/client.go: {@code Content-Type: application/json; charset=utf-8}, {@code User-Agent:
 * Falcosidekick}, the custom {@code Authorization} header, Go's {@code Accept-Encoding: gzip}, the payload
 * as Go's JSON encoder writes it with its trailing newline) and Falco's own {@code http_output}
 * (outputs_http.cpp: libcurl's POST with {@code Content-Type: application/json}, the {@code user_agent}
 * setting, {@code Accept: *}{@code /*}, and the URL's user information as Basic credentials). Both are
 * stored for the token's cluster; a wrong token in the URL is 401 and audited without the secret.
 */
@KeelwatchIntegrationTest
class SidekickAndFalcoHttpOutputPostsAreStoredIT {

    /** A Falco json_output line as Falco 0.41 writes it (no uuid); Go's encoder escapes {@code <>} as \u003c \u003e. */
    static final String FALCO_EVENT = "{\"hostname\":\"worker-1\",\"output\":\"12:01:02.123456789: Notice A shell was spawned in a "
            + "container with an attached terminal (evt_type=execve user=root process=sh proc_exepath=/bin/busybox parent=runc "
            + "command=sh terminal=34816 exe_flags=EXE_WRITABLE container_id=0123456789ab container_image=registry.example/shop/web "
            + "container_image_tag=1.0 container_name=web k8s_ns=shop k8s_pod_name=web-1)\",\"output_fields\":{\"container.id\":"
            + "\"0123456789ab\",\"container.image.repository\":\"registry.example/shop/web\",\"container.image.tag\":\"1.0\","
            + "\"container.name\":\"web\",\"evt.arg.flags\":\"EXE_WRITABLE\",\"evt.time\":1714564922123456789,\"evt.type\":\"execve\","
            + "\"k8s.ns.name\":\"shop\",\"k8s.pod.name\":\"web-1\",\"proc.cmdline\":\"sh\",\"proc.exepath\":\"/bin/busybox\","
            + "\"proc.pname\":\"runc\",\"proc.tty\":34816,\"user.loginuid\":-1,\"user.name\":\"root\"},\"priority\":\"Notice\","
            + "\"rule\":\"Terminal shell in container\",\"source\":\"syscall\",\"tags\":[\"T1059\",\"container\",\"maturity_stable\","
            + "\"mitre_execution\",\"shell\"],\"time\":\"2024-05-01T12:01:02.123456789Z\"}";

    @LocalServerPort
    int port;
    @Autowired
    TestWorld world;
    @Autowired
    InventoryService inventory;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditLog audit;

    @Test
    void falcosidekicksWebhookPostIsStoredAndItsResentUuidIsADuplicate() throws IOException {
        String cluster = cluster();
        String token = token(cluster);
        for (int i = 0; i < 2; i++) {
            // FalcoPayload marshalled by json.NewEncoder: uuid first, hostname last, a newline after the object
            String body = "{\"uuid\":\"" + UUID.randomUUID() + "\",\"output\":\"12:01:02.123456789: Notice A shell was spawned "
                    + "\\u003cNA\\u003e\",\"priority\":\"Notice\",\"rule\":\"Terminal shell in container\",\"time\":\"2024-05-01T12:01:02.123456789Z\","
                    + "\"output_fields\":{\"container.id\":\"0123456789ab\",\"k8s.ns.name\":\"shop\",\"k8s.pod.name\":\"web-1\","
                    + "\"proc.cmdline\":\"sh\"},\"source\":\"syscall\",\"tags\":[\"container\",\"shell\"],\"hostname\":\"worker-1\"}\n";
            String answer = exchange("POST /api/v1/alerts/falco HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "User-Agent: Falcosidekick\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Content-Type: application/json; charset=utf-8\r\n"
                    + "Accept-Encoding: gzip\r\n"
                    + "\r\n" + body);
            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(answer).contains("\"stored\":" + (i == 0 ? 1 : 0)).contains("\"duplicates\":" + (i == 0 ? 0 : 1));
        }
        assertThat(events(cluster)).isEqualTo(1);
    }

    @Test
    void falcosOwnHttpOutputWithTheTokenInItsUrlIsStoredForTheTokensCluster() throws IOException {
        String cluster = cluster();
        String token = token(cluster);
        // http_output.url: "https://falco:kw_…@keelwatch.example/api/v1/alerts/falco"; libcurl sends the user information as Basic
        String credentials = Base64.getEncoder().encodeToString(("falco:" + token).getBytes(StandardCharsets.UTF_8));
        String answer = exchange(falcoPost(credentials, "application/json", FALCO_EVENT));
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"cluster\":\"" + cluster + "\"").contains("\"stored\":1");
        assertThat(events(cluster)).isEqualTo(1);
        var alert = jdbc.sql("""
                select a.namespace, a.pod, a.rule, a.image_repository from runtime_alert a join cluster c on c.id = a.cluster_id
                where c.name = :c""").param("c", cluster).query().singleRow();
        assertThat(alert).containsEntry("namespace", "shop").containsEntry("pod", "web-1")
                .containsEntry("image_repository", "registry.example/shop/web");

        // json_output: false makes Falco send its text line as text/plain: refused, saying what to set
        assertThat(exchange(falcoPost(credentials, "text/plain", "12:01:02.123456789: Notice A shell was spawned")))
                .startsWith("HTTP/1.1 415").contains("json_output");

        // a wrong or revoked token in the URL: 401, and neither the answer nor the audit log holds the secret
        String wrong = "kw_" + "Z".repeat(43);
        String refused = exchange(falcoPost(Base64.getEncoder().encodeToString(("falco:" + wrong).getBytes(StandardCharsets.UTF_8)),
                "application/json", FALCO_EVENT));
        assertThat(refused).startsWith("HTTP/1.1 401").doesNotContain(wrong);
        audit.writeHeldRefusals();
        assertThat(jdbc.sql("select count(*) from audit_event where cast(details as text) like :s")
                .param("s", "%" + wrong.substring(10) + "%").query(Long.class).single()).isZero();
        // a person's password in Basic is still a password, not a token
        String person = Base64.getEncoder().encodeToString((TestWorld.ADMIN + ":" + TestWorld.PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(exchange(falcoPost(person, "application/json", FALCO_EVENT).replace("/api/v1/alerts/falco ",
                "/api/v1/alerts/falco?cluster=" + cluster + " "))).startsWith("HTTP/1.1 200").contains("\"duplicates\":1");
    }

    private String falcoPost(String basicCredentials, String contentType, String body) {
        return "POST /api/v1/alerts/falco HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Authorization: Basic " + basicCredentials + "\r\n"
                + "User-Agent: falcosecurity/falco\r\n"
                + "Accept: */*\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "\r\n" + body;
    }

    /** One request exactly as given, on its own connection; the answer's head and body (by length or chunks). */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = line(in);
            StringBuilder answer = new StringBuilder(head).append("\r\n");
            long length = -1;
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                answer.append(header).append("\r\n");
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(header.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            answer.append("\r\n");
            if (chunked) {
                for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
                    answer.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                    line(in);
                }
            } else if (length > 0) {
                answer.append(new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
            }
            return answer.toString();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private String token(String cluster) {
        return tokens.create(new NewApiToken("falco " + cluster, TestWorld.LEAD, null, List.of("alerts:write"), null, cluster),
                world.admin()).secret();
    }

    private String cluster() {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE));
        String environment = inventory.createEnvironment("http-" + suffix, world.admin()).name();
        return inventory.createCluster("http-" + suffix, environment, null, world.admin()).name();
    }

    private long events(String cluster) {
        return jdbc.sql("select count(*) from runtime_event e join cluster c on c.id = e.cluster_id where c.name = :c")
                .param("c", cluster).query(Long.class).single();
    }
}
