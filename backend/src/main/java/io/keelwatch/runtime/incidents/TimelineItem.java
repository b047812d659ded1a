package io.keelwatch.runtime.incidents;

import java.time.OffsetDateTime;

/**
 * One entry of an incident's timeline.
 *
 * @param kind {@code created}, {@code note}, {@code status}, {@code owner}, {@code alerts_added}, {@code alerts_removed}
 * @param from the value before (a status, an owner), or null; {@code to} the value after
 * @param text a note's text, or what changed in words (the alerts added)
 */
public record TimelineItem(OffsetDateTime at, String actor, String kind, String from, String to, String text) {
}
