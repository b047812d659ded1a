package io.keelwatch.access.settings;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code app_user.time_zone}: the zone a person chose, or none (the browser's). */
@Repository
class UserTimeZones {

    private final JdbcClient jdbc;

    UserTimeZones(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The zone of the account with this username (as sign-in names it), if one was chosen. */
    Optional<String> ofUsername(String username) {
        return jdbc.sql("select time_zone from app_user where username = :username and time_zone is not null")
                .param("username", username)
                .query(String.class)
                .optional();
    }

    Optional<String> of(long userId) {
        return jdbc.sql("select time_zone from app_user where id = :id and time_zone is not null")
                .param("id", userId)
                .query(String.class)
                .optional();
    }

    void set(long userId, String zone) {
        jdbc.sql("update app_user set time_zone = :zone where id = :id").param("zone", zone).param("id", userId).update();
    }
}
