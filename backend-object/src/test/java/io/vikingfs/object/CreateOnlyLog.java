package io.vikingfs.object;

import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ForwardingAppendableObjectClient;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.PutMode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request log over the object clients of one bucket that checks the protocols' create-only claims: log segments
 * and chunks ({@code .vfs-log.name/s-…}, {@code c1-…}) and generation markers ({@code .vfs-gen/m-…}) are each
 * claimed by one PUT with {@code If-None-Match: *} and never written again. Any write to such a key that is not
 * create-only (an overwriting PUT, a copy onto it), and any second acknowledged creation of a segment or marker
 * no one deleted in between (an overwrite the store let through), is recorded as a violation — the lost switch or lost append a
 * final-state check cannot see. Share one log between all clients of a test; thread-safe.
 */
final class CreateOnlyLog {
    private static final Pattern SEGMENT_OR_CHUNK = Pattern.compile("(s|c[0-9]+)-[0-9]{20}");

    private final Set<String> created = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> claims = new ArrayList<>();

    /** Whether the protocols claim {@code key} create-only. */
    static boolean claimedCreateOnly(String key) {
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        String dir = key.substring(0, Math.max(slash, 0));
        String parent = dir.substring(dir.lastIndexOf('/') + 1);
        if (parent.startsWith(Keys.LOG)) {
            return SEGMENT_OR_CHUNK.matcher(name).matches();
        }
        boolean inGenerations = (dir + "/").equals(Keys.GEN) || (dir + "/").endsWith("/" + Keys.GEN);
        return inGenerations && Keys.markerNumber(name) >= 0;
    }

    /**
     * {@code client}, with every request it sends checked against this log (a store with append objects stays
     * one: its segments are claimed by a create-only {@code createAppendable}, then only appended to).
     */
    ObjectClient over(ObjectClient client) {
        ObjectClient checked = new ForwardingObjectClient(client) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                return claim(key, mode, () -> delegate.put(key, data, mode));
            }

            @Override
            public ObjectMeta copy(String source, String destination) throws IOException {
                if (claimedCreateOnly(destination)) {
                    violation("COPY " + source + " onto " + destination + ", a key the protocols claim create-only");
                }
                return delegate.copy(source, destination);
            }

            @Override
            public void delete(String key) throws IOException {
                delegate.delete(key);
                synchronized (CreateOnlyLog.this) {
                    created.remove(key); // a later creation of a reclaimed key is a new claim, not an overwrite
                }
            }
        };
        if (!(client instanceof AppendableObjectClient appendable)) {
            return checked;
        }
        return new ForwardingAppendableObjectClient(checked, appendable) {
            @Override
            public ObjectMeta createAppendable(String key, PutMode mode) throws IOException {
                return claim(key, mode, () -> appendDelegate.createAppendable(key, mode));
            }
        };
    }

    @FunctionalInterface
    private interface Write {
        ObjectMeta send() throws IOException;
    }

    /** A write that creates {@code key}: checked to be create-only where the protocols claim the key. */
    private ObjectMeta claim(String key, PutMode mode, Write write) throws IOException {
        boolean claimed = claimedCreateOnly(key);
        if (claimed && mode != PutMode.CREATE) {
            violation("PUT " + key + " sent as " + mode + ", but the protocols claim this key create-only");
        }
        ObjectMeta m = write.send();
        if (claimed) {
            synchronized (this) {
                claims.add(key);
                // a compaction chunk is a pure function of the objects it folds: a slow compactor re-creating
                // one that was reclaimed meanwhile stores the same bytes, and its late acknowledgement may be
                // counted after the reclaim and the re-creation — so only segments and markers, whose numbers are
                // never claimed twice, count a second acknowledgement as an overwrite (all three must be CREATE)
                if (!created.add(key) && !isChunk(key)) {
                    violations.add("PUT " + key + " acknowledged a second time: it overwrote the object "
                            + "another writer had claimed");
                }
            }
        }
        return m;
    }

    private synchronized void violation(String what) {
        violations.add(what);
    }

    /** Every violation seen so far. */
    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** The acknowledged create-only claims whose key matches {@code which}, in order. */
    synchronized List<String> claims(java.util.function.Predicate<String> which) {
        return claims.stream().filter(which).toList();
    }

    /** Whether {@code key} is a generation marker. */
    static boolean isMarker(String key) {
        return claimedCreateOnly(key) && key.contains(Keys.GEN);
    }

    /** Whether {@code key} is a compacted chunk of a log ({@code c<level>-…}). */
    static boolean isChunk(String key) {
        return claimedCreateOnly(key) && !isMarker(key) && !isSegment(key);
    }

    /** Whether {@code key} is a log segment (not a compacted chunk). */
    static boolean isSegment(String key) {
        return claimedCreateOnly(key) && key.substring(key.lastIndexOf('/') + 1).startsWith(Keys.SEGMENT);
    }
}
