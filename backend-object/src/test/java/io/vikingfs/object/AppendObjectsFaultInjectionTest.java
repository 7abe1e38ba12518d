package io.vikingfs.object;

import io.vikingfs.Precondition;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fault at every request index of a log's life on append objects (2 blocks per object, so it rolls over and
 * seals segments throughout): the request never reaches the store (I/O error), the store answers 503, or the
 * request is applied and its answer lost. After every operation the log must be what the unfaulted run had then;
 * an operation may instead fail with a clean error that left the log as before it (or, for a fault after its
 * commit, as after it) — never a record lost or stored twice.
 * A fault on a request of the append-object protocol itself (create, append, ranged read) must never surface: a
 * lost answer is resolved by reading what landed (docs/contract.md §2: an append that returned is stored once).
 */
class AppendObjectsFaultInjectionTest {
    private static final VPath LOG = VPath.of("agent/events.jsonl");
    private static final Set<String> APPEND_PROTOCOL = Set.of("createAppendable", "append", "getFrom");

    @FunctionalInterface
    private interface Op {
        void run(VikingFs fs) throws IOException;
    }

    private static List<Op> workload() {
        return List.of(
                fs -> fs.append(LOG, "{\"n\":0}", true),
                fs -> fs.appendAll(LOG, List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), true),
                fs -> fs.append(LOG, "{\"n\":4}", true),
                fs -> fs.atomicWrite(LOG, "{\"r\":1}\n".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT),
                fs -> fs.append(LOG, "{\"n\":5}", true),
                fs -> fs.atomicWrite(LOG, "{\"r\":2}\n".getBytes(StandardCharsets.UTF_8),
                        WriteOptions.precondition(Precondition.ifMatch(fs.stat(LOG).version()))),
                fs -> fs.append(LOG, "{\"n\":6}", true),
                fs -> fs.delete(LOG),
                fs -> fs.append(LOG, "{\"n\":7}", true),
                fs -> fs.append(LOG, "{\"n\":8}", true));
    }

    private static VikingFs open(InMemoryObjectClient view) throws IOException {
        return ObjectVikingFs.open(view, "root", ObjectStoreOptions.DEFAULT.withRecoverOnOpen(false), true,
                URI.create("az://memory/root"), null);
    }

    private static String content(InMemoryObjectClient store) throws IOException {
        try (VikingFs fs = open(store.view((i, op, key) -> Outcome.APPLY))) {
            return fs.exists(LOG) ? new String(fs.read(LOG), StandardCharsets.UTF_8) : null;
        }
    }

    @Test
    void oneFaultAtEveryRequest_endsUnfaultedOrCleanlyFailed_neverLosesOrDoublesARecord() throws Exception {
        // the unfaulted run: the log after each operation, and each request's kind
        InMemoryAppendableObjectClient reference = new InMemoryAppendableObjectClient(64 * 1024, 2);
        List<String> ops = new ArrayList<>();
        List<String> states = new ArrayList<>();
        states.add(content(reference));
        try (VikingFs fs = open(reference.view((i, op, key) -> {
            ops.add(op);
            return Outcome.APPLY;
        }))) {
            for (Op op : workload()) {
                op.run(fs);
                states.add(content(reference));
            }
        }
        String unfaulted = states.get(states.size() - 1);
        int absorbed = 0;
        int cleanErrors = 0;
        for (Outcome fault : List.of(Outcome.DROP, Outcome.UNAVAILABLE, Outcome.APPLY_AND_LOSE_RESPONSE)) {
            for (int k = 0; k < ops.size(); k++) {
                int at = k;
                InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(64 * 1024, 2);
                String where = fault + " at request " + k + " (" + ops.get(k) + ")";
                int failedOp = -1;
                IOException error = null;
                try (VikingFs fs = open(store.view((i, op, key) -> i == at ? fault : Outcome.APPLY))) {
                    List<Op> w = workload();
                    for (int j = 0; j < w.size() && failedOp < 0; j++) {
                        try {
                            w.get(j).run(fs);
                        } catch (IOException e) {
                            failedOp = j;
                            error = e;
                            break;
                        }
                        // after every operation, not only at the end: a replacement would hide a doubled record
                        assertThat(content(store)).as(where + ": after operation " + j).isEqualTo(states.get(j + 1));
                    }
                }
                String seen = content(store);
                if (failedOp < 0) {
                    absorbed++;
                    assertThat(seen).as(where + ": no error, so the unfaulted state").isEqualTo(unfaulted);
                } else {
                    cleanErrors++;
                    assertThat(APPEND_PROTOCOL).as(where + ": a fault in the append protocol surfaced: " + error)
                            .doesNotContain(ops.get(k));
                    assertThat(error.getMessage()).as(where + ": the error says what failed").isNotBlank();
                    String before = states.get(failedOp);
                    String after = states.get(failedOp + 1);
                    assertThat(Objects.equals(seen, before) || Objects.equals(seen, after))
                            .as(where + ": operation " + failedOp + " failed (" + error + "), so the log is as before"
                                    + " or after it: " + seen + " vs " + before + " / " + after).isTrue();
                }
            }
        }
        assertThat(absorbed + cleanErrors).isEqualTo(3 * ops.size());
        assertThat(ops.stream().filter(APPEND_PROTOCOL::contains).count()).as("the workload exercises appends")
                .isGreaterThan(20);
    }
}
