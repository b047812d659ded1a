package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import jakarta.servlet.http.Cookie;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Offboarding and role changes: an admin disables an account or changes its role, and it takes
 * effect at once: the person's browser sessions end, their API tokens are refused while the account
 * is disabled, they cannot sign in, and the change is audited. Admins cannot lock themselves out.
 */
@KeelwatchIntegrationTest
class AdminsChangeRolesAndDisableAccountsIT {

    private static final String CAROL = "carol";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    AccessService access;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aDisabledAccountLosesItsSessionsTokensAndSignInAndComesBackWithItsNewRole() throws Exception {
        long alpha = world.alpha().id();
        long carol = access.createLocalUser(CAROL, "Carol", TestWorld.PASSWORD, Role.DEVELOPER, List.of(alpha));
        Cookie session = signIn();
        String token = world.token(CAROL, null, Scope.READ);
        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/findings").with(bearer(token))).andExpect(status().isOk());

        change(carol, "{\"enabled\": false}").andExpect(status().isOk()).andExpect(jsonPath("$.enabled").value(false));

        mvc.perform(get("/").cookie(session)).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/api/v1/findings").with(bearer(token))).andExpect(status().isUnauthorized());
        mvc.perform(formLogin().user(CAROL).password(TestWorld.PASSWORD)).andExpect(redirectedUrl("/login?error"));
        assertThat(jdbc.sql("""
                select details->'after'->>'enabled' from audit_event
                where action = 'user.changed' and actor = :admin and details->>'username' = :carol
                """).param("admin", TestWorld.ADMIN).param("carol", CAROL).query(String.class).single()).isEqualTo("false");

        change(carol, "{\"enabled\": true, \"role\": \"AUDITOR\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.role").value("AUDITOR"));
        Cookie auditorSession = signIn();
        mvc.perform(get("/scans/upload").cookie(auditorSession)).andExpect(status().isForbidden());
        mvc.perform(get("/audit").cookie(auditorSession)).andExpect(status().isOk());
    }

    @Test
    void anAdminCannotDisableOrDemoteThemselves() throws Exception {
        world.alpha();
        long admin = access.user(TestWorld.ADMIN).orElseThrow().id();
        change(admin, "{\"enabled\": false}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("another administrator")));
        change(admin, "{\"role\": \"DEVELOPER\"}").andExpect(status().isConflict());
        assertThat(access.user(TestWorld.ADMIN).orElseThrow().enabled()).isTrue();
    }

    @Test
    void theAdminPageSavesRoleAndSignInPermissionPerAccount() throws Exception {
        long alpha = world.alpha().id();
        long dave = access.createLocalUser("dave", "Dave", TestWorld.PASSWORD, Role.DEVELOPER, List.of(alpha));
        mvc.perform(get("/admin").with(user(TestWorld.ADMIN).roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("account-form-dave")));

        // an unticked "may sign in" box sends nothing: the account is disabled
        mvc.perform(post("/admin/users/" + dave).param("role", "SECURITY_LEAD").with(csrf())
                        .with(user(TestWorld.ADMIN).roles("ADMIN")))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/admin?done=Account+saved."));
        UserSummary saved = access.user("dave").orElseThrow();
        assertThat(saved.role()).isEqualTo(Role.SECURITY_LEAD);
        assertThat(saved.enabled()).isFalse();
    }

    @Test
    void theAccountsListPagesByFifty() throws Exception {
        world.alpha();
        for (int i = 0; i < 55; i++) {
            access.createLocalUser("pager-%02d".formatted(i), "Pager " + i, TestWorld.PASSWORD, Role.AUDITOR, List.of());
        }
        String first = mvc.perform(get("/admin").with(user(TestWorld.ADMIN).roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String second = mvc.perform(get("/admin").param("page", "1").with(user(TestWorld.ADMIN).roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        long total = access.users(new io.keelwatch.platform.PageRequest(0, 1), world.admin()).totalItems();
        assertThat(rows(first)).isEqualTo(50);
        assertThat(rows(second)).isEqualTo(total - 50);
        assertThat(first).contains("Page 1 of 2").contains("/admin?page=1");
    }

    private static long rows(String page) {
        return page.split("data-user=\"", -1).length - 1L;
    }

    private org.springframework.test.web.servlet.ResultActions change(long user, String body) throws Exception {
        return mvc.perform(patch("/api/v1/users/" + user).with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private Cookie signIn() throws Exception {
        Cookie session = mvc.perform(formLogin().user(CAROL).password(TestWorld.PASSWORD))
                .andExpect(redirectedUrl("/")).andReturn().getResponse().getCookie("SESSION");
        assertThat(session).isNotNull();
        return session;
    }
}
