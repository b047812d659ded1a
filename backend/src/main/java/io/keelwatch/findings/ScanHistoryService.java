package io.keelwatch.findings;

import io.keelwatch.access.Viewer;
import io.keelwatch.findings.history.ScanHistoryQueries;
import io.keelwatch.findings.ingest.ScanQueries;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.platform.Page;
import io.keelwatch.platform.PageRequest;
import org.springframework.stereotype.Service;

/**
 * The scan history of an image in a project and what each scan changed, within what the viewer
 * may see: an image or scan of another team is reported exactly like one that does not exist.
 */
@Service
public class ScanHistoryService {

    private final ScanHistoryQueries history;
    private final ScanQueries scans;

    ScanHistoryService(ScanHistoryQueries history, ScanQueries scans) {
        this.history = history;
        this.scans = scans;
    }

    /**
     * The project's scans of the image, newest import first. The project is required: an image is
     * shared between projects, and each keeps its own findings and so its own history.
     */
    public ImageHistory imageHistory(long imageId, String project, PageRequest page, Viewer viewer) {
        if (project == null || project.isBlank()) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST,
                    "Name the project whose scans of the image to list: ?project=<slug>.");
        }
        String slug = project.strip();
        ScannedImage image = history.image(imageId, slug, viewer)
                .orElseThrow(() -> KeelwatchException.notFound("Image " + imageId + " in project '" + slug + "'"));
        return new ImageHistory(image, scans.imageScans(imageId, slug, page, viewer));
    }

    /** The project whose history of the image to show when none is named: the caller's with the newest scan of it. */
    public String newestProject(long imageId, Viewer viewer) {
        return history.newestProjectOf(imageId, viewer).orElseThrow(() -> KeelwatchException.notFound("Image " + imageId));
    }

    /** The findings the scan introduced, fixed or reopened; {@code change} null for all three. */
    public Page<ChangedFinding> changes(long scanId, ScanChange change, PageRequest page, Viewer viewer) {
        if (scans.scan(scanId, viewer).isEmpty()) {
            throw KeelwatchException.notFound("Scan " + scanId);
        }
        return history.changes(scanId, change, page, viewer);
    }
}
