package io.keelwatch.platform;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * A kind of error the API reports, with a stable {@code type} URI (RFC 9457) callers may switch
 * on. The URIs are URNs, {@code urn:keelwatch:problem:<slug>}: stable identifiers, not pages to
 * fetch. Platform holds the kinds every module shares ({@link CommonProblem}); each module
 * declares its own domain kinds next to its API.
 */
public interface ProblemKind {

    /** The last part of the type URI; never change it, clients and tests depend on it. */
    String slug();

    String title();

    HttpStatus status();

    default URI type() {
        return URI.create("urn:keelwatch:problem:" + slug());
    }
}
