package io.keelwatch.recovery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxUpload the largest document of Velero objects read, after inflating gzip (a Backup is about 2 KB: a
 *                  month of hourly backups of a cluster is under 2 MB)
 */
@ConfigurationProperties("keelwatch.recovery")
public record RecoverySettings(@DefaultValue("16MB") DataSize maxUpload) {
}
