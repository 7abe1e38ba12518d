package io.vikingfs.object.audit;

import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ForwardingAppendableObjectClient;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.ObjectStoreException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import io.vikingfs.VPath;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Object clients that each break one promise the backend relies on, the way stores in the field do. */
public final class FaultyObjectClients {
    private FaultyObjectClients() {
    }

    /**
     * Append objects whose append-position condition is not applied: every block goes wherever the end is, as if
     * the service ignored {@code x-ms-blob-condition-appendpos} — racing appenders at one position all land.
     */
    public static AppendableObjectClient unconditionalAppends(AppendableObjectClient store) {
        return new ForwardingAppendableObjectClient(store) {
            @Override
            public Appended append(String key, byte[] block, long expectedLength) throws IOException {
                while (true) {
                    long end = appendDelegate.head(key).orElseThrow(() -> new IOException(key + " is missing")).size();
                    try {
                        return appendDelegate.append(key, block, end);
                    } catch (ObjectPreconditionFailedException moved) {
                        // the end moved between the two requests: try at the new end, as an unconditional append would
                    }
                }
            }
        };
    }

    /** Like the npm s3rver: every PUT overwrites, whatever its If-None-Match or If-Match. */
    static ObjectClient ignoringPreconditions(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                return delegate.put(key, data, PutMode.OVERWRITE);
            }
        };
    }

    /** Create-only checked by a HEAD, then an unconditional PUT: right alone, wrong when writers race. */
    static ObjectClient checkThenActCreate(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                if (mode != PutMode.CREATE) {
                    return delegate.put(key, data, mode);
                }
                if (delegate.head(key).isPresent()) {
                    throw new ObjectPreconditionFailedException(key, "exists (checked by HEAD)");
                }
                window();
                return delegate.put(key, data, PutMode.OVERWRITE);
            }
        };
    }

    /** If-Match checked by a HEAD, then an unconditional PUT (what S3Proxy does): racing writers can both win. */
    static ObjectClient checkThenActIfMatch(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                if (!(mode instanceof PutMode.Update u)) {
                    return delegate.put(key, data, mode);
                }
                Optional<ObjectMeta> current = delegate.head(key);
                if (current.isEmpty() || !current.get().etag().equals(u.etag())) {
                    throw new ObjectPreconditionFailedException(key, "ETag differs (checked by HEAD)");
                }
                window();
                return delegate.put(key, data, PutMode.OVERWRITE);
            }
        };
    }

    /** Listings leave out keys written less than {@code lagMillis} ago, as eventually consistent stores did. */
    static ObjectClient laggingListings(ObjectClient store, long lagMillis) {
        Map<String, Long> writtenAt = new ConcurrentHashMap<>();
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                ObjectMeta m = delegate.put(key, data, mode);
                writtenAt.put(key, System.nanoTime());
                return m;
            }

            @Override
            public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
                ListPage p = delegate.list(prefix, delimiter, startAfter, maxKeys);
                long now = System.nanoTime();
                return new ListPage(p.objects().stream().filter(o -> {
                    Long t = writtenAt.get(o.key());
                    return t == null || now - t >= lagMillis * 1_000_000;
                }).toList(), p.commonPrefixes(), p.truncated());
            }
        };
    }

    /** Like a store without conditional writes that says so: 501 to every If-None-Match and If-Match. */
    static ObjectClient refusingConditions(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                if (mode != PutMode.OVERWRITE) {
                    throw new ObjectStoreException(key + ": HTTP 501 NotImplemented", 501, false, null);
                }
                return delegate.put(key, data, mode);
            }
        };
    }

    /**
     * Like the stores of the field report (4 of 148 and 8 of 45 reads racing overwrites were torn): each GET returns,
     * with {@code probability} (drawn from {@code seed}), the object's metadata with its body one byte short.
     */
    public static ObjectClient tornReads(ObjectClient store, double probability, long seed) {
        return damagedReads(store, probability, seed, body -> Arrays.copyOf(body, Math.max(0, body.length - 1)));
    }

    /** As {@link #tornReads}, but a damaged GET returns an empty body. */
    public static ObjectClient emptyReads(ObjectClient store, double probability, long seed) {
        return damagedReads(store, probability, seed, body -> new byte[0]);
    }

    /** The most damaged reads one reader sees in a row (below probability 1): fewer than the backend's re-reads. */
    private static final int MAX_DAMAGED_IN_A_ROW = 3;

    private static ObjectClient damagedReads(ObjectClient store, double probability, long seed,
                                             UnaryOperator<byte[]> damage) {
        java.util.Random random = new java.util.Random(seed);
        // A torn read is a moment of a store (an overwrite in progress), not a damaged object: one reader sees at
        // most MAX_DAMAGED_IN_A_ROW in a row, as the stores of the field report did. Without the bound, 8 threads
        // reading ~10,000 times at p = 0.25 meet 8 damaged reads in a row by chance (0.25^8 per read), which is a
        // damaged object, not a race — the backend then rightly fails with CorruptObjectException. Probability 1
        // is that damaged object: every read is damaged.
        int bound = probability >= 1.0 ? Integer.MAX_VALUE : MAX_DAMAGED_IN_A_ROW;
        ThreadLocal<int[]> inARow = ThreadLocal.withInitial(() -> new int[1]);
        return new ForwardingObjectClient(store) {
            @Override
            public Optional<StoredObject> get(String key) throws IOException {
                Optional<StoredObject> o = delegate.get(key);
                boolean damaged;
                synchronized (random) {
                    damaged = random.nextDouble() < probability;
                }
                int[] row = inARow.get();
                if (o.isPresent() && damaged && row[0] < bound && o.get().data().length > 0) {
                    row[0]++;
                    return Optional.of(new StoredObject(o.get().meta(), damage.apply(o.get().data())));
                }
                row[0] = 0;
                return o;
            }
        };
    }

    /**
     * Like the store of the field report: every page of a delimited listing carries every common prefix under the
     * listed prefix, whatever {@code startAfter} and {@code maxKeys} say.
     */
    public static ObjectClient prefixesOnEveryPage(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
                ListPage p = delegate.list(prefix, delimiter, startAfter, maxKeys);
                if (delimiter == null) {
                    return p;
                }
                return new ListPage(p.objects(), allPrefixes(delegate, prefix, delimiter), p.truncated());
            }
        };
    }

    /** Delimited pages carry the next page's common prefixes too: more entries than {@code maxKeys}. */
    public static ObjectClient prefixesBeyondMaxKeys(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
                ListPage p = delegate.list(prefix, delimiter, startAfter, maxKeys);
                if (delimiter == null || !p.truncated()) {
                    return p;
                }
                List<String> more = new ArrayList<>(p.commonPrefixes());
                String last = p.commonPrefixes().isEmpty() && p.objects().isEmpty() ? startAfter
                        : lastOf(p);
                ListPage next = delegate.list(prefix, delimiter, last, maxKeys);
                more.addAll(next.commonPrefixes());
                return new ListPage(p.objects(), more, true);
            }
        };
    }

    /**
     * Like S3Proxy: while a PUT is in progress (held {@code holdMillis}), listings show its temp object
     * {@code <key>-<uuid>}, which no GET or HEAD finds.
     */
    public static ObjectClient inFlightKeysListed(ObjectClient store, long holdMillis) {
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                String temp = key + "-" + UUID.randomUUID();
                inFlight.add(temp);
                try {
                    pause(holdMillis);
                    return delegate.put(key, data, mode);
                } finally {
                    inFlight.remove(temp);
                }
            }

            @Override
            public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
                ListPage p = delegate.list(prefix, delimiter, startAfter, maxKeys);
                List<ObjectMeta> objects = new ArrayList<>(p.objects());
                String bound = p.truncated() ? lastOf(p) : null;
                for (String t : new TreeSet<>(inFlight)) {
                    boolean inRange = t.startsWith(prefix) && (startAfter == null || VPath.compareNames(t, startAfter) > 0)
                            && (bound == null || VPath.compareNames(t, bound) < 0);
                    boolean plain = delimiter == null || t.indexOf(delimiter, prefix.length()) < 0;
                    if (inRange && plain) {
                        objects.add(new ObjectMeta(t, "0", 0, java.time.Instant.now()));
                    }
                }
                objects.sort((a, b) -> VPath.compareNames(a.key(), b.key()));
                // S3Proxy keeps max-keys: the temp objects take the place of later keys
                int room = Math.max(0, maxKeys - p.commonPrefixes().size());
                boolean cut = objects.size() > room;
                return new ListPage(objects.subList(0, Math.min(room, objects.size())), p.commonPrefixes(),
                        p.truncated() || cut);
            }
        };
    }

    private static String lastOf(ListPage p) {
        String o = p.objects().isEmpty() ? null : p.objects().get(p.objects().size() - 1).key();
        String c = p.commonPrefixes().isEmpty() ? null : p.commonPrefixes().get(p.commonPrefixes().size() - 1);
        return o == null ? c : c == null ? o : VPath.compareNames(o, c) > 0 ? o : c;
    }

    private static List<String> allPrefixes(ObjectClient store, String prefix, String delimiter) throws IOException {
        List<String> all = new ArrayList<>();
        String after = null;
        ListPage p;
        do {
            p = store.list(prefix, delimiter, after, 1000);
            all.addAll(p.commonPrefixes());
            after = p.objects().isEmpty() && p.commonPrefixes().isEmpty() ? null : lastOf(p);
        } while (p.truncated() && after != null);
        return all;
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** The gap between check and act: long enough that every racer has checked before any has written. */
    private static void window() throws IOException {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
