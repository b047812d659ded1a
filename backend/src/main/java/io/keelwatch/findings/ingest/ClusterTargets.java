package io.keelwatch.findings.ingest;

import io.keelwatch.access.Scope;
import io.keelwatch.access.Viewer;
import io.keelwatch.inventory.ClusterSummary;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.KeelwatchException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Who may file a report's findings under a cluster, and of which namespaces: leads and admins (in
 * person, or their tokens with {@code scans:write} or {@code inventory:write}) and the cluster's own
 * agent (a token bound to it) the whole cluster; a team's writers the namespaces a namespace rule
 * gives their team. Anyone else hears that the cluster does not exist, as for one that does not.
 */
@Component
public class ClusterTargets {

    private final InventoryService inventory;

    ClusterTargets(InventoryService inventory) {
        this.inventory = inventory;
    }

    public ClusterTarget resolve(String name, Viewer viewer) {
        ClusterSummary cluster = inventory.cluster(name.strip()).orElseThrow(() -> notFound(name));
        if (viewer.mayWriteCluster(cluster.id(), Scope.SCANS_WRITE) || viewer.mayWriteCluster(cluster.id(), Scope.INVENTORY_WRITE)) {
            return new ClusterTarget(cluster.id(), cluster.name(), null);
        }
        Set<Long> teams = inventory.namespaceOwnerTeams(cluster.id()).stream().filter(viewer::canWriteTo)
                .collect(Collectors.toUnmodifiableSet());
        if (teams.isEmpty()) {
            throw notFound(name);
        }
        return new ClusterTarget(cluster.id(), cluster.name(), teams);
    }

    /** The clusters {@link #resolve} lets the caller file a report under, by name (for the upload page's picker). */
    public List<String> writable(Viewer viewer) {
        if (viewer.mayWriteEveryCluster(Scope.SCANS_WRITE)) {
            return inventory.clusterNames();
        }
        // those who import scans write to every team they see
        return viewer.mayImportScans() ? inventory.clustersWithNamespacesOf(viewer) : List.of();
    }

    private static KeelwatchException notFound(String name) {
        // The name is the caller's own text: bounded before it is echoed.
        String shown = name.length() > 63 ? name.substring(0, 63) + "…" : name;
        return KeelwatchException.notFound("Cluster '" + shown.replaceAll("\\p{Cntrl}", "?") + "'");
    }
}
