package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.DiskRoots;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Telemetry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resolver's memo of {@code dir.resolve(name)}: the same paths as resolving, and bounded; and its memory of
 * the directories whose entries it made durable: bounded, a directory forgotten made durable again.
 */
class ResolverTest {
    @Test
    void child_isTheDirectoryResolvedByTheName_andTheMemoStaysBounded() throws IOException {
        try (FileSystem jimfs = DiskRoots.newJimfs()) {
            NioDisk disk = new NioDisk(DiskRoots.jimfsRoot(jimfs));
            Resolver resolver = new Resolver(disk, new Publisher(disk, new Failures(), new Telemetry()));
            Path dir = disk.root().resolve("d");

            assertThat(resolver.child(dir, "a")).isEqualTo(dir.resolve("a"));
            Path a = resolver.child(dir, "a");
            resolver.child(dir, "b");
            assertThat(resolver.child(dir, "a")).as("remembered, with others").isSameAs(a);
            assertThat(resolver.child(disk.root(), "a")).isEqualTo(disk.root().resolve("a"));

            for (int i = 0; i < Resolver.MAX_CHILDREN + Resolver.MAX_CHILDREN / 2; i++) {
                assertThat(resolver.child(dir, "n" + i)).isEqualTo(dir.resolve("n" + i));
            }
            assertThat(resolver.memoized()).isBetween(1, Resolver.MAX_CHILDREN);
            Path x = resolver.child(dir, "x");
            resolver.child(dir, "y");
            assertThat(resolver.child(dir, "x")).as("remembered again once the memo was emptied").isSameAs(x);
        }
    }

    @Test
    void theDirectoriesMadeDurable_areRememberedBoundedly_andOneForgottenIsSyncedInItsParentAgain() throws IOException {
        try (FileSystem jimfs = DiskRoots.newJimfs()) {
            FlushFailingDisk disk = new FlushFailingDisk(new NioDisk(DiskRoots.jimfsRoot(jimfs)));
            List<Path> synced = disk.syncedDirectories;
            Resolver resolver = new Resolver(disk, new Publisher(disk, new Failures(), new Telemetry()));
            VPath first = VPath.of("s0");
            resolver.ensureDirectory(first, true);
            synced.clear();
            resolver.ensureDirectory(first, true);
            assertThat(synced).as("remembered: no sync").isEmpty();

            for (int i = 1; i <= Resolver.MAX_DURABLE_ENTRIES; i++) {
                resolver.ensureDirectory(VPath.of("s" + i), true);
                assertThat(resolver.durableEntries()).isBetween(1, Resolver.MAX_DURABLE_ENTRIES);
            }
            synced.clear();
            resolver.ensureDirectory(first, true);
            assertThat(synced).as("forgotten: its parent synced again").containsExactly(disk.root());
        }
    }
}
