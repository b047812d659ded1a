package io.keelwatch.audit;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Refusals a caller can repeat at will (unknown tokens, wrong passwords, anonymous 403s) do not
 * grow the audit log by one event each: the first of a kind from an address is written at once,
 * its repeats are folded into one event carrying {@code count}, {@code first_at} and {@code last_at},
 * and the counts add up to every refusal. Each test calls from an address of its own.
 */
@KeelwatchIntegrationTest
class RepeatedRefusalsAreFoldedIntoCountedEventsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditLog auditLog;

    @Test
    void threeHundredUnknownTokensAreAFewEventsWhoseCountsAddUp() throws Exception {
        String address = address();
        String unknown = "kw_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE), 36) + "Z".repeat(30);
        mvc.perform(get("/api/v1/findings").with(from(address)).with(bearer(unknown))).andExpect(status().isUnauthorized());
        assertThat(rows("token.rejected", address)).as("the first refusal is visible at once").hasSize(1);

        for (int i = 1; i < 300; i++) {
            mvc.perform(get("/api/v1/findings").with(from(address)).with(bearer(unknown))).andExpect(status().isUnauthorized());
        }
        assertThat(rows("token.rejected", address)).as("repeats are only counted").hasSize(1);
        auditLog.writeHeldRefusals();

        List<Long> counts = rows("token.rejected", address);
        assertThat(counts).hasSizeLessThanOrEqualTo(3);
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'token.rejected' and source_ip = cast(:a as inet)
                and details ->> 'first_at' is not null and (details ->> 'last_at') >= (details ->> 'first_at')
                and details ->> 'reason' = 'unknown'
                """).param("a", address).query(Long.class).single()).isEqualTo(1);

        // auditors read the count, over the API and on the page
        String prefix = unknown.substring(0, 9);
        mvc.perform(get("/api/v1/audit-events").param("action", "token.rejected").param("actor", prefix)
                        .with(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].count").value(299))
                .andExpect(jsonPath("$.items[1].count").value(1));
        mvc.perform(get("/audit").param("action", "token.rejected").param("actor", prefix)
                        .with(user(TestWorld.AUDITOR).roles("AUDITOR")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("× 299")));
    }

    @Test
    void wrongPasswordsAreFoldedAndASuccessfulSignInIsStillItsOwnEvent() throws Exception {
        world.alpha();
        String address = address();
        for (int i = 0; i < 40; i++) {
            mvc.perform(get("/api/v1/findings").with(from(address)).with(httpBasic("folded-guesser", "guess")))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(get("/api/v1/findings").with(from(address)).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk());
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'sign-in' and outcome = 'success' and actor = :u
                and source_ip = cast(:a as inet)
                """).param("u", TestWorld.ALICE).param("a", address).query(Long.class).single()).isOne();
        auditLog.writeHeldRefusals();
        List<Long> counts = rows("sign-in", address).stream().toList();
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).as("40 failures and the success").isEqualTo(41);
        assertThat(counts).hasSize(3);
    }

    @Test
    void anonymousRefusalsAreFoldedToo() throws Exception {
        String address = address();
        for (int i = 0; i < 25; i++) {
            mvc.perform(post("/settings/tokens").with(from(address)).param("name", "x")).andExpect(status().isForbidden());
        }
        assertThat(rows("access.denied", address)).hasSize(1);
        auditLog.writeHeldRefusals();
        assertThat(rows("access.denied", address)).containsExactly(1L, 24L);
    }

    /** The count of each event of the action from the address, oldest first. */
    private List<Long> rows(String action, String address) {
        return jdbc.sql("""
                select coalesce((details ->> 'count')::bigint, 1) from audit_event
                where action = :action and source_ip = cast(:a as inet) order by id
                """).param("action", action).param("a", address).query(Long.class).list();
    }

    private static String address() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
