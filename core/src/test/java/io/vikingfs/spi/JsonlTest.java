package io.vikingfs.spi;

import io.vikingfs.InvalidRecordException;
import io.vikingfs.RecordLog;
import io.vikingfs.RecordLog.Damage;
import io.vikingfs.VPath;
import io.vikingfs.trials.Shrink;
import io.vikingfs.trials.Trials;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonlTest {
    private static final VPath LOG = VPath.of("t/log.jsonl");

    /** 1–8 valid records of 1–40 characters: printable ASCII, tabs, JSON punctuation, any other BMP character
     *  and supplementary ones (surrogate pairs); control characters and lone surrogates are generated too, and
     *  records holding them are generated again, as {@link Jsonl#problem} refuses them. */
    static List<String> batch(Random rnd) {
        List<String> batch = new ArrayList<>();
        int size = 1 + rnd.nextInt(8);
        while (batch.size() < size) {
            String record = record(rnd);
            if (Jsonl.problem(record) == null) {
                batch.add(record);
            }
        }
        return batch;
    }

    private static String record(Random rnd) {
        StringBuilder s = new StringBuilder();
        int length = 1 + rnd.nextInt(40);
        for (int i = 0; i < length; i++) {
            switch (rnd.nextInt(10)) {
                case 0 -> s.append("{}[]\":,\\\t ".charAt(rnd.nextInt(10)));
                case 1 -> s.appendCodePoint(0x10000 + rnd.nextInt(0x100000));          // a surrogate pair
                case 2 -> s.append((char) (0x80 + rnd.nextInt(0xD800 - 0x80)));         // BMP below surrogates
                case 3 -> s.append((char) (0xE000 + rnd.nextInt(0x10000 - 0xE000)));     // BMP above them
                case 4 -> {                                                              // refused: regenerated
                    if (rnd.nextInt(20) == 0) {
                        s.append(rnd.nextBoolean() ? (char) rnd.nextInt(0x20) : (char) (0xD800 + rnd.nextInt(0x800)));
                    }
                }
                default -> s.append((char) (0x20 + rnd.nextInt(0x7F - 0x20)));          // printable ASCII
            }
        }
        return s.isEmpty() ? "x" : s.toString();
    }

    private static final Shrink<List<String>> SMALLER_BATCH =
            Shrink.list(Shrink.string().filter(r -> Jsonl.problem(r) == null)).filter(b -> !b.isEmpty());

    @Test
    void encodeThenDecode_roundTripsEveryValidBatch() {
        Trials.of(300).check(JsonlTest::batch, SMALLER_BATCH, batch -> {
            byte[] bytes = Jsonl.encode(LOG, batch);
            RecordLog log = Jsonl.decode(bytes, bytes.length);
            assertThat(log.records()).containsExactlyElementsOf(batch);
            assertThat(log.isClean()).isTrue();
        });
    }

    /** A batch and where a crash cuts its bytes (a fraction of their length, 0 to 1). */
    record Cut(List<String> batch, double fraction) {
    }

    @Test
    void anyCutOfABatch_keepsAPrefixAndReportsTheTailExactly() {
        Shrink<Cut> smaller = cut -> SMALLER_BATCH.candidates(cut.batch()).map(b -> new Cut(b, cut.fraction()));
        Trials.of(300).check(rnd -> new Cut(batch(rnd), rnd.nextInt(10) == 0 ? rnd.nextInt(2) : rnd.nextDouble()),
                smaller, c -> {
                    byte[] bytes = Jsonl.encode(LOG, c.batch());
                    int len = (int) (bytes.length * c.fraction());
                    RecordLog log = Jsonl.decode(bytes, len);
                    assertThat(c.batch().subList(0, log.records().size())).containsExactlyElementsOf(log.records());
                    long clean = Jsonl.cleanLength(bytes, len);
                    if (clean == len) {
                        assertThat(log.tornTail()).isEmpty();
                    } else {
                        Damage tail = log.tornTail().orElseThrow();
                        assertThat(tail.offset()).isEqualTo(clean);
                        assertThat(tail.length()).isEqualTo(len - clean);
                    }
                });
    }

    @Test
    void decode_corruptMiddleLine_isReportedAndDoesNotHideOthers() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[]{(byte) 0xC3, 0x28, '\n'});
        out.writeBytes("{\"a\":2}\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[]{0, 0, 0});
        byte[] b = out.toByteArray();
        RecordLog log = Jsonl.decode(b, b.length);
        assertThat(log.records()).containsExactly("{\"a\":1}", "{\"a\":2}");
        assertThat(log.damage()).extracting(Damage::kind)
                .containsExactly(Damage.Kind.CORRUPT_LINE, Damage.Kind.TORN_TAIL);
        assertThat(log.damage().get(0).offset()).isEqualTo(8);
        assertThat(log.tornTail().orElseThrow().reason()).contains("zero bytes");
    }

    @Test
    void encode_rejectsTheWholeBatchForOneBadRecord_namingItsIndex() {
        assertThatThrownBy(() -> Jsonl.encode(LOG, List.of("ok", "bad\nline", "ok")))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.index()).isEqualTo(1))
                .hasMessageContaining("t/log.jsonl").hasMessageContaining("newline");
    }

    @Test
    void encode_nullRecordInABatch_isAnInvalidRecordNotANullPointer() {
        assertThatThrownBy(() -> Jsonl.encode(LOG, java.util.Collections.singletonList(null)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("null record");
    }

    /** A batch is sized and copied once: every record whole, in order, each with its newline; a bad one anywhere
     *  (an unpaired surrogate would be encoded as '?' if it got through) refuses the batch naming its index. */
    @Test
    void encode_refusesEachRuleByIndex_andKeepsEveryValidRecordExactly() throws InvalidRecordException {
        for (String bad : List.of("ab\uD800", "\uDC00cd", "a\u0001", "a\nb", "", "\u0085\u0000")) {
            assertThatThrownBy(() -> Jsonl.encode(LOG, List.of("ok", bad)))
                    .as("%s", bad).isInstanceOfSatisfying(InvalidRecordException.class,
                            e -> assertThat(e.index()).isEqualTo(1));
        }
        List<String> good = List.of("what?", "tab\there", "\u00e9t\u00e9", "\uD83D\uDE00?", "{\"a\":1}");
        assertThat(new String(Jsonl.encode(LOG, good), StandardCharsets.UTF_8))
                .isEqualTo(String.join("\n", good) + "\n");
    }

    /** A record of 0–40 chars, mostly printable ASCII, with '?', tabs, control chars (among them a newline), lone
     *  and paired surrogates and other non-ASCII chars at any position of an 8-byte word. */
    private static String mostlyAscii(Random rnd) {
        StringBuilder s = new StringBuilder();
        int length = rnd.nextInt(41);
        for (int i = 0; i < length; i++) {
            switch (rnd.nextInt(24)) {
                case 0 -> s.append('?');
                case 1 -> s.append('\t');
                case 2 -> s.append((char) rnd.nextInt(0x20));                      // refused (tab aside)
                case 3 -> s.append((char) (0xD800 + rnd.nextInt(0x800)));          // a surrogate, most often lone
                case 4 -> s.appendCodePoint(0x10000 + rnd.nextInt(0x100000));      // a pair
                case 5 -> s.append((char) (0x7F + rnd.nextInt(0x100)));            // DEL and Latin-1 and beyond
                default -> s.append((char) (0x20 + rnd.nextInt(0x7F - 0x20)));
            }
        }
        return s.toString();
    }

    /** The word-at-a-time check that spares most records the char-by-char one: it vouches exactly for non-empty
     *  records of printable ASCII and tabs ('?' included), and for no other (a lone surrogate's UTF-8 is '?'). */
    @Test
    void plainAscii_vouchesExactlyForPrintableAsciiRecords() {
        Trials.of(3000).check(JsonlTest::mostlyAscii, Shrink.string(), r -> {
            boolean printableAscii = !r.isEmpty() && r.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x80);
            assertThat(Jsonl.plainAscii(r, r.getBytes(StandardCharsets.UTF_8))).as("%s", r).isEqualTo(printableAscii);
            if (printableAscii) {
                assertThat(Jsonl.problem(r)).isNull();
            }
        });
    }

    @Test
    void problem_namesEachRule() {
        assertThat(Jsonl.problem("")).contains("empty");
        assertThat(Jsonl.problem("a\rb")).contains("U+000D");
        assertThat(Jsonl.problem("a\u0000")).contains("U+0000");
        assertThat(Jsonl.problem("\uD800x")).contains("unpaired surrogate");
        // a high surrogate as the very last char has no partner to look at (the random trials reach it by chance)
        assertThat(Jsonl.problem("x\uD800")).contains("unpaired surrogate").contains("char 1");
        assertThat(Jsonl.problem("tab\tis fine")).isNull();
    }

    @Test
    void problem_namesTheNewlineAndWhereItIs() {
        assertThat(Jsonl.problem("ab\ncd")).contains("newline").contains("char 2");
    }

    /** §4 A3 recovery reports what it cuts: how many bytes, and whether they are the zeros a power loss leaves or
     *  the start of an append cut short. */
    @Test
    void decode_tornTail_saysHowManyBytesAndWhichKind() {
        byte[] cut = "{\"a\":1}\n{\"a\"".getBytes(StandardCharsets.UTF_8);
        assertThat(Jsonl.decode(cut, cut.length).tornTail().orElseThrow().reason())
                .isEqualTo("4 bytes after the last newline (an append cut short)");
        byte[] zeros = {'x', '\n', 0, 0, 0};
        assertThat(Jsonl.decode(zeros, zeros.length).tornTail().orElseThrow().reason())
                .isEqualTo("3 zero bytes after the last newline (an append lost in a power loss)");
    }

    @Test
    void cleanLength_keepsALeadingNewline_andIsZeroWithoutAny() {
        byte[] b = "\ntorn".getBytes(StandardCharsets.UTF_8);
        assertThat(Jsonl.cleanLength(b, b.length)).isEqualTo(1);
        assertThat(Jsonl.cleanLength(b, 0)).isZero();
        assertThat(Jsonl.cleanLength(new byte[] {'a', 'b'}, 2)).isZero();
    }

    /** The limit is inclusive: a record of exactly {@link Jsonl#MAX_RECORD_BYTES} is one, a byte more is not —
     *  the same on the way in ({@code encode} refuses it) and on the way out ({@code decode} reports it). */
    @Test
    void theRecordSizeLimit_isInclusive_whenEncodingAndWhenDecoding() throws InvalidRecordException {
        String atLimit = "x".repeat(Jsonl.MAX_RECORD_BYTES);
        byte[] encoded = Jsonl.encode(LOG, List.of(atLimit));
        assertThat(encoded).hasSize(Jsonl.MAX_RECORD_BYTES + 1);
        assertThat(Jsonl.decode(encoded, encoded.length).records()).hasSize(1);

        String over = atLimit + "x";
        assertThatThrownBy(() -> Jsonl.encode(LOG, List.of("ok", over)))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.index()).isEqualTo(1))
                .hasMessageContaining("limit " + Jsonl.MAX_RECORD_BYTES);
        byte[] stored = (over + "\n").getBytes(StandardCharsets.UTF_8);
        RecordLog log = Jsonl.decode(stored, stored.length);
        assertThat(log.records()).isEmpty();
        assertThat(log.damage()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Damage.Kind.CORRUPT_LINE);
            assertThat(d.reason()).contains("exceeds");
        });
    }

    /** The batch limit is inclusive, counted with the newlines: a batch of exactly the limit is encoded whole, one
     *  byte more is refused naming the record at which it passes (a small limit through the seam: the real one,
     *  2 GiB, would need a heap of twice that). */
    @Test
    void theBatchSizeLimit_isInclusive_countingTheNewlines() throws InvalidRecordException {
        byte[] atLimit = Jsonl.encode(LOG, List.of("abcd", "efgh"), 10);
        assertThat(new String(atLimit, StandardCharsets.UTF_8)).isEqualTo("abcd\nefgh\n");
        assertThatThrownBy(() -> Jsonl.encode(LOG, List.of("abcd", "efghi"), 10))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.index()).isEqualTo(1))
                .hasMessageContaining("passes 10 bytes");
    }
}
