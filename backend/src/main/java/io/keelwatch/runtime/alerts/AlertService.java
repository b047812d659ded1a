package io.keelwatch.runtime.alerts;

import io.keelwatch.access.Viewer;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading alerts: what the caller's teams' namespaces raised (everything for leads, auditors and admins). */
@Service
@Transactional(readOnly = true)
public class AlertService {

    static final int DEFAULT_SIZE = 50;
    /** The chart's days when the filter names no time range. */
    static final int CHART_DAYS = 14;
    /** At most this many days in one chart, so a wide range stays one bounded statement. */
    static final int CHART_MAX_DAYS = 366;

    private final AlertQueries queries;

    AlertService(AlertQueries queries) {
        this.queries = queries;
    }

    public Page<AlertSummary> alerts(AlertFilter filter, PageRequest page, Viewer viewer) {
        return queries.list(filter, page, viewer);
    }

    /**
     * How many alerts the filter would show as muted: the list hides them by default and says how many it hid
     * (past {@value AlertQueries#COUNT_LIMIT}: one more than that).
     */
    public long mutedCount(AlertFilter filter, Viewer viewer) {
        return queries.count(filter.withMuted(AlertFilter.Muted.yes), viewer);
    }

    /** The chart's days (UTC midnights, oldest first) and the counts of those that have alerts. */
    record PerDay(List<OffsetDateTime> days, List<AlertQueries.DayCount> counts) {
    }

    /**
     * Alerts per day (UTC) and priority over the whole days of the filter's range (else the {@value #CHART_DAYS} days
     * up to the newest alert's, or up to today without alerts): an alert counts on each day between its first and
     * last event, exactly the alerts the list shows for that day, so each bar leads to them.
     */
    PerDay perDay(AlertFilter filter, Viewer viewer) {
        // without an end, the chart ends on the newest alert's day (a quiet fortnight would show nothing)
        OffsetDateTime end = filter.to() != null ? filter.to()
                : queries.lastSeen(filter, viewer).orElseGet(() -> OffsetDateTime.now(ZoneOffset.UTC));
        OffsetDateTime lastDay = end.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        OffsetDateTime firstDay = (filter.from() != null ? filter.from().withOffsetSameInstant(ZoneOffset.UTC)
                : lastDay.minusDays(CHART_DAYS - 1)).truncatedTo(ChronoUnit.DAYS);
        if (firstDay.isAfter(lastDay)) {
            return new PerDay(List.of(), List.of());
        }
        if (Duration.between(firstDay, lastDay).toDays() >= CHART_MAX_DAYS) {
            firstDay = lastDay.minusDays(CHART_MAX_DAYS - 1);
        }
        List<OffsetDateTime> days = new ArrayList<>();
        for (OffsetDateTime day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
            days.add(day);
        }
        return new PerDay(days, queries.perDay(filter, firstDay, lastDay, viewer));
    }

    /** An alert the caller sees, with a page of its events; one they do not see is missing (404) like one that does not exist. */
    public AlertDetail alert(long id, PageRequest eventsPage, Viewer viewer) {
        AlertSummary alert = queries.find(id, viewer).orElseThrow(() -> KeelwatchException.notFound("Alert " + id));
        return new AlertDetail(alert, queries.events(id, eventsPage));
    }
}
