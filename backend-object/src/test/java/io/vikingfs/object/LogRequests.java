package io.vikingfs.object;

import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Requests per operation kind ({@code get}, {@code head}, {@code list}, …) a client sent on log objects. */
final class LogRequests {
    private final Map<String, AtomicLong> byOp = new ConcurrentHashMap<>();

    /** A client of {@code store} whose requests on log objects ({@code .vfs-log.} keys) are counted here. */
    InMemoryObjectClient counting(InMemoryObjectClient store) {
        return store.view((i, op, key) -> {
            if (key.contains(Keys.LOG)) {
                byOp.computeIfAbsent(op, o -> new AtomicLong()).incrementAndGet();
            }
            return Outcome.APPLY;
        });
    }

    long of(String op) {
        AtomicLong n = byOp.get(op);
        return n == null ? 0 : n.get();
    }

    /** The kinds of request sent since the last {@link #reset}. */
    java.util.Set<String> kinds() {
        return byOp.keySet();
    }

    void reset() {
        byOp.clear();
    }
}
