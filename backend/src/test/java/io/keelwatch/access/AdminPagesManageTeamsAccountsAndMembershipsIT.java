package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.concurrent.ThreadLocalRandom;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** An admin runs the install from the browser: teams, local accounts and memberships, each change audited. */
@KeelwatchIntegrationTest
class AdminPagesManageTeamsAccountsAndMembershipsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    AccessService access;

    @Test
    void adminCreatesATeamAndAnAccountInItThenMovesTheAccount() throws Exception {
        world.alpha();
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        String team = "web-" + suffix;
        String username = "newdev-" + suffix;

        mvc.perform(post("/admin/teams").param("slug", team).param("name", "Web " + suffix).with(admin()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/admin?done=*"));
        mvc.perform(post("/admin/users").param("username", username).param("displayName", "New Dev")
                        .param("password", "a-long-password-1").param("role", "DEVELOPER").param("teams", team)
                        .with(admin()).with(csrf()))
                .andExpect(status().is3xxRedirection());
        UserSummary created = access.user(username).orElseThrow();
        assertThat(created.role()).isEqualTo(Role.DEVELOPER);
        assertThat(created.teams()).containsExactly(team);

        mvc.perform(post("/admin/users/" + created.id() + "/teams").param("teams", "alpha").with(admin()).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(access.user(username).orElseThrow().teams()).containsExactly("alpha");

        mvc.perform(get("/admin").with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(username)))
                .andExpect(content().string(Matchers.containsString(team)));
    }

    @Test
    void invalidInputStaysOnThePageWithTheReason() throws Exception {
        mvc.perform(post("/admin/teams").param("slug", "Not A Slug!").param("name", "x").with(admin()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("slug")));
        mvc.perform(post("/admin/users").param("username", "shortpw").param("displayName", "S").param("password", "short")
                        .param("role", "DEVELOPER").with(admin()).with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("password")));
        assertThat(access.user("shortpw")).isEmpty();
    }

    @Test
    void onlyAdminsMayAdminister() throws Exception {
        world.alpha();
        for (var role : new String[] {"SECURITY_LEAD", "DEVELOPER", "AUDITOR"}) {
            String name = switch (role) {
                case "SECURITY_LEAD" -> TestWorld.LEAD;
                case "AUDITOR" -> TestWorld.AUDITOR;
                default -> TestWorld.ALICE;
            };
            mvc.perform(get("/admin").with(user(name).roles(role))).andExpect(status().isForbidden());
            mvc.perform(post("/admin/teams").param("slug", "nope").param("name", "Nope").with(user(name).roles(role)).with(csrf()))
                    .andExpect(status().isForbidden());
        }
        assertThat(access.team("nope")).isEmpty();
    }

    private static RequestPostProcessor admin() {
        return user(TestWorld.ADMIN).roles("ADMIN");
    }
}
