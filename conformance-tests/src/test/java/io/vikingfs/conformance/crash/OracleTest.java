package io.vikingfs.conformance.crash;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The crash oracle on its own: which values each path may hold after a crash, under each model. */
class OracleTest {
    private static final String V0 = Oracle.fileValue("{\"v\":0}".getBytes());
    private static final String V1 = Oracle.fileValue("{\"v\":1}".getBytes());
    private static final String V2 = Oracle.fileValue("{\"v\":2}".getBytes());

    private static Workload writes(boolean firstDurable, boolean secondDurable) {
        return new Workload("w", List.of(new Call.Write("a", "{\"v\":0}", true, false)),
                List.of(new Call.Write("a", "{\"v\":1}", firstDurable, false),
                        new Call.Write("a", "{\"v\":2}", secondDurable, false)));
    }

    @Test
    void powerLoss_allowsEveryValueFromTheLastDurableReturnedWriteOn() {
        Oracle o = new Oracle(writes(true, false));
        assertThat(o.allowed("a", 2, -1, false, true)).containsExactly(V1, V2);
        assertThat(o.allowed("a", 1, -1, false, true)).containsExactly(V1);
        assertThat(new Oracle(writes(false, false)).allowed("a", 2, -1, false, true)).containsExactly(V0, V1, V2);
    }

    @Test
    void processCrash_allowsOnlyTheLastReturnedValue_orTheCallInFlight() {
        Oracle o = new Oracle(writes(false, false));
        assertThat(o.allowed("a", 2, -1, true, true)).containsExactly(V2);
        assertThat(o.allowed("a", 1, 1, true, true)).containsExactly(V1, V2);
    }

    @Test
    void logs_areValuedByTheirRecords_andABatchIsOneChange() {
        Workload w = new Workload("l", List.of(), List.of(new Call.Append("l", List.of("{\"a\":1}", "{\"a\":2}"), false)));
        Oracle o = new Oracle(w);
        assertThat(o.allowed("l", 1, -1, false, true))
                .containsExactly(Oracle.ABSENT, Oracle.logValue(List.of("{\"a\":1}", "{\"a\":2}")));
    }

    @Test
    void batchCuts_areAllowedOnlyWhereBatchesAreNotAtomic_andOnlyForBatchesThatMayBeLost() {
        String k1 = "{\"k\":1}";
        String k2 = "{\"k\":2}";
        String k3 = "{\"k\":3}";
        Workload w = new Workload("b", List.of(new Call.Append("b", List.of("{\"s\":0}"), true)),
                List.of(new Call.Append("b", List.of(k1, k2), false), new Call.Append("b", List.of(k3, "{\"k\":4}"), true)));
        Oracle o = new Oracle(w);
        String start = Oracle.logValue(List.of("{\"s\":0}"));
        String cut = Oracle.logValue(List.of("{\"s\":0}", k1));
        String first = Oracle.logValue(List.of("{\"s\":0}", k1, k2));
        String secondCut = Oracle.logValue(List.of("{\"s\":0}", k1, k2, k3));
        assertThat(o.allowed("b", 1, -1, false, true)).containsExactly(start, first);
        assertThat(o.allowed("b", 1, -1, false, false)).containsExactly(start, cut, first);
        // A process crash keeps every returned batch whole; only the batch in flight may be cut.
        assertThat(o.allowed("b", 1, -1, true, false)).containsExactly(first);
        assertThat(o.allowed("b", 1, 1, true, false)).contains(secondCut).doesNotContain(cut);
        // Once the durable batch returned, nothing before its end may survive, cut or not.
        assertThat(o.allowed("b", 2, -1, false, false)).hasSize(1).doesNotContain(secondCut, cut);
        assertThat(o.isBatchCut("b", cut)).isTrue();
        assertThat(o.isBatchCut("b", first)).isFalse();
    }

    @Test
    void aSwitch_changesTheLiveTreeAsOneValue() {
        Workload w = new Workload("s", List.of(new Call.Write("c0/f", "0", true, false), new Call.Switch("c0", "live", true),
                new Call.Write("c1/f", "1", true, false), new Call.Write("c1/g", "1", true, false)),
                List.of(new Call.Switch("c1", "live", false)));
        Oracle o = new Oracle(w);
        assertThat(o.allowed("live", 1, -1, false, true)).hasSize(2);
        assertThat(o.allowed("live", 0, 0, true, true)).hasSize(2);
        assertThat(o.allowed("live", 1, -1, true, true)).hasSize(1);
    }

    @Test
    void aCallTheReferenceRefuses_changesNothing() {
        Workload w = new Workload("r", List.of(new Call.Write("a", "x", true, false), new Call.Write("b", "y", true, false)),
                List.of(new Call.Rename("a", "b", false, true)));
        Oracle o = new Oracle(w);
        assertThat(o.mustSucceed(0)).isFalse();
        assertThat(o.events("a")).isEmpty();
    }

    @Test
    void aDurableRenameOfADirectory_promisesEveryFileInIt_howeverItWasWritten() {
        Workload w = new Workload("d", List.of(new Call.Write("st/base", "{\"v\":0}", true, false)),
                List.of(new Call.Append("st/log", List.of("{\"r\":1}"), false),
                        new Call.Rename("st", "moved", false, true)));
        Oracle o = new Oracle(w);
        String log = Oracle.logValue(List.of("{\"r\":1}"));
        assertThat(o.isLog("moved/log")).as("a log stays a log when it is moved").isTrue();
        assertThat(o.allowed("moved/log", 2, -1, false, false)).containsExactly(log);
        assertThat(o.allowed("moved/base", 2, -1, false, false)).containsExactly(V0);
        // In flight, the move may land while the non-durable append before it is lost.
        assertThat(o.allowed("moved/log", 1, 1, false, false)).containsExactly(Oracle.ABSENT, log);
    }

    @Test
    void aRenameNotYetDurable_mayKeepTheOldNameForTheSameFile_soItShowsLaterWrites() {
        Workload w = new Workload("m", List.of(new Call.Append("a", List.of("{\"r\":0}"), true)),
                List.of(new Call.Rename("a", "d/b", false, false),
                        new Call.Append("d/b", List.of("{\"r\":1}"), true)));
        Oracle o = new Oracle(w);
        String both = Oracle.logValue(List.of("{\"r\":0}", "{\"r\":1}"));
        assertThat(o.allowed("a", 2, -1, false, false)).contains(both);
        assertThat(o.allowed("a", 2, -1, true, false)).as("a process crash keeps the rename").containsExactly(Oracle.ABSENT);
        Workload durable = new Workload("m", w.setup(), List.of(new Call.Rename("a", "d/b", false, true),
                new Call.Append("d/b", List.of("{\"r\":1}"), true)));
        assertThat(new Oracle(durable).allowed("a", 2, -1, false, false)).containsExactly(Oracle.ABSENT);
    }
}
