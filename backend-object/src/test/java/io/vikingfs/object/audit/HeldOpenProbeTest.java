package io.vikingfs.object.audit;

import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The held-open PUT without HTTP: a store that checks a condition when the request arrives and writes when the
 * body is in loses an update in every round; one that checks at commit never does.
 */
class HeldOpenProbeTest {
    private final InMemoryObjectClient store = new InMemoryObjectClient();
    private final AuditOptions options = AuditOptions.defaults().withCacheDir(null).withScratchParent("root/")
            .withListingLagWait(Duration.ofSeconds(1));

    /** Probes whose held-open PUT is decided either at arrival (check-then-act) or at commit. */
    private record HeldOpen(ObjectClient client, boolean checkOnArrival) implements AuditProbes {
        @Override
        public ObjectMeta putHeldOpen(String key, byte[] data, PutMode mode, java.time.Duration hold,
                                      WhilePaused whilePaused) throws IOException {
            if (!checkOnArrival) {
                whilePaused.run();
                return client.put(key, data, mode);
            }
            boolean holds = mode == PutMode.CREATE ? client.head(key).isEmpty()
                    : client.head(key).map(m -> m.etag().equals(((PutMode.Update) mode).etag())).orElse(false);
            if (!holds) {
                throw new ObjectPreconditionFailedException(key, "condition false on arrival");
            }
            whilePaused.run();
            return client.put(key, data, PutMode.OVERWRITE);
        }

        @Override
        public ObjectMeta multipartPut(String key, List<byte[]> parts, PutMode mode) throws IOException {
            throw new FeatureRefusedException(key, 501, "not in this test");
        }

        @Override
        public void deleteIfMatch(String key, String etag) throws IOException {
            throw new FeatureRefusedException(key, 501, "not in this test");
        }

        @Override
        public ObjectMeta copyIfAbsent(String source, String destination) throws IOException {
            throw new FeatureRefusedException(destination, 501, "not in this test");
        }

        @Override
        public ObjectMeta putAtWriteOffset(String key, byte[] data, long offset) throws IOException {
            throw new FeatureRefusedException(key, 501, "not in this test");
        }

        @Override
        public java.util.Optional<String> putWithChecksum(String key, byte[] data, String sha256Base64)
                throws IOException {
            throw new FeatureRefusedException(key, 501, "not in this test");
        }
    }

    private static final List<Primitive> HELD_OPEN = List.of(Primitive.CREATE_ONLY_HELD_OPEN,
            Primitive.IF_MATCH_HELD_OPEN);

    /** Audits with the held-open probes; both held-open measurements must have {@code outcome} in every round. */
    private AuditVerdict auditWithHeldOpenProbes(boolean checkOnArrival, Outcome outcome, String everyRound)
            throws Exception {
        AuditVerdict v = StoreAudit.run(store, options.withProbes(new HeldOpen(store, checkOnArrival)));
        for (Primitive p : HELD_OPEN) {
            Measurement m = v.measurement(p).orElseThrow();
            assertThat(m.outcome()).as(m.detail()).isEqualTo(outcome);
            assertThat(m.count(everyRound)).isEqualTo(m.count("rounds")).isPositive();
        }
        return v;
    }

    @Test
    void checkAtCommit_acknowledgesOneWriterPerRound_andKeepsItsBytes() throws Exception {
        AuditVerdict v = auditWithHeldOpenProbes(false, Outcome.OK, "roundsOneAcknowledged");
        for (Primitive p : HELD_OPEN) {
            assertThat(v.measurement(p).orElseThrow().count("winnerOverwritten")).isZero();
        }
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).isEqualTo(Level.FULL);
        // These probes refuse multipart, which alone makes create-only WEAKER (single-PUT objects only).
        assertThat(v.verdict(Guarantee.ATOMIC_WRITE_IF_ABSENT).defect()).contains("multipart").doesNotContain("held open");
        assertThat(store.snapshot()).as("nothing left behind").isEmpty();
    }

    @Test
    void checkOnArrival_losesAnUpdateEveryRound_andTheVerdictSaysWhichProbeShowedIt() throws Exception {
        AuditVerdict v = auditWithHeldOpenProbes(true, Outcome.NOT_ATOMIC, "roundsBothAcknowledged");
        // The in-memory store's plain races are atomic: only the held-open probe can have caught this.
        assertThat(v.measurement(Primitive.IF_MATCH_RACE).orElseThrow().outcome()).isEqualTo(Outcome.OK);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.WEAKER);
        assertThat(v.verdict(Guarantee.ATOMIC_WRITE_IF_MATCH).defect()).contains("held open");
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_ABSENT)).isEqualTo(Level.WEAKER);
        assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).isEqualTo(Level.WEAKER);
        assertThat(store.snapshot()).as("nothing left behind").isEmpty();
    }
}
