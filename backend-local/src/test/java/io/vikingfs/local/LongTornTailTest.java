package io.vikingfs.local;

import io.vikingfs.VPath;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A torn tail as long as a record can be (docs/contract.md §4 A3): a crash in the middle of a large append (records
 * go up to 16 MiB) leaves far more bytes after the last newline than a short record would, and the newline that
 * ends the last whole record can sit anywhere behind them — right at the start of a block the search reads, or many
 * blocks back. The next append, and {@code repairLog}, must remove exactly those bytes and never the record before.
 */
class LongTornTailTest {
    /** A record as long as the tail: the last newline then sits a tail's length back, however long. */
    private static final String FIRST = "{\"first\":true}";

    @TempDir
    Path tmp;

    /**
     * Lengths around the 64 KiB block in which torn tails are searched (with the 15 bytes of the first record:
     * 65,535 puts its newline at the very start of the first block read, 65,536 one block back), and several blocks.
     */
    @ParameterizedTest
    @ValueSource(ints = {65_535 - 14, 65_535, 65_536, 65_537, 200_003})
    void theNextAppend_andRepairLog_removeATornTailOfAnyLength_andNothingBeforeIt(int tailLength) throws IOException {
        try (Stores stores = Stores.on("jimfs", tmp)) {
            VPath log = VPath.of("s/log.jsonl");
            Path file = stores.root.resolve("s/log.jsonl");

            // a torn tail is what a writer that died mid-append leaves: each tear below happens with no store of
            // ours holding the log (a live one keeps the log's lock across a burst, and no writer of the library
            // can write under it), and the store that finds the tail is a new one
            LocalVikingFs before = stores.open();
            before.append(log, FIRST, true);
            before.close();
            tearTail(file, tailLength, (byte) 'x');
            LocalVikingFs after = stores.open();
            after.append(log, "{\"second\":true}", true);
            after.close();
            assertThat(Files.readString(file)).isEqualTo(FIRST + "\n{\"second\":true}\n");

            tearTail(file, tailLength, (byte) 0);
            LocalVikingFs fs = stores.open();
            assertThat(fs.repairLog(log, true)).isEqualTo(tailLength);
            assertThat(fs.readRecords(log).records()).containsExactly(FIRST, "{\"second\":true}");
            assertThat(fs.readRecords(log).isClean()).isTrue();
        }
    }

    /** A log whose only bytes are a torn tail (the first append was cut): everything goes, the append lands. */
    @ParameterizedTest
    @ValueSource(ints = {1, 65_536, 65_537})
    void aLogThatIsAllTornTail_isCutToNothing(int tailLength) throws IOException {
        try (Stores stores = Stores.on("jimfs", tmp)) {
            LocalVikingFs fs = stores.open();
            Path file = Files.createDirectories(stores.root.resolve("s")).resolve("log.jsonl");
            tearTail(file, tailLength, (byte) 'x');
            fs.append(VPath.of("s/log.jsonl"), "{\"n\":1}", true);
            assertThat(Files.readString(file)).isEqualTo("{\"n\":1}\n");
        }
    }

    /** Appends {@code length} bytes without a newline, as an append cut short (or zero-filled by a power loss). */
    private static void tearTail(Path file, int length, byte fill) throws IOException {
        byte[] tail = new byte[length];
        Arrays.fill(tail, fill);
        Files.write(file, tail, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
