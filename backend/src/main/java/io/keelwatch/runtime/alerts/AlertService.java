package io.keelwatch.runtime.alerts;

import io.keelwatch.access.Viewer;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading alerts: what the caller's teams' namespaces raised (everything for leads, auditors and admins). */
@Service
@Transactional(readOnly = true)
public class AlertService {

    static final int DEFAULT_SIZE = 50;

    private final AlertQueries queries;

    AlertService(AlertQueries queries) {
        this.queries = queries;
    }

    public Page<AlertSummary> alerts(AlertFilter filter, PageRequest page, Viewer viewer) {
        return queries.list(filter, page, viewer);
    }

    /** An alert the caller sees, with a page of its events; one they do not see is missing (404) like one that does not exist. */
    public AlertDetail alert(long id, PageRequest eventsPage, Viewer viewer) {
        AlertSummary alert = queries.find(id, viewer).orElseThrow(() -> KeelwatchException.notFound("Alert " + id));
        return new AlertDetail(alert, queries.events(id, eventsPage));
    }
}
