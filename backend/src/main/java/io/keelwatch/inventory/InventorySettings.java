package io.keelwatch.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param developersCreateProjects whether a team's developers create and edit the team's projects and
 *                                 repository rules (also by uploading with {@code autoCreate}); leads
 *                                 and admins always may
 */
@ConfigurationProperties("keelwatch.inventory")
public record InventorySettings(@DefaultValue("true") boolean developersCreateProjects) {
}
