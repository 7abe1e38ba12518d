package io.vikingfs.local;

import io.vikingfs.DurabilityLostException;
import io.vikingfs.local.disk.DiskRoots;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Telemetry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The directories' shared syncs ({@link Publisher}): kept for a bounded number of directories, and a change whose
 * directory's group was dropped meanwhile is still made durable by a sync of that directory, started after it.
 */
class PublisherTest {
    @Test
    void directoryGroups_stayBounded_andAChangeOfADroppedGroup_stillGetsItsSync() throws IOException {
        try (FileSystem jimfs = DiskRoots.newJimfs()) {
            FlushFailingDisk disk = new FlushFailingDisk(new NioDisk(DiskRoots.jimfsRoot(jimfs)));
            List<Path> synced = disk.syncedDirectories;
            Publisher publisher = new Publisher(disk, new Failures(), new Telemetry());
            Path first = disk.root().resolve("d0");
            publisher.changed(first);
            publisher.changed(first);
            Publisher.Change early = publisher.changed(first); // its group's third, not yet waited for: idle

            for (int i = 1; i <= Publisher.MAX_GROUPS + 1; i++) {
                publisher.syncDirectory(disk.root().resolve("d" + i), "d" + i);
                if (i < Publisher.MAX_GROUPS) {
                    assertThat(publisher.directoryGroups()).as("all kept up to the bound").isEqualTo(i + 1);
                }
                assertThat(publisher.directoryGroups()).isLessThanOrEqualTo(Publisher.MAX_GROUPS);
            }
            assertThat(publisher.changed(first).group()).as("d0's group was dropped").isNotSameAs(early.group());

            synced.clear();
            // (Waiting in the directory's new group instead, whose numbers are not this one's, flushed forever.)
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> publisher.awaitDirectory(early, "d0"));
            assertThat(synced).containsExactly(first);
        }
    }

    @Test
    void aDirectoryWhoseSyncFailed_keepsItsGroup_andLaterWaitersSeeTheFailure() throws IOException {
        try (FileSystem jimfs = DiskRoots.newJimfs()) {
            FlushFailingDisk disk = new FlushFailingDisk(new NioDisk(DiskRoots.jimfsRoot(jimfs)));
            disk.failFlushesOf(p -> p.endsWith("bad"));
            Publisher publisher = new Publisher(disk, new Failures(), new Telemetry());
            Path bad = disk.root().resolve("bad");
            assertThatThrownBy(() -> publisher.syncDirectory(bad, "bad")).isInstanceOf(DurabilityLostException.class);
            disk.failFlushesOf(p -> false);

            for (int i = 0; i <= Publisher.MAX_GROUPS; i++) {
                publisher.syncDirectory(disk.root().resolve("d" + i), "d" + i);
            }
            assertThatThrownBy(() -> publisher.syncDirectory(bad, "bad"))
                    .as("the device may have dropped the entries: a later sync does not make them durable")
                    .isInstanceOf(DurabilityLostException.class).hasMessageContaining("EIO");
        }
    }
}
