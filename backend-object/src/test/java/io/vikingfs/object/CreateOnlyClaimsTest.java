package io.vikingfs.object;

import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.PutMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 protocols' create-only claims, checked as such: two clients race for the same generation marker or log
 * segment — deterministically, by holding the first client's claim open until the second has made the same claim
 * — and the request log ({@link CreateOnlyLog}) must show no overwrite, N acknowledged switches must leave N
 * distinct generations and every acknowledged record must be there. The broken variant (a marker or segment PUT
 * sent without {@code If-None-Match: *}) is caught on every run.
 */
class CreateOnlyClaimsTest {
    private final InMemoryObjectClient store = new InMemoryObjectClient();
    private final CreateOnlyLog log = new CreateOnlyLog();

    /** Holds the first PUT whose key {@code which} accepts, before it reaches the store, until released. */
    private static final class HeldClaim {
        final Predicate<String> which;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        volatile boolean armed = true;

        HeldClaim(Predicate<String> which) {
            this.which = which;
        }

        ObjectClient over(ObjectClient client) {
            return new ForwardingObjectClient(client) {
                @Override
                public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                    if (armed && which.test(key)) {
                        armed = false;
                        reached.countDown();
                        try {
                            if (!released.await(60, TimeUnit.SECONDS)) {
                                throw new IOException("held PUT " + key + " never released");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("interrupted while PUT " + key + " was held");
                        }
                    }
                    return delegate.put(key, data, mode);
                }
            };
        }
    }

    /** The protocols as written. */
    private static final UnaryOperator<ObjectClient> REAL = c -> c;

    /** The broken variant: markers and segments written with a plain, overwriting PUT. */
    static ObjectClient withoutCreateOnly(ObjectClient client) {
        return new ForwardingObjectClient(client) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                boolean claim = CreateOnlyLog.isMarker(key) || CreateOnlyLog.isSegment(key);
                return delegate.put(key, data, claim && mode == PutMode.CREATE ? PutMode.OVERWRITE : mode);
            }
        };
    }

    /** A client of the shared bucket: protocol variant, then the request log, then an optional hold. */
    private VikingFs client(UnaryOperator<ObjectClient> protocol, HeldClaim hold) throws IOException {
        ObjectClient view = store.view((i, op, key) -> InMemoryObjectClient.Outcome.APPLY);
        ObjectClient below = hold == null ? view : hold.over(view);
        return ObjectVikingFs.open(protocol.apply(log.over(below)), "shared", ObjectStoreOptions.DEFAULT, true,
                URI.create("s3://memory/shared"), null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void stage(VikingFs fs, String dir, String tag) throws IOException {
        fs.atomicWrite(VPath.of(dir, "f"), utf8(tag), WriteOptions.DEFAULT);
    }

    /** Runs {@code held} until its hold is reached, then {@code other} to completion, then releases the hold. */
    private static void interleave(HeldClaim hold, java.util.concurrent.Callable<Object> held,
                                   java.util.concurrent.Callable<Object> other) throws Exception {
        FutureTask<Object> first = new FutureTask<>(held);
        Thread t = new Thread(first, "held-claim");
        t.start();
        try {
            while (!hold.reached.await(10, TimeUnit.MILLISECONDS)) {
                if (first.isDone()) {
                    first.get();
                    throw new AssertionError("the first client never made the claim the test holds");
                }
            }
            other.call();
        } finally {
            hold.released.countDown();
        }
        first.get(60, TimeUnit.SECONDS);
    }

    private void racingSwitches(UnaryOperator<ObjectClient> protocol) throws Exception {
        VPath live = VPath.of("app/live");
        HeldClaim hold = new HeldClaim(CreateOnlyLog::isMarker);
        try (VikingFs a = client(protocol, hold); VikingFs b = client(protocol, null)) {
            stage(b, "app/st0", "gen0");
            hold.armed = false;
            b.switchDirectory(VPath.of("app/st0"), live, true);
            stage(a, "app/st-a", "by a");
            stage(b, "app/st-b", "by b");
            hold.armed = true;
            interleave(hold, () -> {
                a.switchDirectory(VPath.of("app/st-a"), live, true);
                return null;
            }, () -> {
                b.switchDirectory(VPath.of("app/st-b"), live, true);
                return null;
            });
            List<String> markers = log.claims(CreateOnlyLog::isMarker);
            assertThat(markers.stream().distinct().count()).as("3 acknowledged switches must leave 3 distinct "
                    + "generations; claimed markers %s; request log: %s", markers, log.violations()).isEqualTo(3);
            assertThat(log.violations()).isEmpty();
            assertThat(new String(b.read(VPath.of("app/live/f")), StandardCharsets.UTF_8))
                    .as("the held switch lost its claim and took the next generation").isEqualTo("by a");
            try (Stream<DirEntry> s = b.list(VPath.of("app"))) {
                assertThat(s.map(DirEntry::name)).containsExactly("live");
            }
        }
    }

    @Test
    void racingSwitches_aHeldMarkerClaimLosesAndTakesTheNextGeneration() throws Exception {
        racingSwitches(REAL);
    }

    @Test
    void variant_markerWrittenWithoutCreateOnly_isCaughtAsALostGeneration() {
        assertThatThrownBy(() -> racingSwitches(CreateOnlyClaimsTest::withoutCreateOnly))
                .isInstanceOf(AssertionError.class).hasMessageContaining("3 distinct generations");
    }

    /**
     * A slow switcher: it chose marker n+1 while n was newest, and its claim is held while another client switches
     * twice — claiming n+1 and n+2, and reclaiming what lies below n+2. A create-only PUT succeeds on a deleted key,
     * so had marker n+1 been deleted, the slow claim would succeed below the newest marker: an acknowledged switch
     * that was never live, its tree orphaned. Markers are therefore kept for the reclaim grace, as log segments are.
     */
    @Test
    void aSlowClaimOfAReclaimedMarkerNumber_failsAndTakesTheNextGeneration() throws Exception {
        VPath live = VPath.of("app/live");
        HeldClaim hold = new HeldClaim(CreateOnlyLog::isMarker);
        try (VikingFs a = client(REAL, hold); VikingFs b = client(REAL, null)) {
            stage(b, "app/st0", "gen0");
            hold.armed = false;
            b.switchDirectory(VPath.of("app/st0"), live, true);
            stage(a, "app/st-a", "by a");
            stage(b, "app/st-b1", "by b1");
            stage(b, "app/st-b2", "by b2");
            hold.armed = true;
            interleave(hold, () -> {
                a.switchDirectory(VPath.of("app/st-a"), live, true);
                return null;
            }, () -> {
                b.switchDirectory(VPath.of("app/st-b1"), live, true);
                b.switchDirectory(VPath.of("app/st-b2"), live, true);
                return null;
            });
            List<String> markers = log.claims(CreateOnlyLog::isMarker);
            assertThat(markers.stream().distinct().count()).as("4 acknowledged switches must leave 4 distinct "
                    + "generations; claimed markers %s", markers).isEqualTo(4);
            assertThat(new String(b.read(VPath.of("app/live/f")), StandardCharsets.UTF_8)).isEqualTo("by a");
        }
    }

    /** What the bucket holds under {@code app/live/.vfs-gen/} after three switches, with the given grace. */
    private java.util.Map<String, Long> generationsAfterThreeSwitches(java.time.Duration grace) throws IOException {
        ObjectClient view = store.view((i, op, key) -> InMemoryObjectClient.Outcome.APPLY);
        try (VikingFs fs = ObjectVikingFs.open(log.over(view), "shared", ObjectStoreOptions.DEFAULT.withReclaimGrace(grace), true,
                URI.create("s3://memory/shared"), null)) {
            for (int g = 0; g < 3; g++) {
                stage(fs, "app/st" + g, "gen" + g);
                fs.switchDirectory(VPath.of("app/st" + g), VPath.of("app/live"), true);
            }
            assertThat(new String(fs.read(VPath.of("app/live/f")), StandardCharsets.UTF_8)).isEqualTo("gen2");
            assertThat(fs.recover(false).total()).as("nothing left that recovery would reclaim").isZero();
        }
        String gens = "shared/app/live/" + Keys.GEN;
        assertThat(store.snapshot().keySet().stream().filter(k -> k.startsWith("shared/app/st")))
                .as("the staged trees are gone").isEmpty();
        return store.snapshot().keySet().stream().filter(k -> k.startsWith(gens))
                .collect(java.util.stream.Collectors.groupingBy(
                        k -> k.substring(gens.length()).startsWith(Keys.MARKER) ? "markers" : "tree objects",
                        java.util.stream.Collectors.counting()));
    }

    @Test
    void switches_reclaimOldTrees_andKeepOldMarkersForTheGrace() throws IOException {
        // one tree left (the live generation's directory object and its file); all three markers, each too young
        // to free its number
        assertThat(generationsAfterThreeSwitches(java.time.Duration.ofHours(1)))
                .containsEntry("markers", 3L).containsEntry("tree objects", 2L);
    }

    @Test
    void switches_withoutAGrace_reclaimOldMarkersToo() throws IOException {
        assertThat(generationsAfterThreeSwitches(java.time.Duration.ZERO))
                .containsEntry("markers", 1L).containsEntry("tree objects", 2L);
    }

    private void racingAppends(UnaryOperator<ObjectClient> protocol) throws Exception {
        VPath path = VPath.of("t.jsonl");
        HeldClaim hold = new HeldClaim(CreateOnlyLog::isSegment);
        try (VikingFs a = client(protocol, hold); VikingFs b = client(protocol, null)) {
            hold.armed = false;
            b.append(path, "{\"n\":0}", true);
            hold.armed = true;
            interleave(hold, () -> {
                a.append(path, "{\"w\":\"a\"}", true);
                return null;
            }, () -> {
                b.append(path, "{\"w\":\"b\"}", true);
                return null;
            });
            List<String> segments = log.claims(CreateOnlyLog::isSegment);
            assertThat(segments.stream().distinct().count()).as("3 acknowledged appends must leave 3 distinct "
                    + "segments; claimed %s; request log: %s", segments, log.violations()).isEqualTo(3);
            assertThat(log.violations()).isEmpty();
            assertThat(b.readRecords(path).records()).containsExactly("{\"n\":0}", "{\"w\":\"b\"}", "{\"w\":\"a\"}");
        }
    }

    @Test
    void racingAppends_aHeldSegmentClaimLosesAndTakesTheNextSegment() throws Exception {
        racingAppends(REAL);
    }

    @Test
    void variant_segmentWrittenWithoutCreateOnly_isCaughtAsALostAppend() {
        assertThatThrownBy(() -> racingAppends(CreateOnlyClaimsTest::withoutCreateOnly))
                .isInstanceOf(AssertionError.class).hasMessageContaining("3 distinct segments");
    }

    @Test
    void theRequestLog_flagsAnOverwritingPutOfAClaimedKey() throws IOException {
        ObjectClient checked = log.over(store);
        checked.put("p/.vfs-gen/" + Keys.marker(1), utf8("m"), PutMode.CREATE);
        checked.put("p/.vfs-log.t.jsonl/" + Keys.segment(1), utf8("s"), PutMode.OVERWRITE);
        checked.put("p/file", utf8("x"), PutMode.OVERWRITE);
        checked.put("p/file", utf8("y"), PutMode.OVERWRITE);
        assertThat(log.violations()).singleElement().asString().contains(".vfs-log.t.jsonl/s-", "overwrite");
    }
}
