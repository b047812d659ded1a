package io.keelwatch.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal blocking HTTP/1.1 client on one keep-alive connection, for benchmarks: the JDK's HttpClient spends more
 * CPU per request than the server under test on a small machine, which would measure the client. It writes a request
 * and reads the status line, the headers and the body ({@code Content-Length} or chunked); it reconnects when the
 * server closes the connection. One caller thread per instance; not for anything but loopback benchmarks.
 */
public final class KeepAliveHttpClient implements Closeable {

    /** The status and the body of one answer. */
    public record Response(int status, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public KeepAliveHttpClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** POSTs {@code body} with the given {@code Authorization} header value (or none when null). */
    public Response post(String path, String authorization, String contentType, byte[] body) throws IOException {
        return send("POST", path, authorization, contentType, body);
    }

    public Response get(String path, String authorization) throws IOException {
        return send("GET", path, authorization, null, null);
    }

    private Response send(String method, String path, String authorization, String contentType, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        boolean fresh = socket == null;
        try {
            connectIfClosed();
            return exchange(headBytes, body);
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            // the server closed an idle keep-alive connection between requests: once more on a new one
            connectIfClosed();
            return exchange(headBytes, body);
        }
    }

    private Response exchange(byte[] head, byte[] body) throws IOException {
        out.write(head);
        if (body != null) {
            out.write(body);
        }
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        byte[] answer = chunked ? chunks() : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        if (closeAfter || !chunked && length < 0) {
            close();
        }
        return new Response(code, answer);
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";", 2)[0].strip(), 16); size > 0;
                size = Integer.parseInt(line().split(";", 2)[0].strip(), 16)) {
            body.write(in.readNBytes(size));
            line();
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // trailers are not read
        }
        return body.toByteArray();
    }

    /** One header line without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void connectIfClosed() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 10_000);
        s.setSoTimeout(60_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection the benchmark is done with: nothing to do about a failure
            }
            socket = null;
        }
    }
}
