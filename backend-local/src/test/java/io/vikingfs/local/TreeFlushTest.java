package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A durable {@code switchDirectory} flushes the staged tree first (docs/contract.md §2: a durable switch makes every
 * file of the staged tree durable before {@code live} names it; {@link Publisher#syncTree}), from helper threads
 * when the tree is large: the switch goes on only once every helper's flush has returned, and every staged file's
 * descriptor opened for its flush is closed again.
 */
class TreeFlushTest {
    private static final byte[] F = "{\"f\":1}".getBytes(StandardCharsets.UTF_8);
    private static final int FILES = 12; // 12 / 4 per thread: the caller and two helper threads share the flushes

    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private OpenFiles open;
    private HeldHelperFlush held;

    @BeforeEach
    void open() throws IOException {
        stores = Stores.on("jimfs", tmp, d -> held = new HeldHelperFlush(open = new OpenFiles(d)));
        fs = stores.open();
        for (int i = 0; i < FILES; i++) {
            fs.atomicWrite(VPath.of("staged/d" + i % 3 + "/f" + i), F, WriteOptions.durable(false));
        }
    }

    @AfterEach
    void close() throws IOException {
        held.release.countDown();
        stores.close();
    }

    @Test
    void aDurableSwitch_goesOnOnlyOnceEveryHelperThreadsFlushReturned() throws Exception {
        held.armed = true;
        Thread[] caller = new Thread[1];
        CompletableFuture<Void> switched = CompletableFuture.runAsync(() -> {
            caller[0] = Thread.currentThread();
            try {
                fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(held.reached.await(10, TimeUnit.SECONDS)).as("a helper thread's file flush is held").isTrue();
        // The caller has flushed its own share; it must now wait for the held helper (Thread.join: WAITING), not
        // sync directories or swap the pointer while a file of the tree may still be unflushed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (caller[0].getState() != Thread.State.WAITING && caller[0].getState() != Thread.State.TERMINATED
                && held.violations().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(held.violations()).isEmpty();
        assertThat(switched).isNotDone();
        assertThat(fs.exists(VPath.of("live"))).as("live named while a staged file's flush was in flight").isFalse();
        held.release.countDown();
        switched.get(10, TimeUnit.SECONDS);
        assertThat(held.violations()).isEmpty();
        assertThat(fs.read(VPath.of("live/d2/f11"))).isEqualTo(F);
    }

    @Test
    void aCallerInterruptedWhileAHelperFlushes_stillWaitsForIt_andKeepsItsInterrupt() throws Exception {
        held.armed = true;
        java.util.concurrent.FutureTask<String> switched = new java.util.concurrent.FutureTask<>(() -> {
            String outcome;
            try {
                fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
                outcome = "returned";
            } catch (IOException e) {
                outcome = "threw " + e;
            }
            return outcome + (Thread.interrupted() ? ", interrupt set" : ", interrupt lost");
        });
        Thread caller = new Thread(switched, "switch-caller");
        caller.start();
        assertThat(held.reached.await(10, TimeUnit.SECONDS)).as("a helper thread's file flush is held").isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        caller.interrupt();
        caller.join(200); // an interrupted join may not end the wait: the helper's flush is in flight
        assertThat(switched).as("the switch, while a helper's flush is held").isNotDone();
        assertThat(held.violations()).isEmpty();
        held.release.countDown();
        // The interrupt is set again once every flush is accounted for: the switch then fails as interrupted at its
        // next interruptible step (the directory lock) or returns — with the interrupt set either way.
        assertThat(switched.get(10, TimeUnit.SECONDS)).endsWith("interrupt set");
        assertThat(held.violations()).isEmpty();
    }

    @Test
    void aFlushFailingWithAnUncheckedException_failsTheSwitch_withEveryOtherFailureAttached() throws IOException {
        held.failing = p -> p.getFileName().toString().equals("f5") || p.getFileName().toString().equals("f9");
        assertThatThrownBy(() -> fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true))
                .satisfies(e -> {
                    Throwable flush = e instanceof IllegalStateException ? e : e.getCause();
                    assertThat(flush).as("the flush's own exception, %s", e).isInstanceOf(IllegalStateException.class)
                            .hasMessageStartingWith("flush of f");
                    assertThat(flush.getSuppressed()).as("the other flush's failure").hasSize(1);
                });
        assertThat(fs.exists(VPath.of("live"))).as("live named after a failed flush").isFalse();
    }

    @Test
    void aDurableSwitch_closesEveryDescriptorItOpenedToFlushTheTree() throws IOException {
        fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
        // The directories' lock files are kept open by design (DirectoryLocks); nothing else may be.
        assertThat(open.count(p -> !p.getFileName().toString().startsWith(LibraryNames.DIRECTORY_LOCK))).isZero();
        assertThat(fs.read(VPath.of("live/d0/f0"))).isEqualTo(F);
    }

    /**
     * Holds the first file flush a helper thread ({@code vikingfs-flush-…}) makes, once armed; the calling thread's
     * flushes wait until then, so that the helpers get a share whatever the scheduler does. Records any directory
     * sync or rename made while the helper's flush is held.
     */
    private static final class HeldHelperFlush extends ForwardingDisk {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean armed;
        /** Files whose flush throws an unchecked exception (a disk layer's bug, not an I/O error). */
        volatile java.util.function.Predicate<Path> failing = p -> false;
        private volatile boolean holding;
        private final List<String> violations = new ArrayList<>();

        HeldHelperFlush(Disk delegate) {
            super(delegate);
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }

        private synchronized void check(String what, Path path) {
            if (holding) {
                violations.add(what + " " + path + " while a helper's file flush was in flight");
            }
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            check("syncDirectory", dir);
            super.syncDirectory(dir);
        }

        @Override
        public void rename(Path src, Path dst) throws IOException {
            check("rename", src);
            super.rename(src, dst);
        }

        private void beforeSync() throws IOException {
            if (!armed) {
                return;
            }
            try {
                if (Thread.currentThread().getName().startsWith("vikingfs-flush-")) {
                    synchronized (this) {
                        if (holding || reached.getCount() == 0) {
                            return;
                        }
                        holding = true;
                    }
                    reached.countDown();
                    release.await(60, TimeUnit.SECONDS);
                    synchronized (this) {
                        holding = false;
                    }
                } else {
                    reached.await(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while holding a flush");
            }
        }

        @Override
        protected DiskFile wrap(DiskFile file) {
            return new ForwardingDiskFile(file) {
                @Override
                public void sync() throws IOException {
                    if (failing.test(path())) {
                        throw new IllegalStateException("flush of " + path().getFileName() + " failed unchecked");
                    }
                    beforeSync();
                    super.sync();
                }
            };
        }
    }
}
