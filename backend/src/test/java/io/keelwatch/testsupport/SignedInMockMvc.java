package io.keelwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import jakarta.servlet.http.Cookie;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A browser's session for MockMvc calls of page endpoints: signed in through the sign-in form (with
 * its CSRF token), as a person does, so a call with the cookie is answered as the browser's would be.
 */
public final class SignedInMockMvc {

    private SignedInMockMvc() {
    }

    /** The session cookie of {@code username} signed in with the test password. */
    public static Cookie signIn(MockMvc mvc, String username) throws Exception {
        Cookie session = mvc.perform(formLogin().user(username).password(TestWorld.PASSWORD))
                .andExpect(redirectedUrl("/"))
                .andReturn().getResponse().getCookie("SESSION");
        assertThat(session).as("session cookie of %s", username).isNotNull();
        return session;
    }
}
