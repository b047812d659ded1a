package io.keelwatch.findings.ingest;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.ClusterImportResult;
import io.keelwatch.findings.ClusterScanResult;
import io.keelwatch.findings.ingest.report.ClusterFindingsReport;
import io.keelwatch.findings.ingest.report.ClusterReportParser;
import io.keelwatch.findings.ingest.report.ReportFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a report whose subject is a cluster (kube-bench, Kubescape) as one scan of that cluster:
 * the report is read whole first (it is one finding per failed check and object), so a malformed one
 * is refused before anything is written, then {@link ClusterScans} writes it in one transaction.
 */
@Component
public class ClusterFindingsImport {

    private final Map<ReportFormat, ClusterReportParser> parsers;
    private final ClusterScans scans;
    private final TransactionTemplate transaction;

    ClusterFindingsImport(List<ClusterReportParser> parsers, ClusterScans scans, TransactionTemplate transaction) {
        this.parsers = parsers.stream().collect(Collectors.toMap(ClusterReportParser::format, Function.identity()));
        this.scans = scans;
        this.transaction = transaction;
    }

    /** The formats whose subject is a cluster. */
    public Set<ReportFormat> formats() {
        return parsers.keySet();
    }

    public ClusterImportResult importReport(SpooledReport report, ReportFormat format, ClusterTarget cluster, Viewer viewer) {
        ClusterFindingsReport parsed;
        try (InputStream in = report.open()) {
            parsed = parsers.get(format).parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClusterScanResult written = transaction.execute(status -> scans.write(cluster, new ClusterScans.Source(parsed.scanner(),
                parsed.scannerVersion(), parsed.createdAt(), parsed.clusterName(), format), parsed.findings(), parsed.catalog(),
                () -> report, null, viewer, Instant.now()));
        return new ClusterImportResult(written.duplicate(), format.id(), parsed.clusterName(), List.of(), List.of(),
                new ClusterImportResult.NotImported(0, 0, 0, 0), written);
    }
}
