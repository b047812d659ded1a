package io.keelwatch.findings.ingest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code curl --data-binary @report.json} labels a report as a form; the servlet container would
 * then consume the body as form fields the first time a parameter is read, and the import would
 * see an empty body. For report uploads, parameters come from the query string only.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RawReportBodyFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !"POST".equals(request.getMethod()) || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                || !request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/scans");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new QueryOnlyRequest(request), response);
    }

    private static final class QueryOnlyRequest extends HttpServletRequestWrapper {

        private final Map<String, String[]> parameters;

        QueryOnlyRequest(HttpServletRequest request) {
            super(request);
            MultiValueMap<String, String> query = UriComponentsBuilder.newInstance()
                    .query(request.getQueryString()).build().getQueryParams();
            this.parameters = query.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                    e -> decode(e.getKey()), e -> e.getValue().stream().map(QueryOnlyRequest::decode).toArray(String[]::new)));
        }

        private static String decode(String value) {
            return value == null ? "" : URLDecoder.decode(value, StandardCharsets.UTF_8);
        }

        @Override
        public String getContentType() {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }

        @Override
        public String getHeader(String name) {
            return "content-type".equalsIgnoreCase(name) ? getContentType() : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "content-type".equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(getContentType())) : super.getHeaders(name);
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters.get(name);
        }
    }
}
