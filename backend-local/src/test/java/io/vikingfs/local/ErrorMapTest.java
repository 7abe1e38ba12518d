package io.vikingfs.local;

import io.vikingfs.VikingFsException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors at the backend's edge (docs/contract.md §2 Errors): the {@code java.nio.file} type kept so callers can
 * catch it, the store path named instead of the disk path (which says nothing to a user of the store and leaks
 * where it lives), what to do, and the disk's error as the cause so nothing is lost.
 */
class ErrorMapTest {
    private static final String DISK_ROOT = "/srv/data/store";
    private final ErrorMap errors = new ErrorMap(DISK_ROOT);

    private static String onDisk(String storePath) {
        return DISK_ROOT + "/" + storePath;
    }

    private IOException mapped(IOException diskError) {
        IOException m = errors.map("a/b", "c/d", diskError);
        assertThat(m).isNotSameAs(diskError).hasCause(diskError);
        assertThat(m.getMessage()).contains("a/b").doesNotContain(DISK_ROOT);
        return m;
    }

    @Test
    void diskErrors_keepTheirType_nameBothStorePaths_andSayWhatToDo() {
        assertThat(mapped(new NoSuchFileException(onDisk("a/b"))))
                .isExactlyInstanceOf(NoSuchFileException.class).hasMessageContaining("check the path")
                .satisfies(e -> assertThat(((FileSystemException) e).getOtherFile()).isEqualTo("c/d"));
        assertThat(mapped(new FileAlreadyExistsException(onDisk("a/b"))))
                .isExactlyInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("pick another name")
                .satisfies(e -> assertThat(((FileSystemException) e).getOtherFile()).isEqualTo("c/d"));
        assertThat(mapped(new DirectoryNotEmptyException(onDisk("a/b"))))
                .isExactlyInstanceOf(DirectoryNotEmptyException.class);
        assertThat(mapped(new NotDirectoryException(onDisk("a/b")))).isExactlyInstanceOf(NotDirectoryException.class);
        assertThat(mapped(new AccessDeniedException(onDisk("a/b"))))
                .isExactlyInstanceOf(AccessDeniedException.class).hasMessageContaining("permissions of the store");
        assertThat(mapped(new FileSystemException(onDisk("a/b"), null, "Input/output error")))
                .isExactlyInstanceOf(FileSystemException.class)
                .hasMessageContaining("Input/output error").hasMessageContaining("disk error");
    }

    @Test
    void anErrorWithoutAPath_becomesAVikingFsExceptionNamingTheStorePath() {
        IOException plain = new IOException("device went away");
        assertThat(mapped(plain)).isExactlyInstanceOf(VikingFsException.class)
                .hasMessageContaining("device went away").hasMessageContaining("check the disk and retry");
        assertThat(errors.map("a/b", plain)).hasMessageContaining("a/b").hasCause(plain);
    }

    @Test
    void errorsThatAlreadyNameAStorePath_orAnInterrupt_passThroughUnchanged() {
        IOException own = new VikingFsException("a/b", "the library's own error");
        IOException interrupt = new InterruptedIOException("interrupted");
        IOException storePath = new NoSuchFileException("a/b", null, "nothing to rename at this path");
        IOException noFile = new FileSystemException(null, null, "no file named");
        IOException elsewhere = new NoSuchFileException("/tmp/vikingfs-list-1.run");
        for (IOException e : new IOException[] {own, interrupt, storePath, noFile, elsewhere}) {
            assertThat(errors.map("a/b", e)).as(e.toString()).isSameAs(e);
        }
    }
}
