package io.vikingfs.local.crash;

import io.vikingfs.DurabilityLostException;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.conformance.crash.Call;
import io.vikingfs.conformance.crash.ProcessCrashCheck;
import io.vikingfs.conformance.crash.Workload;
import io.vikingfs.local.LocalOptions;
import io.vikingfs.local.LocalVikingFs;
import io.vikingfs.local.disk.FaultyDisk;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failing disks under the real local protocols ({@link FaultyDisk} over {@link NioDisk} on a temporary folder): a
 * failed fsync, a full disk, short writes, and every single op of a workload failed in turn.
 */
class FailureInjectionTest {
    private static final VPath LOG = VPath.of("s/messages.jsonl");
    private static final VPath REG = VPath.of("sessions.json");

    @TempDir
    Path dir;

    private FaultyDisk disk;

    private VikingFs open() throws IOException {
        disk = new FaultyDisk(new NioDisk(dir));
        return LocalVikingFs.open(disk, LocalOptions.DEFAULT);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyOpKind_isTaggedReadOrWrite_asTheDiskSpiDefinesIt() {
        // A new kind must be classified here on purpose: injectors that target "all writes" depend on it.
        java.util.Set<FaultyDisk.OpKind> reads = java.util.EnumSet.noneOf(FaultyDisk.OpKind.class);
        for (FaultyDisk.OpKind k : FaultyDisk.OpKind.values()) {
            if (!k.writes()) {
                reads.add(k);
            }
        }
        assertThat(reads).containsExactlyInAnyOrder(FaultyDisk.OpKind.STAT, FaultyDisk.OpKind.LIST,
                FaultyDisk.OpKind.OPEN_READ, FaultyDisk.OpKind.OPEN_WRITE, FaultyDisk.OpKind.READ_SYMLINK,
                FaultyDisk.OpKind.FILE_READ, FaultyDisk.OpKind.FILE_LOCK);
    }

    @Test
    void failedFsync_reachesTheCaller_asDurabilityLost_andFurtherWritesThereAreRefused() throws IOException {
        try (VikingFs fs = open()) {
            fs.append(LOG, "{\"n\":1}", true);
            disk.inject(FaultyDisk.Injector.when(op -> op.kind() == FaultyDisk.OpKind.FILE_SYNC
                    && op.path().endsWith("messages.jsonl"), FaultyDisk.Injector.error("EIO")));
            assertThatThrownBy(() -> fs.append(LOG, "{\"n\":2}", true)).isInstanceOf(DurabilityLostException.class)
                    .hasMessageContaining("s/messages.jsonl");
            disk.inject(op -> null); // the disk "works" again: a retried sync proves nothing, so writes stay refused
            assertThatThrownBy(() -> fs.append(LOG, "{\"n\":3}", true)).isInstanceOf(DurabilityLostException.class);
            fs.atomicWrite(REG, utf8("other paths still work"), WriteOptions.DEFAULT);
        }
        try (VikingFs reopened = open()) {
            reopened.append(LOG, "{\"n\":4}", true); // reopening (recovery) lifts the refusal
            assertThat(reopened.readRecords(LOG).records()).startsWith("{\"n\":1}").endsWith("{\"n\":4}");
        }
    }

    @Test
    void fullDisk_failsTheWrite_keepsThePreviousContent_andWritesWorkAgainOnceSpaceReturns() throws IOException {
        AtomicBoolean full = new AtomicBoolean();
        try (VikingFs fs = open()) {
            fs.atomicWrite(REG, utf8("{\"v\":1}"), WriteOptions.DEFAULT);
            fs.append(LOG, "{\"n\":1}", true);
            disk.inject(FaultyDisk.Injector.toggle(full, op -> op.kind() == FaultyDisk.OpKind.FILE_WRITE
                    ? new FaultyDisk.ShortWrite(3, "No space left on device") : null));
            full.set(true);
            assertThatThrownBy(() -> fs.atomicWrite(REG, utf8("{\"v\":2,\"big\":true}"), WriteOptions.DEFAULT))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> fs.append(LOG, "{\"n\":2,\"big\":true}", true)).isInstanceOf(IOException.class);
            assertThat(fs.read(REG)).isEqualTo(utf8("{\"v\":1}"));
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"n\":1}");
            try (var s = fs.list(VPath.ROOT)) {
                assertThat(s.map(e -> e.name()).toList()).containsExactly("s", "sessions.json");
            }
            full.set(false);
            fs.atomicWrite(REG, utf8("{\"v\":3}"), WriteOptions.DEFAULT);
            fs.append(LOG, "{\"n\":3}", true);
            assertThat(fs.read(REG)).isEqualTo(utf8("{\"v\":3}"));
            RecordLog log = fs.readRecords(LOG);
            assertThat(log.records()).as("the retry starts on a clean line: no splice").containsExactly("{\"n\":1}", "{\"n\":3}");
            assertThat(log.isClean()).isTrue();
        }
        try (VikingFs reopened = open()) {
            assertThat(reopened.recover(false).total()).as("no temp file left behind").isZero();
        }
    }

    @Test
    void shortWriteThenRetry_neverSplicesTheRetriedRecordOntoTheFragment() throws IOException {
        try (VikingFs fs = open()) {
            fs.append(LOG, "{\"n\":1}", true);
            for (int landed = 1; landed < 12; landed += 3) {
                int l = landed;
                AtomicBoolean once = new AtomicBoolean(true);
                disk.inject(op -> op.kind() == FaultyDisk.OpKind.FILE_WRITE && once.getAndSet(false)
                        ? new FaultyDisk.ShortWrite(l, "short write") : null);
                assertThatThrownBy(() -> fs.append(LOG, "{\"retry\":" + l + "}", false)).isInstanceOf(IOException.class);
                disk.inject(op -> null);
                fs.append(LOG, "{\"retry\":" + l + "}", false);
            }
            RecordLog log = fs.readRecords(LOG);
            assertThat(log.records()).containsExactly("{\"n\":1}", "{\"retry\":1}", "{\"retry\":4}", "{\"retry\":7}",
                    "{\"retry\":10}");
            assertThat(log.isClean()).isTrue();
        }
    }

    /** Pebble's sweep: fail op 1, 2, 3, … of a workload until no fault fires; each time, reopen and check. */
    @Test
    void failingEachOpInTurn_leavesEveryCallDoneOrNotDone_andRecoveryKeepsEveryInvariant() throws IOException {
        Workload w = new Workload("fault-sweep", List.of(new Call.Write("sessions.json", "{\"v\":0}", true, false),
                new Call.Append("s/messages.jsonl", List.of("{\"n\":0}"), true),
                new Call.Write("stage0/f", "{\"gen\":0}", true, false), new Call.Switch("stage0", "live", true)),
                List.of(new Call.Write("sessions.json", "{\"v\":1}", true, false),
                        new Call.Append("s/messages.jsonl", List.of("{\"n\":1}", "{\"n\":2}"), false),
                        new Call.Write("staged/f", "{\"gen\":1}", false, false),
                        new Call.Switch("staged", "live", true),
                        new Call.Rename("sessions.json", "archive/sessions.json", false, true),
                        new Call.Append("s/messages.jsonl", List.of("{\"n\":3}"), true)));
        List<String> failures = new ArrayList<>();
        int swept = 0;
        for (long index = 1; ; index++) {
            Path store = Files.createDirectory(dir.resolve("sweep-" + index));
            FaultyDisk faulty = new FaultyDisk(new NioDisk(store));
            int returned = 0;
            int inFlight = -1;
            AtomicBoolean fired = new AtomicBoolean();
            try (VikingFs fs = LocalVikingFs.open(faulty, LocalOptions.DEFAULT)) {
                for (Call c : w.setup()) {
                    c.run(fs);
                }
                long target = faulty.ops() + index;
                long nth = index;
                faulty.inject(op -> {
                    if (op.index() == target) {
                        fired.set(true);
                        return new IOException("injected fault #" + nth + " at " + op);
                    }
                    return null;
                });
                for (int i = 0; i < w.calls().size(); i++) {
                    try {
                        w.calls().get(i).run(fs);
                        returned = i + 1;
                    } catch (IOException e) {
                        inFlight = i; // a failed call may have taken effect or not, never partly
                        break;
                    }
                }
            }
            if (!fired.get()) {
                break;
            }
            swept++;
            try (VikingFs reopened = LocalVikingFs.open(store)) {
                List<String> broken = ProcessCrashCheck.check(reopened, w, returned, inFlight);
                if (!broken.isEmpty()) {
                    failures.add("fault at op #" + index + " (returned " + returned + ", failed call " + inFlight + "): " + broken);
                }
            }
        }
        assertThat(swept).isGreaterThan(20);
        assertThat(failures).isEmpty();
    }
}
