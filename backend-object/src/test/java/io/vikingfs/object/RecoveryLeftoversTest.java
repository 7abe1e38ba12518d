package io.vikingfs.object;

import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.PutMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code recover} on the leftovers its Javadoc lists, looked at in the bucket and not only through the API (where
 * leftovers are invisible by design): objects a long grace kept — segments covered by a chunk, objects below a
 * replacement, a delete nothing follows, old generations of a switched directory — are reported by
 * {@code recover(false)} without a change, deleted by {@code recover(true)} once no other client can need them
 * (grace zero), and never anything live: the files read the same, and a second recovery finds nothing.
 */
class RecoveryLeftoversTest {
    private static VikingFs open(InMemoryObjectClient store, Duration grace) throws IOException {
        return ObjectVikingFs.open(store, "p", ObjectStoreOptions.DEFAULT.withCompactionFanout(4).withReclaimGrace(grace)
                .withRecoverOnOpen(false), true, URI.create("s3://memory/p"), null);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> keys(InMemoryObjectClient store) {
        return new TreeSet<>(store.snapshot().keySet());
    }

    private static List<String> reported(RecoveryReport r) {
        List<String> all = new ArrayList<>(r.abandonedGenerations());
        all.addAll(r.other());
        all.addAll(r.abandonedStaging());
        return all;
    }

    /** Recovers with grace zero: reported first (nothing changes), then applied; returns what was reported. */
    private static List<String> recoverAll(InMemoryObjectClient store) throws IOException {
        return recoverAll(store, Set.of());
    }

    /**
     * As {@link #recoverAll(InMemoryObjectClient)}, where the files at {@code visibleLeftovers} are leftovers a
     * reader can see (what is left of a staged directory), which recovery removes; every other file reads the same.
     */
    private static List<String> recoverAll(InMemoryObjectClient store, Set<String> visibleLeftovers)
            throws IOException {
        Set<String> before = keys(store);
        Map<String, String> files;
        List<String> reported;
        try (VikingFs fs = open(store, Duration.ZERO)) {
            files = ObjectFixtures.files(fs);
            RecoveryReport dry = fs.recover(false);
            assertThat(dry.applied()).isFalse();
            assertThat(keys(store)).as("recover(false) changes nothing").isEqualTo(before);
            reported = reported(dry);
            assertThat(before).containsAll(reported);
            RecoveryReport applied = fs.recover(true);
            assertThat(applied.applied()).isTrue();
            assertThat(reported(applied)).containsExactlyInAnyOrderElementsOf(reported);
            Set<String> expected = new TreeSet<>(before);
            reported.forEach(expected::remove);
            assertThat(keys(store)).as("exactly what was reported is gone").isEqualTo(expected);
            files.keySet().removeAll(visibleLeftovers);
            assertThat(ObjectFixtures.files(fs)).as("nothing live touched").isEqualTo(files);
            assertThat(reported(fs.recover(true))).as("a second recovery finds nothing").isEmpty();
        }
        return reported;
    }

    @Test
    void segmentsCoveredByChunks_areKeptForTheGrace_thenReclaimed() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            for (int i = 0; i < 21; i++) {
                fs.append(VPath.of("t.jsonl"), "{\"i\":" + i + "}", true);
            }
            assertThat(reported(fs.recover(false))).as("within the grace nothing may go").isEmpty();
        }
        List<String> reported = recoverAll(store);
        // 21 positions: chunk c2 (1..16) and c1 (17..20) cover 20 segments; segment 21 is the newest
        assertThat(reported).hasSize(20).allMatch(k -> k.contains("/s-"));
        assertThat(keys(store)).hasSize(3);
    }

    @Test
    void whatLiesBelowAReplacement_andADeleteNothingFollows_areReclaimed() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            for (int i = 0; i < 3; i++) {
                fs.append(VPath.of("replaced.jsonl"), "{\"i\":" + i + "}", true);
                fs.append(VPath.of("deleted.jsonl"), "{\"i\":" + i + "}", true);
            }
            fs.atomicWrite(VPath.of("replaced.jsonl"), b("{\"r\":1}\n"), WriteOptions.DEFAULT);
            fs.delete(VPath.of("deleted.jsonl"));
        }
        List<String> reported = recoverAll(store);
        assertThat(reported).hasSize(3 + 4).allMatch(k -> k.contains("/.vfs-log."));
        assertThat(keys(store)).as("only the replacement is left").hasSize(1).allMatch(k -> k.contains("replaced"));
        try (VikingFs fs = open(store, Duration.ZERO)) {
            assertThat(fs.readRecords(VPath.of("replaced.jsonl")).records()).containsExactly("{\"r\":1}");
            assertThat(fs.exists(VPath.of("deleted.jsonl"))).isFalse();
        }
    }

    @Test
    void aChunkAReplacementsReclaimLeftBelowIt_andTheSegmentsItCovers_areReportedOnceEach() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        String chunk = "p/" + Keys.LOG + "r.jsonl/" + Keys.chunk(1, 4);
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            for (int i = 0; i < 5; i++) {
                fs.append(VPath.of("r.jsonl"), "{\"i\":" + i + "}", true);
            }
            byte[] compacted = store.snapshot().get(chunk);
            assertThat(compacted).as("positions 1..4 compacted, their segments kept for the grace").isNotNull();
            fs.atomicWrite(VPath.of("r.jsonl"), b("{\"r\":1}\n"), WriteOptions.DEFAULT);
            // the replacement's reclaim cut short before the chunk below it was deleted
            store.put(chunk, compacted, PutMode.CREATE);
        }
        List<String> reported = recoverAll(store);
        assertThat(reported).as("the chunk and segments 1..5, each once").doesNotHaveDuplicates().hasSize(6)
                .contains(chunk);
        assertThat(keys(store)).as("only the replacement is left").hasSize(1);
    }

    @Test
    void olderGenerationsOfASwitchedDirectory_areReclaimed_theLiveOneKept() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            fs.atomicWrite(VPath.of("live/before.txt"), b("a tree at live/ before its first switch"),
                    WriteOptions.DEFAULT);
            for (int g = 1; g <= 3; g++) {
                fs.atomicWrite(VPath.of("staged/f.txt"), b("gen " + g), WriteOptions.DEFAULT);
                fs.atomicWrite(VPath.of("staged/sub/g.txt"), b("sub " + g), WriteOptions.DEFAULT);
                for (int i = 0; i < 6; i++) { // a log in the tree, with segments a chunk covers (kept for the grace)
                    fs.append(VPath.of("staged/t.jsonl"), "{\"g\":" + g + ",\"i\":" + i + "}", true);
                }
                fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
            }
        }
        assertThat(keys(store)).as("the switch reclaims the tree that was at live/ (no grace: no claim targets it)")
                .doesNotContain("p/live/before.txt");
        Set<String> before = keys(store);
        recoverAll(store);
        Set<String> trees = new TreeSet<>();
        for (String k : keys(store)) {
            int at = k.indexOf("/.vfs-gen/g-");
            if (at >= 0) {
                trees.add(k.substring(0, k.indexOf('/', at + "/.vfs-gen/g-".length())));
            }
        }
        assertThat(trees).as("one tree left: the live one").hasSize(1);
        String live = trees.iterator().next();
        assertThat(keys(store).stream().filter(k -> k.startsWith(live)))
                .as("recovery leaves the live tree alone, its log's covered segments too")
                .containsExactlyElementsOf(before.stream().filter(k -> k.startsWith(live)).toList());
        try (VikingFs fs = open(store, Duration.ZERO)) {
            assertThat(fs.read(VPath.of("live/f.txt"))).isEqualTo(b("gen 3"));
            assertThat(fs.read(VPath.of("live/sub/g.txt"))).isEqualTo(b("sub 3"));
            assertThat(fs.readRecords(VPath.of("live/t.jsonl")).records()).hasSize(6)
                    .allMatch(r -> r.startsWith("{\"g\":3,"));
        }
    }

    @Test
    void aStagingLeftOfTheNewestSwitch_isReclaimedOnlyWhereEveryObjectHasItsTwinInTheGeneration() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            fs.atomicWrite(VPath.of("staged/f.txt"), b("one"), WriteOptions.DEFAULT);
            fs.atomicWrite(VPath.of("staged/g.txt"), b("two"), WriteOptions.DEFAULT);
            fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
        }
        // the switch's deletion of its staging cut short: a copy of what the generation holds is left
        store.put("p/staged/f.txt", b("one"), PutMode.OVERWRITE);
        assertThat(recoverAll(store, Set.of("staged/f.txt"))).containsExactly("p/staged/f.txt");
        // new data under the staged name is no leftover: it stays
        store.put("p/staged/f.txt", b("one"), PutMode.OVERWRITE);
        store.put("p/staged/g.txt", b("new"), PutMode.OVERWRITE);
        assertThat(recoverAll(store)).isEmpty();
        assertThat(keys(store)).contains("p/staged/f.txt", "p/staged/g.txt");
    }

    @Test
    void aTreeNoMarkerNames_isKeptWhileYoungerThanTheGrace_thenReclaimed() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            fs.atomicWrite(VPath.of("staged/f.txt"), b("live"), WriteOptions.DEFAULT);
            fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
            // another client's switch in progress: its tree is written, its marker not yet
            store.put("p/live/.vfs-gen/g-00000000-0000-0000-0000-000000000001/f.txt", b("next"), PutMode.CREATE);
            assertThat(reported(fs.recover(true))).as("a young tree may be another client's switch").isEmpty();
            assertThat(fs.read(VPath.of("live/f.txt"))).isEqualTo(b("live"));
        }
        assertThat(recoverAll(store)).containsExactly("p/live/.vfs-gen/g-00000000-0000-0000-0000-000000000001/f.txt");
    }
}
