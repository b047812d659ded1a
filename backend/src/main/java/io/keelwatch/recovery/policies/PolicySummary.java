package io.keelwatch.recovery.policies;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;

/**
 * A policy as its list shows it.
 *
 * @param cluster   the cluster's name, null for a project's policy
 * @param namespace the namespace, null for a cluster's or project's
 * @param project   the project's slug, null for a cluster's or namespace's
 */
public record PolicySummary(long id, String cluster, String namespace, String project, PolicyTerms terms, String createdBy,
        OffsetDateTime updatedAt) {

    @JsonProperty
    public String scope() {
        return project != null ? "project " + project : namespace != null ? cluster + "/" + namespace : "cluster " + cluster;
    }
}
