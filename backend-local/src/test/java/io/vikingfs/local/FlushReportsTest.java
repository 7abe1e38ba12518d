package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.telemetry.FlushKind;
import io.vikingfs.telemetry.VikingFsListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flushes a store reports to its listeners (README, telemetry: {@code vikingfs.flushes} — "fsyncs of a file (a
 * log's shared flush, an atomicWrite's temp file, a staged tree's files) or of a directory, failed ones included"),
 * as {@link Publisher} makes them: an atomic write's temp file reported as a flush of its target, the directory
 * when durable, a failed flush as failed, and a staged tree's every file and directory when it is switched in.
 */
class FlushReportsTest {
    private static final byte[] F = "{\"f\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private Stores stores;
    private LocalVikingFs fs;
    private FlushFailingDisk disk;
    private final List<String> flushes = new ArrayList<>();
    private final List<Long> durations = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        stores = Stores.on("jimfs", tmp, d -> disk = new FlushFailingDisk(d));
        fs = stores.open();
        fs.telemetry().attach(new VikingFsListener() {
            @Override
            public void flush(FlushKind kind, String path, long nanos, long changes, boolean failed) {
                String root = stores.root.toString();
                String shown = path.equals(root) ? "." : path.substring(root.length() + 1);
                synchronized (flushes) {
                    flushes.add(kind + " " + shown + (failed ? " failed" : ""));
                    durations.add(nanos);
                }
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        stores.close();
    }

    private List<String> taken() {
        synchronized (flushes) {
            List<String> out = List.copyOf(flushes);
            flushes.clear();
            return out;
        }
    }

    @Test
    void anAtomicWrite_reportsItsTempFileAsItsTarget_andTheDirectoryWhenDurable() throws IOException {
        fs.mkdirs(VPath.of("d"));
        taken();
        synchronized (flushes) {
            durations.clear();
        }
        long start = System.nanoTime();
        fs.atomicWrite(VPath.of("d/doc"), F, WriteOptions.durable(false));
        assertThat(taken()).containsExactly("FILE d/doc");
        fs.atomicWrite(VPath.of("d/doc"), F, WriteOptions.DEFAULT);
        long elapsed = System.nanoTime() - start;
        assertThat(taken()).containsExactly("FILE d/doc", "DIRECTORY d");
        synchronized (flushes) {
            // How long each fsync took (README, vikingfs.flush.latency): within the calls that made them.
            assertThat(durations).hasSize(3).allSatisfy(n -> assertThat(n).isBetween(0L, elapsed));
        }
    }

    @Test
    void aFailedFlush_isReportedAsFailed() throws IOException {
        fs.atomicWrite(VPath.of("doc"), F, WriteOptions.DEFAULT);
        taken();
        disk.failFlushesOf(p -> p.getFileName().toString().startsWith(LibraryNames.TEMP_PREFIX));
        assertThatThrownBy(() -> fs.atomicWrite(VPath.of("doc"), F, WriteOptions.DEFAULT))
                .isInstanceOf(io.vikingfs.DurabilityLostException.class);
        assertThat(taken()).containsExactly("FILE doc failed");
    }

    @Test
    void aDurableSwitch_flushesEveryFileAndDirectoryOfTheStagedTree() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // enough files for helper threads to share the flushes
            String f = "staged/d" + i % 3 + "/f" + i;
            fs.atomicWrite(VPath.of(f), F, WriteOptions.durable(false));
            expected.add("FILE " + f);
        }
        taken();
        fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
        List<String> reported = taken();
        assertThat(reported).filteredOn(s -> s.startsWith("FILE") && !s.contains("/.vfs-")) // the lock files too
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(reported).contains("DIRECTORY staged/d0", "DIRECTORY staged/d1", "DIRECTORY staged/d2",
                "DIRECTORY staged");
        assertThat(fs.read(VPath.of("live/d2/f11"))).isEqualTo(F);
    }
}
