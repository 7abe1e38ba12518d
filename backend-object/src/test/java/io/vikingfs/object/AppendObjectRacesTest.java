package io.vikingfs.object;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.Keys.Kind;
import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import io.vikingfs.object.client.InMemoryObjectClient.RequestHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The races and failures of logs on append objects ({@link AppendObjectLog}), each made deterministic: another
 * client's step is run inside this client's request hook, so it lands exactly in the window between this client's
 * look at the log and its conditional append; a store that keeps failing one kind of request fails it every time.
 * What is asserted is what the README's "Logs on append objects" table and the class Javadoc promise: a writer that
 * loses the append-position race appends right after what landed (never after a seal); a replacement seals the
 * segment it supersedes; an {@code ifMatch} replacement seals exactly at the listed length or changes nothing;
 * an append's cost (one ranged GET of the last header, one Append Block); a store that stays unreachable fails
 * the call saying its outcome is unknown, after a bounded number of requests.
 */
@Timeout(60) // a retry loop that never gives up is a failure, not a hang
class AppendObjectRacesTest {
    private static final VPath LOG = VPath.of("a/log.jsonl");
    private static final String SEGMENTS = "root/a/.vfs-log.log.jsonl/";
    /** How many failed requests in a row one append object operation tolerates (AppendObjectLog.MAX_FAILURES). */
    private static final int GIVES_UP_AFTER = 6;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VikingFs open(InMemoryAppendableObjectClient view, ObjectStoreOptions options) throws IOException {
        return ObjectVikingFs.open(view, "root", options, true, URI.create("az://memory/root"), null);
    }

    private static VikingFs open(InMemoryAppendableObjectClient view) throws IOException {
        return open(view, ObjectStoreOptions.DEFAULT);
    }

    private static List<String> segments(InMemoryAppendableObjectClient store) {
        return store.snapshot().keySet().stream().filter(k -> k.startsWith(SEGMENTS))
                .map(k -> k.substring(SEGMENTS.length())).toList();
    }

    private static List<Kind> blocks(InMemoryAppendableObjectClient store, long n) throws IOException {
        String key = SEGMENTS + Keys.segment(n);
        return Blocks.parse(key, store.snapshot().get(key), 0).stream().map(Blocks.Block::kind).toList();
    }

    /**
     * Two clients of one store, the log holding {@code {"a":0}}: the other client's step runs inside this client's
     * hook just before its next request of kind {@code window} ({@code "op"} or {@code "op key"}), then this client's
     * operation goes on. Returns the store.
     */
    private static InMemoryAppendableObjectClient race(ObjectStoreOptions options, String window, Op otherStep, Op mine)
            throws IOException {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        Window w = new Window();
        try (VikingFs a = open(store.view(w), options);
             VikingFs other = open(store.view((i, op, k) -> Outcome.APPLY))) {
            a.append(LOG, "{\"a\":0}", true);
            String[] opAndKey = window.split(" ", 2);
            w.beforeKey(opAndKey[0], opAndKey.length == 2 ? opAndKey[1] : null, () -> otherStep.run(other));
            mine.run(a);
        }
        return store;
    }

    private static List<String> records(InMemoryAppendableObjectClient store) throws IOException {
        try (VikingFs fs = open(store)) {
            return fs.readRecords(LOG).records();
        }
    }

    /** A step of another client, run inside this client's request hook. */
    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /**
     * The hook of the client under test: records every request ({@code op key}); runs a step armed with
     * {@link #before} just before its next request of that kind, once; drops the requests {@link #failing} matches.
     */
    private static final class Window implements RequestHook {
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private String op;
        private String key;
        private Step step;
        volatile Predicate<String> failing = r -> false;
        int dropped;

        void before(String op, Step step) {
            beforeKey(op, null, step);
        }

        /** As {@link #before}, only before a request of that kind on {@code key}. */
        void beforeKey(String op, String key, Step step) {
            this.op = op;
            this.key = key;
            this.step = step;
        }

        @Override
        public synchronized Outcome onRequest(long index, String op, String key) {
            requests.add(op + " " + key);
            if (step != null && op.equals(this.op) && (this.key == null || key.equals(this.key))) {
                Step s = step;
                step = null;
                try {
                    s.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (failing.test(op + " " + key)) {
                dropped++;
                return Outcome.DROP;
            }
            return Outcome.APPLY;
        }
    }

    @Test
    void anAppendThatLosesTheRaceToAnotherWritersBlock_landsRightAfterIt_inTheSameSegment() throws Exception {
        // the other block lands after the listing, before the ranged read of the last header or before the append;
        // its record is of another size than a's: a writer continuing at a wrong length finds no block boundary
        for (String window : List.of("getFrom", "append")) {
            InMemoryAppendableObjectClient store = race(ObjectStoreOptions.DEFAULT, window,
                    other -> other.append(LOG, "{\"other\":\"a longer record\"}", true),
                    a -> a.append(LOG, "{\"a\":1}", true));
            assertThat(records(store)).as("window before %s", window)
                    .containsExactly("{\"a\":0}", "{\"other\":\"a longer record\"}", "{\"a\":1}");
            assertThat(segments(store)).as("a lost race is no reason to leave the segment")
                    .containsExactly(Keys.segment(1));
            assertThat(blocks(store, 1)).containsExactly(Kind.APP, Kind.APP, Kind.APP);
        }
    }

    @Test
    void anAppendThatLosesTheRaceToAReplacement_followsTheReplacement_neverLandsAfterTheSeal() throws Exception {
        InMemoryAppendableObjectClient store = race(ObjectStoreOptions.DEFAULT, "append",
                other -> other.atomicWrite(LOG, b("{\"replaced\":true}\n"), WriteOptions.DEFAULT),
                a -> a.append(LOG, "{\"a\":1}", true));
        assertThat(records(store)).containsExactly("{\"replaced\":true}", "{\"a\":1}");
        assertThat(blocks(store, 1)).containsExactly(Kind.APP, Kind.END);
        assertThat(blocks(store, 2)).containsExactly(Kind.REP, Kind.APP);
    }

    @Test
    void aReplacementRacingAnAppend_sealsAfterWhatLanded_soTheOldSegmentEndsWithTheSeal() throws Exception {
        // the replacement's first append request is its seal: the other writer's block lands just before it
        InMemoryAppendableObjectClient store = race(ObjectStoreOptions.DEFAULT, "append",
                other -> other.append(LOG, "{\"other\":\"a longer record\"}", true),
                a -> a.atomicWrite(LOG, b("{\"replaced\":true}\n"), WriteOptions.DEFAULT));
        assertThat(records(store)).containsExactly("{\"replaced\":true}");
        try (VikingFs fs = open(store)) {
            fs.append(LOG, "{\"after\":1}", true);
        }
        assertThat(records(store)).containsExactly("{\"replaced\":true}", "{\"after\":1}");
        assertThat(blocks(store, 1)).as("nothing can land after a seal").containsExactly(Kind.APP, Kind.APP, Kind.END);
        assertThat(blocks(store, 2)).containsExactly(Kind.REP, Kind.APP);
    }

    @Test
    void anIfMatchReplacement_sealsExactlyAtTheListedLength() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        try (VikingFs fs = open(store)) {
            fs.append(LOG, "{\"a\":0}", true);
            Version v = fs.stat(LOG).version();
            Version replaced = fs.atomicWrite(LOG, b("{\"replaced\":true}\n"),
                    WriteOptions.precondition(Precondition.ifMatch(v)));
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"replaced\":true}");
            assertThat(fs.stat(LOG).version()).isEqualTo(replaced);
        }
        assertThat(blocks(store, 1)).containsExactly(Kind.APP, Kind.END);
        assertThat(blocks(store, 2)).containsExactly(Kind.REP);
    }

    @Test
    void anIfMatchReplacement_whoseLogChangedAfterItsLook_failsAndChangesNothing() throws Exception {
        String s1 = SEGMENTS + Keys.segment(1);
        String s2 = SEGMENTS + Keys.segment(2);
        record Case(String window, String op, String key, boolean sealedBySomeoneElse) {
        }
        // the other writer's block lands before the replacement's ranged read; before its seal; after its seal,
        // before it creates the next segment (the other writer begins it); before its first block there; or the
        // other writer appends and a third client's replacement, cut short, seals segment 1 before this one can
        List<Case> cases = List.of(new Case("the ranged read", "getFrom", null, false),
                new Case("the seal", "append", s1, false),
                new Case("creating the next segment", "createAppendable", s2, false),
                new Case("the first block of the next segment", "append", s2, false),
                new Case("the seal, sealed by a cut replacement", "append", s1, true));
        for (Case c : cases) {
            InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
            Window w = new Window();
            AtomicReference<Map<String, byte[]>> afterOther = new AtomicReference<>();
            try (VikingFs a = open(store.view(w)); VikingFs other = open(store.view((i, op, k) -> Outcome.APPLY))) {
                a.append(LOG, "{\"a\":0}", true);
                Version v = a.stat(LOG).version();
                w.beforeKey(c.op(), c.key(), () -> {
                    other.append(LOG, "{\"other\":1}", true);
                    if (c.sealedBySomeoneElse()) {
                        try (VikingFs cut = open(store.view((i, op, k) ->
                                op.equals("createAppendable") ? Outcome.DROP : Outcome.APPLY))) {
                            assertThatThrownBy(() -> cut.atomicWrite(LOG, b("{\"cut\":1}\n"), WriteOptions.DEFAULT))
                                    .isInstanceOf(IOException.class);
                        }
                    }
                    afterOther.set(store.snapshot());
                });
                assertThatThrownBy(() -> a.atomicWrite(LOG, b("{\"replaced\":true}\n"),
                        WriteOptions.precondition(Precondition.ifMatch(v))))
                        .as("window before %s", c.window()).isInstanceOf(PreconditionFailedException.class);
                assertThat(store.snapshot()).as("window before %s: the failed write sent nothing that stayed", c.window())
                        .containsOnlyKeys(afterOther.get().keySet())
                        .allSatisfy((k, bytes) -> assertThat(bytes).isEqualTo(afterOther.get().get(k)));
                assertThat(a.readRecords(LOG).records()).as(c.window()).containsExactly("{\"a\":0}", "{\"other\":1}");
            }
        }
    }

    @Test
    void anAppendToAnExistingLog_readsOnlyTheLastHeader_andSendsOneAppendBlock() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        Window w = new Window();
        try (VikingFs fs = open(store.view(w))) {
            fs.append(LOG, "{\"a\":0}", true);
            fs.append(LOG, "{\"a\":1}", true);
            w.requests.clear();
            fs.append(LOG, "{\"a\":2}", true);
            List<String> sent = List.copyOf(w.requests);
            assertThat(sent).as("one ranged GET of the last block header").filteredOn(r -> r.startsWith("getFrom "))
                    .containsExactly("getFrom " + SEGMENTS + Keys.segment(1));
            assertThat(sent).as("one Append Block, no create").filteredOn(r -> r.startsWith("append ")
                    || r.startsWith("createAppendable ")).containsExactly("append " + SEGMENTS + Keys.segment(1));
        }
    }

    @Test
    void aReplacementCutAfterItsSeal_leavesTheLogAsItWas_andTheNextAppendFollowsTheSeal() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        Window w = new Window();
        try (VikingFs fs = open(store.view(w))) {
            fs.append(LOG, "{\"a\":0}", true);
            w.failing = r -> r.startsWith("createAppendable ");
            assertThatThrownBy(() -> fs.atomicWrite(LOG, b("{\"replaced\":true}\n"), WriteOptions.DEFAULT))
                    .isInstanceOf(IOException.class).hasMessageContaining("may or may not have landed");
            w.failing = r -> false;
            assertThat(blocks(store, 1)).as("sealed, the next segment never created").containsExactly(Kind.APP, Kind.END);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"a\":0}");
            fs.append(LOG, "{\"a\":1}", true);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"a\":0}", "{\"a\":1}");
        }
        assertThat(blocks(store, 2)).containsExactly(Kind.APP);
    }

    @Test
    void aReplacementWhoseBytesEndLikeASeal_isNotTakenForOne() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        String fakeSeal = "#vfs-end " + "0".repeat(32) + " 000000000000\n";
        try (VikingFs fs = open(store)) {
            fs.append(LOG, "{\"a\":0}", true);
            fs.atomicWrite(LOG, b("{\"x\":1}\n" + fakeSeal), WriteOptions.DEFAULT);
            fs.append(LOG, "{\"a\":1}", true);
            assertThat(new String(fs.read(LOG), StandardCharsets.UTF_8))
                    .isEqualTo("{\"x\":1}\n" + fakeSeal + "{\"a\":1}\n");
        }
        assertThat(segments(store)).as("the append went into the replacement's segment")
                .containsExactly(Keys.segment(1), Keys.segment(2));
        assertThat(blocks(store, 2)).containsExactly(Kind.REP, Kind.APP);
    }

    @Test
    void withoutAGrace_aDeletedLogLeavesNoObject_evenWhereItsTombstoneFilledItsSegment() throws Exception {
        for (int maxBlocks : new int[] {1, 100}) { // with 1, the tombstone's segment is full: sealed as it is
            InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, maxBlocks);
            try (VikingFs fs = open(store, ObjectStoreOptions.DEFAULT.withReclaimGrace(Duration.ZERO))) {
                fs.append(LOG, "{\"a\":0}", true);
                fs.append(LOG, "{\"a\":1}", true);
                fs.delete(LOG);
                assertThat(fs.exists(LOG)).isFalse();
            }
            assertThat(segments(store)).as("%d blocks per object", maxBlocks).isEmpty();
        }
    }

    @Test
    void anAppendLandingAfterADelete_beforeItsTombstoneIsDropped_keepsTheTombstoneAndTheRecord() throws Exception {
        // the delete's claim reads segment 1's tail; its tombstone drop then reads segment 2 whole: land there
        InMemoryAppendableObjectClient store = race(ObjectStoreOptions.DEFAULT.withReclaimGrace(Duration.ZERO),
                "getFrom " + SEGMENTS + Keys.segment(2), other -> other.append(LOG, "{\"after\":1}", true),
                a -> a.delete(LOG));
        assertThat(records(store)).as("the append after the delete is kept").containsExactly("{\"after\":1}");
        assertThat(blocks(store, 2)).containsExactly(Kind.DEL, Kind.APP);
    }

    @Test
    void recoveryDroppingATombstone_whileAnAppendLandsAfterIt_keepsTheRecord_andDoesNotReportTheTombstone()
            throws Exception {
        // recovery reads the tombstone's segment whole, then seals it exactly there: the append lands before either
        for (String op : List.of("getFrom", "append")) {
            InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
            try (VikingFs fs = open(store)) {
                fs.append(LOG, "{\"a\":0}", true);
                fs.delete(LOG); // within the grace: the tombstone stays for recovery
            }
            Window w = new Window();
            try (VikingFs recovering = open(store.view(w),
                    ObjectStoreOptions.DEFAULT.withReclaimGrace(Duration.ZERO).withRecoverOnOpen(false));
                 VikingFs other = open(store.view((i, o, k) -> Outcome.APPLY))) {
                w.beforeKey(op, SEGMENTS + Keys.segment(2), () -> other.append(LOG, "{\"after\":1}", true));
                RecoveryReport report = recovering.recover(true);
                assertThat(report.other()).as("before %s: the tombstone was kept, so it is not reported reclaimed", op)
                        .noneMatch(k -> k.endsWith(Keys.segment(2)));
            }
            assertThat(records(store)).as("before %s", op).containsExactly("{\"after\":1}");
        }
    }

    @Test
    void anIfMatchReplacement_whoseSealsAnswerWasLost_findsItsSeal_andSucceeds() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        boolean[] armed = new boolean[1];
        boolean[] lost = new boolean[1];
        try (VikingFs fs = open(store.view((i, op, k) -> {
            if (armed[0] && !lost[0] && op.equals("append") && k.equals(SEGMENTS + Keys.segment(1))) {
                lost[0] = true; // the replacement's seal lands, its answer does not
                return Outcome.APPLY_AND_LOSE_RESPONSE;
            }
            return Outcome.APPLY;
        }))) {
            fs.append(LOG, "{\"a\":0}", true);
            Version v = fs.stat(LOG).version();
            armed[0] = true;
            Version replaced = fs.atomicWrite(LOG, b("{\"replaced\":true}\n"),
                    WriteOptions.precondition(Precondition.ifMatch(v)));
            assertThat(lost[0]).isTrue();
            assertThat(fs.stat(LOG).version()).isEqualTo(replaced);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"replaced\":true}");
        }
        assertThat(blocks(store, 1)).containsExactly(Kind.APP, Kind.END);
    }

    @Test
    void aDeleteCutBeforeItsTombstoneWasRemoved_isFinishedByRecovery() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        Window w = new Window();
        try (VikingFs fs = open(store.view(w), ObjectStoreOptions.DEFAULT.withReclaimGrace(Duration.ZERO))) {
            fs.append(LOG, "{\"a\":0}", true);
            w.failing = r -> r.equals("delete " + SEGMENTS + Keys.segment(2));
            assertThatThrownBy(() -> fs.delete(LOG)).isInstanceOf(IOException.class);
            w.failing = r -> false;
            assertThat(fs.exists(LOG)).isFalse();
            assertThat(blocks(store, 2)).as("the tombstone, sealed before its delete was cut").containsExactly(Kind.DEL, Kind.END);
            assertThat(fs.recover(true).toString()).contains(Keys.segment(2));
        }
        assertThat(segments(store)).isEmpty();
    }

    @Test
    void aReplacementWhoseNextSegmentAnAppenderBegan_sealsThatOneToo_andClaimsTheOneAfter() throws Exception {
        // after the replacement sealed segment 1, before it creates segment 2: an appender begins segment 2
        InMemoryAppendableObjectClient store = race(ObjectStoreOptions.DEFAULT, "createAppendable",
                other -> other.append(LOG, "{\"other\":1}", true),
                a -> a.atomicWrite(LOG, b("{\"replaced\":true}\n"), WriteOptions.DEFAULT));
        assertThat(records(store)).containsExactly("{\"replaced\":true}");
        assertThat(blocks(store, 1)).containsExactly(Kind.APP, Kind.END);
        assertThat(blocks(store, 2)).containsExactly(Kind.APP, Kind.END);
        assertThat(blocks(store, 3)).containsExactly(Kind.REP);
    }

    @Test
    void oneFailedRequestOfEachKind_isRetried_andTheChangeLandsWhereItWouldHave() throws Exception {
        record Case(String name, Predicate<String> failing, Op call) {
        }
        byte[] replacement = b("{\"replaced\":true}\n");
        List<Case> cases = List.of(
                new Case("creating a new log's first segment", r -> r.startsWith("createAppendable "),
                        fs -> fs.append(VPath.of("a/new.jsonl"), "{\"n\":1}", true)),
                new Case("reading the last header", r -> r.startsWith("getFrom "), fs -> fs.append(LOG, "{\"a\":1}", true)),
                new Case("appending a block", r -> r.startsWith("append "), fs -> fs.append(LOG, "{\"a\":1}", true)),
                new Case("sealing the segment", r -> r.startsWith("append "),
                        fs -> fs.atomicWrite(LOG, replacement, WriteOptions.DEFAULT)),
                new Case("the first block of the next segment", r -> r.equals("append " + SEGMENTS + Keys.segment(2)),
                        fs -> fs.atomicWrite(LOG, replacement, WriteOptions.DEFAULT)));
        for (Case c : cases) {
            InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
            try (VikingFs fs = open(store)) {
                fs.append(LOG, "{\"a\":0}", true);
            }
            InMemoryAppendableObjectClient unfaulted = store.fork();
            try (VikingFs fs = open(unfaulted)) {
                c.call().run(fs);
            }
            Window w = new Window();
            w.failing = r -> w.dropped == 0 && c.failing().test(r);
            try (VikingFs fs = open(store.view(w))) {
                c.call().run(fs);
            }
            assertThat(w.dropped).as(c.name()).isEqualTo(1);
            assertThat(layout(store)).as(c.name()).isEqualTo(layout(unfaulted));
        }
    }

    @FunctionalInterface
    private interface Op {
        void run(VikingFs fs) throws IOException;
    }

    /** Every log segment's block kinds, by key: what a change looks like in the bucket, ids aside. */
    private static Map<String, List<Kind>> layout(InMemoryAppendableObjectClient store) throws IOException {
        Map<String, List<Kind>> layout = new java.util.TreeMap<>();
        for (Map.Entry<String, byte[]> e : store.snapshot().entrySet()) {
            if (e.getKey().contains("/.vfs-log.")) {
                layout.put(e.getKey(), Blocks.parse(e.getKey(), e.getValue(), 0).stream().map(Blocks.Block::kind).toList());
            }
        }
        return layout;
    }

    /** A store that keeps failing one kind of request: each operation gives up after a bounded number in a row. */
    @Test
    void aStoreThatKeepsFailingOneRequest_failsTheCallSayingItsOutcomeIsUnknown() throws Exception {
        record Case(String name, Predicate<String> failing, Step call) {
        }
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        Window w = new Window();
        try (VikingFs fs = open(store.view(w))) {
            byte[] replacement = b("{\"replaced\":true}\n");
            List<Case> cases = List.of(
                    new Case("creating a new log's first segment", r -> r.startsWith("createAppendable "),
                            () -> fs.append(VPath.of("a/new.jsonl"), "{\"n\":1}", true)),
                    new Case("reading the last header", r -> r.startsWith("getFrom "),
                            () -> fs.append(LOG, "{\"a\":2}", true)),
                    new Case("appending a block", r -> r.startsWith("append "),
                            () -> fs.append(LOG, "{\"a\":2}", true)),
                    new Case("sealing the segment", r -> r.startsWith("append "),
                            () -> fs.atomicWrite(LOG, replacement, WriteOptions.DEFAULT)),
                    new Case("the first block of the next segment", r -> r.equals("append " + SEGMENTS + Keys.segment(2)),
                            () -> fs.atomicWrite(LOG, replacement, WriteOptions.DEFAULT)));
            fs.append(LOG, "{\"a\":0}", true);
            for (Case c : cases) {
                w.dropped = 0;
                w.failing = c.failing();
                assertThatThrownBy(c.call()::run).as(c.name()).isInstanceOf(IOException.class)
                        .hasMessageContaining(GIVES_UP_AFTER + " requests to the append object failed in a row")
                        .hasMessageContaining("may or may not have landed");
                assertThat(w.dropped).as(c.name()).isEqualTo(GIVES_UP_AFTER);
                w.failing = r -> false;
                assertThat(fs.readRecords(LOG).records()).as(c.name()).containsExactly("{\"a\":0}");
            }
            fs.append(LOG, "{\"a\":1}", true);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"a\":0}", "{\"a\":1}");
        }
    }
}
