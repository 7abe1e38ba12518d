package io.vikingfs.local;

import io.vikingfs.local.disk.DiskRoots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PathLocks}' promises: two instances opened on one folder — also through different paths to it, a symbolic
 * link for one — get the same lock for each file (so their {@code FileLock}s never overlap in the JVM and one
 * instance's read never drops the other's POSIX lock), different files and different file systems get different
 * locks, {@link PathLocks#existing} reports only a lock someone holds a reference to, and a lock no one holds is
 * forgotten and replaced by a fresh one.
 */
class PathLocksTest {
    @TempDir
    Path tmp;

    @Test
    void oneFolderReachedThroughALink_sharesEachFilesLock_andOtherFilesDoNot() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        PathLocks viaLink = new PathLocks(link, link.toRealPath());
        PathLocks direct = new PathLocks(real, real.toRealPath());

        ReentrantLock log = viaLink.lockFor(link.resolve("d/log.jsonl"));
        assertThat(direct.lockFor(real.resolve("d/log.jsonl"))).isSameAs(log);
        assertThat(direct.existing(real.resolve("d/./log.jsonl"))).isSameAs(log);
        assertThat(viaLink.lockFor(link.resolve("d/log.jsonl"))).isSameAs(log);
        assertThat(direct.lockFor(real.resolve("d/other.jsonl"))).isNotSameAs(log);
        assertThat(direct.lockFor(tmp.resolve("outside"))).as("a path outside the root keeps its own name")
                .isSameAs(viaLink.lockFor(tmp.resolve("outside")));

        try (FileSystem jimfs = DiskRoots.newJimfs()) {
            Path jroot = DiskRoots.jimfsRoot(jimfs);
            Path same = jroot.resolve(real.toString().substring(1) + "/d/log.jsonl");
            PathLocks inJimfs = new PathLocks(jroot, jroot);
            assertThat(inJimfs.lockFor(same)).as("another file system's file").isNotSameAs(log);
        }
    }

    @Test
    void existing_isOnlyALockSomeoneHolds_andAForgottenLockIsReplacedByAFreshOne() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        PathLocks locks = new PathLocks(root, root.toRealPath());
        Path file = root.resolve("f");
        assertThat(locks.existing(file)).isNull();
        ReentrantLock held = locks.lockFor(file);
        assertThat(locks.existing(file)).isSameAs(held);

        held.lock(); // the fresh lock below must not be this one: a lock no one references is no one's
        held = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (locks.existing(file) != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(locks.existing(file)).as("a lock no one references any more").isNull();
        ReentrantLock fresh = locks.lockFor(file);
        assertThat(fresh.isLocked()).isFalse();
        assertThat(locks.lockFor(file)).isSameAs(fresh);
        assertThat(locks.existing(file)).isSameAs(fresh);
    }
    /**
     * Paths whose locks no one references any more are forgotten as locks are asked for: the table does not grow
     * with every path ever locked.
     */
    @Test
    void theLocksOfManyPaths_noOneReferences_areForgotten() throws Exception {
        try (FileSystem jimfs = DiskRoots.newJimfs(); FileSystem other = DiskRoots.newJimfs()) {
            Path root = DiskRoots.jimfsRoot(jimfs);
            PathLocks locks = new PathLocks(root, root);
            for (int i = 0; i < 1_000; i++) {
                locks.lockFor(root.resolve("log-" + i + ".jsonl")).lock(); // then dropped, as a closed log's is
            }
            ReentrantLock kept = locks.lockFor(root.resolve("kept.jsonl"));
            Path otherRoot = DiskRoots.jimfsRoot(other);
            ReentrantLock elsewhere = new PathLocks(otherRoot, otherRoot).lockFor(otherRoot.resolve("kept.jsonl"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (PathLocks.remembered(jimfs) > 1 && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(10);
                locks.lockFor(root.resolve("kept.jsonl")); // each call forgets the paths of collected locks
            }
            assertThat(PathLocks.remembered(other)).as("another file system's paths").isEqualTo(1);
            assertThat(elsewhere.isLocked()).isFalse();
            assertThat(PathLocks.remembered(jimfs)).as("paths remembered, one lock alive").isEqualTo(1);
            assertThat(locks.existing(root.resolve("kept.jsonl"))).isSameAs(kept);
        }
    }
}
