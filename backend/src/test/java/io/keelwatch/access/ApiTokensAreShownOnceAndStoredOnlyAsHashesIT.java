package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The secret leaves Keelwatch once, in the creation answer; the database holds its SHA-256 and a short prefix. */
@KeelwatchIntegrationTest
class ApiTokensAreShownOnceAndStoredOnlyAsHashesIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void creationShowsTheSecretOnceAndTheDatabaseKeepsOnlyItsHash() throws Exception {
        world.alpha();
        String body = mvc.perform(post("/api/v1/tokens").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"payments CI\",\"team\":\"alpha\",\"scopes\":[\"scans:write\",\"read\"]}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/v1/tokens/")))
                .andExpect(jsonPath("$.token.owner").value(TestWorld.ALICE))
                .andExpect(jsonPath("$.token.team").value("alpha"))
                .andExpect(jsonPath("$.token.status").value("active"))
                .andReturn().getResponse().getContentAsString();
        JsonNode created = json.readTree(body);
        String secret = created.get("secret").asString();
        long id = created.get("token").get("id").asLong();

        assertThat(secret).startsWith("kw_").hasSize(46).matches("kw_[0-9A-Za-z]{43}");
        assertThat(created.get("token").get("prefix").asString()).isEqualTo(secret.substring(0, 9));
        assertThat(created.get("token").has("hash")).isFalse();

        var stored = jdbc.sql("select token_hash, display_prefix, scopes::text as scopes from api_token where id = :id")
                .param("id", id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .single();
        assertThat(stored[0]).isEqualTo(sha256(secret));
        assertThat(stored[1]).isEqualTo(secret.substring(0, 9));
        assertThat(stored[2]).isEqualTo("{read,scans:write}");
        assertThat(jdbc.sql("select count(*) from api_token k where row_to_json(k)::text like '%' || :secret || '%'")
                .param("secret", secret.substring(3)).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event e where row_to_json(e)::text like '%' || :secret || '%'")
                .param("secret", secret.substring(9)).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'token.created' and target_id = :id")
                .param("id", String.valueOf(id)).query(Long.class).single()).isOne();

        String list = mvc.perform(get("/api/v1/tokens").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").isNumber())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains(secret.substring(0, 9)).doesNotContain(secret.substring(9)).doesNotContain(stored[0]);
        String one = mvc.perform(get("/api/v1/tokens/" + id).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(one).doesNotContain(secret.substring(9));
    }

    @Test
    void othersTokensAreNotFoundButAdminsSeeThem() throws Exception {
        var created = world.createToken(TestWorld.ALICE, null, Scope.READ);
        long id = created.token().id();

        mvc.perform(get("/api/v1/tokens/" + id).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        mvc.perform(delete("/api/v1/tokens/" + id)
                        .with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());
        String bobs = mvc.perform(get("/api/v1/tokens").with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").isNumber())
                .andReturn().getResponse().getContentAsString();
        assertThat(bobs).doesNotContain(created.token().prefix());
        mvc.perform(get("/api/v1/tokens").param("owner", TestWorld.ALICE).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isForbidden());
        String all = mvc.perform(get("/api/v1/tokens").param("owner", TestWorld.ALICE).param("size", "500")
                        .with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(all).contains(created.token().prefix());
    }

    @Test
    void usingATokenRecordsWhenItWasLastUsedAtMostOnceAMinute() throws Exception {
        var created = world.createToken(TestWorld.ALICE, null, Scope.READ);
        assertThat(lastUsed(created.token().id())).isNull();

        mvc.perform(get("/api/v1/findings").with(bearer(created.secret()))).andExpect(status().isOk());
        OffsetDateTime first = lastUsed(created.token().id());
        assertThat(first).isNotNull().isAfter(OffsetDateTime.now().minusMinutes(1));

        mvc.perform(get("/api/v1/scans").with(bearer(created.secret()))).andExpect(status().isOk());
        assertThat(lastUsed(created.token().id())).isEqualTo(first);
        mvc.perform(get("/api/v1/tokens/" + created.token().id()).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(jsonPath("$.lastUsedAt").isNotEmpty());
    }

    private OffsetDateTime lastUsed(long id) {
        return jdbc.sql("select last_used_at from api_token where id = :id").param("id", id)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).list().get(0);
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
