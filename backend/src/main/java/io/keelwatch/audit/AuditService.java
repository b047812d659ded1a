package io.keelwatch.audit;

import io.keelwatch.platform.CsvCells;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading the audit log: pages for the browser and the API, and exports that stream every match
 * (row by row from a database cursor, never the whole result in memory). Who may read it is
 * decided by the controllers' {@code @PreAuthorize} (auditors and admins).
 */
@Service
class AuditService {

    private final AuditEvents events;
    private final JsonMapper json;

    AuditService(AuditEvents events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    Page<AuditEvent> page(AuditFilter filter, PageRequest page) {
        return new Page<>(events.page(filter, page), page.page(), page.size(), events.count(filter));
    }

    List<String> actions() {
        return events.actions();
    }

    /**
     * Streams every match, oldest first, as the requested format ({@code csv} or {@code json}) into
     * the response; the read-only transaction lets PostgreSQL hand rows over in chunks.
     */
    @Transactional(readOnly = true)
    void export(AuditFilter filter, String format, HttpServletResponse response) throws IOException {
        AuditExportFormat chosen = AuditExportFormat.of(format);
        chosen.prepare(response);
        export(filter, chosen, response.getOutputStream());
    }

    void export(AuditFilter filter, AuditExportFormat format, OutputStream out) throws IOException {
        if (format == AuditExportFormat.CSV) {
            exportCsv(filter, out);
        } else {
            exportJson(filter, out);
        }
    }

    private void exportCsv(AuditFilter filter, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write(CsvCells.row("id", "occurred_at", "actor", "actor_type", "action", "target_type", "target_id",
                "team_id", "outcome", "source_ip", "request_id", "details"));
        events.forEach(filter, event -> {
            try {
                writer.write(CsvCells.row(event.id(), event.occurredAt(), event.actor(), event.actorType(), event.action(),
                        event.targetType(), event.targetId(), event.teamId(), event.outcome(), event.sourceIp(),
                        event.requestId(), event.details()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.flush();
    }

    private void exportJson(AuditFilter filter, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartArray();
            events.forEach(filter, generator::writePOJO);
            generator.writeEndArray();
        }
    }
}
