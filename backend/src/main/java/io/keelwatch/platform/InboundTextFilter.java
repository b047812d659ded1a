package io.keelwatch.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Where text enters, before anything reads it (sign-in included): query parameters, form fields,
 * HTTP Basic credentials and JSON bodies must follow {@link InboundText}'s rule, or the request is
 * refused with 400 — problem details for API callers, the error page for browsers. So no path can
 * forget it: a NUL in a sign-in name once reached PostgreSQL and answered 500 to anybody. String
 * values inside JSON (escaped, like {@code \u0000}) are checked as Jackson reads them
 * ({@link InboundTextModule}); uploads read by their endpoint ({@link BodyReadByItsEndpoint}: scanner
 * reports, workload documents) are bounded and cleaned there. JSON bodies are read strictly as UTF-8 here, so an overlong form never becomes a character.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class InboundTextFilter extends OncePerRequestFilter {

    /** A JSON body larger than this is no request Keelwatch's API takes (reports stream through their own upload). */
    static final int MAX_JSON_BODY = 16 * 1024 * 1024;

    private final ProblemResponseWriter problems;
    private final List<PathPattern> uploads;

    InboundTextFilter(ProblemResponseWriter problems, List<BodyReadByItsEndpoint> uploads) {
        this.problems = problems;
        this.uploads = uploads.stream().map(upload -> PathPatternParser.defaultInstance.parse(upload.pathPattern())).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = refusalOfParameters(request);
        if (refusal == null) {
            refusal = refusalOfBasicCredentials(request.getHeader(HttpHeaders.AUTHORIZATION));
        }
        HttpServletRequest checked = request;
        if (refusal == null && isJsonBody(request)) {
            byte[] body = request.getInputStream().readNBytes(MAX_JSON_BODY + 1);
            if (body.length > MAX_JSON_BODY) {
                problems.write(response, CommonProblem.PAYLOAD_TOO_LARGE, "A JSON body may have at most 16 MiB.", request);
                return;
            }
            if (InboundText.strictUtf8(body) == null) {
                refusal = "The body is not well-formed UTF-8.";
            }
            checked = new CachedBody(request, body);
        }
        if (refusal != null) {
            refuse(request, response, refusal);
            return;
        }
        chain.doFilter(checked, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String reason) throws IOException {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        boolean browser = accept != null && accept.contains(MediaType.TEXT_HTML_VALUE) && !request.getRequestURI().startsWith("/api/");
        if (browser) {
            ErrorReason.attach(request, reason);
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        } else {
            problems.write(response, CommonProblem.INVALID_REQUEST, reason, request);
        }
    }

    /**
     * Query parameters are decoded here from the raw query string (strictly, as UTF-8), form fields
     * through the servlet container; multipart bodies are left alone (reading their parameters would
     * consume an upload that is meant to stream).
     */
    private static String refusalOfParameters(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                for (String part : pair.split("=", 2)) {
                    String decoded = percentDecoded(part);
                    if (decoded == null) {
                        return "The query string is not well-formed (percent-encoded UTF-8).";
                    }
                    if (!InboundText.isAllowed(decoded)) {
                        return InboundText.refusal("A query parameter", decoded);
                    }
                }
            }
        }
        String type = request.getContentType();
        if (type != null && type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
            for (Map.Entry<String, String[]> field : request.getParameterMap().entrySet()) {
                if (!InboundText.isAllowed(field.getKey())) {
                    return InboundText.refusal("A form field's name", field.getKey());
                }
                for (String value : field.getValue()) {
                    if (!InboundText.isAllowed(value)) {
                        return InboundText.refusal("The form field '" + field.getKey() + "'", value);
                    }
                }
            }
        }
        return null;
    }

    private static String refusalOfBasicCredentials(String authorization) {
        if (authorization == null || authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return "The Basic credentials are not Base64.";
        }
        String credentials = InboundText.strictUtf8(decoded);
        if (credentials == null) {
            return "The Basic credentials are not well-formed UTF-8.";
        }
        return InboundText.isAllowed(credentials) ? null : InboundText.refusal("The Basic credentials", credentials);
    }

    /** Percent-decoding ({@code +} is a space) to strict UTF-8; null when malformed. */
    private static String percentDecoded(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return InboundText.strictUtf8(bytes.toByteArray());
    }

    private boolean isJsonBody(HttpServletRequest request) {
        String type = request.getContentType();
        String method = request.getMethod();
        return type != null && (type.startsWith(MediaType.APPLICATION_JSON_VALUE) || type.contains("+json"))
                && ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))
                && !readByItsEndpoint(request);
    }

    private boolean readByItsEndpoint(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        return uploads.stream().anyMatch(upload -> upload.matches(path));
    }

    /** The request with its body already read (and checked), for whoever reads it next. */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
