package io.keelwatch.runtime.incidents;

import io.keelwatch.runtime.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param grouping the rule that groups alerts into incidents without a person
 * @param sla      per severity, how soon an incident must be acknowledged (leave open) and contained; a severity
 *                 not configured keeps its default (critical 15m/4h, high 1h/1d, medium 4h/3d, low 1d/7d)
 */
@ConfigurationProperties("keelwatch.runtime.incidents")
public record IncidentSettings(@DefaultValue Grouping grouping, Map<IncidentSeverity, Sla> sla) {

    private static final Map<IncidentSeverity, Sla> DEFAULT_SLA = Map.of(
            IncidentSeverity.critical, new Sla(Duration.ofMinutes(15), Duration.ofHours(4)),
            IncidentSeverity.high, new Sla(Duration.ofHours(1), Duration.ofDays(1)),
            IncidentSeverity.medium, new Sla(Duration.ofHours(4), Duration.ofDays(3)),
            IncidentSeverity.low, new Sla(Duration.ofDays(1), Duration.ofDays(7)));

    public IncidentSettings {
        Map<IncidentSeverity, Sla> merged = new EnumMap<>(DEFAULT_SLA);
        if (sla != null) {
            sla.forEach((severity, given) -> merged.put(severity, new Sla(
                    given.acknowledge() == null ? DEFAULT_SLA.get(severity).acknowledge() : given.acknowledge(),
                    given.contain() == null ? DEFAULT_SLA.get(severity).contain() : given.contain())));
        }
        sla = Map.copyOf(merged);
    }

    /**
     * All alerts of one workload (cluster, namespace, pod) of at least {@code priority} whose first events lie within
     * {@code window} of the earliest one become one incident; later alerts of the workload within that window join it
     * while it is being worked.
     *
     * @param enabled  whether the rule runs
     * @param window   how far apart a workload's alerts may start and still be one incident
     * @param priority the least severe priority the rule groups
     * @param every    how often the rule runs over what ingest wrote since
     * @param lookback alerts last seen longer ago than this are left alone (a back-fill of old events makes no incidents)
     */
    public record Grouping(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration window,
            @DefaultValue("CRITICAL") Priority priority, @DefaultValue("30s") Duration every,
            @DefaultValue("24h") Duration lookback) {

        public Grouping {
            if (window.toSeconds() < 1 || every.toMillis() < 100 || lookback.toSeconds() < 1) {
                throw new IllegalStateException("keelwatch.runtime.incidents.grouping: window and lookback must be at least a "
                        + "second, every at least 100ms.");
            }
        }
    }

    /** @param acknowledge from creation to leaving open; @param contain from creation to contained (or closed) */
    public record Sla(Duration acknowledge, Duration contain) {
    }
}
