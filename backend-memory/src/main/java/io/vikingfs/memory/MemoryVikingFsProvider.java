package io.vikingfs.memory;

import io.vikingfs.VikingFs;
import io.vikingfs.spi.VikingFsProvider;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code mem:name} for {@link VikingFs#open(URI)}. Within one JVM, every open of the same name while at least one
 * of them is still open reaches the same storage (as two handles on one folder would); when the last one closes
 * the storage is discarded, and a later open of the name starts empty. Different names never share anything.
 */
public final class MemoryVikingFsProvider implements VikingFsProvider {
    private static final Map<String, Shared> OPEN = new HashMap<>();

    private static final class Shared {
        final MemoryVikingFs store;
        int handles;

        Shared(MemoryVikingFs store) {
            this.store = store;
        }
    }

    @Override
    public String scheme() {
        return "mem";
    }

    @Override
    public VikingFs open(URI uri) throws IOException {
        String name = uri.getSchemeSpecificPart();
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("?")) {
            throw new IllegalArgumentException("a memory store URI is mem:<name> with a name of letters, digits, '-',"
                    + " '_' or '.': got '" + uri + "'");
        }
        synchronized (OPEN) {
            Shared s = OPEN.get(name);
            if (s == null) {
                s = new Shared(MemoryVikingFs.open(JimfsStores.newRoot(JimfsStores.uniqueRoot()),
                        URI.create("mem:" + name), MemoryVikingFs.Layers.NONE, null));
                OPEN.put(name, s);
            }
            s.handles++;
            Shared shared = s;
            java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
            return shared.store.sharedView(URI.create("mem:" + name), (MemoryVikingFs.SharedClose) () -> {
                if (closed.compareAndSet(false, true)) { // closing a handle twice releases it once
                    release(name, shared);
                }
            });
        }
    }

    private static void release(String name, Shared s) throws IOException {
        synchronized (OPEN) {
            if (--s.handles > 0 || OPEN.get(name) != s) {
                return;
            }
            OPEN.remove(name);
        }
        s.store.close();
    }
}
