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
        assertThat(o.allowed("a", 2, -1, false)).containsExactly(V1, V2);
        assertThat(o.allowed("a", 1, -1, false)).containsExactly(V1);
        assertThat(new Oracle(writes(false, false)).allowed("a", 2, -1, false)).containsExactly(V0, V1, V2);
    }

    @Test
    void processCrash_allowsOnlyTheLastReturnedValue_orTheCallInFlight() {
        Oracle o = new Oracle(writes(false, false));
        assertThat(o.allowed("a", 2, -1, true)).containsExactly(V2);
        assertThat(o.allowed("a", 1, 1, true)).containsExactly(V1, V2);
    }

    @Test
    void logs_areValuedByTheirRecords_andABatchIsOneChange() {
        Workload w = new Workload("l", List.of(), List.of(new Call.Append("l", List.of("{\"a\":1}", "{\"a\":2}"), false)));
        Oracle o = new Oracle(w);
        assertThat(o.allowed("l", 1, -1, false))
                .containsExactly(Oracle.ABSENT, Oracle.logValue(List.of("{\"a\":1}", "{\"a\":2}")));
    }

    @Test
    void aSwitch_changesTheLiveTreeAsOneValue() {
        Workload w = new Workload("s", List.of(new Call.Write("c0/f", "0", true, false), new Call.Switch("c0", "live", true),
                new Call.Write("c1/f", "1", true, false), new Call.Write("c1/g", "1", true, false)),
                List.of(new Call.Switch("c1", "live", false)));
        Oracle o = new Oracle(w);
        assertThat(o.allowed("live", 1, -1, false)).hasSize(2);
        assertThat(o.allowed("live", 0, 0, true)).hasSize(2);
        assertThat(o.allowed("live", 1, -1, true)).hasSize(1);
    }

    @Test
    void aCallTheReferenceRefuses_changesNothing() {
        Workload w = new Workload("r", List.of(new Call.Write("a", "x", true, false), new Call.Write("b", "y", true, false)),
                List.of(new Call.Rename("a", "b", false, true)));
        Oracle o = new Oracle(w);
        assertThat(o.mustSucceed(0)).isFalse();
        assertThat(o.events("a")).isEmpty();
    }
}
