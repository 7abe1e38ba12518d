package io.vikingfs.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task body on N threads released together, and rethrows the first failure of any of them. Public for the
 * concurrency tests of modules built on the API (the chat memories).
 */
public final class Concurrently {
    public interface Body {
        void run(int thread) throws Exception;
    }

    private Concurrently() {
    }

    public static void run(int threads, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run(id);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                try {
                    f.get(240, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception) {
                        throw (Exception) e.getCause();
                    }
                    throw new AssertionError("a worker thread failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
