package io.keelwatch.findings.ingest.report;

import io.keelwatch.findings.Severity;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A vulnerability, misconfiguration check or secret rule, described once however many findings cite
 * it, with its values as {@link ReportValues} makes them: references are single lines (so the list
 * can be written joined by line breaks), at most {@link ReportValues#REFERENCES} of them, and a score
 * outside 0–10 is none.
 */
public record CatalogEntry(String id, String title, String description, Severity severity, BigDecimal cvssScore,
        String primaryUrl, List<String> references, OffsetDateTime publishedAt, OffsetDateTime modifiedAt) {

    public CatalogEntry {
        id = ReportValues.identifier(id, ReportValues.ID);
        title = ReportValues.line(title, ReportValues.TITLE);
        description = ReportValues.lines(description, ReportValues.DESCRIPTION);
        cvssScore = ReportValues.score(cvssScore);
        primaryUrl = ReportValues.line(primaryUrl, ReportValues.URL);
        references = references == null ? List.of() : references.stream()
                .filter(Objects::nonNull)
                .limit(ReportValues.REFERENCES)
                .map(reference -> ReportValues.line(reference, ReportValues.URL))
                .toList();
        publishedAt = ReportValues.time(publishedAt);
        modifiedAt = ReportValues.time(modifiedAt);
    }

    /** Identifies the entry exactly as the report states it (stored as {@code vulnerability.content_hash}). */
    public String contentHash() {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Object field : new Object[] {id, title, description, severity, cvssScore, primaryUrl, references, publishedAt,
                modifiedAt}) {
            // a length prefix per field keeps ("ab", "c") and ("a", "bc") apart; null differs from ""
            String text = field == null ? null : field.toString();
            sha256.update((text == null ? "-1:" : text.length() + ":").getBytes(StandardCharsets.UTF_8));
            if (text != null) {
                sha256.update(text.getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
