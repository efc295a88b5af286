package dev.tav.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private static Stream<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }

    @Test
    void the_next_write_deletes_what_a_killed_write_of_the_same_target_left_and_nothing_else() throws IOException {
        Path target = dir.resolve("out.gif");
        Files.write(dir.resolve(".out.gif.123.tmp"), new byte[] {1, 2});
        Path oldFolder = Files.createDirectories(dir.resolve(".out.gif.45.old"));
        Files.write(oldFolder.resolve("00000.png"), new byte[] {3});
        Files.write(dir.resolve(".out.gif.notes"), new byte[] {4});
        Files.write(dir.resolve(".other.gif.1.tmp"), new byte[] {5});
        Files.write(dir.resolve("out.gif.2.tmp"), new byte[] {6});

        AtomicFiles.writeFile(target, temp -> Files.write(temp, new byte[] {42}));

        assertThat(target).hasBinaryContent(new byte[] {42});
        assertThat(names(dir)).containsExactlyInAnyOrder("out.gif", ".out.gif.notes", ".other.gif.1.tmp",
                "out.gif.2.tmp");
    }

    @Test
    void a_leftover_that_holds_folders_is_not_deleted() throws IOException {
        Path target = dir.resolve("frames");
        Files.createDirectories(dir.resolve(".frames.9.tmp").resolve("inner"));
        assertThat(AtomicFiles.deleteStaleTemporaries(target)).isZero();
        assertThat(dir.resolve(".frames.9.tmp").resolve("inner")).isDirectory();
    }

    @Test
    void a_folder_write_replaces_the_folder_and_leaves_no_temporary() throws IOException {
        Path target = dir.resolve("frames");
        AtomicFiles.writeFolder(target, p -> true, temp -> Files.write(temp.resolve("a"), new byte[] {1}));
        AtomicFiles.writeFolder(target, p -> true, temp -> Files.write(temp.resolve("b"), new byte[] {2}));
        assertThat(names(target)).containsExactly("b");
        assertThat(names(dir)).containsExactly("frames");
    }

    @Test
    void a_failed_write_keeps_the_previous_file_and_leaves_no_temporary() throws IOException {
        Path target = dir.resolve("model.safetensors");
        AtomicFiles.writeFile(target, temp -> Files.write(temp, new byte[] {7}));
        assertThatThrownBy(() -> AtomicFiles.writeFile(target, temp -> {
            Files.write(temp, new byte[] {8, 8});
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(target).hasBinaryContent(new byte[] {7});
        assertThat(names(dir)).containsExactly("model.safetensors");
    }

    @Test
    void written_files_get_the_default_permissions_not_owner_only() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path plain = Files.createFile(dir.resolve("plain"));
        Path target = dir.resolve("written");
        AtomicFiles.writeFile(target, temp -> Files.write(temp, new byte[] {1}));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void creates_missing_parent_folders() throws IOException {
        Path target = dir.resolve("a").resolve("b").resolve("c.bin");
        AtomicFiles.writeFile(target, temp -> Files.write(temp, new byte[] {1}));
        assertThat(target).hasBinaryContent(new byte[] {1});
    }
}
