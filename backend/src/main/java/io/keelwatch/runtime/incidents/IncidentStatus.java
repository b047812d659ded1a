package io.keelwatch.runtime.incidents;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.modulith.NamedInterface;

/** Where an incident stands; {@link #next()} is what it may move to. */
@NamedInterface("incidents")
public enum IncidentStatus {
    open, investigating, contained, resolved, false_alarm;

    /**
     * The statuses this one may move to: forward, or back to work (contained → investigating when it spreads again;
     * a closed incident reopens as open, its first acknowledgement and containment kept for the SLA record).
     */
    public Set<IncidentStatus> next() {
        return switch (this) {
            case open -> EnumSet.of(investigating, contained, resolved, false_alarm);
            case investigating -> EnumSet.of(contained, resolved, false_alarm);
            case contained -> EnumSet.of(investigating, resolved);
            case resolved, false_alarm -> EnumSet.of(open);
        };
    }

    /** Still being worked: not resolved, not a false alarm. */
    public boolean active() {
        return this != resolved && this != false_alarm;
    }

    public String label() {
        return this == false_alarm ? "false alarm" : name();
    }
}
