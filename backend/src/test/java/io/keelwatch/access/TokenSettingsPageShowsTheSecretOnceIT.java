package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** In the browser a user creates a token, sees its secret on that one page, finds it listed by prefix, and revokes it. */
@KeelwatchIntegrationTest
class TokenSettingsPageShowsTheSecretOnceIT {

    private static final Pattern SECRET = Pattern.compile("data-testid=\"token-secret\" value=\"(kw_[0-9A-Za-z]{43})\"");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void createSeeOnceListAndRevoke() throws Exception {
        world.alpha();
        mvc.perform(get("/settings/tokens").with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"token-form\"")))
                .andExpect(content().string(containsString("href=\"/settings/tokens\"")));

        String page = mvc.perform(post("/settings/tokens").with(user(TestWorld.ALICE).roles("DEVELOPER")).with(csrf())
                        .param("name", "laptop upload").param("scopes", "scans:write").param("team", "alpha")
                        .param("expiresInDays", "30"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andReturn().getResponse().getContentAsString();
        Matcher secret = SECRET.matcher(page);
        assertThat(secret.find()).as("the page shows the new secret").isTrue();
        String prefix = secret.group(1).substring(0, 9);

        String list = mvc.perform(get("/settings/tokens").with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains(prefix + "…", "laptop upload").doesNotContain(secret.group(1));
        mvc.perform(get("/settings/tokens").with(user(TestWorld.BOB).roles("DEVELOPER")))
                .andExpect(content().string(not(containsString(prefix))));

        long id = jdbc.sql("select id from api_token where display_prefix = :p").param("p", prefix).query(Long.class).single();
        mvc.perform(post("/settings/tokens/" + id + "/revoke").with(user(TestWorld.BOB).roles("DEVELOPER")).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/settings/tokens/" + id + "/revoke").with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/settings/tokens/" + id + "/revoke").with(user(TestWorld.ALICE).roles("DEVELOPER")).with(csrf()))
                .andExpect(redirectedUrl("/settings/tokens"));
        assertThat(jdbc.sql("select revoked_at is not null from api_token where id = :id").param("id", id)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void mistakesStayOnTheFormAndAuditorsCannotCreateTokens() throws Exception {
        world.alpha();
        mvc.perform(post("/settings/tokens").with(user(TestWorld.ALICE).roles("DEVELOPER")).with(csrf())
                        .param("name", "no scopes"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("data-testid=\"token-error\"")))
                .andExpect(content().string(not(containsString("data-testid=\"token-secret\""))));
        mvc.perform(get("/settings/tokens").with(user(TestWorld.AUDITOR).roles("AUDITOR")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("data-testid=\"token-form\""))));
        mvc.perform(post("/settings/tokens").with(user(TestWorld.AUDITOR).roles("AUDITOR")).with(csrf())
                        .param("name", "mine").param("scopes", "read"))
                .andExpect(status().isForbidden());
    }
}
