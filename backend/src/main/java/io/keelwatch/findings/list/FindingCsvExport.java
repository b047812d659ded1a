package io.keelwatch.findings.list;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.FindingFilter;
import io.keelwatch.findings.FindingSort;
import io.keelwatch.platform.CsvCells;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
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
            "sla_due", "assignee", "exception_id");

    private final JdbcClient jdbc;
    private final FindingQueries queries;
    private final TransactionTemplate readOnly;

    FindingCsvExport(JdbcClient jdbc, FindingQueries queries, TransactionTemplate transaction) {
        this.jdbc = jdbc;
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
        write(parameters.filter(), parameters.order(), viewer, out);
        out.flush();
    }

    private void write(FindingFilter filter, FindingSort sort, Viewer viewer, Writer out) {
        Map<String, Object> params = new HashMap<>();
        String where = queries.condition(filter, viewer, params);
        readOnly.executeWithoutResult(status -> {
            line(out, HEADER.toArray());
            jdbc.sql("""
                    select f.id, f.severity, f.status, f.kind, f.rule_id, f.package_name, f.installed_version, f.fixed_version,
                           f.title, p.slug as project, i.repository, i.digest, f.first_seen, %s as last_seen, f.sla_due,
                           (select u.username from app_user u where u.id = f.assignee_id) as assignee, f.exception_id
                    from finding f
                    join project p on p.id = f.project_id
                    join image i on i.id = f.image_id
                    %s
                    where %s
                    order by %s
                    """.formatted(FindingQueries.LAST_SEEN, FindingQueries.JOIN_LAST_SCAN, where, sort.orderBy()))
                    .params(params)
                    .withFetchSize(1_000)
                    .query((ResultSet rs) -> line(out, row(rs)));
        });
    }

    private static Object[] row(ResultSet rs) throws SQLException {
        Object[] cells = new Object[HEADER.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = rs.getString(i + 1);
        }
        return cells;
    }

    private static void line(Writer out, Object[] cells) {
        try {
            out.write(CsvCells.row(cells));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
