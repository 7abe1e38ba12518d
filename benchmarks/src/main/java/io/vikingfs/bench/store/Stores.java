package io.vikingfs.bench.store;

import io.vikingfs.VikingFs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Opens the stores under test. The one place that knows how each backend is constructed. */
public final class Stores {
    private static final AtomicLong MEMORY_NAMES = new AtomicLong();

    private Stores() {
    }

    public static LocalStore local(Path root) throws IOException {
        return new LocalStore(VikingFs.open(root.toUri()), null, root);
    }

    public static VikingFs memory() throws IOException {
        return VikingFs.open(URI.create("mem:bench-" + MEMORY_NAMES.incrementAndGet()));
    }
}
