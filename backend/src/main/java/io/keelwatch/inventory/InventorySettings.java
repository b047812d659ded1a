package io.keelwatch.inventory;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param developersCreateProjects whether a team's developers create and edit the team's projects and
 *                                 repository rules (also by uploading with {@code autoCreate}); leads
 *                                 and admins always may
 * @param workloads                what runs in clusters
 */
@ConfigurationProperties("keelwatch.inventory")
public record InventorySettings(@DefaultValue("true") boolean developersCreateProjects, @DefaultValue Workloads workloads) {

    /**
     * @param maxUpload  the largest workload document read, after inflating gzip (a whole cluster's
     *                   {@code kubectl get pods -A -o json} is about 10 KB a Pod; larger clusters post per namespace)
     * @param scanMaxAge a running image whose newest scan is older than this shows the drift "stale scan"
     */
    public record Workloads(@DefaultValue("32MB") DataSize maxUpload, @DefaultValue("30d") Duration scanMaxAge) {
    }
}
