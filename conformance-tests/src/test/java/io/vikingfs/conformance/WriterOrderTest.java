package io.vikingfs.conformance;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The oracle of the concurrent-append tests must catch every way a log can go wrong, or those tests prove nothing. */
class WriterOrderTest {
    private static final List<String> WRITERS = List.of("a", "b");

    private static List<String> interleaved() {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            log.add(CrossProcessAppender.record("a", i));
            log.add(CrossProcessAppender.record("b", i));
        }
        return log;
    }

    @Test
    void completeInterleavedLog_passes() {
        assertThatCode(() -> WriterOrder.assertComplete(interleaved(), WRITERS, 3)).doesNotThrowAnyException();
    }

    @Test
    void lostRecord_caught() {
        List<String> log = interleaved();
        log.remove(2);
        assertThatThrownBy(() -> WriterOrder.assertComplete(log, WRITERS, 3)).isInstanceOf(AssertionError.class);
    }

    @Test
    void lostLastRecordOfAWriter_caught() {
        List<String> log = interleaved();
        log.remove(log.size() - 1);
        assertThatThrownBy(() -> WriterOrder.assertComplete(log, WRITERS, 3)).isInstanceOf(AssertionError.class);
    }

    @Test
    void duplicatedRecord_caught() {
        List<String> log = interleaved();
        log.add(3, log.get(2));
        assertThatThrownBy(() -> WriterOrder.assertComplete(log, WRITERS, 3)).isInstanceOf(AssertionError.class);
    }

    @Test
    void reorderedWithinAWriter_caught() {
        List<String> log = interleaved();
        String first = log.remove(0);
        log.add(2, first);
        assertThatThrownBy(() -> WriterOrder.assertComplete(log, WRITERS, 3)).isInstanceOf(AssertionError.class);
    }

    @Test
    void splicedFragment_caught() {
        List<String> log = interleaved();
        log.set(1, "{\"w\":\"b\",\"i" + CrossProcessAppender.record("b", 0));
        assertThatThrownBy(() -> WriterOrder.assertComplete(log, WRITERS, 3)).isInstanceOf(AssertionError.class);
    }

    @Test
    void recordOfAnUnknownWriter_caught() {
        List<String> log = interleaved();
        log.add(CrossProcessAppender.record("c", 0));
        assertThatThrownBy(() -> WriterOrder.assertComplete(log, WRITERS, 3)).isInstanceOf(AssertionError.class);
    }
}
