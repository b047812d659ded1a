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

    /**
     * What a kind is: its slug (the last part of the type URI; never change it, clients and tests
     * depend on it), its status and its title. Each module's enum holds one per constant.
     */
    record Definition(String slug, HttpStatus status, String title) {
    }

    Definition definition();

    default String slug() {
        return definition().slug();
    }

    default String title() {
        return definition().title();
    }

    default HttpStatus status() {
        return definition().status();
    }

    default URI type() {
        return URI.create("urn:keelwatch:problem:" + slug());
    }
}
