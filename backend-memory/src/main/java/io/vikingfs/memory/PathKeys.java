package io.vikingfs.memory;

import io.vikingfs.memory.PowerLossModel.Edit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the {@link PowerLossModel} last looked up of each path: the node it names (its last component followed or
 * not) and the directory entry it is. Recording a step then costs no Jimfs lookup when its paths were seen before
 * — an atomicWrite's target, its directory, the temp file it just created. Those lookups (a
 * {@code readAttributes}, and the {@code getParent}/{@code getFileName} of an entry) were a third of recording
 * an in-memory atomicWrite.
 *
 * <p><b>When an answer stops being true.</b> Only by a change of the tree, and every change goes through the
 * model's disk, which reports it here before its next lookup:
 * <ul>
 *   <li>a name now naming a file, or no longer naming one ({@link #named}, {@link #unnamed}): that path alone
 *       leads elsewhere;</li>
 *   <li>a directory or a link moved, removed or replaced: every path below it or through it may lead elsewhere,
 *       so everything is forgotten ({@link #forgetAll}) — rare (a directory switch, a directory rename);</li>
 *   <li>a new name (created, linked): no path that led somewhere before leads elsewhere now.</li>
 * </ul>
 * An answer for a name that names nothing (a failed step's) stays true: where a name's entry is depends only on
 * its directory (an entry is remembered only in a directory), and what it names is learnt afresh when something is
 * named there. With assertions on (every test run) each answer from memory is checked against a fresh lookup: a
 * missed change fails the step that would have recorded it wrongly. Not thread-safe: used under the model's
 * monitor.
 */
final class PathKeys {
    /** Past this many paths in one table everything is forgotten. */
    static final int MAX_PATHS = 4096;

    /** Whether a node is a directory the model knows: only an entry in one, or a link followed to one, is remembered. */
    private final Predicate<Object> isDirectory;
    private final Map<Path, Object> nodes = new HashMap<>();
    private final Map<Path, Object> followed = new HashMap<>();
    private final Map<Path, Edit> entries = new HashMap<>();

    PathKeys(Predicate<Object> isDirectory) {
        this.isDirectory = isDirectory;
    }

    /** The node at {@code path}, its last component followed if {@code follow}. */
    Object key(Path path, boolean follow) throws IOException {
        Map<Path, Object> known = follow ? followed : nodes;
        Object k = known.get(path);
        if (k == null) {
            k = PowerLossModel.key(path, follow);
            if (!follow || isDirectory.test(k)) {
                // (Followed to a file, it would outlive that file's removal at its own path: a link to a file.)
                remember(known, path, k);
            }
        } else {
            assert k.equals(PowerLossModel.key(path, follow)) : stale(path, k);
        }
        return k;
    }

    /** The entry {@code path} is (its directory's node, its name), to name {@code node} ({@code null}: none). */
    Edit entry(Path path, Object node) throws IOException {
        Edit e = entries.get(path);
        if (e == null) {
            e = new Edit(key(path.getParent(), true), path.getFileName().toString(), null);
            if (isDirectory.test(e.dir())) {
                // (A failed step through a file, remembered, would outlive that file replaced by a directory.)
                remember(entries, path, e);
            }
        } else {
            assert e.equals(new Edit(PowerLossModel.key(path.getParent(), true), path.getFileName().toString(), null))
                    : stale(path, e);
        }
        return node == null ? e : new Edit(e.dir(), e.name(), node);
    }

    /** {@code path} names the file {@code node} now (created, linked, renamed to). */
    void named(Path path, Object node) {
        followed.remove(path);
        remember(nodes, path, node);
    }

    /**
     * {@code path} names nothing now (deleted, renamed away). Its entry is kept: where a name's entry is changes
     * only with its directory, and an in-memory store's atomic writes make the same temp name again and again.
     */
    void unnamed(Path path) {
        nodes.remove(path);
        followed.remove(path);
    }

    /** How many answers are remembered, in all. */
    int size() {
        return nodes.size() + followed.size() + entries.size();
    }

    void forgetAll() {
        nodes.clear();
        followed.clear();
        entries.clear();
    }

    private <V> void remember(Map<Path, V> known, Path path, V value) {
        if (known.size() >= MAX_PATHS) {
            forgetAll();
        }
        known.put(path, value);
    }

    private static String stale(Path path, Object remembered) {
        return "the crash model remembered " + remembered + " for " + path + ", which leads elsewhere now: a change of "
                + "the tree was not reported to it";
    }
}
