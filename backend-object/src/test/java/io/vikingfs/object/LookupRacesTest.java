package io.vikingfs.object;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import io.vikingfs.object.client.PutMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Another client's step landing between this client's look at a path and its next request, made deterministic:
 * the step runs inside this client's request hook, just before the request named. Each case asserts what the
 * operation's Javadoc or docs/contract.md promises when the path changed under it: a rename whose source vanished
 * says so and creates nothing; a {@code stat} of a log deleted meanwhile reports it missing, or the new file if it
 * was written again before its look again; a failed
 * {@code ifMatch} on a file that became a log names the log's version; recovery never deletes a tree that a
 * switch's marker named after recovery listed it; an append that loses its position to another client's lands
 * above it, never on a position below that was reclaimed (a record there would hide under a chunk: lost); a read
 * that fills a range no chunk covers while another client compacts it lists again and returns the whole log.
 */
class LookupRacesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VikingFs open(InMemoryObjectClient view, Duration grace) throws IOException {
        return ObjectVikingFs.open(view, "p", ObjectStoreOptions.DEFAULT.withReclaimGrace(grace)
                .withRecoverOnOpen(false), true, URI.create("s3://memory/p"), null);
    }

    /** A step of another client. */
    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /**
     * A view of {@code store} that runs {@code step} once, just before its {@code nth} (1-based) request
     * {@code op key}; {@link #ran} says whether the window was reached.
     */
    private static final class Window {
        final InMemoryObjectClient view;
        boolean ran;
        private int seen;

        Window(InMemoryObjectClient store, String op, String key, int nth, Step step) {
            view = store.view((i, o, k) -> {
                if (!ran && o.equals(op) && k.equals(key) && ++seen == nth) {
                    ran = true;
                    try {
                        step.run();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return Outcome.APPLY;
            });
        }
    }

    @Test
    void aRenameWhoseSourceIsDeletedAfterItsLookup_saysSo_andCreatesNothing() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs other = open(store, Duration.ZERO)) {
            other.atomicWrite(VPath.of("d/src"), b("gone"), WriteOptions.DEFAULT);
            Window w = new Window(store, "get", "p/d/src", 1, () -> other.delete(VPath.of("d/src")));
            try (VikingFs fs = open(w.view, Duration.ZERO)) {
                assertThatThrownBy(() -> fs.rename(VPath.of("d/src"), VPath.of("d/dst"), RenameOptions.DEFAULT))
                        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("d/src")
                        .hasMessageContaining("vanished");
                assertThat(w.ran).as("the delete landed between the lookup and the read").isTrue();
                assertThat(fs.exists(VPath.of("d/dst"))).isFalse();
            }
        }
    }

    @Test
    void aStatOfALogDeletedAfterItsLookup_reportsItMissing() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        VPath log = VPath.of("d/log.jsonl");
        try (VikingFs other = open(store, Duration.ZERO)) {
            other.append(log, "{\"n\":1}", true);
            // the lookup lists the log once; the delete lands before the read's own listing
            Window w = new Window(store, "list", "p/d/" + Keys.LOG + "log.jsonl/", 2, () -> other.delete(log));
            try (VikingFs fs = open(w.view, Duration.ZERO)) {
                assertThatThrownBy(() -> fs.stat(log)).isInstanceOf(NoSuchFileException.class)
                        .hasMessageContaining("d/log.jsonl");
                assertThat(w.ran).as("the delete landed between the lookup and the read").isTrue();
            }
        }
    }

    @Test
    void aStatOfALogDeletedAndWrittenAgainAfterItsLookup_reportsTheNewFile() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        VPath log = VPath.of("d/log.jsonl");
        String prefix = "p/d/" + Keys.LOG + "log.jsonl/";
        try (VikingFs other = open(store, Duration.ZERO)) {
            other.append(log, "{\"old\":\"a longer record\"}", true);
            // the delete lands before the read's own listing (the lookup's is the first), the new append before
            // the look again
            int[] lists = new int[1];
            InMemoryObjectClient view = store.view((i, op, key) -> {
                if (op.equals("list") && key.equals(prefix)) {
                    try {
                        switch (++lists[0]) {
                            case 2 -> other.delete(log);
                            case 3 -> other.append(log, "{\"n\":2}", true);
                            default -> { }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return Outcome.APPLY;
            });
            try (VikingFs fs = open(view, Duration.ZERO)) {
                io.vikingfs.FileStat stat = fs.stat(log);
                assertThat(lists[0]).as("both landed inside the stat").isGreaterThanOrEqualTo(3);
                assertThat(stat.isDirectory()).isFalse();
                assertThat(stat.size()).as("the file written again").isEqualTo(b("{\"n\":2}\n").length);
            }
        }
    }

    @Test
    void aFailedIfMatchOnAFileThatBecameALog_namesTheLogsVersion() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        VPath f = VPath.of("d/f.jsonl");
        try (VikingFs other = open(store, Duration.ZERO)) {
            Version v = other.atomicWrite(f, b("{\"plain\":1}\n"), WriteOptions.DEFAULT);
            // the other client's append converts the plain file into a log before this client's If-Match PUT
            Window w = new Window(store, "put", "p/d/f.jsonl", 1, () -> other.append(f, "{\"n\":2}", true));
            try (VikingFs fs = open(w.view, Duration.ZERO)) {
                assertThatThrownBy(() -> fs.atomicWrite(f, b("{\"mine\":1}\n"),
                        WriteOptions.precondition(Precondition.ifMatch(v))))
                        .isInstanceOfSatisfying(PreconditionFailedException.class,
                                e -> assertThat(e.actual()).as("the version found").isNotNull()
                                        .isEqualTo(versionOf(other, f)));
                assertThat(w.ran).as("the conversion landed before the conditional PUT").isTrue();
                assertThat(fs.readRecords(f).records()).containsExactly("{\"plain\":1}", "{\"n\":2}");
            }
        }
    }

    @Test
    void anAppendThatLosesItsPositionToAnother_landsAboveIt_neverOnAReclaimedPositionBelow() throws Exception {
        InMemoryObjectClient store = new InMemoryObjectClient();
        Duration grace = Duration.ofMillis(200);
        VPath log = VPath.of("d/log.jsonl");
        String segments = "p/d/" + Keys.LOG + "log.jsonl/";
        ObjectStoreOptions options = ObjectStoreOptions.DEFAULT.withCompactionFanout(4).withReclaimGrace(grace)
                .withRecoverOnOpen(false);
        try (VikingFs other = ObjectVikingFs.open(store, "p", options, true, URI.create("s3://memory/p"), null)) {
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                other.append(log, "{\"n\":" + n + "}", true);
                expected.add("{\"n\":" + n + "}");
            }
            Thread.sleep(grace.toMillis() + 200);
            other.recover(true); // positions 1..4, compacted, are older than the grace: their segments go
            assertThat(store.snapshot()).doesNotContainKey(segments + Keys.segment(4))
                    .containsKey(segments + Keys.segment(5));
            // position 6 taken by the other client between this client's listing and its create-only PUT
            Window w = new Window(store, "put", segments + Keys.segment(6), 1,
                    () -> other.append(log, "{\"other\":6}", true));
            try (VikingFs fs = ObjectVikingFs.open(w.view, "p", options, true, URI.create("s3://memory/p"), null)) {
                fs.append(log, "{\"mine\":7}", true);
                assertThat(w.ran).as("the other append landed inside this one").isTrue();
                expected.add("{\"other\":6}");
                expected.add("{\"mine\":7}");
                assertThat(fs.readRecords(log).records()).as("every acknowledged append is read")
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void aReadWhoseFillOfAnUncompactedRangeRacesItsCompaction_listsAgain_andReadsEveryRecord() throws IOException {
        // a log past one listing page (64 objects) whose positions 5..8 were never compacted (two appenders raced
        // past 8, so neither compacted there): c1-4, s-5..s-8, c1-12 (its segments reclaimed), s-13..s-80. A reader
        // lists its chunks and the segments after them, finds no object ending at 8 and fills the range with its
        // segments — but another client compacts 5..8 (c1-8, its segments deleted) just before that listing
        int last = 80;
        InMemoryObjectClient store = new InMemoryObjectClient();
        String prefix = "p/" + Keys.LOG + "log.jsonl/";
        List<String> records = new ArrayList<>();
        byte[][] payloads = new byte[last + 1][];
        for (int i = 1; i <= last; i++) {
            records.add("{\"i\":" + i + "}");
            payloads[i] = b("{\"i\":" + i + "}\n");
        }
        store.put(prefix + Keys.chunk(1, 4), LogStore.body(Keys.Kind.CAT, concat(payloads, 1, 4)), PutMode.CREATE);
        store.put(prefix + Keys.chunk(1, 12), LogStore.body(Keys.Kind.CAT, concat(payloads, 9, 12)), PutMode.CREATE);
        for (int i = 5; i <= last; i++) {
            if (i < 9 || i > 12) {
                store.put(prefix + Keys.segment(i), LogStore.body(Keys.Kind.APP, payloads[i]), PutMode.CREATE);
            }
        }
        // the reader's first listing of segments is the one after the chunks (from 13); its second is the fill
        Window w = new Window(store, "list", prefix + Keys.SEGMENT, 2, () -> {
            store.put(prefix + Keys.chunk(1, 8), LogStore.body(Keys.Kind.CAT, concat(payloads, 5, 8)), PutMode.CREATE);
            for (int i = 5; i <= 8; i++) {
                store.delete(prefix + Keys.segment(i));
            }
        });
        try (VikingFs fs = ObjectVikingFs.open(w.view, "p", ObjectStoreOptions.DEFAULT.withCompactionFanout(4)
                .withReclaimGrace(Duration.ZERO).withRecoverOnOpen(false), true, URI.create("s3://memory/p"), null)) {
            assertThat(fs.readRecords(VPath.of("log.jsonl")).records()).as("a read returns the whole log")
                    .containsExactlyElementsOf(records);
            assertThat(w.ran).as("the compaction landed inside the read's fill").isTrue();
        }
    }

    private static byte[] concat(byte[][] payloads, int from, int to) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = from; i <= to; i++) {
            out.writeBytes(payloads[i]);
        }
        return out.toByteArray();
    }

    private static Version versionOf(VikingFs fs, VPath path) {
        try {
            return fs.stat(path).version();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void recovery_keepsATreeThatAMarkerNamesAfterRecoveryListedIt() throws Exception {
        InMemoryObjectClient store = new InMemoryObjectClient();
        Duration grace = Duration.ofMillis(200);
        String gens = "p/live/.vfs-gen/";
        String newest;
        byte[] marker;
        try (VikingFs fs = open(store, grace)) {
            for (String content : List.of("1", "2")) {
                fs.atomicWrite(VPath.of("a/staged/f.txt"), b(content), WriteOptions.DEFAULT);
                fs.switchDirectory(VPath.of("a/staged"), VPath.of("live"), true);
            }
            // the newest marker taken away: its tree is one no marker names, as while a slow switch copies
            newest = store.snapshot().keySet().stream().filter(k -> k.startsWith(gens + Keys.MARKER)).findFirst()
                    .orElseThrow();
            marker = store.snapshot().get(newest);
            store.delete(newest);
        }
        Map<String, byte[]> tree = new TreeMap<>();
        store.snapshot().forEach((k, v) -> {
            if (k.startsWith(gens + Keys.GEN_TREE)) {
                tree.put(k, v);
            }
        });
        assertThat(tree).isNotEmpty();
        Thread.sleep(grace.toMillis() + 200); // the tree is older than the grace: recovery may take it as dead
        // the switch's marker lands after recovery's listing and its look at the current generation (the first
        // listing of the markers), before its re-check that the tree is still unnamed
        Window w = new Window(store, "list", gens + Keys.MARKER, 2, () -> store.put(newest, marker, PutMode.CREATE));
        try (VikingFs fs = open(w.view, grace)) {
            RecoveryReport report = fs.recover(true);
            assertThat(w.ran).as("the marker landed inside recovery").isTrue();
            List<String> reported = new ArrayList<>(report.abandonedGenerations());
            reported.addAll(report.other());
            assertThat(reported).as("a tree a marker names is live").doesNotContainAnyElementsOf(tree.keySet());
            assertThat(store.snapshot().keySet()).containsAll(tree.keySet());
            assertThat(fs.read(VPath.of("live/f.txt"))).isEqualTo(b("2"));
        }
    }
}
