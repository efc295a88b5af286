package dev.tav.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files and folders so that readers never see a partial result: everything is written under a temporary name
 * in the target's own folder (same file system) and then renamed into place; on failure the temporary is deleted
 * and the target is left as it was. A process killed mid-write (where no clean-up can run) leaves at most a
 * temporary named {@code .NAME.<digits>.tmp} (or a folder {@code .NAME.<digits>.old} while a folder is swapped)
 * beside target {@code NAME}; no reader ever opens these, and the next write of the same target deletes them
 * ({@link #deleteStaleTemporaries(Path)}). One writer per target at a time: a concurrent write of the same target
 * may delete the other's temporary, which then fails (and leaves the target unchanged). Internal: not exported.
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** Writes the content of a temporary file or folder. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param temp the temporary path to fill: an existing empty file to overwrite, or an existing empty folder
         * @throws IOException if writing fails
         */
        void writeTo(Path temp) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes a file: the content goes to a fresh temporary file beside the target, is forced to the storage device,
     * and the temporary file is then renamed over the target. Stale temporaries of the same target left by a killed
     * process are deleted first. The parent folder is created if missing.
     *
     * @param target the file to create or replace
     * @param content writes the new file at the path it is given (an existing empty file)
     * @throws IOException if writing or the final rename fails (the target is then unchanged)
     */
    public static void writeFile(Path target, Content content) throws IOException {
        Path dir = parent(target);
        deleteStaleTemporaries(target);
        Path temp = create(dir, target, false);
        try {
            content.writeTo(temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            move(temp, target);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Writes a folder. An existing target folder is replaced only if every entry in it is accepted by
     * {@code replaceable} (so a folder holding anything else is never deleted); the old folder is first renamed
     * aside, then the new one renamed into place, then the old one deleted. Stale temporaries of the same target left
     * by a killed process are deleted first.
     *
     * @param target the folder to create or replace
     * @param replaceable which entries of an existing target may be discarded
     * @param content fills the new (empty) folder it is given
     * @throws IOException if the target holds other entries, or writing or renaming fails (the target is then
     *     unchanged)
     */
    public static void writeFolder(Path target, Predicate<Path> replaceable, Content content) throws IOException {
        Path dir = parent(target);
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new IOException(target + " exists and is not a folder");
            }
            try (Stream<Path> entries = Files.list(target)) {
                Path other = entries.filter(replaceable.negate()).findFirst().orElse(null);
                if (other != null) {
                    throw new DirectoryNotEmptyException(target + " holds " + other.getFileName()
                            + ", which is not a frame written by tav; not replacing it");
                }
            }
        }
        deleteStaleTemporaries(target);
        Path temp = create(dir, target, true);
        try {
            content.writeTo(temp);
            if (Files.exists(target)) {
                Path old = dir.resolve(temp.getFileName().toString().replaceFirst("\\.tmp$", ".old"));
                move(target, old);
                try {
                    move(temp, target);
                } catch (IOException e) {
                    move(old, target);
                    throw e;
                }
                deleteTree(old);
            } else {
                move(temp, target);
            }
        } catch (IOException | RuntimeException | Error e) {
            if (Files.exists(temp)) {
                deleteTree(temp);
            }
            throw e;
        }
    }

    /**
     * Deletes what a killed writer of {@code target} left behind: files and folders named
     * {@code .NAME.<digits>.tmp} or {@code .NAME.<digits>.old} beside it (a folder only if it holds nothing but
     * files). Nothing else is touched.
     *
     * @param target a file or folder written through this class
     * @return the number of leftovers deleted
     * @throws IOException if listing or deleting fails
     */
    public static int deleteStaleTemporaries(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        Pattern leftover = Pattern.compile("\\." + Pattern.quote(target.getFileName().toString())
                + "\\.\\d+\\.(tmp|old)");
        List<Path> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> leftover.matcher(p.getFileName().toString()).matches()).forEach(found::add);
        }
        int deleted = 0;
        for (Path p : found) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> inner = Files.list(p)) {
                    if (inner.anyMatch(Files::isDirectory)) {
                        LOG.warn("{} looks like a leftover of an interrupted write but holds folders; not deleting it",
                                p);
                        continue;
                    }
                }
                deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
            LOG.info("deleted {}, left by an interrupted write of {}", p, target.getFileName());
            deleted++;
        }
        return deleted;
    }

    private static Path parent(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || target.getFileName() == null) {
            throw new IOException("cannot write to " + target + ": it has no parent folder");
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** Creates {@code .NAME.<digits>.tmp} beside the target with the default permissions (umask applies). */
    private static Path create(Path dir, Path target, boolean folder) throws IOException {
        while (true) {
            Path p = dir.resolve("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return folder ? Files.createDirectory(p) : Files.createFile(p);
            } catch (FileAlreadyExistsException taken) {
                // another name
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
