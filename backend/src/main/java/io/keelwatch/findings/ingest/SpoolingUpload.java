package io.keelwatch.findings.ingest;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * An upload being copied into its spool file on another thread while the importing thread already
 * reads and writes what has arrived. Its own failure (too large, not gzip, empty) is what the
 * caller hears about, even if parsing the cut-off file failed first; and the import does not answer
 * before the upload has been read to its end.
 */
public final class SpoolingUpload implements AutoCloseable {

    private final CompletableFuture<SpooledReport> spooling;

    public SpoolingUpload(ReportSpool spool, InputStream upload, GrowingFile file, Executor executor) {
        this.spooling = CompletableFuture.supplyAsync(() -> spool.spool(upload, file), executor);
    }

    /** The complete report: waits for the end of the upload; throws why it was refused. */
    public SpooledReport report() {
        try {
            return spooling.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException refused ? refused : e;
        }
    }

    /** {@code error}, unless the upload itself was refused (which then explains the error). */
    public RuntimeException explain(RuntimeException error) {
        try {
            report();
            return error;
        } catch (RuntimeException refused) {
            return refused;
        }
    }

    /** Waits for the upload to be read to its end, then deletes the spool file. */
    @Override
    public void close() {
        try {
            report().close();
        } catch (RuntimeException alreadyDeleted) {
            // a refused upload's file was deleted when it was refused
        }
    }
}
