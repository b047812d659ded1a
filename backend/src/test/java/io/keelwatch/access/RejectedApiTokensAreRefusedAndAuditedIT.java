package io.keelwatch.access;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import io.keelwatch.audit.AuditLog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Tokens work only in the Authorization header and only while valid: a token in the URL, or an
 * unknown, expired or revoked one, gets a problem and never authenticates; each refusal is audited
 * with at most the token's display prefix.
 */
@KeelwatchIntegrationTest
class RejectedApiTokensAreRefusedAndAuditedIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditLog auditLog;

    @Test
    void aTokenInTheQueryStringIsRefusedEvenAlongsideValidCredentials() throws Exception {
        var created = world.createToken(TestWorld.ALICE, null, Scope.READ);
        for (String parameter : List.of("token", "access_token", "api_key", "ACCESS_TOKEN")) {
            mvc.perform(get("/api/v1/findings?" + parameter + "=" + created.secret()))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"))
                    .andExpect(jsonPath("$.detail").value("Send API tokens in the Authorization header (Bearer), never in the URL."));
        }
        mvc.perform(get("/api/v1/findings?token=" + created.secret()).with(bearer(created.secret())))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/findings?api_key=x").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest());

        assertThat(rejections(created.token().prefix(), "in_query_string")).isGreaterThanOrEqualTo(5);
        assertThat(jdbc.sql("select last_used_at is null from api_token where id = :id").param("id", created.token().id())
                .query(Boolean.class).single()).as("never authenticated").isTrue();
    }

    @Test
    void anExpiredTokenIs401AndAudited() throws Exception {
        var created = world.createToken(TestWorld.ALICE, null, Scope.READ);
        jdbc.sql("update api_token set expires_at = now() - interval '1 second' where id = :id")
                .param("id", created.token().id()).update();

        expectUnauthenticated(mvc.perform(get("/api/v1/findings").with(bearer(created.secret()))))
                .andExpect(jsonPath("$.detail").value("This API token has expired."));
        assertThat(rejections(created.token().prefix(), "expired")).isOne();
        assertNoSecretIn(created.secret());
    }

    @Test
    void aRevokedTokenIs401AndAudited() throws Exception {
        var created = world.createToken(TestWorld.ALICE, null, Scope.READ);
        mvc.perform(get("/api/v1/findings").with(bearer(created.secret()))).andExpect(status().isOk());

        mvc.perform(delete("/api/v1/tokens/" + created.token().id()).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isNoContent());
        mvc.perform(delete("/api/v1/tokens/" + created.token().id()).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isNoContent());

        expectUnauthenticated(mvc.perform(get("/api/v1/findings").with(bearer(created.secret()))))
                .andExpect(jsonPath("$.detail").value("This API token was revoked."));
        assertThat(rejections(created.token().prefix(), "revoked")).isOne();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'token.revoked' and target_id = :id")
                .param("id", String.valueOf(created.token().id())).query(Long.class).single()).isOne();
        assertNoSecretIn(created.secret());
    }

    @Test
    void anUnknownOrMalformedTokenIs401AndAudited() throws Exception {
        String unknown = "kw_" + "Q".repeat(43);
        expectUnauthenticated(mvc.perform(get("/api/v1/findings").with(bearer(unknown))))
                .andExpect(jsonPath("$.detail").value("Unknown API token."));
        assertThat(rejections("kw_QQQQQQ", "unknown")).isOne();

        expectUnauthenticated(mvc.perform(get("/api/v1/findings").with(bearer("not-a-keelwatch-token"))));
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'token.rejected' and details ->> 'reason' = 'malformed'
                and row_to_json(audit_event)::text not like '%not-a-keelwatch-token%'
                """).query(Long.class).single()).isPositive();
    }

    private ResultActions expectUnauthenticated(ResultActions result) throws Exception {
        return result.andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:unauthenticated"))
                .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }

    /** Rejections audited, counting those folded into one event ({@code count}). */
    private long rejections(String prefix, String reason) {
        auditLog.writeHeldRefusals();
        return jdbc.sql("""
                select coalesce(sum(coalesce((details ->> 'count')::bigint, 1)), 0) from audit_event
                where action = 'token.rejected' and outcome = 'failure' and actor = :prefix and details ->> 'reason' = :reason
                """)
                .param("prefix", prefix)
                .param("reason", reason)
                .query(Long.class)
                .single();
    }

    private void assertNoSecretIn(String secret) {
        assertThat(jdbc.sql("select count(*) from audit_event e where row_to_json(e)::text like '%' || :rest || '%'")
                .param("rest", secret.substring(9)).query(Long.class).single()).isZero();
    }
}
