package io.keelwatch.runtime.incidents;

import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * An incident with its alerts (first seen first, at most {@value IncidentQueries#MAX_ALERTS}; the summary counts all)
 * and its timeline, oldest first.
 */
@NamedInterface("incidents")
public record IncidentDetail(IncidentSummary incident, List<IncidentAlert> alerts, List<TimelineItem> timeline) {
}
