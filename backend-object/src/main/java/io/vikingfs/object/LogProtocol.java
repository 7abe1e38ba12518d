package io.vikingfs.object;

import io.vikingfs.Capability;
import io.vikingfs.InvalidRecordException;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.UnsupportedByBackendException;
import io.vikingfs.Precondition;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.object.Keys.Kind;
import io.vikingfs.object.Namespace.Node;
import io.vikingfs.object.Resolver.Location;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;
import io.vikingfs.spi.Jsonl;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Appends, replacements and deletes of logs (see {@link LogStore} for the layout). An append costs one LIST of
 * the log's few objects and one create-only PUT of a segment holding only the new records, whatever the log's
 * length (plus, every {@code fanout^k} positions, a compaction of {@code fanout} objects). The next append of the
 * same client to the same log skips the LIST: a HEAD finds the position it claimed last still there, and the PUT
 * claims the one after ({@link LogStore#appendAtTail}); a taken position — another writer got there first — sends
 * it the usual way. Resolving the path (one LIST per directory, for switched directories) is done every time.
 *
 * <p>The first append to a plain object (written by {@code atomicWrite}) converts it: one segment claimed at
 * exactly the next position holds the object's complete lines and the new records, then the plain object is
 * deleted. A crash in between leaves the plain object behind, hidden by the log; recovery reclaims it.
 */
final class LogProtocol {
    /**
     * Lookups of a file that vanishes between lookup and GET before it counts as missing: as many as the resolver
     * makes of a directory's generation markers, for the same reason (a switch reclaimed what was resolved).
     */
    private static final int CONTENT_ATTEMPTS = 20;

    private final Namespace ns;
    private final AppendLanes lanes = new AppendLanes();

    LogProtocol(Namespace ns) {
        this.ns = ns;
    }

    void appendAll(VPath path, List<String> records) throws IOException {
        byte[] payload = Jsonl.encode(path, records); // validated whole before anything is sent
        long max = ns.logs.maxBatchBytes();
        if (payload.length > max) {
            // one batch is one atomic block: never split silently into blocks a crash could separate
            throw new InvalidRecordException(path, records.size() - 1, "the batch is " + payload.length
                    + " bytes; one append to " + ns.store + " stores at most " + max + " bytes atomically (one"
                    + " append block): split it into several appendAll calls; nothing was appended");
        }
        lanes.append(path.toString(), payload, max, group -> appendGroup(path, group));
    }

    private void appendGroup(VPath path, byte[] payload) throws IOException {
        Location at = ns.resolver.locate(path);
        if (ns.logs.appendAtTail(at.log(), payload) != null) {
            return; // right after this client's last claim, which was still the end: no listing needed
        }
        // every further round (a lost race below) resolves the path again
        for (Location loc = at; ; loc = ns.resolver.locate(path)) {
            LogStore.Listing log = ns.logs.list(loc.log());
            if (log.active()) {
                log = ns.logs.compactIfDue(log);
                if (ns.logs.append(log, payload) != null) {
                    return;
                }
                continue; // a segment the listing showed is gone (replaced and reclaimed): look again
            }
            Optional<StoredObject> plain = ns.client.get(loc.key());
            if (plain.isEmpty()) {
                if (log.isEmpty()) {
                    ns.checkCreatable(path, "append");
                }
                if (ns.logs.append(log, payload) != null) {
                    return;
                }
                continue;
            }
            byte[] old = plain.get().data();
            byte[] converted = Arrays.copyOf(old, (int) Jsonl.cleanLength(old, old.length) + payload.length);
            System.arraycopy(payload, 0, converted, converted.length - payload.length, payload.length);
            // exactly the next position: a racing converter must not replace what another one appended
            if (converted.length > ns.logs.maxBatchBytes()) {
                throw new InvalidRecordException(path, 0, "appending converts the file to a log, whose first"
                        + " block would be " + converted.length + " bytes; " + ns.store + " takes at most "
                        + ns.logs.maxBatchBytes() + " bytes in one block — nothing was appended");
            }
            if (ns.logs.claimAt(log, Kind.REP, converted) != null) {
                ns.client.delete(loc.key());
                return;
            }
        }
    }

    RecordLog readRecords(VPath path) throws IOException {
        byte[] bytes = content(path, "readRecords");
        return Jsonl.decode(bytes, bytes.length);
    }

    byte[] content(VPath path, String operation) throws IOException {
        for (int attempt = 0; attempt < CONTENT_ATTEMPTS; attempt++) {
            Node node = ns.lookup(path);
            if (node.kind() == Namespace.Kind.DIRECTORY) {
                throw ObjectErrors.isDirectory(path, operation);
            }
            if (node.isFile()) {
                Optional<byte[]> c = ns.content(node);
                if (c.isPresent()) {
                    return c.get();
                }
                // gone between lookup and GET: deleted, or its directory switched and the old generation
                // reclaimed — look it up again
            } else if (node.loc() == null || ns.resolver.dirPrefix(path.parent()).equals(node.loc().parent())) {
                break; // missing from the directory as it is now: really missing
            }
            // else missing from a generation the directory was switched away from (and reclaimed) while it was
            // being looked up: look it up in the current one
        }
        throw ObjectErrors.noSuchFile(path);
    }

    long repairLog(VPath path) throws IOException {
        while (true) {
            Node node = ns.lookup(path);
            if (node.kind() == Namespace.Kind.DIRECTORY) {
                throw ObjectErrors.isDirectory(path, "repairLog");
            }
            if (node.kind() == Namespace.Kind.MISSING) {
                throw ObjectErrors.noSuchFile(path);
            }
            if (node.kind() == Namespace.Kind.PLAIN) {
                Optional<StoredObject> o = ns.client.get(node.loc().key());
                if (o.isEmpty()) {
                    continue;
                }
                byte[] b = o.get().data();
                long clean = Jsonl.cleanLength(b, b.length);
                if (clean == b.length) {
                    return 0;
                }
                try {
                    ns.client.put(node.loc().key(), Arrays.copyOf(b, (int) clean), PutMode.update(o.get().meta().etag()));
                    return b.length - clean;
                } catch (ObjectPreconditionFailedException changed) {
                    continue; // rewritten meanwhile: look again
                }
            }
            LogStore.Fold f = ns.logs.read(node.loc().log());
            long clean = Jsonl.cleanLength(f.bytes(), f.bytes().length);
            if (!f.exists() || clean == f.bytes().length) {
                return 0;
            }
            if (ns.logs.claimAt(f.listing(), Kind.REP, Arrays.copyOf(f.bytes(), (int) clean)) != null) {
                return f.bytes().length - clean;
            }
        }
    }

    /** atomicWrite on a path that is a log: one claimed replacement, atomic against racing appends. */
    Version replace(VPath path, Node node, byte[] bytes, Precondition pre) throws IOException {
        LogStore.Listing log = node.log();
        String current = log.version();
        if (pre instanceof Precondition.IfAbsent) {
            throw new PreconditionFailedException(path, pre, Version.of(current));
        }
        if (bytes.length > ns.logs.maxBatchBytes()) {
            throw new UnsupportedByBackendException(path, "atomicWrite of " + bytes.length + " bytes to a log",
                    Capability.ATOMIC_CONDITIONAL_WRITE, "a log on " + ns.store + " is replaced by one append block of"
                    + " at most " + ns.logs.maxBatchBytes() + " bytes: delete the log first, or write less");
        }
        LogStore.Claim claim;
        if (pre instanceof Precondition.IfMatch m) {
            if (!m.expected().token().equals(current)) {
                throw new PreconditionFailedException(path, pre, Version.of(current));
            }
            // exactly the next position: any append or write since the caller's version took it already
            claim = ns.logs.claimAt(log, Kind.REP, bytes);
            if (claim == null) {
                throw new PreconditionFailedException(path, pre, null);
            }
        } else {
            claim = ns.logs.claimNext(log, Kind.REP, bytes);
        }
        // the replaced objects are garbage now: reclaim them so nothing is left for recovery
        ns.logs.reclaimBelow(ns.logs.listAll(node.loc().log()), claim.position(), true);
        return Version.of("log-" + claim.position() + "-" + claim.etag());
    }

    /** Deletes a log: one claimed delete makes it absent at once; the objects below are reclaimed after. */
    void delete(Node node) throws IOException {
        String prefix = node.loc().log();
        ns.client.delete(node.loc().key()); // a hidden leftover of a conversion, never to resurface
        long n = ns.logs.claimNext(node.log(), Kind.DEL, new byte[0]).position();
        LogStore.Listing after = ns.logs.listAll(prefix);
        ns.logs.reclaimBelow(after, n, true);
        LogStore.Entry tombstone = after.widestEndingAt(n, n);
        if (tombstone != null && after.max() == n && ns.logs.mayReclaim(tombstone)) {
            ns.logs.dropTombstone(tombstone); // nothing follows it: the log is gone entirely
        }
    }
}
