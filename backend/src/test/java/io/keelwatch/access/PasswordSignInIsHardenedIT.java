package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.audit.AuditLog;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Password sign-in resists guessing: five wrong passwords in a row lock the account for a while
 * (form login and HTTP Basic alike), and the locked account is told exactly what a wrong
 * password is told; only the audit log says "locked". A session starts with signing in (never
 * before, so a planted session id is never adopted) and signing out ends it.
 */
@KeelwatchIntegrationTest
class PasswordSignInIsHardenedIT {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String PASSWORD = "correct-horse-battery";

    @Autowired
    MockMvc mvc;
    @Autowired
    AccessService access;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditLog auditLog;

    @Test
    void fiveWrongPasswordsLockTheAccountAndTheAnswerLooksLikeAnyWrongPassword() throws Exception {
        String user = freshUser();
        for (int i = 0; i < 5; i++) {
            signIn(user, "wrong-" + i).andExpect(redirectedUrl("/login?error")).andExpect(unauthenticated());
        }
        MvcResult locked = signIn(user, PASSWORD).andExpect(redirectedUrl("/login?error")).andExpect(unauthenticated()).andReturn();
        MvcResult wrong = signIn("nobody-" + user, "whatever").andReturn();
        assertThat(locked.getResponse().getRedirectedUrl()).isEqualTo(wrong.getResponse().getRedirectedUrl());
        mvc.perform(get("/api/v1/findings").with(httpBasic(user, PASSWORD)))
                .andExpect(status().isUnauthorized());

        assertThat(reasons(user)).containsExactlyInAnyOrderEntriesOf(Map.of("bad_credentials", 5L, "locked", 2L));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'account.locked' and actor = :u")
                .param("u", user).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select locked_until > now() + interval '14 minutes' from app_user where username = :u")
                .param("u", user).query(Boolean.class).single()).isTrue();

        jdbc.sql("update app_user set locked_until = now() - interval '1 second' where username = :u").param("u", user).update();
        signIn(user, PASSWORD).andExpect(authenticated().withUsername(user));
    }

    @Test
    void httpBasicFailuresCountTowardsTheLockToo() throws Exception {
        String user = freshUser();
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/v1/findings").with(httpBasic(user, "wrong-" + i))).andExpect(status().isUnauthorized());
        }
        mvc.perform(get("/api/v1/findings").with(httpBasic(user, PASSWORD))).andExpect(status().isUnauthorized());
        signIn(user, PASSWORD).andExpect(unauthenticated());
        assertThat(reasons(user)).containsExactlyInAnyOrderEntriesOf(Map.of("bad_credentials", 5L, "locked", 2L));
    }

    @Test
    void aSuccessfulSignInStartsTheCountAgain() throws Exception {
        String user = freshUser();
        for (int i = 0; i < 4; i++) {
            signIn(user, "wrong-" + i).andExpect(unauthenticated());
        }
        signIn(user, PASSWORD).andExpect(authenticated());
        for (int i = 0; i < 4; i++) {
            signIn(user, "wrong-again-" + i).andExpect(unauthenticated());
        }
        signIn(user, PASSWORD).andExpect(authenticated());
        assertThat(reasons(user)).containsOnlyKeys("bad_credentials", "success").containsEntry("success", 2L);
    }

    @Test
    void signingInStartsTheSessionAndSigningOutEndsIt() throws Exception {
        String user = freshUser();
        // that the sign-in page itself stores no session is proven over real HTTP by
        // AnonymousCallersCannotTouchSessionsIT (MockMvc's csrf() swaps in a session-backed token store)
        Cookie planted = new Cookie("SESSION", "c29tZS1wbGFudGVkLXNlc3Npb24");
        MvcResult signedIn = mvc.perform(post("/login").param("username", user).param("password", PASSWORD)
                        .with(csrf()).cookie(planted))
                .andExpect(authenticated()).andReturn();
        Cookie session = signedIn.getResponse().getCookie("SESSION");
        assertThat(session).as("a session of its own after sign-in").isNotNull();
        assertThat(session.getValue()).isNotEqualTo(planted.getValue());
        assertThat(session.isHttpOnly()).isTrue();
        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        mvc.perform(get("/").cookie(planted)).andExpect(redirectedUrl("/login"));

        mvc.perform(post("/logout").with(csrf()).cookie(session)).andExpect(redirectedUrl("/login?logout"));
        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/login"));
    }

    private org.springframework.test.web.servlet.ResultActions signIn(String user, String password) throws Exception {
        return mvc.perform(formLogin().user(user).password(password));
    }

    private String freshUser() {
        world.alpha();
        String user = "lockable-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
        access.createLocalUser(user, "Lockable", PASSWORD, Role.DEVELOPER, List.of(world.alpha().id()));
        return user;
    }

    /** How many sign-ins of the user were audited, by reason; repeated refusals are folded into counted events. */
    private Map<String, Long> reasons(String user) {
        auditLog.writeHeldRefusals();
        Map<String, Long> reasons = new TreeMap<>();
        jdbc.sql("""
                select coalesce(details ->> 'reason', 'success') as reason, coalesce((details ->> 'count')::bigint, 1) as times
                from audit_event where action = 'sign-in' and actor = :u
                """).param("u", user)
                .query((rs, n) -> reasons.merge(rs.getString("reason"), rs.getLong("times"), Long::sum)).list();
        return reasons;
    }
}
