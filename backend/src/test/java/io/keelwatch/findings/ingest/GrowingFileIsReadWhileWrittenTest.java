package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report is parsed from its spool file while the upload is still arriving. */
class GrowingFileIsReadWhileWrittenTest {

    @TempDir
    Path dir;

    @Test
    void aReaderWaitsForEveryChunkAndEndsWhereTheWriterDid() throws Exception {
        GrowingFile file = new GrowingFile(Files.createFile(dir.resolve("report.json")));
        byte[] chunk = new byte[10_000];
        Arrays.fill(chunk, (byte) 'x');
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(file));

        try (OutputStream out = Files.newOutputStream(file.path())) {
            for (int i = 1; i <= 5; i++) {
                out.write(chunk);
                file.grew(i * 10_000L);
                Thread.sleep(20);
                assertThat(read).as("still waiting for the rest").isNotDone();
            }
        }
        file.complete();

        assertThat(read.get(5, TimeUnit.SECONDS)).hasSize(50_000);
    }

    @Test
    void anAbandonedFileStopsItsReadersWithAnError() throws Exception {
        GrowingFile file = new GrowingFile(Files.createFile(dir.resolve("report.json")));
        Files.write(file.path(), new byte[] {'{'});
        file.grew(1);
        try (InputStream in = file.open()) {
            assertThat(in.read()).isEqualTo('{');
            CompletableFuture.runAsync(file::abandon, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("stopped");
        }
    }

    private static byte[] readAll(GrowingFile file) {
        try (InputStream in = file.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
