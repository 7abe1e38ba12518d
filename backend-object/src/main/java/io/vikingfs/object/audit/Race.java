package io.vikingfs.object.audit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs n bodies at once and lines them up on a barrier right before the request that races, so every racer has
 * done its check (its GET, or nothing) before any of them writes: the widest window a non-atomic store can show.
 */
final class Race {
    /** One racer: does its preparation, calls {@code align.await()}, then sends the racing request. */
    interface Body<T> {
        T run(int racer, Align align) throws Exception;
    }

    /** The barrier a racer waits on right before its racing request. */
    interface Align {
        void await() throws IOException;
    }

    /** One racer's result: a value, or the exception it threw. */
    record Result<T>(T value, Exception error) {
        boolean ok() {
            return error == null;
        }
    }

    private Race() {
    }

    static <T> List<Result<T>> run(ExecutorService executor, int n, Body<T> body) throws IOException {
        CyclicBarrier barrier = new CyclicBarrier(n);
        Align align = () -> {
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("store audit interrupted");
            } catch (BrokenBarrierException | TimeoutException e) {
                // Another racer failed before the barrier: this one still races, just less tightly aligned.
            }
        };
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int racer = i;
            futures.add(executor.submit(() -> {
                boolean[] arrived = {false};
                try {
                    return body.run(racer, () -> {
                        arrived[0] = true;
                        align.await();
                    });
                } catch (Exception e) {
                    if (!arrived[0]) {
                        // It will never reach the barrier: release the others instead of letting them wait 30 s.
                        barrier.reset();
                    }
                    throw e;
                }
            }));
        }
        List<Result<T>> results = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                results.add(new Result<>(f.get(), null));
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                results.add(new Result<>(null, c instanceof Exception ? (Exception) c : new IOException(c)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new InterruptedIOException("store audit interrupted");
            }
        }
        return results;
    }
}
