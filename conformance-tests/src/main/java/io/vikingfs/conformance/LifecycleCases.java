package io.vikingfs.conformance;

import io.vikingfs.Capability;
import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.Optional;
import java.nio.file.ClosedFileSystemException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Capabilities as declared, {@code recover}, close and reopen, opening by URI. */
public abstract class LifecycleCases extends StoreCase {

    @Test
    void capabilities_equalWhatTheFixtureExpects() {
        assertThat(caps.asSet()).isEqualTo(fixture.expected().asSet());
    }

    @Test
    void capabilities_atomicDirectoryRenameImpliesDirectoryRename() {
        if (caps.has(Capability.ATOMIC_DIRECTORY_RENAME)) {
            assertThat(caps.has(Capability.DIRECTORY_RENAME)).as("ATOMIC_DIRECTORY_RENAME without DIRECTORY_RENAME")
                    .isTrue();
        }
    }

    @Test
    void capabilities_crossProcessSafe_comesWithAWayToProveIt() {
        if (caps.has(Capability.CROSS_PROCESS_SAFE)) {
            assertThat(fixture.childProcess()).as("CROSS_PROCESS_SAFE is declared, so the fixture must give a "
                    + "ChildProcessSpec for the multi-process tests").isPresent();
        }
    }

    @Test
    void uri_isReported() {
        assertThat(fs.uri()).isNotNull();
        assertThat(fs.uri().getScheme()).isNotBlank();
    }

    @Test
    void openByChildUri_seesTheSameStore() throws IOException {
        assumeCapability(Capability.CROSS_PROCESS_SAFE);
        assertThat(fixture.childProcess()).as("CROSS_PROCESS_SAFE needs a ChildProcessSpec").isPresent();
        put("shared/doc.txt", "seen by all");
        try (VikingFs other = VikingFs.open(fixture.childProcess().get().storeUri())) {
            assertThat(new String(other.read(p("shared/doc.txt")), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("seen by all");
            assertThat(other.capabilities().asSet()).isEqualTo(caps.asSet());
        }
    }

    @Test
    void recover_freshStore_findsNothing() throws IOException {
        RecoveryReport report = fs.recover(false);
        assertThat(report.total()).isZero();
        assertThat(report.applied()).isFalse();
    }

    @Test
    void recover_afterCompletedWork_findsNothingAndKeepsAllData() throws IOException {
        put("a/doc.json", "{}");
        fs.append(p("a/log.jsonl"), "{}", true);
        fs.rename(p("a/doc.json"), p("b/doc.json"), RenameOptions.DEFAULT);
        put("s/x", "1");
        fs.switchDirectory(p("s"), p("live"), true);
        StoreSnapshot before = snapshot();
        RecoveryReport report = fs.recover(true);
        assertThat(report.total()).as("%s", report).isZero();
        assertThat(report.applied()).isTrue();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void recover_isIdempotent() throws IOException {
        put("a", "1");
        fs.recover(true);
        StoreSnapshot once = snapshot();
        assertThat(fs.recover(true).total()).isZero();
        assertThat(snapshot()).isEqualTo(once);
    }

    /** What an interrupted operation left, planted below the API by the fixture; skips only where it cannot. */
    private BackendFixture.Leftover plantLeftover(VPath dir) throws IOException {
        Optional<BackendFixture.Leftover> leftover = fixture.plantLeftover(fs, dir);
        assumeTrue(leftover.isPresent(), "the fixture cannot reach below the API to plant a leftover");
        assertThat(leftover.get().exists()).as("planted").isTrue();
        return leftover.get();
    }

    @Test
    void recover_plantedLeftover_reportedThenReclaimed() throws IOException {
        put("d/reg.json", "live data");
        BackendFixture.Leftover leftover = plantLeftover(p("d"));
        StoreSnapshot before = snapshot();
        RecoveryReport dry = fs.recover(false);
        assertThat(dry.total()).as("a dry run reports the leftover: %s", dry).isEqualTo(1);
        assertThat(dry.applied()).isFalse();
        assertThat(leftover.exists()).as("a dry run changes nothing").isTrue();
        RecoveryReport applied = fs.recover(true);
        assertThat(applied.total()).as("%s", applied).isEqualTo(1);
        assertThat(leftover.exists()).isFalse();
        assertThat(fs.recover(true).total()).isZero();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void reopen_plantedLeftover_reclaimedByOpening() throws IOException {
        put("d/reg.json", "live data");
        BackendFixture.Leftover leftover = plantLeftover(p("d"));
        StoreSnapshot before = snapshot();
        reopen();
        assertThat(leftover.exists()).as("opening runs recovery").isFalse();
        assertThat(read("d/reg.json")).isEqualTo("live data");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void reopen_keepsEverything() throws IOException {
        put("a/doc", "d");
        fs.append(p("a/log"), "1", false);
        fs.mkdirs(p("empty"));
        StoreSnapshot before = snapshot();
        reopen();
        assertThat(snapshot()).isEqualTo(before);
        fs.append(p("a/log"), "2", true);
        assertThat(read("a/log")).isEqualTo("1\n2\n");
    }

    interface Call {
        void on(VikingFs fs) throws Exception;
    }

    static Stream<Arguments> operationsOnAClosedStore() {
        VPath f = VPath.of("f");
        return Stream.of(
                Arguments.of("read", (Call) fs -> fs.read(f)),
                Arguments.of("newInputStream", (Call) fs -> fs.newInputStream(f).close()),
                Arguments.of("stat", (Call) fs -> fs.stat(f)),
                Arguments.of("exists", (Call) fs -> fs.exists(f)),
                Arguments.of("list", (Call) fs -> fs.list(VPath.ROOT).close()),
                Arguments.of("walk", (Call) fs -> fs.walk(VPath.ROOT).close()),
                Arguments.of("atomicWrite", (Call) fs -> fs.atomicWrite(f, new byte[] {1}, WriteOptions.DEFAULT)),
                Arguments.of("append", (Call) fs -> fs.append(VPath.of("log"), "{}", true)),
                Arguments.of("appendAll", (Call) fs -> fs.appendAll(VPath.of("log"), List.of("{}"), false)),
                Arguments.of("readRecords", (Call) fs -> fs.readRecords(VPath.of("log"))),
                Arguments.of("repairLog", (Call) fs -> fs.repairLog(VPath.of("log"), true)),
                Arguments.of("rename", (Call) fs -> fs.rename(f, VPath.of("g"), RenameOptions.DEFAULT)),
                Arguments.of("delete", (Call) fs -> fs.delete(f)),
                Arguments.of("deleteIfExists", (Call) fs -> fs.deleteIfExists(f)),
                Arguments.of("deleteRecursively", (Call) fs -> fs.deleteRecursively(VPath.of("d"))),
                Arguments.of("mkdirs", (Call) fs -> fs.mkdirs(VPath.of("d2"))),
                Arguments.of("switchDirectory", (Call) fs -> fs.switchDirectory(VPath.of("d"), VPath.of("l"), true)),
                Arguments.of("recover", (Call) fs -> fs.recover(false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operationsOnAClosedStore")
    void closedStore_everyOperationThrowsClosedFileSystemException(String name, Call call) throws IOException {
        put("f", "x");
        fs.append(p("log"), "{}", false);
        put("d/x", "1");
        closeFs();
        assertThatThrownBy(() -> call.on(fs)).as(name).isInstanceOf(ClosedFileSystemException.class);
        reopen();
        assertThat(read("f")).isEqualTo("x");
        assertThat(read("log")).isEqualTo("{}\n");
        assertThat(read("d/x")).isEqualTo("1");
        assertThat(walked(VPath.ROOT)).containsExactly("d/", "d/x", "f", "log");
    }
}
