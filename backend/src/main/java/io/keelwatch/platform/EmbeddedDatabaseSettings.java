package io.keelwatch.platform;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Evaluation mode's embedded PostgreSQL.
 *
 * @param dataDirectory where it keeps its data, kept across restarts (default {@code ~/.keelwatch/pgdata})
 * @param port          port it listens on; 0 picks a free one
 * @param startupWait   how long to wait for the server, which includes initdb on first start
 */
@ConfigurationProperties("keelwatch.embedded-database")
public record EmbeddedDatabaseSettings(Path dataDirectory, @DefaultValue("0") int port,
        @DefaultValue("120s") Duration startupWait) {

    public EmbeddedDatabaseSettings {
        if (dataDirectory == null) {
            dataDirectory = Path.of(System.getProperty("user.home"), ".keelwatch", "pgdata");
        }
    }
}
