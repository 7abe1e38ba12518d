package io.vikingfs.object;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group commit {@link AppendLanes} documents, driven deterministically: a leader is held inside its request
 * while others queue, so what the next group holds is known. Callers queued together are stored as one group, each
 * caller's bytes contiguous; a failed group fails every caller in it and no other; a caller interrupted while still
 * queued is told nothing was appended, and its bytes are not; one interrupted after a leader took its bytes gets
 * its group's outcome and keeps its interrupt.
 */
class AppendLanesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A writer that records each group and holds the first one until released. */
    private static final class HeldWriter implements AppendLanes.GroupWriter {
        final List<String> groups = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        /** Set to hold the second group too: who leads it, once it is inside its request, and its release. */
        volatile CountDownLatch secondEntered;
        final CountDownLatch releaseSecond = new CountDownLatch(1);
        volatile Thread secondLeader;
        volatile IOException failSecond;
        volatile RuntimeException failSecondUnchecked;

        @Override
        public void write(byte[] group) throws IOException {
            groups.add(s(group));
            if (groups.size() == 1) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            } else if (groups.size() == 2 && secondEntered != null) {
                secondLeader = Thread.currentThread();
                secondEntered.countDown();
                try {
                    releaseSecond.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            } else if (groups.size() == 2 && failSecond != null) {
                throw failSecond;
            } else if (groups.size() == 2 && failSecondUnchecked != null) {
                throw failSecondUnchecked;
            }
        }
    }

    /** Waits until every one of {@code threads} is queued behind the leader (waiting on its lane). */
    private static void awaitWaiting(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            assertThat(System.nanoTime()).as("callers queued behind the leader").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Appends {@code L} as the leader, returning once it is inside its (held) request. */
    private static CompletableFuture<Void> leaderHeldInItsRequest(AppendLanes lanes, HeldWriter w)
            throws InterruptedException {
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                lanes.append("log", b("L\n"), Long.MAX_VALUE, w);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(w.entered.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private static Thread appender(AppendLanes lanes, String payload, HeldWriter w, List<Throwable> errors) {
        return appender(lanes, payload, Long.MAX_VALUE, w, errors);
    }

    private static Thread appender(AppendLanes lanes, String payload, long maxGroupBytes, HeldWriter w,
                                   List<Throwable> errors) {
        Thread t = new Thread(() -> {
            try {
                lanes.append("log", b(payload), maxGroupBytes, w);
            } catch (IOException e) {
                errors.add(e);
            }
        });
        t.start();
        return t;
    }

    /**
     * Holds a leader in its request, queues {@code a} then {@code c} behind it (their group's leader sets the group's
     * size, {@code max}), releases the leader; returns the callers' errors once all three are done.
     */
    private static List<Throwable> twoQueuedBehindAHeldLeader(AppendLanes lanes, HeldWriter w, String a, String c,
                                                              long max) throws Exception {
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> first = leaderHeldInItsRequest(lanes, w);
        Thread ta = appender(lanes, a, max, w, errors);
        awaitWaiting(List.of(ta));
        Thread tc = appender(lanes, c, max, w, errors);
        awaitWaiting(List.of(ta, tc));
        w.release.countDown();
        first.get(10, TimeUnit.SECONDS);
        ta.join(10_000);
        tc.join(10_000);
        return errors;
    }

    @Test
    void callersQueuedBehindALeader_goOutAsOneGroup_eachContiguous() throws Exception {
        AppendLanes lanes = new AppendLanes();
        HeldWriter w = new HeldWriter();
        assertThat(twoQueuedBehindAHeldLeader(lanes, w, "a1\na2\n", "c1\n", Long.MAX_VALUE)).isEmpty();
        assertThat(w.groups).containsExactly("L\n", "a1\na2\nc1\n");
        lanes.append("other", b("o\n"), Long.MAX_VALUE, w);
        assertThat(w.groups).as("another log is its own lane").endsWith("o\n");
    }

    @Test
    void aFailedGroup_failsEveryCallerInIt_andTheNextAppendProceeds() throws Exception {
        for (boolean unchecked : new boolean[] {false, true}) {
            AppendLanes lanes = new AppendLanes();
            HeldWriter w = new HeldWriter();
            if (unchecked) {
                w.failSecondUnchecked = new IllegalStateException("store said no");
            } else {
                w.failSecond = new IOException("store said no");
            }
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> first = leaderHeldInItsRequest(lanes, w);
            Thread a = appender(lanes, "a\n", w, errors);
            Thread c = appender(lanes, "c\n", w, errors);
            awaitWaiting(List.of(a, c));
            w.release.countDown();
            first.get(10, TimeUnit.SECONDS); // the leader's own group succeeded
            a.join(10_000);
            c.join(10_000);
            assertThat(errors).as("both callers of the failed group").hasSize(2)
                    .allSatisfy(e -> assertThat(e).isInstanceOf(IOException.class).hasMessageContaining("store said no"));
            lanes.append("log", b("next\n"), Long.MAX_VALUE, w);
            assertThat(w.groups).hasSize(3).last().isEqualTo("next\n");
        }
    }

    @Test
    void aCallerInterruptedWhileQueued_isToldNothingWasAppended_andItsBytesAreNot() throws Exception {
        AppendLanes lanes = new AppendLanes();
        HeldWriter w = new HeldWriter();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> first = leaderHeldInItsRequest(lanes, w);
        boolean[] stillInterrupted = new boolean[1];
        Thread a = new Thread(() -> {
            try {
                lanes.append("log", b("a\n"), Long.MAX_VALUE, w);
            } catch (IOException e) {
                errors.add(e);
                stillInterrupted[0] = Thread.currentThread().isInterrupted();
            }
        });
        a.start();
        awaitWaiting(List.of(a));
        a.interrupt();
        a.join(10_000);
        w.release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(errors).singleElement().isInstanceOf(InterruptedIOException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("nothing was appended"));
        assertThat(stillInterrupted[0]).as("the interrupt is kept for the caller").isTrue();
        lanes.append("log", b("next\n"), Long.MAX_VALUE, w);
        assertThat(w.groups).containsExactly("L\n", "next\n");
    }

    @Test
    void aCallerInterruptedAfterALeaderTookItsBytes_returnsWithTheOutcome_andKeepsItsInterrupt() throws Exception {
        AppendLanes lanes = new AppendLanes();
        HeldWriter w = new HeldWriter();
        w.secondEntered = new CountDownLatch(1);
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> first = leaderHeldInItsRequest(lanes, w);
        Map<Thread, Boolean> interruptedOnReturn = new ConcurrentHashMap<>();
        List<Thread> callers = new ArrayList<>();
        for (String payload : List.of("b\n", "c\n")) {
            Thread t = new Thread(() -> {
                try {
                    lanes.append("log", b(payload), Long.MAX_VALUE, w);
                    interruptedOnReturn.put(Thread.currentThread(), Thread.currentThread().isInterrupted());
                } catch (IOException e) {
                    errors.add(e);
                }
            });
            t.start();
            callers.add(t);
            awaitWaiting(callers);
        }
        w.release.countDown();
        assertThat(w.secondEntered.await(10, TimeUnit.SECONDS)).isTrue();
        // one of the two leads the group holding both; the other waits for its outcome, its bytes already taken
        Thread follower = callers.get(0) == w.secondLeader ? callers.get(1) : callers.get(0);
        follower.interrupt();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (follower.isInterrupted() || follower.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the interrupt taken by the waiting caller").isLessThan(deadline);
            Thread.sleep(5);
        }
        w.releaseSecond.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Thread t : callers) {
            t.join(10_000);
        }
        assertThat(errors).as("its group was stored, so it succeeded").isEmpty();
        assertThat(w.groups).containsExactly("L\n", "b\nc\n");
        assertThat(interruptedOnReturn).containsEntry(follower, true).containsEntry(w.secondLeader, false);
    }

    @Test
    void batchesThatFillAGroupExactly_goOutTogether_andOneByteMoreWaitsForTheNextGroup() throws Exception {
        for (long max : new long[] {6, 5}) { // the queued batches "a1\n" and "c1\n" take 6 bytes together
            AppendLanes lanes = new AppendLanes();
            HeldWriter w = new HeldWriter();
            assertThat(twoQueuedBehindAHeldLeader(lanes, w, "a1\n", "c1\n", max)).isEmpty();
            assertThat(w.groups).as("groups of at most %d bytes", max)
                    .containsExactlyElementsOf(max == 6 ? List.of("L\n", "a1\nc1\n") : List.of("L\n", "a1\n", "c1\n"));
        }
    }
}
