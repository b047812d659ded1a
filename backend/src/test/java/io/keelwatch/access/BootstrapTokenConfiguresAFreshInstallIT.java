package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code KEELWATCH_BOOTSTRAP_TOKEN} set, automation configures a fresh install (teams, users,
 * their tokens) over the API without a browser. Its own context and database: all bootstrap
 * assertions live here. Ordered because the last test revokes the token.
 */
@KeelwatchIntegrationTest
@TestPropertySource(properties = "keelwatch.access.bootstrap-token=" + BootstrapTokenConfiguresAFreshInstallIT.TOKEN)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootstrapTokenConfiguresAFreshInstallIT {

    static final String TOKEN = "kw_BootstrapTokenOfTheTestSuite0123456789";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiTokenService tokens;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    @Order(1)
    void itIsRegisteredOnceAsAnAdminTokenOfASystemAccountThatCannotSignInWithAPassword() throws Exception {
        tokens.registerBootstrapToken(TOKEN);

        var row = jdbc.sql("""
                select u.username, u.role, u.password_hash is null as no_password, k.scopes::text, k.team_id is null as all_teams
                from api_token k join app_user u on u.id = k.owner_id where k.token_hash = :hash
                """)
                .param("hash", sha256(TOKEN))
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getBoolean(5)})
                .list();
        assertThat(row).hasSize(1);
        assertThat(row.get(0)).containsExactly("system", "ADMIN", true, "{admin}", true);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'token.bootstrap-registered' and actor_type = 'system'")
                .query(Long.class).single()).isOne();
        mvc.perform(get("/api/v1/users").with(httpBasic("system", "anything")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    @Order(2)
    void automationCreatesATeamAUserAndTheUsersTokenWithIt() throws Exception {
        mvc.perform(post("/api/v1/teams").with(bearer(TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"payments\",\"name\":\"Payments\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.slug").value("payments"));
        mvc.perform(post("/api/v1/users").with(bearer(TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"ci-owner\",\"displayName\":\"CI owner\",\"password\":\"a-long-password-1\","
                                + "\"role\":\"DEVELOPER\",\"teams\":[\"payments\"]}"))
                .andExpect(status().isCreated());
        JsonNode created = json.readTree(mvc.perform(post("/api/v1/tokens").with(bearer(TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"payments CI\",\"owner\":\"ci-owner\",\"team\":\"payments\",\"scopes\":[\"scans:write\",\"read\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.token.owner").value("ci-owner"))
                .andReturn().getResponse().getContentAsString());
        String ciToken = created.get("secret").asString();

        mvc.perform(get("/api/v1/findings").with(bearer(ciToken))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/users").with(bearer(TOKEN)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.username == 'ci-owner')].teams[0]").value("payments"));
        mvc.perform(get("/api/v1/tokens").with(bearer(TOKEN)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(2));
        assertThat(jdbc.sql("""
                select count(*) from audit_event
                where action in ('team.created', 'user.created', 'token.created') and actor = 'system'
                  and actor_type = 'token' and details ->> 'via_token' = :prefix
                """).param("prefix", TOKEN.substring(0, 9)).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void itAdministersButDoesNotReadOrUploadFindings() throws Exception {
        mvc.perform(get("/api/v1/findings").with(bearer(TOKEN)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));
        mvc.perform(post("/api/v1/scans").with(bearer(TOKEN)).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden());
    }

    @Test
    @Order(4)
    void onceRevokedItStaysRevokedAcrossRestarts() throws Exception {
        long id = jdbc.sql("select id from api_token where token_hash = :hash").param("hash", sha256(TOKEN)).query(Long.class).single();
        mvc.perform(delete("/api/v1/tokens/" + id).with(bearer(TOKEN))).andExpect(status().isNoContent());

        tokens.registerBootstrapToken(TOKEN);

        mvc.perform(get("/api/v1/users").with(bearer(TOKEN)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unauthenticated"));
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
