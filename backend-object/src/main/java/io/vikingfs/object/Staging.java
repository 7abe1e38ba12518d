package io.vikingfs.object;

import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.object.Resolver.Location;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;
import io.vikingfs.spi.StagingNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Staging directories the library owns ({@link VikingFs#stage}) on S3. The staging {@code P/dir/<live>.staged-<id>/}
 * is an ordinary directory; the library's record of it is the object {@code P/dir/.vfs-stage-<id>}, PUT
 * create-only before the staging's directory marker, holding the staging's name and its owner: the id of the
 * {@link ObjectVikingFs} instance that made it, {@code released} once that instance closed, or {@code reclaiming}
 * while recovery removes it.
 *
 * <p><b>Abandoned</b> means: released, or reclaiming, or owned by an instance that is not open in this JVM and
 * whose record is older than {@link ObjectStoreOptions#reclaimGrace()} (S3 has no locks that die with their holder: a
 * client in another JVM is presumed alive for that long). Recovery first marks the record {@code reclaiming}
 * with {@code If-Match} on the ETag it judged, then deletes the staging, then the record; a commit checks, after
 * copying the staged tree and before its switch takes effect, that the record is not {@code reclaiming} — so a
 * staging being reclaimed is never switched in part.
 */
final class Staging {
    private static final String RELEASED = "released";
    private static final String RECLAIMING = "reclaiming";
    /** Instances open in this JVM: their stagings are never abandoned, whatever their age. */
    private static final Set<String> OPEN_OWNERS = ConcurrentHashMap.newKeySet();

    private final Namespace ns;
    private final String owner = UUID.randomUUID().toString();
    /** Record key to staging name, for the stagings this instance owns. */
    private final Map<String, String> owned = new ConcurrentHashMap<>();

    Staging(Namespace ns) {
        this.ns = ns;
        OPEN_OWNERS.add(owner);
    }

    /** Creates the record, then the staging directory under the (resolved) parent {@code parentPrefix}. */
    StagedDirectory stage(VikingFs fs, VPath live, String parentPrefix) throws IOException {
        String id = StagingNames.newId();
        String name = StagingNames.name(live.name(), id);
        String record = parentPrefix + Keys.STAGE + id;
        ns.client.put(record, body(name, owner), PutMode.CREATE);
        owned.put(record, name);
        ns.putDirectoryMarker(parentPrefix + name + "/");
        return StagedDirectory.of(fs, live.parent().resolve(name), live, () -> {
            if (owned.remove(record) != null) {
                ns.client.delete(record);
            }
        });
    }

    /** Closing the instance releases its open stagings to recovery (which reclaims them at once). */
    void closeAll() throws IOException {
        try {
            for (Map.Entry<String, String> e : Map.copyOf(owned).entrySet()) {
                if (owned.remove(e.getKey()) != null) {
                    ns.client.put(e.getKey(), body(e.getValue(), RELEASED), PutMode.OVERWRITE);
                }
            }
        } finally {
            OPEN_OWNERS.remove(owner);
        }
    }

    /**
     * Refuses to switch a staging that recovery is reclaiming (it may already have lost objects): called after the
     * staged tree was copied, before the switch takes effect.
     */
    void checkNotReclaimed(Location staged, VPath shown) throws IOException {
        String id = StagingNames.idOf(staged.name());
        if (id == null) {
            return;
        }
        Optional<StoredObject> record = ns.client.get(staged.parent() + Keys.STAGE + id);
        if (record.isPresent() && RECLAIMING.equals(lines(record.get().data())[1])) {
            throw new VikingFsException(shown.toString(), "this staging was reclaimed as abandoned (its owner was not "
                    + "seen for longer than reclaimGrace); nothing was switched; stage and fill a new one");
        }
    }

    /** Reports (and if {@code apply} reclaims) the abandoned stagings among the records in {@code all}. */
    void recover(List<ObjectMeta> all, boolean apply, List<String> stagings, List<String> other) throws IOException {
        Instant cutoff = Instant.now().minus(ns.options.reclaimGrace());
        boolean noGrace = ns.options.reclaimGrace().isZero();
        String root = ns.resolver.root();
        for (ObjectMeta o : all) {
            String key = o.key();
            int slash = key.lastIndexOf('/');
            String last = key.substring(slash + 1);
            if (!last.startsWith(Keys.STAGE) || owned.containsKey(key)) {
                continue;
            }
            Optional<StoredObject> got = ns.client.get(key);
            if (got.isEmpty()) {
                continue; // its owner finished meanwhile
            }
            String[] lines = lines(got.get().data());
            String owner = lines[1];
            boolean ownerGone = owner.equals(RELEASED) || owner.equals(RECLAIMING)
                    || !OPEN_OWNERS.contains(owner) && (noGrace || !modified(o).isAfter(cutoff));
            if (!ownerGone) {
                continue;
            }
            String id = last.substring(Keys.STAGE.length());
            String name = id.equals(StagingNames.idOf(lines[0])) ? lines[0] : null;
            String dir = key.substring(0, slash + 1) + name + "/";
            List<ObjectMeta> tree = name == null ? List.of() : ns.listAll(dir);
            (tree.isEmpty() ? other : stagings).add(tree.isEmpty() ? key.substring(root.length())
                    : dir.substring(root.length(), dir.length() - 1));
            if (!apply) {
                continue;
            }
            if (!owner.equals(RECLAIMING)) {
                try {
                    ns.client.put(key, body(lines[0], RECLAIMING), PutMode.update(got.get().meta().etag()));
                } catch (ObjectPreconditionFailedException changed) {
                    continue; // its owner committed, aborted or closed meanwhile: judged again next time
                }
            }
            ns.deleteAll(tree);
            ns.client.delete(key);
        }
    }

    private static Instant modified(ObjectMeta o) {
        return o.lastModified() == null ? Instant.EPOCH : o.lastModified(); // as for generations: unknown is old
    }

    private static byte[] body(String name, String owner) {
        return (name + "\n" + owner + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The record's two lines (staging name, owner); an unreadable record reads as released, naming nothing. */
    private static String[] lines(byte[] data) {
        String[] l = new String(data, StandardCharsets.UTF_8).split("\n", -1);
        return l.length == 3 && l[2].isEmpty() ? new String[] {l[0], l[1]} : new String[] {"", RELEASED};
    }
}
