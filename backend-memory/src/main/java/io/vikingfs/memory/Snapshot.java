package io.vikingfs.memory;

import io.vikingfs.memory.CrashOptions.Model;
import io.vikingfs.memory.PowerLossModel.Kind;
import io.vikingfs.memory.PowerLossModel.Node;
import io.vikingfs.memory.PowerLossModel.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A frozen crash point of a {@link PowerLossModel}: the synced state and the steps still pending at one instant.
 * {@link #materialize} turns a choice of which pending changes persisted into a new, independent Jimfs tree.
 * What a "change" is depends on the model ({@link #pending(Model)}): under {@link Model#JOURNALING} a pending step
 * (a rename with both its entries), under {@link Model#STRICT_POSIX} each entry edit of a step on its own.
 */
final class Snapshot {
    /**
     * Which pending changes persisted. A file's data steps persist as a prefix: the first data step of a file that
     * is not chosen cuts off every later one of that file.
     *
     * @param persisted    indices into {@link #pending(Model)} of {@code model} of the changes that persisted
     * @param tears        per file key: the persisted data cut to {@code keep} bytes then zero-filled to
     *                     {@code size} bytes (only bytes past what is synced are ever cut or zeroed)
     * @param partialBytes for a process crash in the middle of the last step, a write: how many of its bytes
     *                     landed ({@code -1}: the whole step completed)
     * @param model        the rules that say what one change is
     */
    record Selection(BitSet persisted, Map<Object, Tear> tears, int partialBytes, Model model) {
        /** Under the journaling model. */
        Selection(BitSet persisted, Map<Object, Tear> tears, int partialBytes) {
            this(persisted, tears, partialBytes, Model.JOURNALING);
        }
    }

    /** A torn tail: keep {@code keep} bytes of the file, then zeros up to {@code size} bytes. */
    record Tear(long keep, long size) {
    }

    private static final java.nio.file.attribute.FileTime REOPENED_LATER =
            java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2000-01-01T00:00:00Z"));

    private final String rootPath;
    private final Object rootKey;
    private final Map<Object, Node> nodes;
    private final List<Step> pending;
    private final long seq;
    private final String lastStep;
    private List<Step> journalingPending;
    private List<Step> strictPending;

    Snapshot(String rootPath, Object rootKey, Map<Object, Node> nodes, List<Step> pending, long seq, String lastStep) {
        this.rootPath = rootPath;
        this.rootKey = rootKey;
        this.nodes = nodes;
        this.pending = pending;
        this.seq = seq;
        this.lastStep = lastStep;
    }

    /** The pending changes under the journaling model. */
    List<Step> pending() {
        return pending(Model.JOURNALING);
    }

    /**
     * The changes a power loss may keep or not under {@code model}, in the order they were made: data steps as
     * they are; under {@link Model#JOURNALING} every step not {@link Step#journaled() journaled} (those persist
     * always); under {@link Model#STRICT_POSIX} each entry edit as a step of its own (same sequence number).
     */
    synchronized List<Step> pending(Model model) {
        if (model == Model.JOURNALING) {
            if (journalingPending == null) {
                journalingPending = pending.stream().filter(s -> !s.journaled()).toList();
            }
            return journalingPending;
        }
        if (strictPending == null) {
            List<Step> out = new java.util.ArrayList<>();
            for (Step s : pending) {
                if (s.isData()) {
                    out.add(s);
                    continue;
                }
                Map<Object, List<PowerLossModel.Edit>> byDir = byDirectory(s);
                for (List<PowerLossModel.Edit> edits : byDir.values()) {
                    java.util.function.Supplier<String> what = byDir.size() == 1 && !s.journaled()
                            ? s.describer()
                            : () -> s.description() + " [" + half(edits) + "]";
                    out.add(new Step(s.seq(), what, null, null, List.copyOf(edits), false));
                }
            }
            strictPending = List.copyOf(out);
        }
        return strictPending;
    }

    /** The number of primitive steps done before this point (syncs included). */
    long seq() {
        return seq;
    }

    String lastStep() {
        return lastStep;
    }

    /** A copy of the synced bytes of a file (what survives any power loss), or an empty array. */
    byte[] synced(Object file) {
        Node n = nodes.get(file);
        return n == null || n.synced == null ? new byte[0] : n.synced.toArray();
    }

    /** A copy of the live bytes of a file before the crash. */
    byte[] current(Object file) {
        Node n = nodes.get(file);
        return n == null || n.current == null ? new byte[0] : n.current.toArray();
    }

    /** The length of the live bytes of a file before the crash. */
    private int currentLength(Object file) {
        Node n = nodes.get(file);
        return n == null || n.current == null ? 0 : n.current.length();
    }

    /**
     * A step's edits grouped by directory, in order. Under the strict model each group is one change: a rename
     * within one directory is one update of that directory (rename(2) is atomic there, and splitting it would
     * leave no POSIX way to rename a file or a directory without risking that it is at neither name), while the
     * halves of a rename across directories are separate changes.
     */
    private static Map<Object, List<PowerLossModel.Edit>> byDirectory(Step s) {
        Map<Object, List<PowerLossModel.Edit>> byDir = new LinkedHashMap<>();
        for (PowerLossModel.Edit e : s.edits()) {
            byDir.computeIfAbsent(e.dir(), k -> new java.util.ArrayList<>()).add(e);
        }
        return byDir;
    }

    private static String half(List<PowerLossModel.Edit> edits) {
        StringBuilder sb = new StringBuilder();
        for (PowerLossModel.Edit e : edits) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.node() == null ? "removes " : "adds ").append(e.name());
        }
        return sb.toString();
    }

    /** Every pending step persisted: what a process crash leaves. */
    Selection everything() {
        return everything(Model.JOURNALING);
    }

    Selection everything(Model model) {
        BitSet all = new BitSet();
        all.set(0, pending(model).size());
        return new Selection(all, Map.of(), -1, model);
    }

    /** No pending step persisted: only what was synced. */
    Selection syncedOnly() {
        return syncedOnly(Model.JOURNALING);
    }

    Selection syncedOnly(Model model) {
        return new Selection(new BitSet(), Map.of(), -1, model);
    }

    /**
     * A random allowed state: each pending step persists with probability 1/2 (a file's data as a prefix), and a
     * file whose unsynced bytes persisted is torn (cut, then zero-filled or not) with probability 1/3.
     */
    Selection random(java.util.Random rnd) {
        return random(rnd, Model.JOURNALING);
    }

    Selection random(java.util.Random rnd, Model model) {
        List<Step> pending = pending(model);
        BitSet b = new BitSet();
        Map<Object, Tear> tears = new HashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            if (rnd.nextBoolean()) {
                b.set(i);
            }
            Step s = pending.get(i);
            if (s.isData() && !tears.containsKey(s.file()) && rnd.nextInt(3) == 0) {
                int size = currentLength(s.file());
                int keep = rnd.nextInt(size + 1);
                tears.put(s.file(), new Tear(keep, rnd.nextBoolean() ? size : keep));
            }
        }
        return new Selection(b, tears, -1, model);
    }

    /** Builds the post-crash tree in a new Jimfs and returns its root. */
    Path materialize(Selection sel) throws IOException {
        Path newRoot = JimfsStores.newRoot(JimfsStores.uniqueRoot());
        new Builder(sel).dir(rootKey, newRoot, new HashSet<>());
        return newRoot;
    }

    private final class Builder {
        private final Selection sel;
        private final Map<Object, Path> filesMade = new HashMap<>();
        /** Per pending step (all of them), per edit (one entry for a data step): whether it persisted. */
        private final boolean[][] kept;

        Builder(Selection sel) {
            this.sel = sel;
            this.kept = new boolean[pending.size()][];
            int unit = 0;
            for (int i = 0; i < pending.size(); i++) {
                Step s = pending.get(i);
                int n = s.isData() ? 1 : s.edits().size();
                kept[i] = new boolean[n];
                if (sel.model() == Model.JOURNALING) {
                    boolean k = s.journaled() || sel.persisted().get(unit);
                    Arrays.fill(kept[i], k);
                    if (!s.journaled()) {
                        unit++;
                    }
                } else if (s.isData()) {
                    kept[i][0] = sel.persisted().get(unit++);
                } else {
                    // One change per directory the step touches (see byDirectory), in the order of pending(STRICT).
                    Map<Object, Boolean> perDir = new HashMap<>();
                    for (Object dir : byDirectory(s).keySet()) {
                        perDir.put(dir, sel.persisted().get(unit++));
                    }
                    for (int j = 0; j < n; j++) {
                        kept[i][j] = perDir.get(s.edits().get(j).dir());
                    }
                }
            }
        }

        void dir(Object dirKey, Path at, Set<Object> ancestors) throws IOException {
            ancestors.add(dirKey);
            for (Map.Entry<String, Object> e : entries(dirKey).entrySet()) {
                Node n = nodes.get(e.getValue());
                if (n == null) {
                    continue;
                }
                Path p = at.resolve(e.getKey());
                switch (n.kind) {
                    case DIRECTORY -> {
                        if (!ancestors.contains(e.getValue())) {
                            Files.createDirectory(p);
                            dir(e.getValue(), p, ancestors);
                        }
                    }
                    case SYMLINK -> {
                        Files.createSymbolicLink(p, p.getFileSystem().getPath(n.target));
                        reopenedLater(p);
                    }
                    case FILE -> {
                        Path made = filesMade.get(e.getValue());
                        if (made != null) {
                            Files.createLink(p, made); // a hard link stays one file
                        } else {
                            Files.write(p, content(e.getValue(), n));
                            reopenedLater(p);
                            filesMade.put(e.getValue(), p);
                        }
                    }
                }
            }
            ancestors.remove(dirKey);
        }

        private Map<String, Object> entries(Object dirKey) {
            Map<String, Object> entries = new LinkedHashMap<>(nodes.get(dirKey).syncedEntries);
            for (int i = 0; i < pending.size(); i++) {
                Step s = pending.get(i);
                if (s.isData()) {
                    continue;
                }
                for (int j = 0; j < s.edits().size(); j++) {
                    PowerLossModel.Edit e = s.edits().get(j);
                    if (kept[i][j] && e.dir().equals(dirKey)) {
                        if (e.node() == null) {
                            entries.remove(e.name());
                        } else {
                            entries.put(e.name(), e.node());
                        }
                    }
                }
            }
            return entries;
        }

        private byte[] content(Object file, Node n) {
            FileContent data = n.synced;
            boolean own = false;
            for (int i = 0; i < pending.size(); i++) {
                Step s = pending.get(i);
                if (!s.isData() || !s.file().equals(file)) {
                    continue;
                }
                if (!kept[i][0]) {
                    break; // a file's unsynced data persists as a prefix of its writes
                }
                PowerLossModel.DataOp op = s.op();
                if (sel.partialBytes() >= 0 && s.seq() == seq && op.length() >= 0) {
                    byte[] written = op.bytes(); // a recorded write's bytes are read (copied) once here
                    op = new PowerLossModel.DataOp(op.offset(),
                            Arrays.copyOf(written, Math.min(sel.partialBytes(), written.length)));
                }
                if (!own) {
                    // Apply to a buffer of this materialisation's own: the live model appends to the shared one.
                    data = data.detached();
                    own = true;
                }
                data = data.apply(op);
            }
            Tear t = sel.tears().get(file);
            return t == null ? data.toArray() : tear(n.synced.toArray(), data.toArray(), t);
        }
    }

    /**
     * The store is reopened after the machine came back: nothing in it is being written any more, so recovery's
     * age margin for temp files must not mistake what was just materialized for a write in progress.
     */
    private static void reopenedLater(Path p) throws IOException {
        Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).setTimes(REOPENED_LATER, null, null);
    }

    /** Cuts {@code data} to {@code keep} bytes and zero-fills to {@code size}; never touches synced bytes. */
    static byte[] tear(byte[] synced, byte[] data, Tear t) {
        int common = 0;
        while (common < synced.length && common < data.length && synced[common] == data[common]) {
            common++;
        }
        int keep = (int) Math.max(common, Math.min(t.keep(), data.length));
        int size = (int) Math.max(keep, Math.min(t.size(), data.length));
        byte[] out = new byte[size];
        System.arraycopy(data, 0, out, 0, keep);
        return out;
    }

    boolean isFile(Object key) {
        Node n = nodes.get(key);
        return n != null && n.kind == Kind.FILE;
    }
}
