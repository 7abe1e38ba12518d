package io.vikingfs.object;

import io.vikingfs.Precondition;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.PutMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log's life at the API edge, on the in-memory object client, checked in the bucket too: an append converts a
 * plain file into a log and deletes the plain object; a replacement's version is the one an {@code ifMatch} must
 * name next; {@code repairLog} cuts a torn tail a replacement left and is idempotent; a delete of a log leaves
 * nothing that could resurface (a hidden plain leftover included) and, without a grace, no object at all.
 */
class LogEdgeTest {
    private static final VPath LOG = VPath.of("d/t.jsonl");

    private static VikingFs open(InMemoryObjectClient store, Duration grace) throws IOException {
        return ObjectVikingFs.open(store, "p", ObjectStoreOptions.DEFAULT.withCompactionFanout(4).withReclaimGrace(grace)
                .withRecoverOnOpen(false), true, URI.create("s3://memory/p"), null);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long objectsOfTheLog(InMemoryObjectClient store) {
        return store.snapshot().keySet().stream().filter(k -> k.startsWith("p/d/.vfs-log.t.jsonl/")).count();
    }

    @Test
    void anAppendToAPlainFile_convertsIt_andDeletesThePlainObject() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            fs.atomicWrite(LOG, b("{\"p\":0}\n"), WriteOptions.DEFAULT);
            fs.append(LOG, "{\"a\":1}", true);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"p\":0}", "{\"a\":1}");
        }
        assertThat(store.snapshot()).doesNotContainKey("p/d/t.jsonl");
    }

    @Test
    void aReplacementsVersion_isTheOneAnIfMatchNamesNext() throws IOException {
        try (VikingFs fs = open(new InMemoryObjectClient(), Duration.ofHours(1))) {
            fs.append(LOG, "{\"a\":1}", true);
            Version v = fs.atomicWrite(LOG, b("{\"r\":1}\n"), WriteOptions.DEFAULT);
            assertThat(v).isEqualTo(fs.stat(LOG).version());
            Version w = fs.atomicWrite(LOG, b("{\"r\":2}\n"), WriteOptions.precondition(Precondition.ifMatch(v)));
            assertThat(w).isNotEqualTo(v).isEqualTo(fs.stat(LOG).version());
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"r\":2}");
        }
    }

    @Test
    void repairLog_cutsTheTornTailAReplacementLeft_once() throws IOException {
        try (VikingFs fs = open(new InMemoryObjectClient(), Duration.ofHours(1))) {
            fs.append(LOG, "{\"a\":1}", true);
            fs.atomicWrite(LOG, b("{\"r\":1}\n{\"torn"), WriteOptions.DEFAULT);
            Version torn = fs.stat(LOG).version();
            assertThat(fs.repairLog(LOG, true)).isEqualTo("{\"torn".length());
            assertThat(fs.read(LOG)).isEqualTo(b("{\"r\":1}\n"));
            Version repaired = fs.stat(LOG).version();
            assertThat(repaired).isNotEqualTo(torn);
            assertThat(fs.repairLog(LOG, true)).as("idempotent").isZero();
            assertThat(fs.stat(LOG).version()).as("a clean log is left as it is").isEqualTo(repaired);
            fs.append(LOG, "{\"a\":2}", true);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"r\":1}", "{\"a\":2}");
        }
    }

    @Test
    void aDeletedLog_leavesNothingToResurface_andWithoutAGraceNoObject() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            for (int i = 0; i < 6; i++) {
                fs.append(LOG, "{\"i\":" + i + "}", true);
            }
            // what a conversion cut before its delete leaves: a plain object the log hides
            store.put("p/d/t.jsonl", b("{\"plain\":true}\n"), PutMode.OVERWRITE);
            fs.delete(LOG);
            assertThat(fs.exists(LOG)).isFalse();
            assertThat(store.snapshot()).doesNotContainKey("p/d/t.jsonl");
            assertThat(objectsOfTheLog(store)).as("segments kept for the grace, and the tombstone").isPositive();
        }
        try (VikingFs fs = open(store, Duration.ZERO)) {
            for (int i = 0; i < 6; i++) {
                fs.append(LOG, "{\"i\":" + i + "}", true);
            }
            fs.delete(LOG);
            assertThat(fs.exists(LOG)).isFalse();
            assertThat(objectsOfTheLog(store)).as("nothing follows the delete: the log is gone entirely").isZero();
            fs.append(LOG, "{\"again\":1}", true);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"again\":1}");
        }
    }
}
