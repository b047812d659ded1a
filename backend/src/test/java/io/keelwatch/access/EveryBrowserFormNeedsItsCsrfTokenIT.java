package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every state-changing browser request (each non-GET page handler Spring MVC maps, plus the
 * sign-in and sign-out that Spring Security handles itself) is refused with 403 without its CSRF
 * token, signed in or not. The API is exempt: it honours no cookie, so a forged cross-site request
 * carries no credentials.
 */
@KeelwatchIntegrationTest
class EveryBrowserFormNeedsItsCsrfTokenIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void withoutTheTokenEveryFormIs403() throws Exception {
        world.alpha();
        Set<String> forms = new TreeSet<>(List.of("POST /login", "POST /logout"));
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    if (!pattern.startsWith("/api/") && method != RequestMethod.GET && method != RequestMethod.HEAD) {
                        forms.add(method + " " + pattern.replaceAll("\\{[^}]+}", "1"));
                    }
                }
            }
        }
        assertThat(forms).contains("POST /scans/upload", "POST /settings/tokens");

        List<String> accepted = new ArrayList<>();
        for (String form : forms) {
            String[] parts = form.split(" ");
            int signedIn = mvc.perform(request(HttpMethod.valueOf(parts[0]), parts[1]).param("username", TestWorld.ALICE)
                    .param("password", TestWorld.PASSWORD).with(user(TestWorld.ALICE).roles("DEVELOPER")))
                    .andReturn().getResponse().getStatus();
            int anonymous = mvc.perform(request(HttpMethod.valueOf(parts[0]), parts[1]).param("username", TestWorld.ALICE)
                    .param("password", TestWorld.PASSWORD)).andReturn().getResponse().getStatus();
            if (signedIn != 403 || anonymous != 403) {
                accepted.add(form + " signed in " + signedIn + ", anonymous " + anonymous);
            }
        }
        assertThat(accepted).as("forms that did not refuse a request without a CSRF token").isEmpty();
    }
}
