package io.vikingfs.memory;

import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.memory.PowerLossModel.DataOp;
import io.vikingfs.memory.PowerLossModel.Edit;
import io.vikingfs.memory.PowerLossModel.Step;
import io.vikingfs.trials.Shrink;
import io.vikingfs.trials.Trials;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash recorder against a plain reference on random histories of one directory (creates, appends,
 * overwrites, truncations, renames, deletes, file and directory syncs). The reference keeps whole byte arrays per
 * file, updated with {@link DataOp#applyTo}, and computes each post-crash tree from the pending steps the
 * straightforward way. Every crash point is kept to the end of the history, so a later write leaking into an
 * earlier crash point (the risk of sharing file buffers between them) fails here.
 */
class CrashStatesMatchReferenceTest {
    private static final List<String> NAMES = List.of("a", "b", "c", "d");

    /** One crash point and what the reference says about it. */
    private record Point(Snapshot snapshot, Map<String, String> live, Set<Object> liveKeys,
                         Map<String, Object> syncedEntries, Map<Object, byte[]> synced, Map<Object, byte[]> current) {
    }

    /**
     * One random history: its steps and the crash states checked come from {@code seed}; the first {@code steps}
     * steps of a history are the same whatever its length, so a shorter one that fails is the same failure, sooner.
     */
    record History(long seed, boolean sweepOften, int steps) {
    }

    @Test
    void everyCrashState_isTheReferences_evenAfterLaterWrites() {
        Shrink<History> shorter = h -> Stream.concat(
                Shrink.downTo(1).candidates(h.steps()).map(n -> new History(h.seed(), h.sweepOften(), n)),
                h.sweepOften() ? Stream.of(new History(h.seed(), false, h.steps())) : Stream.empty());
        Trials.of(150).check(rnd -> new History(rnd.nextLong(), rnd.nextBoolean(), 40), shorter,
                CrashStatesMatchReferenceTest::runHistory);
    }

    private static void runHistory(History history) throws IOException {
        Random rnd = new Random(history.seed());
        boolean sweepOften = history.sweepOften();
        Path root = JimfsStores.newRoot(JimfsStores.uniqueRoot());
        try {
            // Sweeping often: forgetting unreachable nodes must never change a crash state.
            CrashableDisk disk = sweepOften
                    ? new CrashableDisk(new NioDisk(root), 0)
                    : new CrashableDisk(new NioDisk(root));
            Map<Object, byte[]> synced = new HashMap<>();
            Map<Object, byte[]> current = new HashMap<>();
            Map<String, Object> syncedEntries = new TreeMap<>();
            List<DiskFile> handles = new ArrayList<>();
            List<Object> handleKeys = new ArrayList<>();
            List<Point> points = new ArrayList<>();
            for (int step = 0; step < history.steps(); step++) {
                String name = NAMES.get(rnd.nextInt(NAMES.size()));
                Path p = root.resolve(name);
                switch (rnd.nextInt(11)) {
                    case 0 -> {
                        if (!Files.exists(p)) {
                            handles.add(disk.createNew(p));
                            Object key = PowerLossModel.key(p, false);
                            handleKeys.add(key);
                            synced.put(key, new byte[0]);
                            current.put(key, new byte[0]);
                        }
                    }
                    case 1 -> {
                        if (Files.exists(p)) {
                            handles.add(disk.openWrite(p));
                            handleKeys.add(PowerLossModel.key(p, false));
                        }
                    }
                    case 2, 3, 4 -> {
                        if (!handles.isEmpty()) {
                            int h = rnd.nextInt(handles.size());
                            Object key = handleKeys.get(h);
                            int length = current.get(key).length;
                            byte[] bytes = new byte[1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 3000 : 40)];
                            rnd.nextBytes(bytes);
                            long at = rnd.nextInt(4) > 0 ? length : rnd.nextInt(length + 6);
                            handles.get(h).write(ByteBuffer.wrap(bytes), at);
                            current.put(key, new DataOp(at, bytes).applyTo(current.get(key)));
                        }
                    }
                    case 5 -> {
                        if (!handles.isEmpty()) {
                            int h = rnd.nextInt(handles.size());
                            Object key = handleKeys.get(h);
                            long size = rnd.nextInt(current.get(key).length + 3);
                            handles.get(h).truncate(size);
                            current.put(key, new DataOp(size, null).applyTo(current.get(key)));
                        }
                    }
                    case 6 -> {
                        if (!handles.isEmpty()) {
                            int h = rnd.nextInt(handles.size());
                            handles.get(h).sync();
                            synced.put(handleKeys.get(h), current.get(handleKeys.get(h)));
                        }
                    }
                    case 7 -> {
                        disk.syncDirectory(root);
                        syncedEntries = liveEntries(root);
                    }
                    case 9 -> {
                        if (!handles.isEmpty()) {
                            int h = rnd.nextInt(handles.size());
                            handles.remove(h).close();
                            handleKeys.remove(h);
                        }
                    }
                    case 8 -> {
                        String to = NAMES.get(rnd.nextInt(NAMES.size()));
                        if (Files.exists(p) && !to.equals(name)) {
                            disk.rename(p, root.resolve(to));
                        }
                    }
                    default -> {
                        if (Files.exists(p)) {
                            disk.delete(p);
                        }
                    }
                }
                Map<String, String> live = new TreeMap<>();
                for (String n : liveEntries(root).keySet()) {
                    live.put(n, text(LiveBytes.read(disk, root.resolve(n))));
                }
                points.add(new Point(disk.snapshot(), live, new HashSet<>(liveEntries(root).values()),
                        new TreeMap<>(syncedEntries), new HashMap<>(synced), new HashMap<>(current)));
            }
            for (Point point : points) {
                check(point, rnd);
            }
        } finally {
            root.getFileSystem().close();
        }
    }

    private static void check(Point point, Random rnd) throws IOException {
        Snapshot s = point.snapshot();
        // The bytes the explorer reads: of live files and of files with pending data (a swept node has neither).
        Set<Object> files = new HashSet<>(point.liveKeys());
        s.pending().stream().filter(Step::isData).forEach(st -> files.add(st.file()));
        for (Object key : files) {
            assertThat(s.synced(key)).isEqualTo(point.synced().get(key));
            assertThat(s.current(key)).isEqualTo(point.current().get(key));
        }
        assertThat(tree(s.materialize(s.everything()))).isEqualTo(point.live());
        Map<String, String> syncedOnly = new TreeMap<>();
        point.syncedEntries().forEach((n, key) -> syncedOnly.put(n, text(point.synced().get(key))));
        assertThat(tree(s.materialize(s.syncedOnly()))).isEqualTo(syncedOnly);
        for (int i = 0; i < 3; i++) {
            Snapshot.Selection random = s.random(rnd);
            Snapshot.Selection sel = i == 2
                    ? new Snapshot.Selection(random.persisted(), random.tears(), rnd.nextInt(5))
                    : random;
            assertThat(tree(s.materialize(sel))).isEqualTo(reference(point, sel));
        }
    }

    /** The post-crash tree computed the plain way: synced state plus the persisted steps, on whole arrays. */
    private static Map<String, String> reference(Point point, Snapshot.Selection sel) {
        List<Step> pending = point.snapshot().pending();
        Map<String, Object> entries = new TreeMap<>(point.syncedEntries());
        Map<Object, byte[]> content = new HashMap<>(point.synced());
        Map<Object, Boolean> cut = new HashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            Step st = pending.get(i);
            boolean persisted = sel.persisted().get(i);
            if (!st.isData()) {
                if (persisted) {
                    for (Edit e : st.edits()) {
                        if (e.node() == null) {
                            entries.remove(e.name());
                        } else {
                            entries.put(e.name(), e.node());
                        }
                    }
                }
                continue;
            }
            if (!persisted) {
                cut.put(st.file(), true);
            }
            if (cut.containsKey(st.file())) {
                continue; // one file's data persists as a prefix of its writes
            }
            DataOp op = st.op();
            if (sel.partialBytes() >= 0 && st.seq() == point.snapshot().seq() && op.bytes() != null) {
                byte[] part = new byte[Math.min(sel.partialBytes(), op.bytes().length)];
                System.arraycopy(op.bytes(), 0, part, 0, part.length);
                op = new DataOp(op.offset(), part);
            }
            content.put(st.file(), op.applyTo(content.get(st.file())));
        }
        Map<String, String> tree = new TreeMap<>();
        entries.forEach((n, key) -> {
            byte[] data = content.get(key);
            Snapshot.Tear t = sel.tears().get(key);
            tree.put(n, text(t == null ? data : Snapshot.tear(point.synced().get(key), data, t)));
        });
        return tree;
    }

    private static Map<String, Object> liveEntries(Path root) throws IOException {
        Map<String, Object> entries = new TreeMap<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                entries.put(p.getFileName().toString(), PowerLossModel.key(p, false));
            }
        }
        return entries;
    }

    /** Bytes as text, one char per byte, so that maps of contents compare by value. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> tree(Path materialized) throws IOException {
        try {
            Map<String, String> tree = new TreeMap<>();
            for (String n : liveEntries(materialized).keySet()) {
                tree.put(n, text(Files.readAllBytes(materialized.resolve(n))));
            }
            return tree;
        } finally {
            materialized.getFileSystem().close();
        }
    }
}
