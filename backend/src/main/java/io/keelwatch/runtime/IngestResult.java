package io.keelwatch.runtime;

/**
 * What a post of Falco events did, answered after the commit that holds them.
 *
 * @param received   events in the request
 * @param stored     events new to Keelwatch, now committed and folded into alerts
 * @param duplicates events already stored (same hostname, rule, time and output fields)
 */
public record IngestResult(String cluster, int received, int stored, int duplicates) {
}
