package io.vikingfs.object;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.object.Namespace.Node;
import io.vikingfs.object.Resolver.Location;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code atomicWrite}: one PUT of the whole content to the path's key (multipart above the client's part size,
 * still one object appearing at once), so any S3 tool reads the file as it is. {@code ifAbsent} is
 * {@code If-None-Match: *}, {@code ifMatch} is {@code If-Match} on the ETag; the version returned is the ETag.
 * A path that became a log by an {@code append} stays one: the write is a replacement claimed in the log
 * (see {@link LogProtocol#replace}), atomic against racing appends on every store.
 */
final class WriteProtocol {
    private final Namespace ns;
    private final LogProtocol logs;

    WriteProtocol(Namespace ns, LogProtocol logs) {
        this.ns = ns;
        this.logs = logs;
    }

    Version atomicWrite(VPath path, byte[] bytes, Precondition pre) throws IOException {
        if (path.isRoot()) {
            throw ObjectErrors.isDirectory(path, "atomicWrite");
        }
        Location loc = ns.resolver.locate(path);
        LogStore.Listing log = ns.logs.list(loc.log());
        if (log.active()) {
            return logs.replace(path, new Node(Namespace.Kind.LOG, loc, log, null), bytes, pre);
        }
        if (pre instanceof Precondition.IfMatch m) {
            // If-Match on a missing key fails, so a missing file or parent is never created
            try {
                return Version.of(ns.client.put(loc.key(), bytes, PutMode.update(m.expected().token())).etag());
            } catch (ObjectPreconditionFailedException e) {
                throw new PreconditionFailedException(path, pre, actual(loc));
            }
        }
        Optional<ObjectMeta> existing = ns.client.head(loc.key());
        if (existing.isPresent()) {
            if (pre instanceof Precondition.IfAbsent) {
                throw new PreconditionFailedException(path, pre, Version.of(existing.get().etag()));
            }
        } else {
            ns.checkCreatable(path, "atomicWrite");
        }
        PutMode mode = pre instanceof Precondition.IfAbsent ? PutMode.CREATE : PutMode.OVERWRITE;
        try {
            return Version.of(ns.client.put(loc.key(), bytes, mode).etag());
        } catch (ObjectPreconditionFailedException e) {
            throw new PreconditionFailedException(path, pre, actual(loc));
        }
    }

    private Version actual(Location loc) throws IOException {
        LogStore.Listing log = ns.logs.list(loc.log());
        if (log.active()) {
            return Version.of(log.version());
        }
        return ns.client.head(loc.key()).map(m -> Version.of(m.etag())).orElse(null);
    }
}
