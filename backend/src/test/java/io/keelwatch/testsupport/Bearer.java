package io.keelwatch.testsupport;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Sends an API token the one accepted way: {@code Authorization: Bearer kw_…}. */
public final class Bearer {

    private Bearer() {
    }

    public static RequestPostProcessor bearer(String token) {
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return request;
        };
    }
}
