package io.keelwatch.findings;

import java.time.OffsetDateTime;
import java.util.Map;

public record ScanSummary(long id, String project, Long imageId, String imageRepository, String imageDigest, String cluster,
        String scanner,
        String scannerVersion, String format, OffsetDateTime importedAt, String importedBy, OffsetDateTime reportCreatedAt,
        long reportSize, int total, int newFindings, int unchanged, int fixed, int reopened,
        Map<String, Integer> severityCounts) {
}
