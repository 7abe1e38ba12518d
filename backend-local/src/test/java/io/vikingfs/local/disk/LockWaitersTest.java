package io.vikingfs.local.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DiskLock#waitedFor()}: the holder of a file's lock learns that another process waits for it — which is what
 * lets an appender keep a log's lock across a burst without pausing on a timer — and only then. The waiter is a
 * child JVM ({@link LockingProcess}): within one JVM a second lock on the file is refused, never waited for.
 */
class LockWaitersTest {
    @TempDir
    Path tmp;

    @Test
    void aProcessBlockedInLock_isSeenByTheHolder_andItsAnnouncementEndsWhenGranted() throws Exception {
        NioDisk disk = new NioDisk(tmp);
        Path report = tmp.resolve("report");
        Path release = tmp.resolve("release");
        try (DiskFile f = disk.createNew(tmp.resolve("log"))) {
            DiskLock held = f.lock();
            assertThat(held.waitedFor()).as("no other process has asked for the lock").isFalse();
            assertThat(held.contended()).as("taken at once: no other process held it").isFalse();
            Process child = lockingChild(report, release);
            try {
                awaitLine(report, "OPEN", child);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!held.waitedFor()) {
                    assertThat(System.nanoTime()).as("the holder saw the child waiting within 30 s").isLessThan(deadline);
                    Thread.sleep(2);
                }
                assertThat(Files.readString(report)).as("the child is still blocked").doesNotContain("LOCKED");
                assertThat(held.waitedFor()).as("asking does not consume the announcement").isTrue();

                held.close();
                awaitLine(report, "LOCKED", child);
                assertThat(f.tryLock()).as("the child holds the lock now").isNull();
                assertNoAnnouncement("the granted child no longer announces a wait");

                Files.createFile(release);
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isZero();
                try (DiskLock again = f.lock()) {
                    assertThat(again.waitedFor()).as("nobody waits once the child is gone").isFalse();
                }
            } finally {
                end(child);
            }
        }
    }

    /**
     * The other side: this JVM's {@link DiskFile#lock()} while a child holds the lock blocks (it does not fail), is
     * seen by the holder as a waiter, and is granted once the child lets go — and then no longer announces a wait
     * (its own lock's {@code waitedFor()} is false, and the announcement byte is free), so this process's bursts are
     * not cut short by a wait that ended.
     */
    @Test
    void thisProcessBlockedInLock_isSeenByTheHoldingProcess_andStopsAnnouncingOnceGranted() throws Exception {
        NioDisk disk = new NioDisk(tmp);
        Path report = tmp.resolve("report");
        Path release = tmp.resolve("release");
        disk.createNew(tmp.resolve("log")).close();
        Process child = lockingChild(report, release);
        try (DiskFile f = disk.openWrite(tmp.resolve("log"))) {
            awaitLine(report, "LOCKED", child);
            CompletableFuture<DiskLock> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return f.lock();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            awaitLine(report, "WAITED", child);
            assertThat(waiting).as("this process's lock waits while the child holds it").isNotDone();
            Files.createFile(release);
            try (DiskLock granted = waiting.get(30, TimeUnit.SECONDS)) {
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isZero();
                assertThat(granted.waitedFor()).as("no process waits; this one's own announcement ended").isFalse();
                assertThat(granted.contended()).as("it had to wait for the child's lock").isTrue();
                assertNoAnnouncement("this process, granted, no longer announces a wait");
            }
        } finally {
            end(child);
        }
    }

    /**
     * A wait announced through another descriptor of this JVM (as a {@code lock()} under another name of the file
     * announces itself while another process holds it) counts too: the JVM refuses the holder's probe of the
     * announcement byte on its own lock table instead of asking the kernel, and that refusal is the answer.
     */
    @Test
    void aWaitAnnouncedByAnotherDescriptorOfThisJvm_isSeenByTheHolder() throws Exception {
        NioDisk disk = new NioDisk(tmp);
        try (DiskFile f = disk.createNew(tmp.resolve("log")); DiskLock held = f.lock()) {
            assertThat(held.waitedFor()).as("nobody announces a wait yet").isFalse();
            try (FileChannel other = FileChannel.open(tmp.resolve("log"), StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock announcing = other.lock(NioDisk.WAITING_BYTE, 1, true)) {
                assertThat(held.waitedFor()).as("a wait announced by another descriptor of this JVM").isTrue();
            }
            assertThat(held.waitedFor()).as("the announcement withdrawn").isFalse();
        }
    }

    @Test
    void onAnInProcessFileSystem_nobodyCanWait() throws Exception {
        try (FileSystem jimfs = DiskRoots.newJimfs()) {
            Path root = DiskRoots.jimfsRoot(jimfs);
            try (DiskFile f = new NioDisk(root).createNew(root.resolve("log")); DiskLock held = f.lock()) {
                assertThat(held.waitedFor()).isFalse();
            }
        }
    }

    /** Starts {@link LockingProcess} on {@code tmp/log}, reporting to {@code report}, until {@code release} exists. */
    private Process lockingChild(Path report, Path release) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockingProcess.class.getName(),
                tmp.toString(), "log", report.toString(), release.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void end(Process child) throws InterruptedException {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
    }

    /** Nobody announces a wait for {@code tmp/log}: its announcement byte can be locked (by this JVM, then let go). */
    private void assertNoAnnouncement(String why) throws IOException {
        try (FileChannel raw = FileChannel.open(tmp.resolve("log"), StandardOpenOption.WRITE)) {
            FileLock waitingByte = raw.tryLock(NioDisk.WAITING_BYTE, 1, false);
            assertThat(waitingByte).as(why).isNotNull();
            waitingByte.release();
        }
    }

    private static void awaitLine(Path report, String line, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(report) || !Files.readString(report).contains(line)) {
            assertThat(child.isAlive()).as("the child is running (waiting for %s)", line).isTrue();
            assertThat(System.nanoTime()).as("the child reported %s within 60 s", line).isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}
