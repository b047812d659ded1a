package io.keelwatch.findings;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** A vulnerability, misconfiguration check or secret rule, described once however many findings cite it. */
record CatalogEntry(String id, String title, String description, Severity severity, BigDecimal cvssScore,
        String primaryUrl, List<String> references, OffsetDateTime publishedAt, OffsetDateTime modifiedAt) {
}
