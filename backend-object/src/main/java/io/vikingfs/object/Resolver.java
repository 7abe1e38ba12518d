package io.vikingfs.object;

import io.vikingfs.VPath;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.StoredObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Maps paths to keys. A directory that {@code switchDirectory} replaced lives in the generation tree its newest
 * marker names, so each directory segment of a path costs one LIST (and a GET where a marker exists): every
 * client resolves {@code live/…} to the same, whole generation at every instant.
 */
final class Resolver {
    /** Markers read per LIST: the newest is first, unless a store lists a PUT in progress before it. */
    private static final int MARKER_PAGE = 4;
    private static final int MAX_ATTEMPTS = 20;

    private final ObjectClient client;
    private final String root;

    Resolver(ObjectClient client, String root) {
        this.client = client;
        this.root = root;
    }

    String root() {
        return root;
    }

    /** Where a path's objects live: its parent's resolved prefix and its name. */
    record Location(String parent, String name) {
        String key() {
            return parent + name;
        }

        String log() {
            return Keys.logPrefix(parent, name);
        }

        /** The directory prefix, before generation resolution. */
        String dir() {
            return parent + name + "/";
        }

        String generations() {
            return dir() + Keys.GEN;
        }
    }

    /** The newest generation of a switched directory, as its marker names it. */
    record Generation(long number, String markerKey, String tree, String staged, String fingerprint) {
    }

    Location locate(VPath path) throws IOException {
        if (path.isRoot()) {
            throw new IllegalArgumentException("the root has no location of its own");
        }
        return new Location(dirPrefix(path.parent()), path.name());
    }

    /** The prefix under which the entries of directory {@code dir} live, generations resolved. */
    String dirPrefix(VPath dir) throws IOException {
        String p = root;
        for (String segment : dir.segments()) {
            String d = p + segment + "/";
            Optional<Generation> g = current(d);
            p = g.isPresent() ? g.get().tree() : d;
        }
        return p;
    }

    /** The resolved prefix of a located directory. */
    String dirPrefix(Location loc) throws IOException {
        Optional<Generation> g = current(loc.dir());
        return g.isPresent() ? g.get().tree() : loc.dir();
    }

    /** The current generation of the directory at {@code dirKey} (ending in '/'), if it was ever switched. */
    Optional<Generation> current(String dirKey) throws IOException {
        String markers = dirKey + Keys.GEN + Keys.MARKER;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<String> newest = newestMarker(dirKey, markers);
            if (newest.isEmpty()) {
                return Optional.empty();
            }
            String key = newest.get();
            Optional<StoredObject> marker = client.get(key);
            if (marker.isPresent()) {
                return Optional.of(parse(dirKey, key, marker.get().data()));
            }
            // reclaimed between LIST and GET: a newer marker exists, list again
        }
        throw new IOException("the generation markers of " + dirKey + " kept changing under " + MAX_ATTEMPTS
                + " reads; retry later");
    }

    /**
     * The key of the newest marker (markers are numbered so the newest lists first). Keys under the marker prefix
     * that are not markers are passed over: S3Proxy lists the temp object {@code <marker>-<uuid>} of a marker
     * PUT in progress, and taking it would send the reader to a GET that never finds it.
     */
    private Optional<String> newestMarker(String dirKey, String markers) throws IOException {
        String after = null;
        while (true) {
            ListPage page = client.list(markers, null, after, MARKER_PAGE);
            for (var o : page.objects()) {
                if (Keys.markerNumber(o.key().substring((dirKey + Keys.GEN).length())) >= 0) {
                    return Optional.of(o.key());
                }
            }
            if (!page.truncated() || page.objects().isEmpty()) {
                return Optional.empty();
            }
            after = page.objects().get(page.objects().size() - 1).key();
        }
    }

    static Generation parse(String dirKey, String markerKey, byte[] body) throws IOException {
        String gen = null;
        String staged = "";
        String fingerprint = "";
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = line.substring(0, eq);
            String v = line.substring(eq + 1);
            switch (k) {
                case "gen" -> gen = v;
                case "staged" -> staged = v;
                case "fingerprint" -> fingerprint = v;
                default -> { }
            }
        }
        if (gen == null || !gen.startsWith(Keys.GEN_TREE) || gen.contains("/")) {
            throw new IOException("generation marker " + markerKey + " is damaged (no valid 'gen=' line); "
                    + "restore it or delete the directory's .vfs-gen/ objects to fall back to an older generation");
        }
        long n = Keys.markerNumber(markerKey.substring((dirKey + Keys.GEN).length()));
        return new Generation(n, markerKey, dirKey + Keys.GEN + gen + "/", staged, fingerprint);
    }

    static byte[] markerBody(String generation, String staged, String fingerprint) {
        return ("gen=" + generation + "\nstaged=" + staged + "\nfingerprint=" + fingerprint + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
