package io.keelwatch.runtime.incidents;

import io.keelwatch.runtime.Priority;
import org.springframework.modulith.NamedInterface;

/** How bad an incident is; its SLAs follow from it ({@link IncidentSettings#sla()}). */
@NamedInterface("incidents")
public enum IncidentSeverity {
    critical, high, medium, low;

    /** The severity an incident of alerts of this priority gets unless a person says otherwise. */
    public static IncidentSeverity of(Priority priority) {
        return switch (priority) {
            case EMERGENCY, ALERT, CRITICAL -> critical;
            case ERROR -> high;
            case WARNING -> medium;
            default -> low;
        };
    }
}
