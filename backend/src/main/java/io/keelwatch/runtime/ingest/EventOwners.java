package io.keelwatch.runtime.ingest;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.NamespaceOwner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Files a batch's events under the owners of their namespaces: one read per cluster in the batch, in the writer's
 * transaction, instead of one per request before it.
 */
@Component
class EventOwners {

    private final InventoryService inventory;

    EventOwners(InventoryService inventory) {
        this.inventory = inventory;
    }

    List<EventRow> assign(Collection<EventRow> rows) {
        Map<Long, Set<String>> namespaces = new HashMap<>();
        for (EventRow row : rows) {
            if (!row.event().namespace().isEmpty()) {
                namespaces.computeIfAbsent(row.clusterId(), c -> new HashSet<>()).add(row.event().namespace());
            }
        }
        Map<Long, Map<String, NamespaceOwner>> owners = new HashMap<>();
        namespaces.forEach((cluster, names) -> owners.put(cluster, inventory.namespaceOwners(cluster, names)));
        List<EventRow> owned = new ArrayList<>(rows.size());
        for (EventRow row : rows) {
            owned.add(row.ownedBy(owners.getOrDefault(row.clusterId(), Map.of()).get(row.event().namespace())));
        }
        return owned;
    }
}
