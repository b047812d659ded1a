package io.keelwatch.runtime.incidents;

import java.time.OffsetDateTime;
import org.springframework.modulith.NamedInterface;

/**
 * An incident as lists and its page show it.
 *
 * @param team             the team's slug, or null: the cluster owners' (alerts of namespaces no rule maps)
 * @param owner            the username of the person working it, or null
 * @param acknowledgedAt   when it first left open; {@code containedAt} when first contained (or resolved uncontained);
 *                         {@code resolvedAt} when closed (resolved or false alarm), null while being worked
 * @param autoRule         the grouping rule that created it, or null (by hand); {@code namespace}/{@code pod} then the
 *                         workload it groups
 * @param acknowledgeBy    its severity's SLA: acknowledged by then; {@code containBy}: contained by then
 * @param acknowledgeLate  acknowledged after {@code acknowledgeBy}, or not yet and that time has passed;
 *                         {@code containLate} likewise
 * @param overdue          still being worked and past a deadline not yet met: what the board flags
 */
@NamedInterface("incidents")
public record IncidentSummary(long id, String title, IncidentSeverity severity, IncidentStatus status, String cluster,
        String team, String owner, String createdBy, OffsetDateTime createdAt, OffsetDateTime acknowledgedAt,
        OffsetDateTime containedAt, OffsetDateTime resolvedAt, String autoRule, String namespace, String pod,
        long alertCount, OffsetDateTime acknowledgeBy, OffsetDateTime containBy, boolean acknowledgeLate,
        boolean containLate, boolean overdue) {
}
