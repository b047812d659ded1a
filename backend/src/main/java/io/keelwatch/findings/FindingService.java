package io.keelwatch.findings;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.exceptions.ExceptionQueries;
import io.keelwatch.findings.exposure.ExposureQueries;
import io.keelwatch.findings.ingest.ScanQueries;
import io.keelwatch.findings.list.FindingQueries;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Read access to findings and scans, always within what the viewer may see. */
@Service
public class FindingService {

    private final FindingQueries queries;
    private final ExceptionQueries exceptions;
    private final ScanQueries scans;
    private final ExposureQueries exposure;

    FindingService(FindingQueries queries, ExceptionQueries exceptions, ScanQueries scans, ExposureQueries exposure) {
        this.queries = queries;
        this.exceptions = exceptions;
        this.scans = scans;
        this.exposure = exposure;
    }

    public Page<FindingSummary> findings(FindingFilter filter, PageRequest page, Viewer viewer) {
        return queries.list(filter, FindingSort.DEFAULT, page, viewer);
    }

    public Page<FindingSummary> findings(FindingFilter filter, FindingSort sort, PageRequest page, Viewer viewer) {
        return queries.list(filter, sort, page, viewer);
    }

    /**
     * A finding with every exception that matches it (two statements, whatever their number). One
     * outside the viewer's teams is reported exactly like one that does not exist.
     */
    public FindingDetail finding(long id, Viewer viewer) {
        FindingDetail finding = queries.detail(id, viewer).orElseThrow(() -> KeelwatchException.notFound("Finding " + id));
        return finding.withExceptions(exceptions.matchingFinding(id, viewer).stream()
                .map(e -> FindingExceptionMatch.of(e, finding.exceptionId()))
                .toList());
    }

    /**
     * The open and in-progress findings of each image per severity, in the projects the caller sees, in one statement
     * whatever the number of images; an image without any is left out.
     */
    public Map<Long, OpenFindingCounts> openFindings(Collection<Long> imageIds, Viewer viewer) {
        return queries.openBySeverity(imageIds, viewer);
    }

    public Page<ScanSummary> scans(String project, PageRequest page, Viewer viewer) {
        return scans.scans(project, page, viewer);
    }

    public ScanSummary scan(long id, Viewer viewer) {
        return scans.scan(id, viewer).orElseThrow(() -> KeelwatchException.notFound("Scan " + id));
    }

    public List<ProjectExposure> exposureByProject(Viewer viewer) {
        return exposure.exposureByProject(viewer);
    }
}
