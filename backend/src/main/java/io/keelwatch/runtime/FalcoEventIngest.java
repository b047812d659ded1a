package io.keelwatch.runtime;

import io.keelwatch.access.Scope;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.runtime.ingest.EventRow;
import io.keelwatch.runtime.ingest.FalcoEvent;
import io.keelwatch.runtime.ingest.FalcoEventReader;
import io.keelwatch.runtime.ingest.GroupCommit;
import io.keelwatch.runtime.ingest.IngestSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Takes Falco events for a cluster: checks the caller may write that cluster's alerts, reads and bounds
 * the events (a bad one refuses the request, nothing is stored) and hands them to the group commit, which
 * files each under its namespace's owner (none: the cluster's owners keep it); answers once they are committed.
 */
@Service
public class FalcoEventIngest {

    private final FalcoEventReader reader;
    private final GroupCommit commit;
    private final InventoryService inventory;
    private final IngestSettings settings;

    FalcoEventIngest(FalcoEventReader reader, GroupCommit commit, InventoryService inventory, IngestSettings settings) {
        this.reader = reader;
        this.commit = commit;
        this.inventory = inventory;
        this.settings = settings;
    }

    /**
     * Stores the events of a body: one JSON event, or JSON lines when {@code jsonLines}. The cluster is the
     * caller's token's when it is bound to one (a {@code cluster} given must then name it), else {@code cluster}.
     */
    public IngestResult ingest(String cluster, byte[] body, boolean jsonLines, Viewer viewer) {
        ClusterSummary target = cluster(cluster, viewer);
        if (!viewer.mayWriteCluster(target.id(), Scope.ALERTS_WRITE)) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not post alerts for cluster '" + target.name() + "'.");
        }
        List<FalcoEvent> events = jsonLines ? reader.readLines(body, settings.maxLines()) : List.of(reader.readOne(body));
        return store(target, events);
    }

    /**
     * Stores events a transport with no caller to check delivered for a named cluster (the Kafka consumer,
     * whose topics the operator bound to clusters); answers once they are committed.
     */
    public IngestResult ingestDelivered(String cluster, List<FalcoEvent> events) {
        ClusterSummary target = inventory.cluster(cluster).orElseThrow(() -> KeelwatchException.notFound("Cluster '" + cluster + "'"));
        return store(target, events);
    }

    private IngestResult store(ClusterSummary target, List<FalcoEvent> events) {
        long window = settings.foldWindow().toSeconds();
        Map<String, EventRow> rows = new LinkedHashMap<>();
        for (FalcoEvent event : events) {
            Instant windowStart = Instant.ofEpochSecond(Math.floorDiv(event.time().getEpochSecond(), window) * window);
            EventRow row = new EventRow(event, target.id(), windowStart);
            rows.putIfAbsent(row.key(), row);
        }
        int stored = commit.write(new ArrayList<>(rows.values()));
        return new IngestResult(target.name(), events.size(), stored, events.size() - stored);
    }

    private ClusterSummary cluster(String name, Viewer viewer) {
        var bound = viewer.token().filter(t -> t.boundToCluster());
        if (bound.isPresent()) {
            // as read a few seconds ago at most: a read per event was a third of what a Sidekick post cost
            ClusterSummary own = inventory.recentCluster(bound.get().clusterId()).orElse(null);
            if (own == null) {
                throw KeelwatchException.notFound("The token's cluster");
            }
            if (name != null && !name.isBlank() && !name.equals(own.name())) {
                throw new KeelwatchException(CommonProblem.FORBIDDEN, "This token posts for cluster '" + own.name() + "' only.");
            }
            return own;
        }
        if (name == null || name.isBlank()) {
            throw new KeelwatchException(RuntimeProblem.CLUSTER_REQUIRED,
                    "Name the cluster the events come from: ?cluster=<name>, or use a token bound to it.");
        }
        return inventory.cluster(name).orElseThrow(() -> KeelwatchException.notFound("Cluster '" + name + "'"));
    }
}
