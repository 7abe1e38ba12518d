package io.vikingfs.conformance;

import io.vikingfs.RecordLog;
import io.vikingfs.RecordLog.Damage;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code append}, {@code appendAll}, {@code readRecords} and {@code repairLog}. Damaged logs are made through
 * {@code atomicWrite} of raw bytes: the reader must cope with whatever bytes a crash or another tool left.
 */
public abstract class LogCases extends StoreCase {

    private void raw(String path, byte[] bytes) throws IOException {
        fs.atomicWrite(p(path), bytes, WriteOptions.durable(false));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void append_newLog_createsFileAndParentsWithOneLine(boolean durable) throws IOException {
        fs.append(p("sessions/s1/messages.jsonl"), "{\"role\":\"user\"}", durable);
        assertThat(read("sessions/s1/messages.jsonl")).isEqualTo("{\"role\":\"user\"}\n");
        assertThat(fs.stat(p("sessions/s1")).isDirectory()).isTrue();
    }

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void append_manyRecords_readBackInOrder(boolean durable) throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String r = "{\"i\":" + i + "}";
            expected.add(r);
            fs.append(p("log.jsonl"), r, durable);
        }
        RecordLog log = fs.readRecords(p("log.jsonl"));
        assertThat(log.records()).containsExactlyElementsOf(expected);
        assertThat(log.isClean()).isTrue();
    }

    @Test
    void appendAll_batch_storedAsConsecutiveLines() throws IOException {
        fs.append(p("l"), "first", false);
        fs.appendAll(p("l"), List.of("a", "b", "c"), true);
        fs.appendAll(p("l"), List.of("d"), false);
        assertThat(read("l")).isEqualTo("first\na\nb\nc\nd\n");
    }

    @Test
    void appendAll_thousandRecordBatch_allPresent() throws IOException {
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 37) + "\"}");
        }
        fs.appendAll(p("big.jsonl"), batch, true);
        assertThat(fs.readRecords(p("big.jsonl")).records()).containsExactlyElementsOf(batch);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @ValueSource(strings = {"tab\tinside", "emoji \uD83D\uDE00", "DEL \u007F", "C1 next-line \u0085", "\u00e9\u65e5",
            "\"quoted\\n escape\"", " ", "{}"})
    void append_validEdgeRecords_roundTripExactly(String record) throws IOException {
        fs.append(p("edge.jsonl"), record, false);
        assertThat(fs.readRecords(p("edge.jsonl")).records()).containsExactly(record);
        assertThat(fs.read(p("edge.jsonl"))).isEqualTo(utf8(record + "\n"));
    }

    @Test
    void append_toDirectory_failsAndDirectoryIntact() throws IOException {
        put("d/child", "x");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.append(p("d"), "{}", false)).isInstanceOf(FileSystemException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void append_parentIsFile_failsAndFileIntact() throws IOException {
        put("f", "x");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.append(p("f/log"), "{}", false)).isInstanceOf(FileSystemException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void readRecords_missingLog_throwsNoSuchFile() {
        assertThatThrownBy(() -> fs.readRecords(p("none.jsonl")))
                .isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertNamesPath(e, p("none.jsonl")));
    }

    @Test
    void readRecords_emptyFile_noRecordsAndClean() throws IOException {
        raw("e.jsonl", new byte[0]);
        RecordLog log = fs.readRecords(p("e.jsonl"));
        assertThat(log.records()).isEmpty();
        assertThat(log.isClean()).isTrue();
        assertThat(log.size()).isZero();
    }

    @Test
    void readRecords_tornTail_reportedWithOffsetAndLength() throws IOException {
        raw("t.jsonl", utf8("r1\nr22\n{\"par"));
        RecordLog log = fs.readRecords(p("t.jsonl"));
        assertThat(log.records()).containsExactly("r1", "r22");
        assertThat(log.tornTail()).hasValueSatisfying(d -> {
            assertThat(d.kind()).isEqualTo(Damage.Kind.TORN_TAIL);
            assertThat(d.offset()).isEqualTo(7);
            assertThat(d.length()).isEqualTo(5);
        });
        assertThat(log.damage()).hasSize(1);
        assertThat(log.size()).isEqualTo(12);
    }

    @Test
    void readRecords_zeroFilledTail_reportedAsTornTail() throws IOException {
        raw("z.jsonl", concat(utf8("ok\n"), new byte[9]));
        RecordLog log = fs.readRecords(p("z.jsonl"));
        assertThat(log.records()).containsExactly("ok");
        assertThat(log.tornTail()).hasValueSatisfying(d -> {
            assertThat(d.offset()).isEqualTo(3);
            assertThat(d.length()).isEqualTo(9);
        });
    }

    @Test
    void readRecords_corruptMiddleLine_reportedWithoutHidingOthers() throws IOException {
        raw("c.jsonl", utf8("r1\nbad\u0001line\nr3\n"));
        RecordLog log = fs.readRecords(p("c.jsonl"));
        assertThat(log.records()).containsExactly("r1", "r3");
        assertThat(log.damage()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Damage.Kind.CORRUPT_LINE);
            assertThat(d.offset()).isEqualTo(3);
            assertThat(d.length()).isEqualTo(8);
        });
        assertThat(log.tornTail()).isEmpty();
    }

    @Test
    void readRecords_invalidUtf8Line_reportedCorrupt() throws IOException {
        raw("u.jsonl", concat(utf8("a\n"), new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}, utf8("b\n")));
        RecordLog log = fs.readRecords(p("u.jsonl"));
        assertThat(log.records()).containsExactly("a", "b");
        assertThat(log.damage()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Damage.Kind.CORRUPT_LINE);
            assertThat(d.offset()).isEqualTo(2);
            assertThat(d.length()).isEqualTo(2);
        });
    }

    @Test
    void readRecords_blankLinesAndCorruptLinesAndTornTail_allReportedInOffsetOrder() throws IOException {
        raw("m.jsonl", utf8("a\n\nb\n\u0000\nc\ntail"));
        RecordLog log = fs.readRecords(p("m.jsonl"));
        assertThat(log.records()).containsExactly("a", "b", "c");
        assertThat(log.damage()).extracting(Damage::kind, Damage::offset, Damage::length).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Damage.Kind.CORRUPT_LINE, 2L, 0L),
                org.assertj.core.groups.Tuple.tuple(Damage.Kind.CORRUPT_LINE, 5L, 1L),
                org.assertj.core.groups.Tuple.tuple(Damage.Kind.TORN_TAIL, 9L, 4L));
    }

    @Test
    void readRecords_changesNothing() throws IOException {
        raw("d.jsonl", utf8("a\n\u0002\nb\ntorn"));
        StoreSnapshot before = snapshot();
        fs.readRecords(p("d.jsonl"));
        fs.readRecords(p("d.jsonl"));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void append_afterTornTail_tailRemovedAndRecordStartsOnCleanLine() throws IOException {
        raw("s.jsonl", utf8("r1\n{\"torn"));
        fs.append(p("s.jsonl"), "r2", true);
        assertThat(read("s.jsonl")).as("no splice of the fragment with the new record").isEqualTo("r1\nr2\n");
        assertThat(fs.readRecords(p("s.jsonl")).isClean()).isTrue();
    }

    @Test
    void append_afterCorruptMiddleLine_keepsIt() throws IOException {
        raw("k.jsonl", utf8("r1\n\u0003\n"));
        fs.append(p("k.jsonl"), "r2", false);
        assertThat(read("k.jsonl")).isEqualTo("r1\n\u0003\nr2\n");
    }

    @Test
    void repairLog_tornTail_removesOnlyTheTail() throws IOException {
        raw("r.jsonl", utf8("r1\nr2\npartial"));
        assertThat(fs.repairLog(p("r.jsonl"), true)).isEqualTo(7);
        assertThat(read("r.jsonl")).isEqualTo("r1\nr2\n");
        assertThat(fs.readRecords(p("r.jsonl")).isClean()).isTrue();
    }

    @Test
    void repairLog_isIdempotent() throws IOException {
        raw("r.jsonl", utf8("r1\nxx"));
        assertThat(fs.repairLog(p("r.jsonl"), false)).isEqualTo(2);
        StoreSnapshot after = snapshot();
        assertThat(fs.repairLog(p("r.jsonl"), false)).isZero();
        assertThat(fs.repairLog(p("r.jsonl"), true)).isZero();
        assertThat(snapshot()).isEqualTo(after);
    }

    @Test
    void repairLog_cleanLog_returnsZeroAndChangesNothing() throws IOException {
        fs.appendAll(p("clean.jsonl"), List.of("a", "b"), false);
        StoreSnapshot before = snapshot();
        assertThat(fs.repairLog(p("clean.jsonl"), true)).isZero();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void repairLog_keepsCorruptCompleteLines() throws IOException {
        raw("k.jsonl", utf8("a\n\u0001\nb\ntail"));
        assertThat(fs.repairLog(p("k.jsonl"), true)).isEqualTo(4);
        assertThat(read("k.jsonl")).isEqualTo("a\n\u0001\nb\n");
    }

    @Test
    void repairLog_onlyATornLine_leavesAnEmptyLog() throws IOException {
        raw("o.jsonl", utf8("never finished"));
        assertThat(fs.repairLog(p("o.jsonl"), true)).isEqualTo(14);
        assertThat(fs.read(p("o.jsonl"))).isEmpty();
        assertThat(fs.readRecords(p("o.jsonl")).records()).isEmpty();
    }

    @Test
    void repairLog_missingLog_throwsNoSuchFile() {
        assertThatThrownBy(() -> fs.repairLog(p("nolog.jsonl"), true)).isInstanceOf(NoSuchFileException.class);
    }
}
