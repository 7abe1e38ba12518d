package io.vikingfs.memory;

import io.vikingfs.memory.PowerLossModel.Kind;
import io.vikingfs.memory.PowerLossModel.Node;
import io.vikingfs.memory.PowerLossModel.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A frozen crash point of a {@link PowerLossModel}: the synced state and the steps still pending at one instant.
 * {@link #materialize} turns a choice of which pending steps persisted into a new, independent Jimfs tree.
 */
final class Snapshot {
    /**
     * Which pending steps persisted. A file's data steps persist as a prefix: the first data step of a file that
     * is not chosen cuts off every later one of that file.
     *
     * @param persisted    indices into {@link #pending()} of the steps that persisted
     * @param tears        per file key: the persisted data cut to {@code keep} bytes then zero-filled to
     *                     {@code size} bytes (only bytes past what is synced are ever cut or zeroed)
     * @param partialBytes for a process crash in the middle of the last step, a write: how many of its bytes
     *                     landed ({@code -1}: the whole step completed)
     */
    record Selection(BitSet persisted, Map<Object, Tear> tears, int partialBytes) {
    }

    /** A torn tail: keep {@code keep} bytes of the file, then zeros up to {@code size} bytes. */
    record Tear(long keep, long size) {
    }

    private final String rootPath;
    private final Object rootKey;
    private final Map<Object, Node> nodes;
    private final List<Step> pending;
    private final long seq;
    private final String lastStep;

    Snapshot(String rootPath, Object rootKey, Map<Object, Node> nodes, List<Step> pending, long seq, String lastStep) {
        this.rootPath = rootPath;
        this.rootKey = rootKey;
        this.nodes = nodes;
        this.pending = pending;
        this.seq = seq;
        this.lastStep = lastStep;
    }

    List<Step> pending() {
        return pending;
    }

    /** The number of primitive steps done before this point (syncs included). */
    long seq() {
        return seq;
    }

    String lastStep() {
        return lastStep;
    }

    /** The synced bytes of a file (what survives any power loss), or an empty array. */
    byte[] synced(Object file) {
        Node n = nodes.get(file);
        return n == null || n.synced == null ? new byte[0] : n.synced;
    }

    /** The live bytes of a file before the crash. */
    byte[] current(Object file) {
        Node n = nodes.get(file);
        return n == null || n.current == null ? new byte[0] : n.current;
    }

    /** Every pending step persisted: what a process crash leaves. */
    Selection everything() {
        BitSet all = new BitSet();
        all.set(0, pending.size());
        return new Selection(all, Map.of(), -1);
    }

    /** Builds the post-crash tree in a new Jimfs and returns its root (same path text as the crashed store's). */
    Path materialize(Selection sel) throws IOException {
        Path newRoot = JimfsStores.newRoot(rootPath);
        new Builder(sel).dir(rootKey, newRoot, new HashSet<>());
        return newRoot;
    }

    private final class Builder {
        private final Selection sel;
        private final Map<Object, Path> filesMade = new HashMap<>();

        Builder(Selection sel) {
            this.sel = sel;
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
                    case SYMLINK -> Files.createSymbolicLink(p, p.getFileSystem().getPath(n.target));
                    case FILE -> {
                        Path made = filesMade.get(e.getValue());
                        if (made != null) {
                            Files.createLink(p, made); // a hard link stays one file
                        } else {
                            Files.write(p, content(e.getValue(), n));
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
                if (s.isData() || !sel.persisted().get(i)) {
                    continue;
                }
                for (PowerLossModel.Edit e : s.edits()) {
                    if (e.dir().equals(dirKey)) {
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
            byte[] data = n.synced;
            for (int i = 0; i < pending.size(); i++) {
                Step s = pending.get(i);
                if (!s.isData() || !s.file().equals(file)) {
                    continue;
                }
                if (!sel.persisted().get(i)) {
                    break; // a file's unsynced data persists as a prefix of its writes
                }
                PowerLossModel.DataOp op = s.op();
                if (sel.partialBytes() >= 0 && s.seq() == seq && op.bytes() != null) {
                    byte[] part = new byte[Math.min(sel.partialBytes(), op.bytes().length)];
                    System.arraycopy(op.bytes(), 0, part, 0, part.length);
                    op = new PowerLossModel.DataOp(op.offset(), part);
                }
                data = op.applyTo(data);
            }
            Tear t = sel.tears().get(file);
            return t == null ? data : tear(n.synced, data, t);
        }
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
