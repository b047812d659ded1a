package io.keelwatch.access;

import io.keelwatch.platform.PageRequest;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserAccounts {

    record Account(long id, String username, String displayName, String passwordHash, Role role, boolean enabled) {
    }

    private final JdbcClient jdbc;
    private final RecentTokens recentTokens;

    /** Every write here that changes what an account may do also forgets the tokens read with the account as it was. */
    UserAccounts(JdbcClient jdbc, RecentTokens recentTokens) {
        this.jdbc = jdbc;
        this.recentTokens = recentTokens;
    }

    Optional<Account> findByUsername(String username) {
        return jdbc.sql("""
                select id, username, display_name, password_hash, role, enabled
                from app_user where lower(username) = lower(:username)
                """)
                .param("username", username)
                .query((rs, n) -> new Account(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                        rs.getString("password_hash"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled")))
                .optional();
    }

    /** The account an identity provider's subject signed in as before, if any. */
    Optional<Account> findByExternalId(String issuer, String subject) {
        return jdbc.sql("""
                select id, username, display_name, password_hash, role, enabled
                from app_user where external_issuer = :issuer and external_subject = :subject
                """)
                .param("issuer", issuer)
                .param("subject", subject)
                .query((rs, n) -> new Account(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                        rs.getString("password_hash"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled")))
                .optional();
    }

    /**
     * Creates the account of an external identity without a password; false when the username or
     * the identity is taken (another replica may have just created it).
     */
    boolean insertExternal(String issuer, String subject, String username, String displayName, String email, Role role) {
        return jdbc.sql("""
                insert into app_user (username, display_name, email, role, external_issuer, external_subject)
                values (:username, :displayName, :email, :role, :issuer, :subject)
                on conflict do nothing
                """)
                .param("username", username)
                .param("displayName", displayName)
                .param("email", email)
                .param("role", role.name())
                .param("issuer", issuer)
                .param("subject", subject)
                .update() == 1;
    }

    /** Takes over what the identity provider says now; writes only when something changed. */
    void updateExternal(long id, String displayName, String email, Role role) {
        recentTokens.forgetAllAfterCommit();
        jdbc.sql("""
                update app_user set display_name = :displayName, email = :email, role = :role
                where id = :id and (display_name, email, role) is distinct from (:displayName, :email, :role)
                """)
                .param("id", id)
                .param("displayName", displayName)
                .param("email", email)
                .param("role", role.name())
                .update();
    }

    Set<Long> teamIdsOf(long userId) {
        List<Long> ids = jdbc.sql("select team_id from team_membership where user_id = :user")
                .param("user", userId)
                .query(Long.class)
                .list();
        return new HashSet<>(ids);
    }

    /**
     * Enabled accounts that see the team's records; for no team (null), those who see every team. The role list
     * comes from {@link Role#seesAllTeams()} so the rule lives in one place.
     */
    List<UserRef> seeingTeam(Long teamId) {
        return jdbc.sql("""
                select u.id, u.username, u.display_name from app_user u
                where u.enabled and (u.role = any(:allTeamRoles)
                      or exists (select 1 from team_membership m where m.user_id = u.id and m.team_id = cast(:team as bigint)))
                order by lower(u.username)
                """)
                .param("team", teamId)
                .param("allTeamRoles", java.util.Arrays.stream(Role.values()).filter(Role::seesAllTeams).map(Role::name)
                        .toArray(String[]::new))
                .query(UserRef.class)
                .list();
    }

    long insert(String username, String displayName, String email, String passwordHash, Role role) {
        return jdbc.sql("""
                insert into app_user (username, display_name, email, password_hash, role)
                values (:username, :displayName, :email, :passwordHash, :role) returning id
                """)
                .param("username", username)
                .param("displayName", displayName)
                .param("email", email)
                .param("passwordHash", passwordHash)
                .param("role", role.name())
                .query(Long.class)
                .single();
    }

    /**
     * The initial administrator, unless anyone can sign in already (an account with a password or an
     * identity provider's subject). The advisory lock makes replicas starting together decide one after
     * the other. Answers the new account's id.
     */
    Optional<Long> insertFirstAdmin(String username, String passwordHash) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('keelwatch.initial-admin'))").query().singleRow();
        return jdbc.sql("""
                insert into app_user (username, display_name, password_hash, role)
                select :username, :username, :passwordHash, 'ADMIN'
                where not exists (select 1 from app_user where password_hash is not null or external_subject is not null)
                on conflict do nothing
                returning id
                """)
                .param("username", username)
                .param("passwordHash", passwordHash)
                .query(Long.class)
                .optional();
    }

    void addMembership(long teamId, long userId) {
        recentTokens.forgetAllAfterCommit();
        jdbc.sql("insert into team_membership (team_id, user_id) values (:team, :user) on conflict do nothing")
                .param("team", teamId)
                .param("user", userId)
                .update();
    }

    private static final String SUMMARY_SELECT = """
            select u.id, u.username, u.display_name, u.email, u.role, u.enabled, u.created_at, u.last_login_at,
                   array(select t.slug from team_membership m join team t on t.id = m.team_id
                         where m.user_id = u.id order by t.slug) as teams
            from app_user u
            """;

    Optional<UserSummary> summary(long id) {
        return jdbc.sql(SUMMARY_SELECT + " where u.id = :id").param("id", id).query(UserAccounts::summaryRow).optional();
    }

    List<UserSummary> page(PageRequest page) {
        return jdbc.sql(SUMMARY_SELECT + " order by lower(u.username) limit :limit offset :offset")
                .param("limit", page.size())
                .param("offset", page.offset())
                .query(UserAccounts::summaryRow)
                .list();
    }

    long count() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single();
    }

    /** Whether the account signs in through an identity provider (its role then comes from there). */
    boolean isExternal(long id) {
        return jdbc.sql("select external_subject is not null from app_user where id = :id").param("id", id)
                .query(Boolean.class).single();
    }

    void change(long id, Role role, boolean enabled) {
        recentTokens.forgetAllAfterCommit();
        jdbc.sql("update app_user set role = :role, enabled = :enabled where id = :id")
                .param("id", id)
                .param("role", role.name())
                .param("enabled", enabled)
                .update();
    }

    /** Replaces every membership of the user with exactly these teams. */
    void replaceMemberships(long userId, Set<Long> teamIds) {
        recentTokens.forgetAllAfterCommit();
        jdbc.sql("delete from team_membership where user_id = :user and not (team_id = any(:teams))")
                .param("user", userId)
                .param("teams", teamIds.toArray(Long[]::new))
                .update();
        jdbc.sql("""
                insert into team_membership (team_id, user_id)
                select team, :user from unnest(cast(:teams as bigint[])) as team
                on conflict do nothing
                """)
                .param("user", userId)
                .param("teams", teamIds.toArray(Long[]::new))
                .update();
    }

    /**
     * The account that owns the bootstrap token: an admin that cannot sign in with a password.
     * Created once; replicas starting together meet on the unique username.
     */
    Account systemAdmin(String username, String displayName) {
        jdbc.sql("""
                insert into app_user (username, display_name, role) values (:username, :displayName, 'ADMIN')
                on conflict ((lower(username))) do nothing
                """)
                .param("username", username)
                .param("displayName", displayName)
                .update();
        return findByUsername(username).orElseThrow();
    }

    private static UserSummary summaryRow(ResultSet rs, int row) throws SQLException {
        return new UserSummary(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("email"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
                strings(rs.getArray("teams")), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("last_login_at", OffsetDateTime.class));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    void recordLogin(String username) {
        jdbc.sql("update app_user set last_login_at = now(), failed_logins = 0, locked_until = null where lower(username) = lower(:u)")
                .param("u", username)
                .update();
    }

    /** Whether a lock-out of this account is still running. */
    boolean locked(String username) {
        return jdbc.sql("select exists (select 1 from app_user where lower(username) = lower(:u) and locked_until > now())")
                .param("u", username)
                .query(Boolean.class)
                .single();
    }

    /**
     * Counts one more wrong password, in one statement so concurrent attempts cannot both slip
     * under the limit. On reaching {@code max} the account is locked for {@code lockout} and the
     * count starts again, so the next lock-out needs {@code max} new failures. Returns the end of a
     * lock-out this failure started; empty otherwise (also for unknown users).
     */
    Optional<OffsetDateTime> recordFailedSignIn(String username, int max, Duration lockout) {
        return jdbc.sql("""
                update app_user set
                    failed_logins = case when failed_logins + 1 >= :max then 0 else failed_logins + 1 end,
                    locked_until = case when failed_logins + 1 >= :max
                                        then now() + make_interval(secs => :seconds) else locked_until end
                where lower(username) = lower(:u) and password_hash is not null
                returning case when failed_logins = 0 then locked_until end
                """)
                .param("u", username)
                .param("max", max)
                .param("seconds", (double) lockout.toMillis() / 1000)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
                .optional()
                .flatMap(lockedUntil -> lockedUntil);
    }
}
