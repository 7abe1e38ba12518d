package io.vikingfs.local;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.RecordLog;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.vikingfs.local.PausingDisk.Op;
import static io.vikingfs.local.PausingDisk.When;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every conditional or locked step of the local protocols, with a second caller forced into its window: the first
 * caller is held inside the step ({@link PausingDisk}) while a second store instance on the same folder — its own
 * write queues, the same locks, as another process would have — runs to completion or blocks. The second caller
 * must never complete inside the window, and the final state must be the one some serial order gives. Each broken
 * variant of a window ({@link BrokenInterleavings}) is caught by the test of that window, on every run.
 */
class InterleavingTest {
    /** The protocol under test, given a store instance: the real one, or a broken variant over it. */
    private interface Protocol {
        VikingFs on(LocalVikingFs fs) throws IOException;
    }

    private static final Protocol REAL = fs -> fs;

    @TempDir
    Path root;
    private PausingDisk disk;
    private LocalVikingFs first;
    private LocalVikingFs second;

    @BeforeEach
    void open() throws IOException {
        disk = new PausingDisk(new NioDisk(root));
        first = LocalVikingFs.open(disk, LocalOptions.DEFAULT);
        second = LocalVikingFs.open(root);
    }

    @AfterEach
    void close() throws IOException {
        first.close();
        second.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String read(String path) throws IOException {
        return new String(second.read(VPath.of(path)), StandardCharsets.UTF_8);
    }

    // --- atomicWrite: the version check and the publish (AtomicWriter, under the directory lock) ---

    private void ifMatchRace(Protocol protocol) throws Exception {
        VPath counter = VPath.of("counter");
        second.atomicWrite(counter, utf8("0"), WriteOptions.DEFAULT);
        Version v0 = second.stat(counter).version();
        VikingFs a = protocol.on(first);
        VikingFs b = protocol.on(second);
        WriteOptions ifV0 = WriteOptions.precondition(Precondition.ifMatch(v0)).withDurable(false);
        var r = Interleaving.run(disk.pause(When.BEFORE, Op.RENAME, PausingDisk.named("counter")),
                () -> a.atomicWrite(counter, utf8("1 by first"), ifV0),
                () -> b.atomicWrite(counter, utf8("1 by second"), ifV0));
        assertThat(r.secondFinishedInWindow()).as("the second ifMatch(v0) completed between the first's version check "
                + "and its publish").isFalse();
        assertThat(r.first().ok() && r.second().ok()).as("lost update: both ifMatch(v0) writers were acknowledged "
                + "(first %s, second %s)", r.first(), r.second()).isFalse();
        assertThat(r.first().ok()).as("the held writer checked first and must win: %s", r.first()).isTrue();
        assertThat(r.second().error()).isInstanceOf(PreconditionFailedException.class);
        assertThat(read("counter")).isEqualTo("1 by first");
    }

    @Test
    void ifMatch_aSecondInstanceCannotPublishBetweenTheVersionCheckAndThePublish() throws Exception {
        ifMatchRace(REAL);
    }

    @Test
    void variant_versionCheckedOutsideThePublishLock_isCaughtAsALostUpdate() {
        assertThatThrownBy(() -> ifMatchRace(BrokenInterleavings::versionCheckedOutsideThePublishLock))
                .isInstanceOf(AssertionError.class).hasMessageContaining("lost update");
    }

    @Test
    void unconditionalWrite_waitsForAHeldIfMatchAndLandsAfterIt() throws Exception {
        VPath counter = VPath.of("counter");
        second.atomicWrite(counter, utf8("0"), WriteOptions.DEFAULT);
        Version v0 = second.stat(counter).version();
        var r = Interleaving.run(disk.pause(When.BEFORE, Op.RENAME, PausingDisk.named("counter")),
                () -> first.atomicWrite(counter, utf8("by ifMatch"),
                        WriteOptions.precondition(Precondition.ifMatch(v0)).withDurable(false)),
                () -> second.atomicWrite(counter, utf8("unconditional"), WriteOptions.durable(false)));
        assertThat(r.secondFinishedInWindow()).as("an unconditional write landed between an ifMatch check and its "
                + "publish").isFalse();
        assertThat(r.first().ok()).as("%s", r.first()).isTrue();
        assertThat(r.second().ok()).as("%s", r.second()).isTrue();
        assertThat(read("counter")).isEqualTo("unconditional");
    }

    @Test
    void ifAbsent_aSecondCreatorWaitsAndThenFails() throws Exception {
        VPath lock = VPath.of("locks/owner");
        second.mkdirs(lock.parent());
        WriteOptions create = WriteOptions.precondition(Precondition.ifAbsent()).withDurable(false);
        var r = Interleaving.run(disk.pause(When.BEFORE, Op.LINK, PausingDisk.named("owner")),
                () -> first.atomicWrite(lock, utf8("first"), create),
                () -> second.atomicWrite(lock, utf8("second"), create));
        assertThat(r.secondFinishedInWindow()).isFalse();
        assertThat(r.first().ok()).as("%s", r.first()).isTrue();
        assertThat(r.second().error()).isInstanceOf(PreconditionFailedException.class);
        assertThat(read("locks/owner")).isEqualTo("first");
    }

    // --- append: the size read, the torn-tail cut and the write (LogAppender, under the log's locks) ---

    private static final String R0 = "{\"n\":0}";
    private static final String BY_FIRST = "{\"w\":\"first\"}";
    private static final String BY_SECOND = "{\"w\":\"second\",\"text\":\"a longer record than the first\"}";

    private void appendAfterTornTail(Protocol protocol) throws Exception {
        Files.write(root.resolve("t.jsonl"), utf8(R0 + "\n{\"n\":1,\"te")); // a crashed writer's torn tail
        VPath log = VPath.of("t.jsonl");
        VikingFs a = protocol.on(first);
        VikingFs b = protocol.on(second);
        var r = Interleaving.run(disk.pause(When.AFTER, Op.TRUNCATE, PausingDisk.named("t.jsonl")),
                () -> {
                    a.append(log, BY_FIRST, false);
                    return null;
                },
                () -> {
                    b.append(log, BY_SECOND, false);
                    return null;
                });
        assertThat(r.first().ok()).as("%s", r.first()).isTrue();
        assertThat(r.second().ok()).as("%s", r.second()).isTrue();
        RecordLog records = second.readRecords(log);
        assertThat(r.secondFinishedInWindow()).as("an append landed between another's torn-tail cut and its write; "
                + "the log became %s", records).isFalse();
        assertThat(records.isClean()).as("%s", records.damage()).isTrue();
        assertThat(records.records()).containsExactly(R0, BY_FIRST, BY_SECOND);
    }

    @Test
    void append_aSecondInstanceCannotWriteBetweenTheTornTailCutAndTheWrite() throws Exception {
        appendAfterTornTail(REAL);
    }

    @Test
    void variant_tornTailCutOutsideTheAppendLock_isCaughtAsAnOverwrittenRecord() {
        assertThatThrownBy(() -> appendAfterTornTail(BrokenInterleavings::tornTailCutOutsideTheAppendLock))
                .isInstanceOf(AssertionError.class).hasMessageContaining("landed between");
    }

    @Test
    void append_aSecondInstanceWaitsWhileAnAppendIsWritten() throws Exception {
        VPath log = VPath.of("t.jsonl");
        second.append(log, R0, true);
        var r = Interleaving.run(disk.pause(When.BEFORE, Op.WRITE, PausingDisk.named("t.jsonl")),
                () -> {
                    first.append(log, BY_FIRST, false);
                    return null;
                },
                () -> {
                    second.append(log, BY_SECOND, false);
                    return null;
                });
        assertThat(r.secondFinishedInWindow()).isFalse();
        assertThat(second.readRecords(log).records()).containsExactly(R0, BY_FIRST, BY_SECOND);
    }

    // --- rename without replace: the target check and the rename (Namespace, under both directories' locks) ---

    @Test
    void renameWithoutReplace_aSecondRenameOntoTheTargetWaitsAndThenFails() throws Exception {
        second.atomicWrite(VPath.of("s1"), utf8("one"), WriteOptions.DEFAULT);
        second.atomicWrite(VPath.of("s2"), utf8("two"), WriteOptions.DEFAULT);
        RenameOptions noReplace = RenameOptions.DEFAULT.withDurable(false);
        var r = Interleaving.run(disk.pause(When.BEFORE, Op.RENAME, PausingDisk.named("target")),
                () -> {
                    first.rename(VPath.of("s1"), VPath.of("target"), noReplace);
                    return null;
                },
                () -> {
                    second.rename(VPath.of("s2"), VPath.of("target"), noReplace);
                    return null;
                });
        assertThat(r.secondFinishedInWindow()).isFalse();
        assertThat(r.first().ok()).as("%s", r.first()).isTrue();
        assertThat(r.second().error()).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(read("target")).isEqualTo("one");
        assertThat(read("s2")).isEqualTo("two");
    }

    // --- switchDirectory: the pointer swap and the reclaim of the old generation (DirectorySwitch) ---

    private void stage(String dir, String content) throws IOException {
        second.atomicWrite(VPath.of(dir, "f"), utf8(content), WriteOptions.DEFAULT);
    }

    @Test
    void switch_aSecondSwitchWaitsWhileTheOldGenerationIsReclaimed_readersSeeTheNewTree() throws Exception {
        VPath live = VPath.of("live");
        stage("st0", "gen0");
        second.switchDirectory(VPath.of("st0"), live, true);
        stage("st1", "gen1");
        stage("st2", "gen2");
        String oldGeneration = LibraryNames.generationName("live", 0);
        var r = Interleaving.run(disk.pause(When.BEFORE, Op.DELETE, PausingDisk.under(oldGeneration)),
                () -> {
                    first.switchDirectory(VPath.of("st1"), live, true);
                    return null;
                },
                () -> {
                    String seen = read("live/f"); // the pointer is swapped: live is already the new tree
                    second.switchDirectory(VPath.of("st2"), live, true);
                    return seen;
                });
        assertThat(r.secondFinishedInWindow()).as("a switch completed while another was reclaiming").isFalse();
        assertThat(r.first().ok()).as("%s", r.first()).isTrue();
        assertThat(r.second().ok()).as("%s", r.second()).isTrue();
        assertThat(r.second().value()).isEqualTo("gen1");
        assertThat(read("live/f")).isEqualTo("gen2");
        try (Stream<io.vikingfs.DirEntry> s = second.list(VPath.ROOT)) {
            assertThat(s.map(io.vikingfs.DirEntry::name)).containsExactly("live");
        }
        assertThat(second.recover(false).total()).as("both old generations reclaimed").isZero();
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(LibraryNames::isGeneration))
                    .containsExactly(LibraryNames.generationName("live", 2));
        }
    }
}
