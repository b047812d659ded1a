package io.keelwatch.recovery.readiness;

import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Readiness over time: each day's RPO compliance of the namespaces the caller sees, and the namespaces a day counts. */
@Service
public class RpoHistoryService {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    private final RpoHistory history;
    private final InventoryService inventory;
    private final Clock clock = Clock.systemUTC();

    RpoHistoryService(RpoHistory history, InventoryService inventory) {
        this.history = history;
        this.inventory = inventory;
    }

    /** The last {@code days} days (today included, oldest first; default {@value #DEFAULT_DAYS}), every day present. */
    @Transactional(readOnly = true)
    public List<RpoDay> perDay(Integer days, String cluster, String project, Viewer viewer) {
        int count = days == null ? DEFAULT_DAYS : days;
        if (count < 1 || count > MAX_DAYS) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "days must be 1 to " + MAX_DAYS + ".");
        }
        Instant now = Instant.now(clock);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return history.perDay(today.minusDays(count - 1L), today, blankToNull(cluster), projectId(project, viewer), viewer, now);
    }

    /**
     * The namespaces a day counts (UTC, not after today): {@code state} {@code met}, {@code breached}, or absent for
     * both.
     */
    @Transactional(readOnly = true)
    public List<RpoOnDay> onDay(LocalDate day, String state, String cluster, String project, Viewer viewer) {
        Instant now = Instant.now(clock);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate measured = day == null ? today : day;
        if (measured.isAfter(today)) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "day must not be after today (" + today + ", UTC).");
        }
        return history.onDay(measured, met(state), blankToNull(cluster), projectId(project, viewer), viewer, now);
    }

    static Boolean met(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        return switch (state.strip().toLowerCase(Locale.ROOT)) {
            case "met" -> true;
            case "breached" -> false;
            default -> throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "state is met or breached.");
        };
    }

    private Long projectId(String project, Viewer viewer) {
        if (project == null || project.isBlank()) {
            return null;
        }
        return inventory.visibleProject(project.strip(), viewer)
                .orElseThrow(() -> KeelwatchException.notFound("Project '" + project.strip() + "'")).id();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
