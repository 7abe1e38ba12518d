package io.vikingfs.object;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import io.vikingfs.object.client.RetryingObjectClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RetryingObjectClient} takes a 412 after its own ambiguous create-only PUT as success when the object
 * there holds the bytes it sent — so, as its Javadoc says, "the protocols make the bytes of every create-only claim
 * unique". Here another client claims the same log position with the same records (or the same {@code ifMatch}
 * replacement) while this client's PUT is lost in transport: the retry must not mistake the other's object for its
 * own — both appends are kept, and only one of two {@code ifMatch} writers of one version succeeds.
 */
class UniqueClaimsTest {
    private static final VPath LOG = VPath.of("a/log.jsonl");
    private static final String SEGMENT_2 = "root/a/.vfs-log.log.jsonl/" + Keys.segment(2);

    /** A step of the other client, run inside this client's request hook. */
    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /**
     * Opens this client on {@code store}: its first PUT of segment 2 runs {@code other} first, then is lost before
     * it reaches the store (the retry finds segment 2 taken).
     */
    private static VikingFs openLosingSegment2(InMemoryObjectClient store, Step other) throws IOException {
        boolean[] done = new boolean[1];
        InMemoryObjectClient view = store.view((i, op, key) -> {
            if (!done[0] && op.equals("put") && key.equals(SEGMENT_2)) {
                done[0] = true;
                try {
                    other.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return Outcome.DROP;
            }
            return Outcome.APPLY;
        });
        return ObjectVikingFs.open(new RetryingObjectClient(view, 6, Duration.ofMillis(1), 5L << 20), "root",
                ObjectStoreOptions.DEFAULT, true, URI.create("s3://memory/root"), null);
    }

    private static VikingFs open(InMemoryObjectClient store) throws IOException {
        return ObjectVikingFs.open(store, "root", ObjectStoreOptions.DEFAULT, true, URI.create("s3://memory/root"), null);
    }

    @Test
    void twoIdenticalAppends_claimingOnePosition_areBothKept_whenOnesPutWasLost() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs other = open(store)) {
            other.append(LOG, "{\"first\":0}", true);
            try (VikingFs fs = openLosingSegment2(store, () -> other.append(LOG, "{\"same\":1}", true))) {
                fs.append(LOG, "{\"same\":1}", true);
                assertThat(fs.readRecords(LOG).records()).containsExactly("{\"first\":0}", "{\"same\":1}", "{\"same\":1}");
            }
        }
    }

    @Test
    void twoIdenticalIfMatchReplacements_ofOneVersion_onlyOneSucceeds_whenOnesPutWasLost() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        byte[] next = "{\"n\":6}\n".getBytes(StandardCharsets.UTF_8);
        try (VikingFs other = open(store)) {
            other.append(LOG, "{\"n\":5}", true);
            Version v = other.stat(LOG).version();
            WriteOptions ifMatch = WriteOptions.precondition(Precondition.ifMatch(v));
            try (VikingFs fs = openLosingSegment2(store, () -> other.atomicWrite(LOG, next, ifMatch))) {
                assertThatThrownBy(() -> fs.atomicWrite(LOG, next, ifMatch))
                        .as("the other writer's replacement of the same version won").isInstanceOf(PreconditionFailedException.class);
                assertThat(fs.readRecords(LOG).records()).containsExactly("{\"n\":6}");
            }
        }
    }
}
