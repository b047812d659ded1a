package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Pages, API answers and refusals all carry the browser protections: a CSP without inline script
 * or style that forbids framing, {@code nosniff}, {@code X-Frame-Options: DENY} and a referrer policy.
 */
@KeelwatchIntegrationTest
class SecurityHeadersAreOnEveryAnswerIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    @Test
    void pagesAndApiAnswersCarryTheSecurityHeaders() throws Exception {
        world.alpha();
        List<MockHttpServletRequestBuilder> requests = List.of(
                get("/login"),
                get("/").with(user(TestWorld.ALICE).roles("DEVELOPER")),
                get("/findings"),
                get("/api/v1/findings").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)),
                get("/api/v1/findings"),
                get("/api/v1/teams").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)));
        for (MockHttpServletRequestBuilder request : requests) {
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            String csp = response.getHeader("Content-Security-Policy");
            assertThat(csp).as("CSP").isNotNull().contains("frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(csp).containsAnyOf("script-src 'self'", "default-src 'none'");
            assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.getHeader("Referrer-Policy")).isIn("same-origin", "no-referrer");
        }
    }
}
