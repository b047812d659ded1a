package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A request naming another host ({@code Host: evil.example}, or a forwarded host the application
 * was not told to trust) is never sent there: redirects are relative, so the browser stays on the
 * address it asked. Over a raw socket, since HTTP clients will not send a forged {@code Host}.
 */
@KeelwatchIntegrationTest
class RedirectsNeverNameAForgedHostIT {

    @LocalServerPort
    int port;

    @Test
    void theSignInRedirectDoesNotReflectAForgedHost() throws IOException {
        for (String path : new String[] {"/findings", "/", "/findings?page=2"}) {
            String answer = send("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
            assertThat(status(answer)).as(path).isEqualTo(302);
            assertThat(location(answer)).as(path).hasValue("/login");
        }
    }

    @Test
    void forwardedHostHeadersAreNotTrustedUnlessConfigured() throws IOException {
        String answer = send("GET /findings HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nForwarded: host=evil.example\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(status(answer)).isEqualTo(302);
        assertThat(answer.toLowerCase(Locale.ROOT)).doesNotContain("evil.example");
    }

    @Test
    void signOutRedirectDoesNotReflectAForgedHostEither() throws IOException {
        // a sign-out without a CSRF token is refused; the page that says so must not send the browser away
        String answer = send("GET /logout HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(answer.toLowerCase(Locale.ROOT).lines().filter(l -> l.startsWith("location:")))
                .allSatisfy(l -> assertThat(l).doesNotContain("evil.example"));
    }

    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    private static Optional<String> location(String answer) {
        return answer.lines().takeWhile(l -> !l.isEmpty())
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("location:"))
                .map(l -> l.substring("location:".length()).strip())
                .findFirst();
    }
}
