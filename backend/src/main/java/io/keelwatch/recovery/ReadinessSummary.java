package io.keelwatch.recovery;

/**
 * How ready the namespaces the caller sees are to be restored, counted: what the dashboard's badge shows.
 *
 * @param namespaces every namespace recovery reports on that the caller sees
 * @param verified   meeting their policy's RPO with an RTO proven by a recent restore ("verified restorable")
 * @param breached   missing some part of their policy (RPO, RTO, schedule, retention)
 * @param noPolicy   with no policy to measure them against
 */
public record ReadinessSummary(int namespaces, int verified, int breached, int noPolicy) {
}
