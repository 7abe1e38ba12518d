package io.vikingfs.local;

import io.vikingfs.DurabilityLostException;
import io.vikingfs.VPath;
import io.vikingfs.conformance.Concurrently;
import io.vikingfs.local.disk.CountingDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code repairLog} and {@code readRecords} beyond the torn tail itself (docs/contract.md §2): a durable repair
 * makes its cut durable before returning (one flush of the log; a non-durable one none: {@code durable=false} is
 * the cheaper call), a log whose flush failed is refused until the store is reopened (§2, "a failed flush is
 * final") and keeps its bytes, and a path that is a directory or nothing is refused saying which, with nothing
 * changed.
 */
class RepairLogTest {
    private static final VPath LOG = VPath.of("r/log.jsonl");

    @TempDir
    Path tmp;
    private Stores stores;
    private CountingDisk counting;
    private FlushFailingDisk failing;

    private interface WithStore {
        void run(LocalVikingFs fs) throws Exception;
    }

    /** Runs {@code test} on a Jimfs store whose flushes are counted and can be made to fail. */
    private void withStore(WithStore test) throws Exception {
        try (Stores opened = Stores.on("jimfs", tmp, d -> counting = new CountingDisk(failing = new FlushFailingDisk(d)))) {
            stores = opened;
            test.run(opened.open());
        }
    }

    /** A writer that died mid-append leaves bytes after the last newline (written here behind the store). */
    private void tear(String tail) throws IOException {
        Files.writeString(stores.root.resolve(LOG.toString()), tail, StandardOpenOption.APPEND);
    }

    @Test
    void aDurableRepair_flushesTheLogOnce_aNonDurableOneNever() throws Exception {
        withStore(fs -> {
            fs.append(LOG, "{\"n\":1}", true);

            tear("{\"n\":");
            long flushes = counting.counts().fileSyncs();
            assertThat(fs.repairLog(LOG, true)).isEqualTo(5);
            assertThat(counting.counts().fileSyncs() - flushes).as("flushes of a durable repair").isEqualTo(1);

            tear("{\"n\"");
            flushes = counting.counts().fileSyncs();
            assertThat(fs.repairLog(LOG, false)).isEqualTo(4);
            assertThat(counting.counts().fileSyncs() - flushes).as("flushes of a non-durable repair").isZero();
            assertThat(Files.readString(stores.root.resolve(LOG.toString()))).isEqualTo("{\"n\":1}\n");

            // the repair's locks are free again: another thread appends
            Concurrently.run(1, t -> fs.append(LOG, "{\"n\":2}", false));
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"n\":1}", "{\"n\":2}");
        });
    }

    @Test
    void aLogWhoseFlushFailed_isNotRepaired_andKeepsItsBytes() throws Exception {
        withStore(fs -> {
            fs.append(LOG, "{\"n\":1}", true);
            failing.failFlushesOf(p -> p.getFileName().toString().equals("log.jsonl"));
            assertThatThrownBy(() -> fs.append(LOG, "{\"n\":2}", true)).isInstanceOf(DurabilityLostException.class);
            failing.failFlushesOf(p -> false);
            tear("{\"n\":");
            assertThatThrownBy(() -> fs.repairLog(LOG, false)).isInstanceOf(DurabilityLostException.class)
                    .hasMessageContaining(LOG.toString());
            assertThat(Files.readString(stores.root.resolve(LOG.toString()))).isEqualTo("{\"n\":1}\n{\"n\":2}\n{\"n\":");
        });
    }

    @Test
    void aDirectoryOrNothing_isNoLog_forRepairReadOrAppend() throws Exception {
        withStore(fs -> {
            fs.mkdirs(VPath.of("r/dir"));
            VPath dir = VPath.of("r/dir");
            assertThatThrownBy(() -> fs.repairLog(dir, true)).isInstanceOf(FileSystemException.class)
                    .isNotInstanceOf(NoSuchFileException.class).hasMessageContaining("r/dir").hasMessageContaining("is a directory");
            assertThatThrownBy(() -> fs.readRecords(dir)).isInstanceOf(FileSystemException.class)
                    .isNotInstanceOf(NoSuchFileException.class).hasMessageContaining("r/dir").hasMessageContaining("is a directory");
            assertThatThrownBy(() -> fs.append(dir, "{}", false)).isInstanceOf(FileSystemException.class)
                    .isNotInstanceOf(NoSuchFileException.class).hasMessageContaining("r/dir")
                    .hasMessageContaining("is a directory; a log must be a regular file");
            VPath missing = VPath.of("r/missing.jsonl");
            assertThatThrownBy(() -> fs.repairLog(missing, true)).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("r/missing.jsonl");
            assertThatThrownBy(() -> fs.readRecords(missing)).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("r/missing.jsonl");
            assertThat(fs.exists(missing)).as("a refused repair creates nothing").isFalse();
            assertThat(fs.list(VPath.of("r/dir"))).as("the directory is left as it was").isEmpty();
        });
    }
}
