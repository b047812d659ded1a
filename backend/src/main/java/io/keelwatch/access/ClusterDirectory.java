package io.keelwatch.access;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clusters API tokens can be bound to, as this module needs them. Clusters belong to the
 * inventory module, which depends on this one, so inventory implements this interface rather than
 * access reading its tables.
 */
public interface ClusterDirectory {

    /** The id of the cluster of this name, if there is one. */
    Optional<Long> clusterId(String name);

    /** The names of these clusters, by id. */
    Map<Long, String> clusterNames(Collection<Long> ids);

    /** Every cluster's name, alphabetically: the choices for a token's cluster. */
    List<String> clusterNames();
}
