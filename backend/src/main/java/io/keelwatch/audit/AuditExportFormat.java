package io.keelwatch.audit;

import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

enum AuditExportFormat {
    CSV("text/csv;charset=UTF-8", "csv"),
    JSON("application/json", "json");

    final String contentType;
    final String extension;

    AuditExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** A download, so a browser saves it instead of showing it. */
    void prepare(HttpServletResponse response) {
        response.setContentType(contentType);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("audit-events." + extension).build().toString());
    }

    static AuditExportFormat of(String raw) {
        String wanted = raw == null || raw.isBlank() ? "csv" : raw.strip().toLowerCase(Locale.ROOT);
        for (AuditExportFormat format : values()) {
            if (format.extension.equals(wanted)) {
                return format;
            }
        }
        throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "format must be csv or json.");
    }
}
