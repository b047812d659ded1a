package io.keelwatch.findings;

import io.keelwatch.platform.Page;

/** An image's scans in one project, newest first, each with what it changed. */
public record ImageHistory(ScannedImage image, Page<ScanSummary> scans) {
}
