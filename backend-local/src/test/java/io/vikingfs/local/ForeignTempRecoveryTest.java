package io.vikingfs.local;

import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery racing the writer of another process (its temp entries are not this JVM's, so not in flight): a temp
 * file that its writer published, or that went away, while recovery looked at it, and a temp link gone before
 * recovery held its directory's lock, are neither touched nor reported as reclaimed — the report lists only
 * what recovery itself reclaimed (README "Recovery"). The other process's step is played, deterministically,
 * while recovery is held at its {@code stat} of the entry ({@link PausingDisk}, {@link Interleaving}).
 */
class ForeignTempRecoveryTest {
    private static final byte[] F = "{\"f\":1}".getBytes(StandardCharsets.UTF_8);
    private static final String FOREIGN = LibraryNames.TEMP_PREFIX + "0123456789abcdef0123456789abcdef-1";

    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private PausingDisk pausing;
    private Path temp;

    @BeforeEach
    void open() throws IOException {
        stores = Stores.on("jimfs", tmp, d -> pausing = new PausingDisk(d));
        // Age zero: a temp entry not in flight in this JVM is a leftover at once.
        fs = LocalVikingFs.open(stores.disk, LocalOptions.DEFAULT.withTempReclaimAge(Duration.ZERO));
        fs.mkdirs(VPath.of("a"));
        temp = stores.root.resolve("a").resolve(FOREIGN);
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
        stores.close();
    }

    /** The {@code n}-th stat of the foreign temp entry (1: the scan's, 2: the one under the entry's lock). */
    private static Predicate<Path> nthStatOfForeign(int n) {
        AtomicInteger seen = new AtomicInteger();
        return p -> PausingDisk.named(FOREIGN).test(p) && seen.incrementAndGet() == n;
    }

    /** Holds recovery at {@code pause}, runs the other process's {@code step}, then lets recovery finish. */
    private RecoveryReport recoverAround(PausingDisk.Pause pause, Interleaving.Call step) throws Exception {
        Interleaving.Result r = Interleaving.run(pause, () -> fs.recover(true), step);
        assertThat(r.second().ok()).as("the other process's step %s", r.second()).isTrue();
        assertThat(r.first().ok()).as("recovery %s", r.first()).isTrue();
        return (RecoveryReport) r.first().value();
    }

    /** Recovery held after its scan's stat of the foreign temp entry while the entry is removed: not reported. */
    private void removedAfterTheScanSawIt() throws Exception {
        RecoveryReport report = recoverAround(pausing.pause(PausingDisk.When.AFTER, PausingDisk.Op.STAT,
                nthStatOfForeign(1)), () -> {
                    Files.delete(temp);
                    return null;
                });
        assertThat(report.tempFiles()).as("temp entries recovery reclaimed").isEmpty();
    }

    @Test
    void aTempFileRemovedAfterTheScanSawIt_isNotReported() throws Exception {
        Files.write(temp, F);
        removedAfterTheScanSawIt();
    }

    @Test
    void aTempFilePublishedByItsWriterWhileRecoveryTookItsLock_isLeftAlone() throws Exception {
        Files.write(temp, F);
        RecoveryReport report = recoverAround(pausing.pause(PausingDisk.When.BEFORE, PausingDisk.Op.STAT,
                nthStatOfForeign(2)), () -> Files.move(temp, temp.resolveSibling("doc")));
        assertThat(report.tempFiles()).as("temp files recovery reclaimed").isEmpty();
        assertThat(fs.read(VPath.of("a/doc"))).isEqualTo(F);
    }

    @Test
    void aTempNameTakenByAnotherFileWhileRecoveryTookItsLock_isLeftAlone() throws Exception {
        Files.write(temp, F);
        byte[] other = "other".getBytes(StandardCharsets.UTF_8);
        RecoveryReport report = recoverAround(pausing.pause(PausingDisk.When.BEFORE, PausingDisk.Op.STAT,
                nthStatOfForeign(2)), () -> {
                    // Published (renamed away) and the name taken by a new file: not the file recovery locked.
                    Files.move(temp, temp.resolveSibling("doc"));
                    Files.write(temp, other);
                    return null;
                });
        assertThat(report.tempFiles()).as("temp files recovery reclaimed").isEmpty();
        assertThat(Files.readAllBytes(temp)).as("the new file at the temp name").isEqualTo(other);
        assertThat(fs.read(VPath.of("a/doc"))).isEqualTo(F);
    }

    @Test
    void aTempLinkGoneBeforeRecoveryHeldItsDirectory_isNotReported() throws Exception {
        Files.createSymbolicLink(temp, temp.resolveSibling("g1"));
        removedAfterTheScanSawIt();
    }

    @Test
    void aForeignTempFileAndLink_leftAlone_areReclaimedAndReported() throws Exception {
        Files.write(temp, F);
        Path link = temp.resolveSibling(FOREIGN + "0");
        Files.createSymbolicLink(link, temp.resolveSibling("g1"));
        RecoveryReport report = fs.recover(true);
        assertThat(report.tempFiles()).containsExactlyInAnyOrder("a/" + FOREIGN, "a/" + FOREIGN + "0");
        assertThat(Files.exists(temp, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
