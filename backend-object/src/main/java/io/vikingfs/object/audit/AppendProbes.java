package io.vikingfs.object.audit;

import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe only stores with append objects need (Azure's append blobs): a log's blocks are appended under the
 * append-position condition ("append only if the object is exactly N bytes long"), so racing writers are ordered
 * only if, of several appenders at one position, exactly one lands its block. A store that checks the length and
 * then appends (non-atomically) lets two racers land at once: their blocks then both follow the same predecessor,
 * and a writer's check of what landed before it no longer holds.
 */
final class AppendProbes {
    /** Rounds of the race: one block per round must land. */
    static final int ROUNDS = 10;

    private final AppendableObjectClient client;
    private final Scratch scratch;
    private final int racers;
    private final ExecutorService executor;

    AppendProbes(AppendableObjectClient client, Scratch scratch, int racers, ExecutorService executor) {
        this.client = client;
        this.scratch = scratch;
        this.racers = racers;
        this.executor = executor;
    }

    /** {@code racers} appenders at each of {@value #ROUNDS} append positions of one scratch object. */
    Measurement positionRace() {
        String key = scratch.key("append/position-race");
        try {
            client.createAppendable(key, PutMode.CREATE);
            long length = 0;
            int single = 0;
            int landed = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long at = length;
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger won = new AtomicInteger();
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < racers; t++) {
                    byte[] block = ("{\"round\":" + round + ",\"racer\":" + t + "}\n").getBytes(StandardCharsets.UTF_8);
                    results.add(executor.submit(() -> {
                        go.await();
                        try {
                            client.append(key, block, at);
                            won.incrementAndGet();
                        } catch (ObjectPreconditionFailedException lost) {
                            // another racer's block is at this position: the condition refused this one
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : results) {
                    f.get();
                }
                landed += won.get();
                single += won.get() == 1 ? 1 : 0;
                length = client.head(key).orElseThrow(() -> new IOException(key + " vanished during the race")).size();
            }
            Map<String, Long> counts = Map.of("rounds", (long) ROUNDS, "roundsWithOneWinner", (long) single,
                    "blocksLanded", (long) landed, "racers", (long) racers);
            String detail = ROUNDS + " rounds × " + racers + " appenders at one append position: " + single
                    + " with exactly one winner, " + landed + " blocks landed";
            return single == ROUNDS && landed == ROUNDS
                    ? new Measurement(Primitive.APPEND_POSITION_RACE, Outcome.OK, detail, counts)
                    : new Measurement(Primitive.APPEND_POSITION_RACE, Outcome.NOT_ATOMIC, detail, counts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Measurement.failed(Primitive.APPEND_POSITION_RACE, e);
        } catch (ExecutionException e) {
            return Measurement.failed(Primitive.APPEND_POSITION_RACE,
                    e.getCause() instanceof Exception c ? c : e);
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.APPEND_POSITION_RACE, e);
        }
    }
}
