package io.vikingfs.local;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.AsShared;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskRoots;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What one atomic write asks of the disk, as benchmarks/RESULTS.md states it after issue 9 ("Per non-durable
 * atomicWrite, CountingDisk: 10.0 disk calls, 1.0 opens, 3.0 stats (durable: 11.0)"; one temp file synced, the
 * directory synced only when durable), what it asks less of a disk in memory, and that a conditional write closes
 * every file it opened to compare versions, matched or not.
 */
class AtomicWriteCostTest {
    private static final VPath DOC = VPath.of("d/doc.json");
    private static final int N = 10;

    private FileSystem jimfs;
    private OpenFiles open;
    private CountingDisk disk;
    private LocalVikingFs fs;

    @BeforeEach
    void openStore() throws IOException {
        openStore(true);
    }

    /** On Jimfs, presented as a disk other processes share ({@code shared}: the calls a real disk gets) or not. */
    private void openStore(boolean shared) throws IOException {
        jimfs = DiskRoots.newJimfs();
        Disk nio = new NioDisk(DiskRoots.jimfsRoot(jimfs));
        open = new OpenFiles(shared ? new AsShared(nio) : nio);
        disk = new CountingDisk(open);
        fs = LocalVikingFs.open(disk, LocalOptions.DEFAULT);
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
        jimfs.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String perOp(boolean durable) throws IOException {
        CountingDisk.Counts before = disk.counts();
        for (int i = 0; i < N; i++) {
            fs.atomicWrite(DOC, utf8("{\"n\":" + i + "}"), WriteOptions.durable(durable));
        }
        return disk.counts().minus(before).perOp(N);
    }

    @Test
    void anOverwrite_costsTheDocumentedDiskCalls() throws IOException {
        fs.atomicWrite(DOC, utf8("{}"), WriteOptions.DEFAULT);
        long openBefore = open.count();
        assertThat(perOp(false)).isEqualTo("1.000 file + 0.000 dir flushes; 1.0 writes, 3.0 stats, 2.0 locks,"
                + " 1.0 opens, 10.0 disk calls per op");
        assertThat(perOp(true)).isEqualTo("1.000 file + 1.000 dir flushes; 1.0 writes, 3.0 stats, 2.0 locks,"
                + " 1.0 opens, 11.0 disk calls per op");
        assertThat(open.count()).as("the temp files' descriptors are closed").isEqualTo(openBefore);
    }

    /**
     * On a disk in memory no other process can take a {@code FileLock}, so the directory lock is the JVM-wide one
     * alone: no lock file is made, none is locked, its identity is not checked.
     */
    @Test
    void onADiskInMemory_theDirectoryLockTakesNoLockFile() throws IOException {
        close();
        openStore(false);
        fs.atomicWrite(DOC, utf8("{}"), WriteOptions.DEFAULT);
        // the lock left: the temp file's (which NioDisk makes a no-op on Jimfs)
        assertThat(perOp(false)).isEqualTo("1.000 file + 0.000 dir flushes; 1.0 writes, 2.0 stats, 1.0 locks,"
                + " 1.0 opens, 8.0 disk calls per op");
        assertThat(disk.stat(disk.root().resolve("d").resolve(LibraryNames.DIRECTORY_LOCK))).as("a lock file").isNull();
    }

    @Test
    void aConditionalWrite_closesTheFileItComparedWith_matchedOrNot() throws IOException {
        Version v0 = fs.atomicWrite(DOC, utf8("{\"v\":0}"), WriteOptions.DEFAULT);
        long openBefore = open.count(); // the directory lock's kept descriptor
        fs.atomicWrite(DOC, utf8("{\"v\":1}"), WriteOptions.precondition(Precondition.ifMatch(v0)));
        assertThat(open.count()).as("after a matched ifMatch").isEqualTo(openBefore);
        assertThatThrownBy(() -> fs.atomicWrite(DOC, utf8("{\"v\":2}"), WriteOptions.precondition(Precondition.ifMatch(v0))))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(open.count()).as("after a failed ifMatch").isEqualTo(openBefore);
        assertThat(fs.read(DOC)).isEqualTo(utf8("{\"v\":1}"));
    }
}
