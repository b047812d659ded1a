package io.keelwatch.findings;

import java.util.Locale;

/** Report formats Keelwatch recognises by content. */
public enum ReportFormat {
    TRIVY, GRYPE, SARIF, CYCLONEDX, OPENVEX;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
