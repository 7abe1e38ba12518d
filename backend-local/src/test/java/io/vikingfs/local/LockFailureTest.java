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

    /**
     * Fails the next lock of a {@code .vfs-lock} file whose path {@link #failNext} accepts; with {@link #failClose},
     * the next close of a lock file's descriptor too (after closing it: nothing leaks); with {@link #raceCreation},
     * another process creates the next missing lock file just before this one does.
     */
    private static final class FailingLock extends ForwardingDisk {
        volatile Predicate<Path> failNext;
        volatile boolean failClose;
        volatile boolean raceCreation;

        FailingLock(Disk delegate) {
            super(delegate);
        }

        private static boolean isLock(Path p) {
            return p.getFileName().toString().equals(LibraryNames.DIRECTORY_LOCK);
        }

        @Override
        public DiskFile createNew(Path path) throws IOException {
            if (raceCreation && isLock(path)) {
                raceCreation = false;
                delegate().createNew(path).close();
            }
            return super.createNew(path);
        }

        @Override
        protected DiskFile wrap(DiskFile file) {
            if (!isLock(file.path())) {
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

                @Override
                public void close() throws IOException {
                    super.close();
                    if (failClose) {
                        failClose = false;
                        throw new IOException("injected: EIO closing " + path().getFileName());
                    }
                }
            };
        }
    }

    @Test
    void aDirectoryLockThatFails_failsTheCreationOfALog_thenFreesEverythingItTook() throws Exception {
        FailingLock[] disk = new FailingLock[1];
        OpenDescriptors[] lockFiles = new OpenDescriptors[1];
        try (Stores stores = Stores.on(Stores.SHARED_JIMFS, tmp,
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
        try (Stores stores = Stores.on(Stores.SHARED_JIMFS, tmp, d -> disk[0] = new FailingLock(d))) {
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
    /** A lock that failed, on a lock file whose close then fails too: the lock's error, the close's kept with it. */
    @Test
    void aFailedLockWhoseLockFileAlsoFailsToClose_reportsBothErrors_andFreesTheLock() throws Exception {
        FailingLock[] disk = new FailingLock[1];
        try (Stores stores = Stores.on(Stores.SHARED_JIMFS, tmp, d -> disk[0] = new FailingLock(d))) {
            LocalVikingFs fs = stores.open();
            fs.mkdirs(VPath.of("locked"));
            disk[0].failNext = p -> true;
            disk[0].failClose = true;
            assertThatThrownBy(() -> fs.append(VPath.of("locked/log.jsonl"), "{\"n\":1}", false))
                    .hasMessageContaining("no locks available")
                    .satisfies(e -> assertThat(e.getCause() == null ? e : e.getCause()).as("the disk's error")
                            .hasMessageContaining("no locks available").extracting(Throwable::getSuppressed)
                            .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.array(Throwable[].class))
                            .extracting(Throwable::getMessage)
                            .containsExactly("injected: EIO closing " + LibraryNames.DIRECTORY_LOCK));
            Concurrently.run(1, t -> fs.append(VPath.of("locked/log.jsonl"), "{\"n\":2}", false));
            assertThat(fs.readRecords(VPath.of("locked/log.jsonl")).records()).containsExactly("{\"n\":2}");
        }
    }

    /**
     * A lock released by closing its lock file, whose close fails: the call reports that error, and the lock is
     * free all the same — another thread changes names in that directory next.
     */
    @Test
    void aLockWhoseLockFileFailsToCloseOnRelease_reportsIt_andIsFreeForOtherThreads() throws Exception {
        FailingLock[] disk = new FailingLock[1];
        try (Stores stores = Stores.on(Stores.SHARED_JIMFS, tmp, d -> disk[0] = new FailingLock(d))) {
            LocalVikingFs fs = stores.open();
            fs.append(VPath.of("d/x.jsonl"), "{}", false);
            fs.append(VPath.of("d/y.jsonl"), "{}", false);
            disk[0].failClose = true;
            assertThatThrownBy(() -> fs.delete(VPath.of("d/x.jsonl"))).hasMessageContaining("EIO closing");
            assertThat(disk[0].failClose).as("the lock file's close was reached (and failed)").isFalse();
            CompletableFuture.runAsync(() -> {
                try {
                    fs.delete(VPath.of("d/y.jsonl"));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(fs.exists(VPath.of("d/y.jsonl"))).isFalse();
        }
    }

    /**
     * Two processes creating a directory's lock file at once: the one that loses the creation opens the file the
     * other made, and takes its lock there.
     */
    @Test
    void aLockFileCreatedByAnotherProcessFirst_isOpenedAndLocked() throws Exception {
        FailingLock[] disk = new FailingLock[1];
        try (Stores stores = Stores.on(Stores.SHARED_JIMFS, tmp, d -> disk[0] = new FailingLock(d))) {
            LocalVikingFs fs = stores.open();
            disk[0].raceCreation = true;
            fs.append(VPath.of("fresh/log.jsonl"), "{\"n\":1}", false);
            assertThat(disk[0].raceCreation).as("the creation race was run").isFalse();
            assertThat(fs.readRecords(VPath.of("fresh/log.jsonl")).records()).containsExactly("{\"n\":1}");
        }
    }
    /**
     * Recovery gives each name of a log linked twice its own copy under both names' locks ({@link FileLocks#writers}):
     * afterwards both are free — another thread appends to each name, and each keeps its own records.
     */
    @Test
    void aLinkedLogSplitByRecovery_leavesBothNamesLocksFree() throws Exception {
        try (Stores stores = Stores.on(Stores.SHARED_JIMFS, tmp)) {
            LocalVikingFs fs = stores.open();
            fs.append(VPath.of("d/a.jsonl"), "{\"n\":0}", false);
            java.nio.file.Files.createLink(stores.root.resolve("d/b.jsonl"), stores.root.resolve("d/a.jsonl"));
            fs.recover(true);
            CompletableFuture.runAsync(() -> {
                try {
                    fs.append(VPath.of("d/a.jsonl"), "{\"n\":1}", false);
                    fs.append(VPath.of("d/b.jsonl"), "{\"n\":2}", false);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).get(30, TimeUnit.SECONDS); // another thread: both names' locks are free
            assertThat(fs.readRecords(VPath.of("d/a.jsonl")).records()).containsExactly("{\"n\":0}", "{\"n\":1}");
            assertThat(fs.readRecords(VPath.of("d/b.jsonl")).records()).containsExactly("{\"n\":0}", "{\"n\":2}");
        }
    }

    /**
     * The same split while this JVM's append to the later name (the second of {@link FileLocks#writers}' fixed
     * order) keeps the file's {@code FileLock} in use — a durable append of it has written and waits for its flush,
     * held at the sync by a disk hook, so the idle release cannot end that hold: recovery releases it before it takes
     * the file's lock itself, and completes (a hold left in place fails recovery with
     * {@code OverlappingFileLockException}). The held append then returns, and each name keeps its own records.
     */
    @Test
    void aLinkedLogSplitByRecovery_whileAnAppendToTheLaterNameHoldsTheFilesLock_completes() throws Exception {
        PausingDisk[] pausing = new PausingDisk[1];
        try (Stores stores = Stores.on("disk", tmp, d -> pausing[0] = new PausingDisk(d))) {
            LocalVikingFs fs = stores.open();
            VPath a = VPath.of("d/a.jsonl");
            VPath b = VPath.of("d/b.jsonl");
            fs.append(a, "{\"n\":0}", false);
            java.nio.file.Files.createLink(stores.root.resolve("d/b.jsonl"), stores.root.resolve("d/a.jsonl"));
            PausingDisk.HeldAppend durable = pausing[0].durableAppendHeldAtFlush(fs, b, "{\"n\":1}");
            try {
                assertThat(fs.recover(true).other()).anyMatch(s -> s.contains("(the same file as"));
            } finally {
                durable.flush().release();
            }
            durable.append().get(30, TimeUnit.SECONDS);
            fs.append(a, "{\"n\":2}", false);
            fs.append(b, "{\"n\":3}", false);
            assertThat(fs.readRecords(a).records()).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
            assertThat(fs.readRecords(b).records()).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":3}");
        }
    }

    /**
     * A burst's hold whose release fails (the {@code FileLock}'s release reports an error, as on a descriptor gone
     * bad) while recovery takes both names' locks to split a linked log: recovery fails with that error and frees
     * both names' JVM-wide locks — a second recovery splits the log, and another thread then appends to each name.
     * (On Jimfs a hold is never released when idle: it is certainly there when recovery runs.)
     */
    @Test
    void aLinkedLogSplitByRecovery_whoseHoldFailsToRelease_failsAndLeavesBothNamesLocksFree() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failRelease = new java.util.concurrent.atomic.AtomicBoolean();
        try (Stores stores = Stores.on(Stores.SHARED_JIMFS, tmp, d -> new ForwardingDisk(d) {
            @Override
            protected DiskFile wrap(DiskFile file) {
                return new ForwardingDiskFile(file) {
                    @Override
                    public DiskLock lock() throws IOException {
                        DiskLock held = super.lock();
                        return () -> {
                            held.close();
                            if (failRelease.compareAndSet(true, false)) {
                                throw new IOException("injected: releasing the lock of " + path().getFileName()
                                        + " failed");
                            }
                        };
                    }
                };
            }
        })) {
            LocalVikingFs fs = stores.open();
            VPath a = VPath.of("d/a.jsonl");
            VPath b = VPath.of("d/b.jsonl");
            fs.append(a, "{\"n\":0}", false); // its hold is kept: on Jimfs only another user of the file ends it
            java.nio.file.Files.createLink(stores.root.resolve("d/b.jsonl"), stores.root.resolve("d/a.jsonl"));
            failRelease.set(true);
            assertThatThrownBy(() -> fs.recover(true)).isInstanceOf(IOException.class)
                    .hasMessageContaining("injected: releasing the lock of a.jsonl failed");
            assertThat(fs.recover(true).other()).anyMatch(s -> s.contains("(the same file as"));
            CompletableFuture.runAsync(() -> {
                try {
                    fs.append(a, "{\"n\":1}", false);
                    fs.append(b, "{\"n\":2}", false);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).get(10, TimeUnit.SECONDS); // another thread: both names' locks are free
            assertThat(fs.readRecords(a).records()).containsExactly("{\"n\":0}", "{\"n\":1}");
            assertThat(fs.readRecords(b).records()).containsExactly("{\"n\":0}", "{\"n\":2}");
        }
    }
}
