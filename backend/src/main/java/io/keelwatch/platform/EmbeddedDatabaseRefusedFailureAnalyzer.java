package io.keelwatch.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns the root refusal into Spring Boot's short start-up failure report instead of a stack trace. */
class EmbeddedDatabaseRefusedFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedDatabaseRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedDatabaseRefusedException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set SPRING_DATASOURCE_URL to a PostgreSQL server, or start Keelwatch as a non-root user.", cause);
    }
}
