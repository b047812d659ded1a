package io.keelwatch.findings.ingest;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.findings.FindingsSettings;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.springframework.stereotype.Component;

/**
 * Copies an upload to a file in the {@link SpoolDirectory}, refusing it as soon as it passes the size
 * limit (counted after inflating a gzip body, so a gzip bomb is stopped at the limit too) or stops
 * being UTF-8; the report is parsed from the growing file meanwhile, and the stored copy compressed
 * in the background afterwards. Reading the upload takes a few buffers of memory whatever its size;
 * the compressed copy is about an eighth of it.
 */
@Component
public class ReportSpool {

    private final FindingsSettings settings;
    private final SpoolDirectory directory;
    private final Executor compressor;

    ReportSpool(FindingsSettings settings, SpoolDirectory directory, ReportImportWorkers workers) {
        this.settings = settings;
        this.directory = directory;
        this.compressor = workers.executor();
    }

    public long limit() {
        return settings.maxUpload().toBytes();
    }

    /** A new, empty spool file for {@link #spool}: readers may open it before the upload arrives. */
    public GrowingFile prepare() {
        return new GrowingFile(directory.newFile());
    }

    /**
     * Copies the upload into {@code file}, telling its readers about every chunk, and hashes it;
     * on any error the file is abandoned (its readers stop) and deleted.
     */
    SpooledReport spool(InputStream upload, GrowingFile file) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            BufferedInputStream buffered = new BufferedInputStream(upload, 1 << 16);
            boolean gzip = isGzip(buffered);
            InputStream raw = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            long size;
            try (InputStream in = new DigestInputStream(raw, sha256); OutputStream out = Files.newOutputStream(file.path())) {
                size = copyWithinLimit(in, out, gzip, file);
            }
            if (size == 0) {
                throw new KeelwatchException(FindingsProblem.EMPTY_REPORT, "The upload is empty.");
            }
            file.complete();
            return new SpooledReport(file.path(), size, "sha256:" + HexFormat.of().formatHex(sha256.digest()),
                    CompletableFuture.supplyAsync(() -> compress(file.path()), compressor));
        } catch (ZipException e) {
            abandon(file);
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "The upload is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            abandon(file);
            throw new KeelwatchException(FindingsProblem.MALFORMED_REPORT, "The upload could not be read completely.", e);
        } catch (NoSuchAlgorithmException e) {
            abandon(file);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            abandon(file);
            throw e;
        }
    }

    private long copyWithinLimit(InputStream in, OutputStream out, boolean gzip, GrowingFile file) throws IOException {
        long limit = limit();
        Utf8Check utf8 = new Utf8Check();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                throw new KeelwatchException(CommonProblem.PAYLOAD_TOO_LARGE, gzip
                        ? "The gzip upload inflates past the limit of " + settings.maxUpload() + "."
                        : "The upload is larger than the limit of " + settings.maxUpload() + ".");
            }
            utf8.check(buffer, n);
            out.write(buffer, 0, n);
            file.grew(total);
        }
        utf8.finish();
        return total;
    }

    /** The stored copy of a report: the fastest level still compresses scanner JSON about 8:1. */
    private static byte[] compress(Path file) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file); OutputStream out = new FastGzipOutputStream(compressed)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    private static final class FastGzipOutputStream extends GZIPOutputStream {

        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    private static void abandon(GrowingFile file) {
        file.abandon();
        try {
            Files.deleteIfExists(file.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
