package io.keelwatch.access;

import java.net.URI;
import org.springframework.http.ResponseEntity;

/**
 * What an API write answers. A token with {@code scans:write} but not {@code read} may change
 * findings and exceptions yet gets 403 from every {@code GET}; if its writes answered with the
 * record (a finding's description and assignee, an exception's justification and the findings it
 * covers), writing — even writing the current values — would be a way to read. So a write returns
 * the record only to callers who may read ({@link Viewer#mayRead()}: people, tokens with
 * {@code read}); everyone else gets the status alone.
 */
public final class WriteAnswers {

    private WriteAnswers() {
    }

    /** 200 with the changed record, or 204 No Content for a caller who may not read it. */
    public static <T> ResponseEntity<T> changed(Viewer viewer, T record) {
        return viewer.mayRead() ? ResponseEntity.ok(record) : ResponseEntity.noContent().build();
    }

    /** 201 Created with the new record's location, and the record only for a caller who may read it. */
    public static <T> ResponseEntity<T> created(Viewer viewer, URI location, T record) {
        ResponseEntity.BodyBuilder created = ResponseEntity.created(location);
        return viewer.mayRead() ? created.body(record) : created.build();
    }
}
