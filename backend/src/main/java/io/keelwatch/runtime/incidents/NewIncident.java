package io.keelwatch.runtime.incidents;

import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * An incident to open from alerts (all of one cluster and one team, none in another incident).
 *
 * @param title    up to 200 characters; empty: named after the alerts' rule and workload
 * @param severity critical, high, medium or low; empty: from the most severe alert's priority
 * @param alerts   the alert ids, at least one, at most 500
 */
@NamedInterface("incidents")
public record NewIncident(String title, String severity, List<Long> alerts) {
}
