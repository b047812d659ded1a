package io.keelwatch.findings;

import io.keelwatch.findings.list.FindingQueries;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.util.Locale;

/**
 * Order of the findings list. Each field has the direction people expect by default (most severe,
 * soonest due, newest first; packages A–Z); {@code direction} overrides it. The default order is
 * exactly {@code finding_list_idx}'s, so page 1 of a million findings is an index scan.
 */
public record FindingSort(Field field, boolean descending) {

    enum Field {
        severity("severity", true), due("due", false), firstSeen("firstSeen", true), lastSeen("lastSeen", true),
        packageName("package", false);

        final String parameter;
        final boolean descendingByDefault;

        Field(String parameter, boolean descendingByDefault) {
            this.parameter = parameter;
            this.descendingByDefault = descendingByDefault;
        }
    }

    public static final FindingSort DEFAULT = new FindingSort(Field.severity, true);

    public static FindingSort of(String sort, String direction) {
        Field field = Field.severity;
        if (sort != null && !sort.isBlank()) {
            field = null;
            for (Field candidate : Field.values()) {
                if (candidate.parameter.equalsIgnoreCase(sort.trim())) {
                    field = candidate;
                }
            }
            if (field == null) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                        "Unknown sort '" + sort.trim() + "': use severity, due, firstSeen, lastSeen or package.");
            }
        }
        boolean descending = field.descendingByDefault;
        if (direction != null && !direction.isBlank()) {
            descending = switch (direction.trim().toLowerCase(Locale.ROOT)) {
                case "desc" -> true;
                case "asc" -> false;
                default -> throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                        "Unknown direction '" + direction.trim() + "': use asc or desc.");
            };
        }
        return new FindingSort(field, descending);
    }

    public String parameter() {
        return field.parameter;
    }

    public String direction() {
        return descending ? "desc" : "asc";
    }

    /** Whether this order is that of {@code finding_project_list_idx} (forwards or backwards). */
    public boolean followsProjectListIndex() {
        return field == Field.severity;
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** The ORDER BY; every order ends in {@code f.id} so pages never overlap. */
    public String orderBy() {
        String d = descending ? "desc" : "asc";
        String reverse = descending ? "asc" : "desc";
        return switch (field) {
            // "descending severity" = most severe first = lowest rank first: finding_list_idx order
            case severity -> "f.severity_rank " + reverse + ", f.first_seen " + d + ", f.id " + d;
            case due -> "f.sla_due " + d + " nulls last, f.severity_rank, f.id " + d;
            case firstSeen -> "f.first_seen " + d + ", f.id " + d;
            case lastSeen -> FindingQueries.LAST_SEEN + " " + d + ", f.id " + d;
            case packageName -> "f.package_name " + d + " nulls last, f.installed_version " + d + ", f.id " + d;
        };
    }
}
