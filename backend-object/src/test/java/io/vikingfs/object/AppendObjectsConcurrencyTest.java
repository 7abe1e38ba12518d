package io.vikingfs.object;

import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;

/**
 * The races of {@link ObjectConcurrencyTest} — 4 clients × 500 appends to one log, racing switches, {@code ifMatch}
 * counters and rewrites racing appends — on logs kept in append objects: the writers share each segment with no
 * lock of ours (the append-position condition orders them), and with 50 blocks per object the 2,000 appends roll
 * over to a new segment about 40 times while they race. The request log checks that every segment is claimed by
 * a create-only {@code createAppendable}.
 */
class AppendObjectsConcurrencyTest extends ObjectConcurrencyTest {
    @Override
    InMemoryObjectClient newStore() {
        return new InMemoryAppendableObjectClient(64 * 1024, 50);
    }
}
