package io.keelwatch.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Evaluation mode: with no {@code spring.datasource.url} configured, Keelwatch starts a real
 * PostgreSQL from Maven Central binaries, keeping its data under the configured directory.
 * Production (and any run as root, which PostgreSQL refuses) names a server instead.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceUrlCondition.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);
    private static final String DATABASE = "keelwatch";

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseSettings settings) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new EmbeddedDatabaseRefusedException();
        }
        Files.createDirectories(settings.dataDirectory());
        log.info("Starting embedded PostgreSQL with data in {}", settings.dataDirectory());
        return EmbeddedPostgres.builder()
                .setDataDirectory(settings.dataDirectory())
                .setCleanDataDirectory(false)
                .setPort(settings.port())
                .setPGStartupWait(settings.startupWait())
                .start();
    }

    @Bean
    EmbeddedDatabaseMarker embeddedDatabaseMarker() {
        return new EmbeddedDatabaseMarker();
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres,
            @Value("${spring.datasource.hikari.connection-init-sql:#{null}}") String connectionInitSql) throws SQLException {
        createDatabaseIfMissing(postgres.getPostgresDatabase());
        HikariConfig config = new HikariConfig();
        config.setConnectionInitSql(connectionInitSql);
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", DATABASE));
        config.setUsername("postgres");
        config.setPoolName("keelwatch-embedded");
        return new HikariDataSource(config);
    }

    private static void createDatabaseIfMissing(DataSource admin) throws SQLException {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
        }
    }
}
