package io.keelwatch.findings.list;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingSummary;
import io.keelwatch.platform.CsvCells;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The filtered findings list as CSV, streamed: rows come from a server-side cursor (fetch size
 * inside a read-only transaction) and go straight to the response, so a million rows never sit
 * in memory. Scanner text is attacker-controlled: cells are written by {@link CsvCells}, which
 * defuses anything a spreadsheet would read as a formula.
 */
@Component
class FindingCsvExport {

    static final List<String> HEADER = List.of("id", "severity", "status", "kind", "id_or_check", "package",
            "installed_version", "fixed_version", "title", "project", "image", "digest", "first_seen", "last_seen",
            "sla_due", "assignee", "exception_id", "cluster", "cluster_location");

    private final FindingQueries queries;
    private final TransactionTemplate readOnly;

    FindingCsvExport(FindingQueries queries, TransactionTemplate transaction) {
        this.queries = queries;
        this.readOnly = new TransactionTemplate(transaction.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /** The filtered list as a CSV download, for the API and the browser alike. */
    void download(FindingListParameters parameters, Viewer viewer, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"findings.csv\"");
        Writer out = response.getWriter();
        readOnly.executeWithoutResult(status -> {
            line(out, HEADER.toArray());
            queries.forEachMatching(parameters.filter(), parameters.order(), viewer, finding -> line(out, cells(finding)));
        });
        out.flush();
    }

    /** The list's row, in {@link #HEADER}'s order. */
    private static Object[] cells(FindingSummary f) {
        return new Object[] {f.id(), f.severity(), f.status(), f.kind(), f.ruleId(), f.packageName(), f.installedVersion(),
                f.fixedVersion(), f.title(), f.project(), f.imageRepository(), f.imageDigest(), f.firstSeen(), f.lastSeen(),
                f.slaDue(), f.assignee(), f.exceptionId(), f.cluster(), f.ofCluster() ? f.clusterLocation() : null};
    }

    private static void line(Writer out, Object[] cells) {
        try {
            out.write(CsvCells.row(cells));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
