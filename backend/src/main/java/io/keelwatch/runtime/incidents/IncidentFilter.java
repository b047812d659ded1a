package io.keelwatch.runtime.incidents;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.modulith.NamedInterface;

/** What the incident list is narrowed to; null parts do not narrow. Unknown values are a 400, never ignored. */
@NamedInterface("incidents")
public record IncidentFilter(IncidentStatus status, IncidentSeverity severity, String cluster) {

    public static IncidentFilter of(String status, String severity, String cluster) {
        return new IncidentFilter(parse(IncidentStatus.class, status, "status"), parse(IncidentSeverity.class, severity, "severity"),
                cluster == null || cluster.isBlank() ? null : cluster.strip());
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new KeelwatchException(CommonProblem.INVALID_REQUEST, "Unknown " + what + "; one of "
                        + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()) + "."));
    }
}
