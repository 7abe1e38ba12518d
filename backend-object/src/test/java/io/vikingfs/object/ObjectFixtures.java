package io.vikingfs.object;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.DirEntry;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ChildProcessSpec;
import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.CountingObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.RetryingObjectClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Conformance fixtures over an {@link ObjectClient}, shared by every object-store backend's tests (this module's
 * test jar): each fixture is a prefix of one store.
 */
public final class ObjectFixtures {
    private ObjectFixtures() {
    }

    /** What an {@link ObjectVikingFs} declares: {@code ATOMIC_CONDITIONAL_WRITE} only where {@code If-Match} is atomic. */
    public static Capabilities expected(boolean ifMatchAtomic) {
        return ifMatchAtomic ? Capabilities.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.ATOMIC_BATCH_APPEND,
                        Capability.CROSS_PROCESS_SAFE)
                : Capabilities.of(Capability.ATOMIC_BATCH_APPEND, Capability.CROSS_PROCESS_SAFE);
    }

    /** Opens a client of the fixture's store: a new one per store opened, or one below the API. */
    @FunctionalInterface
    public interface Clients {
        ObjectClient open() throws IOException;
    }

    /**
     * A fixture on {@code prefix} of the store {@code clients} reach ({@code raw} reaches the same store without
     * any fault a test client adds). Without a child process the store is one JVM's:
     * {@code CROSS_PROCESS_SAFE} is then neither expected nor reported, and the multi-process cases skip.
     */
    public static BackendFixture fixture(String prefix, Clients clients, Clients rawClients, ObjectStoreOptions options,
                                  boolean ifMatchAtomic, URI uri, Optional<ChildProcessSpec> child) {
        String root = prefix + "/";
        Capabilities expected = child.isPresent() ? expected(ifMatchAtomic)
                : Capabilities.of(expected(ifMatchAtomic).asSet().stream()
                .filter(c -> c != Capability.CROSS_PROCESS_SAFE).toArray(Capability[]::new));
        return new BackendFixture() {
            /** One per store opened: each store closes its own client, the counts outlive it. */
            private final List<CountingObjectClient> opened = new ArrayList<>();
            /** The fixture's own client, for what it does below the API. */
            private ObjectClient raw;

            @Override
            public VikingFs open() throws IOException {
                ObjectClient client = clients.open();
                CountingObjectClient counting = new CountingObjectClient(client);
                opened.add(counting);
                ObjectClient retrying = new RetryingObjectClient(counting, 6, Duration.ofMillis(20), 5L << 20);
                // a store with append objects stays one (its logs then live in them), its appends counted too
                VikingFs fs = ObjectVikingFs.open(client instanceof AppendableObjectClient appendable
                                ? counting.withAppends(retrying, appendable) : retrying,
                        prefix, options, ifMatchAtomic, uri, null);
                return child.isPresent() ? fs : new ForwardingVikingFs(fs) {
                    @Override
                    public Capabilities capabilities() {
                        return expected;
                    }
                };
            }

            @Override
            public Capabilities expected() {
                return expected;
            }

            @Override
            public Optional<VikingFs> openConcurrently() throws IOException {
                return Optional.of(open()); // a second client of the same bucket and prefix
            }

            @Override
            public OptionalLong flushCount() {
                return OptionalLong.of(opened.stream().mapToLong(CountingObjectClient::acknowledgedWrites).sum());
            }

            private ObjectClient raw() throws IOException {
                if (raw == null) {
                    raw = rawClients.open();
                }
                return raw;
            }

            @Override
            public boolean plantRaw(String relativePath, byte[] data) throws IOException {
                raw().put(root + relativePath, data, PutMode.OVERWRITE);
                return true;
            }

            /**
             * An append to a path holding a plain file converts it: the log is written, then the plain object
             * deleted. Cut between the two, the plain object stays, hidden by the log, until recovery deletes it.
             */
            @Override
            public Optional<Leftover> plantLeftover(VikingFs fs, VPath dir) throws IOException {
                VPath log = dir.resolve("converted.jsonl");
                fs.append(log, "{\"n\":1}", true);
                String plainKey = root + log;
                plantRaw(log.toString(), "{\"plain\":true}\n".getBytes(StandardCharsets.UTF_8));
                return Optional.of(() -> raw().head(plainKey).isPresent());
            }

            @Override
            public Optional<ChildProcessSpec> childProcess() {
                return child;
            }

            @Override
            public void close() throws IOException {
                if (raw != null) {
                    raw.close();
                }
            }
        };
    }

    /** The files a client of {@code fs} sees: path → content (directories left out). */
    public static Map<String, String> files(VikingFs fs) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<DirEntry> walk = fs.walk(VPath.ROOT)) {
            for (DirEntry d : (Iterable<DirEntry>) walk::iterator) {
                if (!d.isDirectory()) {
                    files.put(d.path().toString(), new String(fs.read(d.path()), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
