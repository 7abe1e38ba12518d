package io.vikingfs.local;

import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.conformance.Concurrently;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A directory's lock that cannot be taken ({@link FileLocks#hold}: the lock call fails, as {@code fcntl} may with
 * {@code ENOLCK}): the call that needed it fails with that error and changes nothing, the lock file's descriptor is
 * closed and the in-process lock released — the next call, from any thread, goes through.
 */
class LockFailureTest {
    @TempDir
    Path tmp;

    /** Fails the next lock of a {@code .vfs-lock} file whose path {@link #failNext} accepts. */
    private static final class FailingLock extends ForwardingDisk {
        volatile Predicate<Path> failNext;

        FailingLock(Disk delegate) {
            super(delegate);
        }

        @Override
        protected DiskFile wrap(DiskFile file) {
            if (!file.path().getFileName().toString().equals(LibraryNames.DIRECTORY_LOCK)) {
                return file;
            }
            return new ForwardingDiskFile(file) {
                @Override
                public DiskLock lock() throws IOException {
                    Predicate<Path> which = failNext;
                    if (which != null && which.test(path())) {
                        failNext = null;
                        throw new IOException("injected: no locks available for " + path().getFileName());
                    }
                    return super.lock();
                }
            };
        }
    }

    @Test
    void aDirectoryLockThatFails_failsTheCreationOfALog_thenFreesEverythingItTook() throws Exception {
        FailingLock[] disk = new FailingLock[1];
        OpenDescriptors[] lockFiles = new OpenDescriptors[1];
        try (Stores stores = Stores.on("jimfs", tmp,
                d -> lockFiles[0] = new OpenDescriptors(disk[0] = new FailingLock(d), LibraryNames.DIRECTORY_LOCK::equals))) {
            LocalVikingFs fs = stores.open();
            VPath log = VPath.of("locked/log.jsonl");
            fs.mkdirs(VPath.of("locked"));
            disk[0].failNext = p -> true;
            assertThatThrownBy(() -> fs.append(log, "{\"n\":1}", false)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no locks available");
            assertThat(fs.exists(log)).as("a log created without its directory's lock").isFalse();
            assertThat(lockFiles[0].open()).as("lock file descriptors left open").isZero();

            Concurrently.run(1, t -> fs.append(log, "{\"n\":2}", false)); // another thread: the lock was released
            assertThat(fs.readRecords(log).records()).containsExactly("{\"n\":2}");
            assertThat(lockFiles[0].open()).isZero();
        }
    }

    /**
     * A rename across two directories takes both directories' locks in a fixed order; when the second cannot be
     * taken the rename fails, moving nothing, and the first is released: other threads change names in both
     * directories afterwards.
     */
    @Test
    void aRenameWhoseSecondDirectoryLockFails_movesNothing_andReleasesTheFirst() throws Exception {
        FailingLock[] disk = new FailingLock[1];
        try (Stores stores = Stores.on("jimfs", tmp, d -> disk[0] = new FailingLock(d))) {
            LocalVikingFs fs = stores.open();
            fs.append(VPath.of("b/moved.jsonl"), "{\"n\":1}", false);
            fs.append(VPath.of("a/other.jsonl"), "{\"n\":1}", false);
            // "a" sorts first, so its lock is taken first and the failing one, "b"'s, second
            disk[0].failNext = p -> p.getParent().getFileName().toString().equals("b");
            assertThatThrownBy(() -> fs.rename(VPath.of("b/moved.jsonl"), VPath.of("a/moved.jsonl"), RenameOptions.DEFAULT))
                    .isInstanceOf(IOException.class).hasMessageContaining("no locks available");
            assertThat(disk[0].failNext).as("the second directory's lock was tried (and failed)").isNull();
            assertThat(fs.exists(VPath.of("b/moved.jsonl"))).isTrue();
            assertThat(fs.exists(VPath.of("a/moved.jsonl"))).isFalse();

            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try {
                    fs.delete(VPath.of("a/other.jsonl"));
                    fs.rename(VPath.of("b/moved.jsonl"), VPath.of("a/moved.jsonl"), RenameOptions.DEFAULT);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            other.get(30, TimeUnit.SECONDS); // another thread: both directories' locks are free
            assertThat(fs.readRecords(VPath.of("a/moved.jsonl")).records()).containsExactly("{\"n\":1}");
        }
    }
}
