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
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@code switchDirectory} leaves and what {@code recover} makes of it (the {@link SwitchProtocol} and
 * {@link Recovery} class comments), on the in-memory object client, looked at in the bucket: the staged
 * directory's parent outlives it; an older generation's tree a cut reclaim left is reported by {@code recover(false)}
 * (which changes nothing, and leaves nothing that would stop {@code recover(true)} after it) and then deleted, its
 * marker kept for the grace and deleted once older; the tree that was at {@code live/} before the first switch
 * likewise; a tree no marker names is a switch in progress while its newest object is younger than the grace.
 */
class SwitchLeftoversTest {
    private static final String GENS = "p/live/.vfs-gen/";

    private static VikingFs open(InMemoryObjectClient store, Duration grace) throws IOException {
        return ObjectVikingFs.open(store, "p", ObjectStoreOptions.DEFAULT.withReclaimGrace(grace)
                .withRecoverOnOpen(false), true, URI.create("s3://memory/p"), null);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> reported(RecoveryReport r) {
        List<String> all = new ArrayList<>(r.abandonedGenerations());
        all.addAll(r.other());
        return all;
    }

    private static Map<String, byte[]> treeObjects(InMemoryObjectClient store) {
        Map<String, byte[]> tree = new TreeMap<>();
        store.snapshot().forEach((k, v) -> {
            if (k.startsWith(GENS + "g-")) {
                tree.put(k, v);
            }
        });
        return tree;
    }

    private static void switchTo(VikingFs fs, String content) throws IOException {
        fs.atomicWrite(VPath.of("a/staged/f.txt"), b(content), WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("a/staged"), VPath.of("live"), true);
    }

    @Test
    void theStagedDirectorysParent_outlivesTheSwitch() throws IOException {
        try (VikingFs fs = open(new InMemoryObjectClient(), Duration.ZERO)) {
            switchTo(fs, "1");
            assertThat(fs.exists(VPath.of("a/staged"))).isFalse();
            assertThat(fs.stat(VPath.of("a")).isDirectory()).isTrue();
        }
    }

    @Test
    void anOlderGenerationsTree_isReportedThenReclaimed_itsMarkerKeptUntilOlderThanTheGrace() throws Exception {
        InMemoryObjectClient store = new InMemoryObjectClient();
        Duration grace = Duration.ofMillis(400);
        Map<String, byte[]> first;
        try (VikingFs fs = open(store, grace)) {
            switchTo(fs, "1");
            first = treeObjects(store);
            switchTo(fs, "2");
        }
        assertThat(store.snapshot().keySet()).as("the switch reclaimed the first tree").doesNotContainAnyElementsOf(
                first.keySet());
        // the second switch's reclaim cut short: the first generation's tree is back, its marker still there
        for (Map.Entry<String, byte[]> e : first.entrySet()) {
            store.put(e.getKey(), e.getValue(), PutMode.OVERWRITE);
        }
        long markers = store.snapshot().keySet().stream().filter(k -> k.startsWith(GENS + "m-")).count();
        assertThat(markers).isEqualTo(2);
        try (VikingFs fs = open(store, grace)) {
            assertThat(reported(fs.recover(false))).as("the tree, not its marker (younger than the grace)")
                    .containsExactlyInAnyOrderElementsOf(first.keySet());
            assertThat(store.snapshot().keySet()).containsAll(first.keySet());
            assertThat(reported(fs.recover(true))).containsExactlyInAnyOrderElementsOf(first.keySet());
            assertThat(store.snapshot().keySet()).doesNotContainAnyElementsOf(first.keySet());
            Thread.sleep(grace.toMillis() + 200);
            List<String> old = reported(fs.recover(true));
            assertThat(old).as("the old marker, once older than the grace").hasSize(1)
                    .allMatch(k -> k.startsWith(GENS + "m-"));
            assertThat(fs.read(VPath.of("live/f.txt"))).isEqualTo(b("2"));
        }
    }

    @Test
    void theTreeAtLiveBeforeTheFirstSwitch_leftByACutSwitch_isReportedAndReclaimed() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            switchTo(fs, "1");
            store.put("p/live/before.txt", b("the tree live/ held before"), PutMode.CREATE);
            assertThat(reported(fs.recover(false))).containsExactly("p/live/before.txt");
            assertThat(reported(fs.recover(true))).containsExactly("p/live/before.txt");
            assertThat(store.snapshot()).doesNotContainKey("p/live/before.txt");
            assertThat(fs.read(VPath.of("live/f.txt"))).isEqualTo(b("1"));
        }
    }

    @Test
    void aTreeNoMarkerNames_isKeptWhileItsNewestObjectIsYoungerThanTheGrace() throws Exception {
        InMemoryObjectClient store = new InMemoryObjectClient();
        Duration grace = Duration.ofMillis(400);
        String tree = GENS + "g-00000000-0000-0000-0000-000000000002/";
        try (VikingFs fs = open(store, grace)) {
            switchTo(fs, "live");
            store.put(tree + "old.txt", b("written first"), PutMode.CREATE);
            Thread.sleep(grace.toMillis() + 200);
            store.put(tree + "new.txt", b("written just now"), PutMode.CREATE); // the switch is still copying
            assertThat(reported(fs.recover(true))).as("a tree still being written may be a switch in progress")
                    .isEmpty();
            Thread.sleep(grace.toMillis() + 200);
            List<String> late = reported(fs.recover(true));
            assertThat(late).contains(tree + "old.txt", tree + "new.txt");
            assertThat(store.snapshot().keySet()).noneMatch(k -> k.startsWith(tree));
            assertThat(fs.read(VPath.of("live/f.txt"))).isEqualTo(b("live"));
        }
    }
}
