package io.vikingfs.junit.example;

import io.vikingfs.junit.CrashTestResult;
import io.vikingfs.junit.CrashTester;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's budget: a 20-call workload (two sessions, seven turns on the corrected store) explored with the
 * default budget in under 30 s; the counts are printed (surefire-reports/*TwentyCallWorkloadTest-output.txt).
 */
class TwentyCallWorkloadTest {
    @Test
    void twentyCalls_exploreWithinTheDefaultBudget_inUnder30Seconds() throws IOException {
        long t0 = System.nanoTime();
        CrashTestResult r = CrashTester.of((fs, checkpoints) -> {
            AgentSessionStore store = AgentSessionStore.open(fs, EnumSet.noneOf(AgentSessionStore.Bug.class));
            String a = store.newSession();
            String b = store.newSession();
            for (int i = 0; i < 7; i++) {
                String id = i % 2 == 0 ? a : b;
                store.appendTurn(id, "t" + i);
                checkpoints.mark("acknowledged " + id + " t" + i);
            }
        }).check((recovered, crash) -> {
            AgentSessionStore store = AgentSessionStore.open(recovered, EnumSet.noneOf(AgentSessionStore.Bug.class));
            for (String c : crash.checkpoints()) {
                String[] p = c.split(" ");
                assertThat(store.turns(p[1])).contains("{\"turn\":\"" + p[2] + "\"}");
                assertThat(store.sessions()).contains(p[1]);
            }
        }).name("20-call session workload").run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("20-call workload: %d crash points, %d of %d states checked, %.1f s%n", r.crashPoints(),
                r.statesChecked(), r.statesTotal(), seconds);
        assertThat(r.calls()).isEqualTo(20);
        assertThat(r.statesChecked()).isLessThanOrEqualTo(CrashTester.DEFAULT_MAX_STATES);
        assertThat(seconds).isLessThan(30);
    }
}
