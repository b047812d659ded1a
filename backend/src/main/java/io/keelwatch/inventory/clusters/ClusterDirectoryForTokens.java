package io.keelwatch.inventory.clusters;

import io.keelwatch.access.ClusterDirectory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The clusters API tokens are bound to, for the access module (which cannot depend on this one). */
@Component
class ClusterDirectoryForTokens implements ClusterDirectory {

    private final ClusterQueries clusters;

    ClusterDirectoryForTokens(ClusterQueries clusters) {
        this.clusters = clusters;
    }

    @Override
    public Optional<Long> clusterId(String name) {
        return clusters.idOf(name);
    }

    @Override
    public Map<Long, String> clusterNames(Collection<Long> ids) {
        return clusters.namesOf(ids);
    }

    @Override
    public List<String> clusterNames() {
        return clusters.names();
    }
}
