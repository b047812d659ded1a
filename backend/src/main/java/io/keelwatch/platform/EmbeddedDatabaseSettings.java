package io.keelwatch.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the evaluation mode's embedded PostgreSQL keeps its data (kept across restarts) and
 * which port it listens on (0: any free port).
 */
@ConfigurationProperties("keelwatch.embedded-database")
public record EmbeddedDatabaseSettings(
        @DefaultValue("${user.home}/.keelwatch/pgdata") Path dataDirectory,
        @DefaultValue("0") int port) {
}
