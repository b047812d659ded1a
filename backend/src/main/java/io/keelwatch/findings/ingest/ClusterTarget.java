package io.keelwatch.findings.ingest;

import java.util.Set;

/**
 * The cluster an upload names ({@code ?cluster=}) and what the caller may write there.
 *
 * @param teams null: the whole cluster (leads and admins, the cluster's own agent); otherwise the
 *              teams whose namespaces the caller files findings of (a team's developers or CI token)
 */
public record ClusterTarget(long id, String name, Set<Long> teams) {

    public boolean wholeCluster() {
        return teams == null;
    }
}
