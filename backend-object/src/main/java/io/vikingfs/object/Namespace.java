package io.vikingfs.object;

import io.vikingfs.VPath;
import io.vikingfs.object.Resolver.Location;
import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a path is on the store — a plain object, a log, a directory or nothing — and the checks every protocol
 * makes before creating something. A log wins over a plain object at the same key: the plain object is then
 * the leftover of an interrupted conversion (see {@link LogProtocol}) and is never shown.
 */
final class Namespace {
    private static final byte[] EMPTY = new byte[0];

    final ObjectClient client;
    final Resolver resolver;
    final LogStore logs;
    final ObjectStoreOptions options;
    final String store;

    /** @param appendable the store's append objects, which logs then use; {@code null} for numbered segments */
    Namespace(ObjectClient client, AppendableObjectClient appendable, String root, ObjectStoreOptions options) {
        this.client = client;
        this.resolver = new Resolver(client, root);
        this.logs = new LogStore(client, appendable, options);
        this.options = options;
        this.store = client.describe();
    }

    enum Kind { PLAIN, LOG, DIRECTORY, MISSING }

    /** One look at a path. {@code log} is its log's listing (possibly empty), {@code plain} its plain object. */
    record Node(Kind kind, Location loc, LogStore.Listing log, ObjectMeta plain) {
        boolean isFile() {
            return kind == Kind.PLAIN || kind == Kind.LOG;
        }
    }

    Node lookup(VPath path) throws IOException {
        if (path.isRoot()) {
            return new Node(Kind.DIRECTORY, null, null, null);
        }
        Location loc = resolver.locate(path);
        return lookup(loc);
    }

    Node lookup(Location loc) throws IOException {
        LogStore.Listing log = logs.list(loc.log());
        if (log.active()) {
            return new Node(Kind.LOG, loc, log, null);
        }
        Optional<ObjectMeta> plain = client.head(loc.key());
        if (plain.isPresent()) {
            return new Node(Kind.PLAIN, loc, log, plain.get());
        }
        return new Node(hasAnyKey(loc.dir()) ? Kind.DIRECTORY : Kind.MISSING, loc, log, null);
    }

    boolean hasAnyKey(String prefix) throws IOException {
        return !client.list(prefix, null, null, 1).objects().isEmpty();
    }

    /** The whole content of a file node: its log's fold or its plain object. */
    Optional<byte[]> content(Node node) throws IOException {
        if (node.kind() == Kind.LOG) {
            LogStore.Fold f = logs.read(node.loc().log());
            if (f.exists()) {
                return Optional.of(f.bytes());
            }
            // deleted between listing and reading: fall back to a plain object written after the delete
        }
        if (node.loc() == null) {
            return Optional.empty();
        }
        Optional<StoredObject> o = client.get(node.loc().key());
        return o.map(StoredObject::data);
    }

    /**
     * Checks that {@code path} can be created: no ancestor is a file and the path is not a directory. Resolves
     * switched directories on the way; returns the path's location.
     */
    Location checkCreatable(VPath path, String operation) throws IOException {
        String p = resolver.root();
        List<String> segments = path.segments();
        VPath at = VPath.ROOT;
        for (int i = 0; i < segments.size() - 1; i++) {
            String segment = segments.get(i);
            at = at.resolve(segment);
            if (isFileAt(new Location(p, segment))) {
                throw ObjectErrors.parentIsFile(path, at, operation);
            }
            String d = p + segment + "/";
            Optional<Resolver.Generation> g = resolver.current(d);
            p = g.isPresent() ? g.get().tree() : d;
        }
        Location loc = new Location(p, path.name());
        if (hasAnyKey(loc.dir())) {
            throw ObjectErrors.isDirectory(path, operation);
        }
        return loc;
    }

    boolean isFileAt(Location loc) throws IOException {
        return client.head(loc.key()).isPresent() || logs.list(loc.log()).active();
    }

    /**
     * Makes the directory holding {@code loc} persist on its own (a zero-byte marker): S3 has no directories,
     * and without it removing the directory's last entry would make the directory vanish.
     */
    void keepParent(Location loc) throws IOException {
        if (!loc.parent().equals(resolver.root())) {
            client.put(loc.parent(), EMPTY, PutMode.OVERWRITE);
        }
    }

    void putDirectoryMarker(String dirKey) throws IOException {
        client.put(dirKey, EMPTY, PutMode.OVERWRITE);
    }

    /** Every key under {@code prefix}, in order, page by page. */
    List<ObjectMeta> listAll(String prefix) throws IOException {
        List<ObjectMeta> all = new ArrayList<>();
        String after = null;
        while (true) {
            ListPage page = client.list(prefix, null, after, options.listPageSize());
            all.addAll(page.objects());
            if (!page.truncated() || page.objects().isEmpty()) {
                return all;
            }
            after = page.objects().get(page.objects().size() - 1).key();
        }
    }

    /** Deletes keys from the last to the first (logs stay readable if this stops midway). */
    void deleteAll(List<ObjectMeta> objects) throws IOException {
        for (int i = objects.size() - 1; i >= 0; i--) {
            client.delete(objects.get(i).key());
        }
    }
}
