package io.keelwatch.findings.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An uploaded report in a temporary file, read to parse it, while its gzip copy for
 * {@code scan.report_gzip} is made on another core. The file is deleted on close. Public as a
 * handle only (the import service passes it on, e.g. lazily to {@link ImageScans#begin}); what it
 * holds is read inside this package.
 */
public final class SpooledReport implements AutoCloseable {

    private final Path file;
    private final long rawSize;
    private final String sha256;
    private final CompletableFuture<byte[]> gzip;

    SpooledReport(Path file, long rawSize, String sha256, CompletableFuture<byte[]> gzip) {
        this.file = file;
        this.rawSize = rawSize;
        this.sha256 = sha256;
        this.gzip = gzip;
    }

    InputStream open() {
        try {
            return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compressed report; waits for the compression started when the upload was spooled. */
    byte[] gzipBytes() {
        try {
            return gzip.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    long rawSize() {
        return rawSize;
    }

    String sha256() {
        return sha256;
    }

    /** Deleting while compression still reads is safe: an open file outlives its name. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
