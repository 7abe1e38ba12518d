package io.vikingfs.object;

import io.vikingfs.VPath;
import io.vikingfs.object.Namespace.Kind;
import io.vikingfs.object.Namespace.Node;
import io.vikingfs.object.Resolver.Generation;
import io.vikingfs.object.Resolver.Location;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code switchDirectory} on S3: the staged tree is copied (server-side) into a new, never-modified generation
 * tree under {@code live/.vfs-gen/}; then generation marker <i>n+1</i> naming it is claimed create-only. That one
 * PUT is the switch: every reader resolves {@code live/…} through the newest marker, so {@code live} is the old
 * tree before it and the whole new tree after it (D1). A racing switcher that loses the claim takes <i>n+2</i>:
 * both switches happen, one after the other, and {@code live} is always one whole generation. Then the staged
 * objects are deleted and the older generations (and a never-switched tree at {@code live/}) reclaimed; a crash
 * in between leaves them to recovery, which finds the staging by the name the marker records and deletes what is
 * left of it only where each object has its twin (same name, same ETag) in the generation; the marker's
 * fingerprint of the staged listing is recorded for diagnosis, not consulted. An old
 * marker outlives its tree by the reclaim grace, so its number can never be claimed a second time.
 */
final class SwitchProtocol {
    private final Namespace ns;
    private final Staging staging;
    /** Kept markers whose trees this instance already reclaimed: not read again on every later switch. */
    private final Set<String> treeReclaimed = ConcurrentHashMap.newKeySet();

    SwitchProtocol(Namespace ns, Staging staging) {
        this.ns = ns;
        this.staging = staging;
    }

    void switchDirectory(VPath staged, VPath live) throws IOException {
        if (staged.isRoot() || live.isRoot() || staged.contains(live) || live.contains(staged)) {
            throw new FileSystemException(staged.toString(), live.toString(), "switchDirectory needs two distinct "
                    + "directories, neither the root nor inside the other; nothing was changed");
        }
        Node s = ns.lookup(staged);
        if (s.kind() == Kind.MISSING) {
            throw ObjectErrors.noSuchFile(staged, "staged directory does not exist; nothing was changed");
        }
        if (s.isFile()) {
            throw ObjectErrors.notDirectory(staged);
        }
        Node l = ns.lookup(live);
        if (l.isFile()) {
            throw ObjectErrors.notDirectory(live);
        }
        Location liveLoc = l.kind() == Kind.MISSING ? ns.checkCreatable(live, "switchDirectory") : l.loc();
        String stagedPrefix = ns.resolver.dirPrefix(s.loc());
        List<ObjectMeta> stagedObjects = ns.listAll(stagedPrefix);

        String gens = liveLoc.generations();
        String generation = Keys.newGenerationName();
        String tree = gens + generation + "/";
        ns.client.put(tree, new byte[0], PutMode.OVERWRITE); // an empty staged tree is an empty generation
        for (ObjectMeta o : stagedObjects) {
            String rel = o.key().substring(stagedPrefix.length());
            if (!rel.isEmpty()) {
                ns.client.copy(o.key(), tree + rel);
            }
        }
        staging.checkNotReclaimed(s.loc(), staged); // a staging being reclaimed may have lost objects before the copy
        byte[] marker = Resolver.markerBody(generation, stagedPrefix, fingerprint(stagedPrefix, stagedObjects));
        long claimed = claim(liveLoc.dir(), marker);

        // the switch happened; what follows is cleanup, which recovery redoes if we crash here
        ns.keepParent(s.loc());
        ns.deleteAll(ns.listAll(s.loc().dir()));
        reclaimOlder(liveLoc.dir(), claimed, true);
    }

    private long claim(String dirKey, byte[] marker) throws IOException {
        while (true) {
            long n = ns.resolver.current(dirKey).map(Generation::number).orElse(0L) + 1;
            try {
                ns.client.put(dirKey + Keys.GEN + Keys.marker(n), marker, PutMode.CREATE);
                return n;
            } catch (ObjectPreconditionFailedException raced) {
                // another switch took n: ours becomes the next generation
            }
        }
    }

    /**
     * Reclaims the generations older than {@code keep}, and the tree stored at {@code dirKey} before its first
     * switch. Each older tree goes before its marker, so a crash never leaves a marker naming a partial tree that
     * could become the newest.
     */
    List<String> reclaimOlder(String dirKey, long keep, boolean apply) throws IOException {
        List<String> reclaimed = new ArrayList<>();
        String gens = dirKey + Keys.GEN;
        List<ObjectMeta> under = ns.listAll(dirKey);
        List<ObjectMeta> oldTree = new ArrayList<>();
        for (ObjectMeta o : under) {
            if (!o.key().startsWith(gens) && !o.key().equals(dirKey)) {
                oldTree.add(o);
            }
        }
        for (ObjectMeta o : ns.listAll(gens + Keys.MARKER)) {
            long n = Keys.markerNumber(o.key().substring(gens.length()));
            if (n < 0 || n >= keep) {
                continue;
            }
            boolean reclaimable = markerReclaimable(o);
            if (!reclaimable && treeReclaimed.contains(o.key())) {
                continue;
            }
            Optional<Generation> g = ns.client.get(o.key()).map(b -> parseQuietly(dirKey, o.key(), b.data()));
            if (g.isPresent() && g.get() != null && !isReferencedByNewer(dirKey, g.get().tree(), keep)) {
                List<ObjectMeta> treeObjects = ns.listAll(g.get().tree());
                treeObjects.forEach(t -> reclaimed.add(t.key()));
                if (apply) {
                    ns.deleteAll(treeObjects);
                }
            }
            if (!reclaimable) {
                if (apply) {
                    treeReclaimed.add(o.key()); // the marker stays until no claim can target its number
                }
                continue;
            }
            reclaimed.add(o.key());
            if (apply) {
                ns.client.delete(o.key());
                treeReclaimed.remove(o.key());
            }
        }
        oldTree.forEach(o -> reclaimed.add(o.key()));
        if (apply) {
            ns.deleteAll(oldTree);
        }
        return reclaimed;
    }

    /**
     * Whether an old marker may be deleted now: only once it is older than {@link ObjectStoreOptions#reclaimGrace()}. A
     * create-only PUT succeeds on a deleted key, so a switcher that chose this number before others switched past
     * it could otherwise claim it again below the newest marker — an acknowledged switch never live, its tree
     * orphaned. (Log segments are kept for the same reason.)
     */
    private boolean markerReclaimable(ObjectMeta marker) {
        Duration grace = ns.options.reclaimGrace();
        if (grace.isZero()) {
            return true; // no other client
        }
        Instant modified = marker.lastModified();
        return modified != null && modified.isBefore(Instant.now().minus(grace));
    }

    private boolean isReferencedByNewer(String dirKey, String tree, long keep) throws IOException {
        Optional<Generation> current = ns.resolver.current(dirKey);
        return current.isPresent() && current.get().tree().equals(tree);
    }

    private static Generation parseQuietly(String dirKey, String key, byte[] body) {
        try {
            return Resolver.parse(dirKey, key, body);
        } catch (IOException damaged) {
            return null; // a damaged old marker: it names nothing to reclaim, and is removed itself
        }
    }

    static String fingerprint(String prefix, List<ObjectMeta> objects) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ObjectMeta o : objects) {
                String rel = o.key().substring(prefix.length());
                if (!rel.isEmpty()) {
                    md.update((rel + " " + o.etag() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
