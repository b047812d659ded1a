package io.keelwatch.findings;

/**
 * What an import did. {@code duplicate} is true when this exact report had already been imported
 * for the image: nothing changed but the findings' last-seen time.
 */
public record ImportResult(long scanId, boolean duplicate, String format, String project, ImageInfo image, Counts findings)
        implements ReportImport {

    public record ImageInfo(String repository, String digest) {
    }

    public record Counts(int total, int newFindings, int unchanged, int fixed, int reopened) {
    }
}
