package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static io.keelwatch.testsupport.Bearer.bearer;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.StatementRecorder;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * One page view asks who the caller is many times (the page's {@code @access} rule, the controller,
 * the layout's user and navigation), but reads the caller's account and memberships from the
 * database once: the statements the real database received are counted. An API call with a token reads
 * the token, its owner and the owner's memberships in one statement, and nothing a page's layout needs.
 */
@KeelwatchIntegrationTest
@Import(StatementRecorder.class)
class OnePageViewReadsTheCallersAccountOnceIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    StatementRecorder statements;

    @Test
    void theDashboardReadsTheAccountAndItsMembershipsOnce() throws Exception {
        world.alpha();

        List<String> sent = statements.during(() -> mvc.perform(get("/").with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk()));

        assertThat(sent.stream().filter(sql -> sql.contains("app_user"))).as(String.join("\n", sent)).hasSize(1);
        assertThat(sent.stream().filter(sql -> sql.contains("team_membership"))).as(String.join("\n", sent)).hasSize(1);
    }

    @Test
    void anApiCallWithATokenReadsTheCallerInOneStatementAndTheNextCallsWithinTheCacheTimeNone() throws Exception {
        world.alpha();
        String token = world.token(TestWorld.ALICE, null, Scope.READ);

        List<String> first = statements.during(() -> mvc.perform(get("/api/v1/alerts").with(bearer(token)))
                .andExpect(status().isOk()));
        List<String> next = statements.during(() -> mvc.perform(get("/api/v1/alerts").with(bearer(token)))
                .andExpect(status().isOk()));

        assertThat(first.stream().filter(sql -> sql.contains("app_user") || sql.contains("team_membership")))
                .as(String.join("\n", first)).hasSize(1).allMatch(sql -> sql.contains("api_token"));
        assertThat(next.stream().filter(sql -> sql.contains("api_token") || sql.contains("app_user")
                || sql.contains("team_membership"))).as(String.join("\n", next)).isEmpty();
    }
}
