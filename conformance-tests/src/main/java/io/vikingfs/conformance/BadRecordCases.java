package io.vikingfs.conformance;

import io.vikingfs.InvalidRecordException;
import io.vikingfs.VPath;
import io.vikingfs.spi.Jsonl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad input, part 2: invalid records, table-driven. Each batch is refused with an {@link InvalidRecordException}
 * naming the log and the index of the first bad record, nothing of the batch is written, an existing log keeps its
 * exact bytes and a missing log (and its parent directory) is not created.
 */
public abstract class BadRecordCases extends StoreCase {
    private static final VPath EXISTING = VPath.of("logs/existing.jsonl");
    private static final VPath MISSING = VPath.of("logs/new-dir/missing.jsonl");
    private StoreSnapshot seeded;

    private static Arguments batch(String description, int badIndex, Supplier<List<String>> records) {
        return Arguments.of(description, badIndex, records);
    }

    private static Arguments single(String description, String record) {
        return batch(description, 0, () -> Arrays.asList(record));
    }

    static Stream<Arguments> invalidBatches() {
        return Stream.of(
                single("newline inside", "{\"a\":1}\n{\"b\":2}"),
                single("only a newline", "\n"),
                single("trailing newline", "{\"a\":1}\n"),
                single("carriage return", "{\"a\":\"x\ry\"}"),
                single("CRLF ending", "{}\r\n"),
                single("NUL", "{\"a\":\"\u0000\"}"),
                single("escape U+001B", "\u001b[31mred"),
                single("vertical tab and form feed", "a\u000bb\u000c"),
                single("unpaired high surrogate", "{\"a\":\"\uD83D\"}"),
                single("unpaired low surrogate", "\uDE00tail"),
                single("empty record", ""),
                single("null record", null),
                batch("16 MiB + 1 ASCII bytes", 0, () -> List.of("x".repeat(Jsonl.MAX_RECORD_BYTES + 1))),
                batch("16 MiB + 1 bytes in fewer chars (2-byte UTF-8)", 0,
                        () -> List.of("\u00e9".repeat(Jsonl.MAX_RECORD_BYTES / 2) + "x")),
                batch("empty batch", 0, List::of),
                batch("bad record in the middle of a valid batch", 1, () -> List.of("{\"ok\":1}", "bad\nline", "{\"ok\":3}")),
                batch("empty record at the end of 100", 99, () -> {
                    List<String> l = new ArrayList<>();
                    for (int i = 0; i < 99; i++) {
                        l.add("{\"i\":" + i + "}");
                    }
                    l.add("");
                    return l;
                }),
                batch("null record after valid ones", 2, () -> Arrays.asList("1", "2", null)),
                batch("oversize record after a valid one", 1, () -> List.of("{}", "y".repeat(Jsonl.MAX_RECORD_BYTES + 1))));
    }

    @BeforeEach
    void seedStore() throws IOException {
        fs.appendAll(EXISTING, List.of("{\"seed\":1}", "{\"seed\":2}"), true);
        put("logs/other.txt", "unrelated");
        seeded = snapshot();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBatches")
    void invalidRecords_refusedWithIndex_storeUntouched(String description, int badIndex,
                                                        Supplier<List<String>> records) throws IOException {
        List<String> batch = records.get();
        for (VPath log : List.of(EXISTING, MISSING)) {
            for (boolean durable : new boolean[] {true, false}) {
                assertThatThrownBy(() -> fs.appendAll(log, batch, durable))
                        .as("%s to %s", description, log)
                        .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                            assertThat(e.index()).isEqualTo(badIndex);
                            assertThat(e.getFile()).isEqualTo(log.toString());
                            assertThat(e.getMessage()).contains("nothing was appended");
                        });
            }
        }
        if (batch.size() == 1 && batch.get(0) != null) {
            assertThatThrownBy(() -> fs.append(EXISTING, batch.get(0), true)).isInstanceOf(InvalidRecordException.class);
        }
        assertEquals(seeded, snapshot(), "an invalid record must leave the store byte-for-byte untouched");
        assertThat(fs.exists(MISSING.parent())).as("no parent created for a refused batch").isFalse();
        fs.append(EXISTING, "{\"after\":true}", false);
        assertThat(fs.readRecords(EXISTING).records()).containsExactly("{\"seed\":1}", "{\"seed\":2}", "{\"after\":true}");
    }
}
