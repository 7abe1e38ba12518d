package io.vikingfs.memory;

import io.vikingfs.Capability;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What users get from {@link MemoryVikingFs}: isolation, {@code mem:} names, and {@code crash()}. */
class MemoryVikingFsCrashTest {
    private static final VPath REGISTRY = VPath.of("sessions.json");
    private static final VPath LOG = VPath.of("s/messages.jsonl");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void crashSyncedOnly_keepsDurableWrites_andDropsNonDurableOnes_neverTorn() throws IOException {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            fs.atomicWrite(REGISTRY, utf8("{\"v\":1}"), WriteOptions.DEFAULT);
            fs.atomicWrite(REGISTRY, utf8("{\"v\":2}"), WriteOptions.durable(false));
            try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly())) {
                assertThat(after.read(REGISTRY)).isEqualTo(utf8("{\"v\":1}"));
            }
            try (MemoryVikingFs after = fs.crash(CrashOptions.everything())) {
                assertThat(after.read(REGISTRY)).isEqualTo(utf8("{\"v\":2}"));
            }
            assertThat(fs.read(REGISTRY)).as("the crashed store is left as it was").isEqualTo(utf8("{\"v\":2}"));
        }
    }

    @Test
    void crashRandom_logKeepsAPrefixWithEveryDurableRecord() throws IOException {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            fs.append(LOG, "{\"n\":1}", true);
            fs.append(LOG, "{\"n\":2}", false);
            fs.append(LOG, "{\"n\":3}", false);
            for (long seed = 0; seed < 50; seed++) {
                try (MemoryVikingFs after = fs.crash(CrashOptions.random(seed))) {
                    RecordLog log = after.readRecords(LOG);
                    assertThat(List.of(List.of("{\"n\":1}"), List.of("{\"n\":1}", "{\"n\":2}"),
                            List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"))).as("seed %d", seed).contains(log.records());
                    // A torn tail may remain (readers skip it; the next append removes it), nothing else.
                    assertThat(log.damage()).as("seed %d", seed)
                            .allMatch(d -> d.kind() == RecordLog.Damage.Kind.TORN_TAIL);
                }
            }
        }
    }

    @Test
    void sameSeed_sameState() throws IOException {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            for (int i = 0; i < 6; i++) {
                fs.atomicWrite(VPath.of("f" + i), utf8("v" + i), WriteOptions.durable(false));
            }
            try (MemoryVikingFs a = fs.crash(CrashOptions.random(7)); MemoryVikingFs b = fs.crash(CrashOptions.random(7))) {
                for (int i = 0; i < 6; i++) {
                    assertThat(a.exists(VPath.of("f" + i))).isEqualTo(b.exists(VPath.of("f" + i)));
                }
            }
        }
    }

    @Test
    void capabilities_areLocalsWithPowerLossSimulation_withoutCrossProcess() throws IOException {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            assertThat(fs.capabilities().has(Capability.POWER_LOSS_SIMULATION)).isTrue();
            assertThat(fs.capabilities().has(Capability.CROSS_PROCESS_SAFE)).isFalse();
        }
    }

    @Test
    void memUri_sameNameSharesStorageWhileOpen_differentNamesAreIsolated() throws IOException {
        try (VikingFs a = VikingFs.open(URI.create("mem:shared-test")); VikingFs b = VikingFs.open(URI.create("mem:shared-test"));
             VikingFs other = VikingFs.open(URI.create("mem:other-test"))) {
            a.atomicWrite(REGISTRY, utf8("x"), WriteOptions.DEFAULT);
            assertThat(b.read(REGISTRY)).isEqualTo(utf8("x"));
            assertThat(other.exists(REGISTRY)).isFalse();
            assertThat(a.uri()).isEqualTo(URI.create("mem:shared-test"));
        }
        try (VikingFs again = VikingFs.open(URI.create("mem:shared-test"))) {
            assertThat(again.exists(REGISTRY)).as("discarded once the last handle closed").isFalse();
        }
    }

    @Test
    void twoCreatedStores_shareNothing() throws IOException {
        try (MemoryVikingFs a = MemoryVikingFs.create(); MemoryVikingFs b = MemoryVikingFs.create()) {
            a.atomicWrite(REGISTRY, utf8("x"), WriteOptions.DEFAULT);
            assertThat(b.exists(REGISTRY)).isFalse();
        }
    }

    @Test
    void closedMemHandle_refusesWork_whileAnotherHandleKeepsTheStorage() throws IOException {
        try (VikingFs keeper = VikingFs.open(URI.create("mem:closed-handle-test"))) {
            VikingFs handle = VikingFs.open(URI.create("mem:closed-handle-test"));
            handle.close();
            handle.close();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> handle.exists(REGISTRY))
                    .isInstanceOf(java.nio.file.ClosedFileSystemException.class);
            keeper.atomicWrite(REGISTRY, utf8("still open"), WriteOptions.DEFAULT);
            assertThat(keeper.read(REGISTRY)).isEqualTo(utf8("still open"));
        }
    }
}
