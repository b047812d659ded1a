package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A token's calls are served from the recently presented tokens, yet whatever changes what it may do applies to its
 * very next call on this replica: the owner moved to another team sees that team's projects and no longer the old
 * one's, a revoked token and a disabled owner's token are refused.
 */
@KeelwatchIntegrationTest
class TokenChangesApplyAtOnceDespiteTheTokenCacheIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    AccessService access;
    @Autowired
    ApiTokenService tokens;

    @Test
    void aMovedOwnerSeesTheNewTeamAtOnceAndARevokedTokenIsRefusedAtOnce() throws Exception {
        ProjectRef alpha = world.alphaProject();
        ProjectRef beta = world.betaProject();
        long owner = access.createLocalUser("mover", "Mover", TestWorld.PASSWORD, Role.DEVELOPER, List.of(alpha.teamId()));
        CreatedApiToken token = world.createToken("mover", null, Scope.READ);

        mvc.perform(get("/api/v1/projects/" + alpha.slug()).with(bearer(token.secret()))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/projects/" + beta.slug()).with(bearer(token.secret()))).andExpect(status().isNotFound());

        access.assignTeams(owner, new TeamAssignment(List.of(beta.teamSlug())), world.admin());
        mvc.perform(get("/api/v1/projects/" + beta.slug()).with(bearer(token.secret()))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/projects/" + alpha.slug()).with(bearer(token.secret()))).andExpect(status().isNotFound());

        tokens.revoke(token.token().id(), world.admin());
        mvc.perform(get("/api/v1/projects/" + beta.slug()).with(bearer(token.secret()))).andExpect(status().isUnauthorized());
    }

    @Test
    void aDisabledOwnersTokenIsRefusedAtOnce() throws Exception {
        ProjectRef alpha = world.alphaProject();
        long owner = access.createLocalUser("leaver", "Leaver", TestWorld.PASSWORD, Role.DEVELOPER, List.of(alpha.teamId()));
        String token = world.token("leaver", null, Scope.READ);
        mvc.perform(get("/api/v1/projects/" + alpha.slug()).with(bearer(token))).andExpect(status().isOk());

        access.changeAccount(owner, new AccountChange(null, false), world.admin());

        mvc.perform(get("/api/v1/projects/" + alpha.slug()).with(bearer(token))).andExpect(status().isUnauthorized());
    }
}
