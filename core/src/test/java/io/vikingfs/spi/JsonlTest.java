package io.vikingfs.spi;

import io.vikingfs.InvalidRecordException;
import io.vikingfs.RecordLog;
import io.vikingfs.RecordLog.Damage;
import io.vikingfs.VPath;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonlTest {
    private static final VPath LOG = VPath.of("t/log.jsonl");

    @Property(tries = 300)
    void encodeThenDecode_roundTripsEveryValidBatch(@ForAll("batches") List<String> batch) throws Exception {
        byte[] bytes = Jsonl.encode(LOG, batch);
        RecordLog log = Jsonl.decode(bytes, bytes.length);
        assertThat(log.records()).containsExactlyElementsOf(batch);
        assertThat(log.isClean()).isTrue();
    }

    @Property(tries = 300)
    void anyCutOfABatch_keepsAPrefixAndReportsTheTailExactly(@ForAll("batches") List<String> batch,
                                                            @ForAll("fractions") double cut) throws Exception {
        byte[] bytes = Jsonl.encode(LOG, batch);
        int len = (int) (bytes.length * cut);
        RecordLog log = Jsonl.decode(bytes, len);
        assertThat(batch.subList(0, log.records().size())).containsExactlyElementsOf(log.records());
        long clean = Jsonl.cleanLength(bytes, len);
        if (clean == len) {
            assertThat(log.tornTail()).isEmpty();
        } else {
            Damage tail = log.tornTail().orElseThrow();
            assertThat(tail.offset()).isEqualTo(clean);
            assertThat(tail.length()).isEqualTo(len - clean);
        }
    }

    @Provide
    Arbitrary<List<String>> batches() {
        Arbitrary<String> record = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
                .filter(s -> Jsonl.problem(s) == null);
        return record.list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
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

    @Test
    void problem_namesEachRule() {
        assertThat(Jsonl.problem("")).contains("empty");
        assertThat(Jsonl.problem("a\rb")).contains("U+000D");
        assertThat(Jsonl.problem("a\u0000")).contains("U+0000");
        assertThat(Jsonl.problem("\uD800x")).contains("unpaired surrogate");
        assertThat(Jsonl.problem("tab\tis fine")).isNull();
    }
}
