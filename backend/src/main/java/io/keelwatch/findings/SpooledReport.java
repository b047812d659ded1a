package io.keelwatch.findings;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An uploaded report, kept gzip-compressed in a temporary file: read once to parse, stored as
 * is in {@code scan.report_gzip}. Deleted on close.
 */
final class SpooledReport implements AutoCloseable {

    private final Path gzipFile;
    private final long rawSize;
    private final String sha256;

    SpooledReport(Path gzipFile, long rawSize, String sha256) {
        this.gzipFile = gzipFile;
        this.rawSize = rawSize;
        this.sha256 = sha256;
    }

    InputStream open() {
        try {
            return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(gzipFile), 1 << 16), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] gzipBytes() {
        try {
            return Files.readAllBytes(gzipFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long rawSize() {
        return rawSize;
    }

    String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(gzipFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
