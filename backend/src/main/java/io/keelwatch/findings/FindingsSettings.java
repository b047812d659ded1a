package io.keelwatch.findings;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxUpload largest report accepted, measured after gzip inflation
 * @param slaDays   days from first seen until a finding of that severity is due
 * @param importWorkers threads that spool, parse and compress uploads: three per import in progress
 * @param spoolDirectory where uploads wait while they are imported (full report content), each running
 *                       instance in a directory of its own inside; default {@code keelwatch-spool} in the
 *                       system's temporary folder
 */
@ConfigurationProperties("keelwatch.findings")
public record FindingsSettings(@DefaultValue("256MB") DataSize maxUpload, Map<Severity, Integer> slaDays,
        @DefaultValue("12") int importWorkers, Path spoolDirectory) {

    public FindingsSettings {
        if (spoolDirectory == null) {
            spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"), "keelwatch-spool");
        }
        if (importWorkers < 3) {
            throw new IllegalStateException("keelwatch.findings.import-workers must be at least 3 (one import needs three).");
        }
        Map<Severity, Integer> days = new EnumMap<>(Map.of(Severity.CRITICAL, 7, Severity.HIGH, 30,
                Severity.MEDIUM, 90, Severity.LOW, 180));
        if (slaDays != null) {
            days.putAll(slaDays);
        }
        slaDays = Map.copyOf(days);
    }
}
