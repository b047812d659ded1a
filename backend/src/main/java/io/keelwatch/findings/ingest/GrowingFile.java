package io.keelwatch.findings.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file one thread writes while others already read it: a reader that reaches the bytes written
 * so far waits for more until the writer says the file is complete (end of stream) or abandoned
 * (an error). This lets a report be parsed while its upload is still being spooled.
 */
public final class GrowingFile {

    private final Path path;
    private long length;
    private boolean complete;
    private boolean abandoned;

    GrowingFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    synchronized void grew(long newLength) {
        length = newLength;
        notifyAll();
    }

    synchronized void complete() {
        complete = true;
        notifyAll();
    }

    /** Readers stop with an error: the upload failed, or nobody needs what they read any more. */
    synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    InputStream open() throws IOException {
        return new BufferedInputStream(new Reader(FileChannel.open(path, StandardOpenOption.READ)), 1 << 16);
    }

    /** How many bytes past {@code position} may be read now; -1 at the end; waits while there are none yet. */
    private synchronized long readable(long position) throws IOException {
        while (!abandoned && !complete && position >= length) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while waiting for the upload.");
            }
        }
        if (abandoned) {
            throw new IOException("The upload stopped before its end.");
        }
        return position < length ? length - position : -1;
    }

    private final class Reader extends InputStream {

        private final FileChannel channel;
        private long position;

        Reader(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            long readable = readable(position);
            if (readable < 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(count, readable)), position);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
