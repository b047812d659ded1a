package io.keelwatch.findings.ingest;

import io.keelwatch.findings.FindingsSettings;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where uploads wait while they are imported: the spool files and the parts of multipart uploads,
 * both whole reports. Each running instance keeps them in a directory of its own, readable by
 * Keelwatch's user only, inside {@code keelwatch.findings.spool-directory}, and holds a lock on a
 * file beside it for as long as it runs; the operating system releases that lock when the process
 * ends, however it ends. So a start deletes what instances killed mid-upload left behind (the
 * directories whose lock nobody holds) and never the uploads of an instance still running, even
 * when several share the setting. A clean shutdown deletes its own directory.
 */
@Component
public class SpoolDirectory {

    private static final Logger log = LoggerFactory.getLogger(SpoolDirectory.class);
    private static final String INSTANCE = "instance-";
    private static final String LOCK = ".lock";

    private final Path directory;
    private final Path lockFile;
    private final FileChannel lock;

    SpoolDirectory(FindingsSettings settings) {
        Path root = settings.spoolDirectory().toAbsolutePath();
        try {
            Files.createDirectories(root, ownerOnly());
            root = root.toRealPath();
            removeLeftovers(root);
            this.lockFile = Files.createTempFile(root, INSTANCE, LOCK);
            if (!Files.getOwner(root).equals(Files.getOwner(lockFile))) {
                Files.delete(lockFile);
                throw new IllegalStateException("The spool directory " + root + " (keelwatch.findings.spool-directory) belongs "
                        + "to another user, who could read the reports uploaded; give Keelwatch a directory of its own.");
            }
            this.lock = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            lock.lock();
            this.directory = Files.createDirectory(root.resolve(instanceName(lockFile)), ownerOnly());
        } catch (IOException e) {
            throw new UncheckedIOException("The spool directory " + root + " (keelwatch.findings.spool-directory) cannot be used", e);
        }
    }

    /** This instance's directory. */
    Path path() {
        return directory;
    }

    /** A new, empty spool file; the directory is made again if something (a temp-folder cleaner) removed it. */
    Path newFile() {
        try {
            try {
                return Files.createTempFile(directory, "keelwatch-report-", ".json");
            } catch (NoSuchFileException removed) {
                Files.createDirectories(directory, ownerOnly());
                return Files.createTempFile(directory, "keelwatch-report-", ".json");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void close() throws IOException {
        deleteTree(directory);
        Files.deleteIfExists(lockFile);
        lock.close();
    }

    /** The directories of instances that stopped without cleaning up: their lock can be taken. */
    private static void removeLeftovers(Path root) throws IOException {
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(root, INSTANCE + "*" + LOCK)) {
            for (Path lockFile : locks) {
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                    FileLock taken = channel.tryLock();
                    if (taken == null) {
                        continue; // another process runs that instance
                    }
                    Path leftover = root.resolve(instanceName(lockFile));
                    log.info("Deleted {} files of uploads left in {} by an instance that stopped while importing", deleteTree(leftover),
                            leftover);
                    Files.delete(lockFile);
                } catch (OverlappingFileLockException sameProcess) {
                    // another application context in this JVM runs that instance
                }
            }
        }
    }

    /** Deletes a directory and everything in it, following no links; returns how many files it held. */
    private static int deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int[] files = {0};
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                files[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        return files[0];
    }

    private static String instanceName(Path lockFile) {
        String name = lockFile.getFileName().toString();
        return name.substring(0, name.length() - LOCK.length());
    }

    /** rwx------ where the file system has POSIX permissions. */
    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }
}
