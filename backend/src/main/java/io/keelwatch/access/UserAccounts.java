package io.keelwatch.access;

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

    UserAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    Set<Long> teamIdsOf(long userId) {
        List<Long> ids = jdbc.sql("select team_id from team_membership where user_id = :user")
                .param("user", userId)
                .query(Long.class)
                .list();
        return new HashSet<>(ids);
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

    void addMembership(long teamId, long userId) {
        jdbc.sql("insert into team_membership (team_id, user_id) values (:team, :user) on conflict do nothing")
                .param("team", teamId)
                .param("user", userId)
                .update();
    }

    void recordLogin(String username) {
        jdbc.sql("update app_user set last_login_at = now(), failed_logins = 0 where lower(username) = lower(:u)")
                .param("u", username)
                .update();
    }
}
