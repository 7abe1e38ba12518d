package io.vikingfs.conformance.crash;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.spi.Jsonl;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariant checker on logs, with post-crash logs written by hand and read through core's JSONL codec: a batch
 * cut at a record boundary is a violation exactly where the store declares {@link Capability#ATOMIC_BATCH_APPEND};
 * torn records, splices, gaps, reorders, duplicates and lost durable records are violations everywhere.
 */
class InvariantCheckerBatchTest {
    private static final Capabilities ATOMIC =
            Capabilities.of(Capability.ATOMIC_FILE_RENAME, Capability.ATOMIC_BATCH_APPEND);
    private static final Capabilities RECORD_GRANULAR = Capabilities.of(Capability.ATOMIC_FILE_RENAME);

    private static final String S = "{\"start\":true}";
    private static final String K1 = "{\"k\":1}";
    private static final String K2 = "{\"k\":2}";
    private static final String K3 = "{\"k\":3}";
    private static final String K4 = "{\"k\":4}";
    private static final String K5 = "{\"k\":5}";

    /** A durable start, then a batch of three that may be lost, then a durable batch of two. */
    private static final Workload BATCHES = new Workload("batches",
            List.of(new Call.Append("b.jsonl", List.of(S), true)),
            List.of(new Call.Append("b.jsonl", List.of(K1, K2, K3), false),
                    new Call.Append("b.jsonl", List.of(K4, K5), true)));

    private final InvariantChecker checker = new InvariantChecker(new Oracle(BATCHES));

    private static Observation log(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return bytes(sb.toString());
    }

    private static Observation bytes(String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        Observation o = new Observation();
        o.addLog("b.jsonl", Jsonl.decode(b, b.length));
        return o;
    }

    private List<String> powerLossAfterFirstBatch(Observation o, Capabilities c) {
        return checker.check(o, 1, -1, false, CrashModel.JOURNALING, c);
    }

    @Test
    void aCutBatch_isFlagged_whereTheStoreDeclaresAtomicBatchAppend() {
        assertThat(powerLossAfterFirstBatch(log(S, K1), ATOMIC))
                .singleElement().asString().startsWith("A1 ").contains("ATOMIC_BATCH_APPEND");
        assertThat(powerLossAfterFirstBatch(log(S, K1, K2), ATOMIC)).singleElement().asString().startsWith("A1 ");
        // The batch in flight at a process crash (a killed writer) must not be cut either.
        assertThat(checker.check(log(S, K1, K2, K3, K4), 1, 1, true, CrashModel.JOURNALING, ATOMIC))
                .singleElement().asString().startsWith("A1 ");
    }

    @Test
    void aWholeOrAbsentBatch_passes_whereTheStoreDeclaresAtomicBatchAppend() {
        assertThat(powerLossAfterFirstBatch(log(S), ATOMIC)).isEmpty();
        assertThat(powerLossAfterFirstBatch(log(S, K1, K2, K3), ATOMIC)).isEmpty();
        assertThat(checker.check(log(S, K1, K2, K3, K4, K5), 1, 1, true, CrashModel.JOURNALING, ATOMIC)).isEmpty();
    }

    @Test
    void aBatchCutAtARecordBoundary_passes_whereBatchesAreNotDeclaredAtomic() {
        assertThat(powerLossAfterFirstBatch(log(S, K1), RECORD_GRANULAR)).isEmpty();
        assertThat(powerLossAfterFirstBatch(log(S, K1, K2), RECORD_GRANULAR)).isEmpty();
        assertThat(checker.check(log(S, K1, K2, K3, K4), 1, 1, true, CrashModel.JOURNALING, RECORD_GRANULAR)).isEmpty();
        assertThat(checker.check(log(S, K1, K2, K3, K4), 1, 1, false, CrashModel.JOURNALING, RECORD_GRANULAR)).isEmpty();
        // A torn tail is the next record absent, not a part of it: recovery removes it.
        assertThat(powerLossAfterFirstBatch(bytes(S + "\n" + K1 + "\n{\"k\":"), RECORD_GRANULAR)).isEmpty();
    }

    @Test
    void aReturnedBatch_isNeverCutByAProcessCrash_evenWhereBatchesAreNotDeclaredAtomic() {
        assertThat(checker.check(log(S, K1), 1, -1, true, CrashModel.JOURNALING, RECORD_GRANULAR))
                .singleElement().asString().startsWith("A2 ");
        assertThat(checker.check(log(S, K1, K2, K3, K4), 2, -1, true, CrashModel.JOURNALING, RECORD_GRANULAR))
                .singleElement().asString().startsWith("A2 ");
    }

    @Test
    void aTornRecordInsideTheLog_isFlagged_whereBatchesAreNotDeclaredAtomic() {
        // A part of a record, then a newline: a well-formed line, but not a record that was appended.
        assertThat(powerLossAfterFirstBatch(bytes(S + "\n{\"k\":\n" + K2 + "\n"), RECORD_GRANULAR))
                .singleElement().asString().startsWith("A1 b.jsonl holds");
        // Zeros where a record was (an extended file whose data never reached the disk): a corrupt line.
        assertThat(powerLossAfterFirstBatch(bytes(S + "\n" + K1 + "\n\0\0\0\0\n"), RECORD_GRANULAR))
                .anySatisfy(b -> assertThat(b).startsWith("A1 ").contains("corrupt line"));
    }

    @Test
    void aSplice_isFlagged_whereBatchesAreNotDeclaredAtomic() {
        // Two records run together on one line.
        assertThat(powerLossAfterFirstBatch(bytes(S + "\n" + K1 + K2 + "\n"), RECORD_GRANULAR))
                .anySatisfy(b -> assertThat(b).startsWith("A1 "));
        // A later batch's records after a cut of an earlier one: each line whole, but not a prefix.
        assertThat(checker.check(log(S, K1, K4, K5), 1, 1, false, CrashModel.JOURNALING, RECORD_GRANULAR))
                .singleElement().asString().startsWith("A1 ");
    }

    @Test
    void aGapReorderOrDuplicate_isFlagged_whereBatchesAreNotDeclaredAtomic() {
        assertThat(powerLossAfterFirstBatch(log(S, K2, K3), RECORD_GRANULAR))
                .singleElement().asString().startsWith("A1 ");
        assertThat(powerLossAfterFirstBatch(log(S, K2, K1), RECORD_GRANULAR))
                .singleElement().asString().startsWith("A1 ");
        assertThat(powerLossAfterFirstBatch(log(S, K1, K1), RECORD_GRANULAR))
                .singleElement().asString().startsWith("A1 ");
        assertThat(powerLossAfterFirstBatch(log(K1, K2, K3), RECORD_GRANULAR))
                .singleElement().asString().startsWith("A1 ");
    }

    @Test
    void aDurableRecordLost_isFlagged_whereBatchesAreNotDeclaredAtomic() {
        // After the durable batch returned, neither it nor anything before it may be cut.
        assertThat(checker.check(log(S, K1, K2, K3, K4), 2, -1, false, CrashModel.JOURNALING, RECORD_GRANULAR))
                .singleElement().asString().startsWith("A2 ");
        assertThat(checker.check(log(S, K1), 2, -1, false, CrashModel.JOURNALING, RECORD_GRANULAR))
                .singleElement().asString().startsWith("A2 ");
        assertThat(powerLossAfterFirstBatch(log(), RECORD_GRANULAR)).singleElement().asString().startsWith("A2 ");
        assertThat(checker.check(log(S, K1, K2, K3, K4, K5), 2, -1, false, CrashModel.JOURNALING, RECORD_GRANULAR)).isEmpty();
    }
}
