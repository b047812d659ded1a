package io.keelwatch.runtime.incidents;

import java.util.List;

/** The API's bodies for the changes of one incident. */
public final class IncidentChange {

    private IncidentChange() {
    }

    /** @param note optional, kept on the timeline with the change */
    public record Status(String status, String note) {
    }

    public record Note(String text) {
    }

    /** @param owner a username; empty: nobody */
    public record Owner(String owner) {
    }

    /** Alert ids to add and to remove; either may be absent. */
    public record Alerts(List<Long> add, List<Long> remove) {
    }
}
