package io.vikingfs.memory;

import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;
import io.vikingfs.spi.Jsonl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deliberately broken variants of the local protocols, each one of the field's mistakes, run on the same crashable
 * disk: the explorer must catch every one ({@link BrokenProtocolsAreCaughtTest}). Test code only.
 */
final class BrokenProtocols {
    private BrokenProtocols() {
    }

    /** Atomic write without the temp file's fsync: the rename can persist before the data (field cases 9). */
    static MemoryVikingFs.Layers noTempFileSync() {
        return new MemoryVikingFs.Layers(disk -> new ForwardingDisk(disk) {
            @Override
            protected DiskFile wrap(DiskFile file) {
                return new ForwardingDiskFile(file) {
                    @Override
                    public void sync() throws IOException {
                        if (!path().getFileName().toString().startsWith(".vfs-tmp")) {
                            super.sync();
                        }
                    }
                };
            }

            @Override
            public DiskFile createNew(Path path) throws IOException {
                return wrap(delegate().createNew(path));
            }

            @Override
            public DiskFile openWrite(Path path) throws IOException {
                return wrap(delegate().openWrite(path));
            }
        }, (fs, disk) -> fs);
    }

    /**
     * Recovery that does not know the library's staging records (their listing hides {@code .vfs-stage-…}), as if
     * stagings were plain directories: a staging abandoned by a crash stays forever (issue 13, item 4).
     */
    static MemoryVikingFs.Layers stagingNeverReclaimed() {
        return new MemoryVikingFs.Layers(disk -> new ForwardingDisk(disk) {
            @Override
            public List<String> list(Path dir) throws IOException {
                List<String> names = new java.util.ArrayList<>(super.list(dir)); // callers may sort it
                names.removeIf(n -> n.startsWith(".vfs-stage-"));
                return names;
            }
        }, (fs, disk) -> fs);
    }

    /** Renames (and every other entry change) without the directory sync, while still claiming durability. */
    static MemoryVikingFs.Layers noDirectorySync() {
        return new MemoryVikingFs.Layers(disk -> new ForwardingDisk(disk) {
            @Override
            public void syncDirectory(Path dir) {
                // skipped: the bug
            }
        }, (fs, disk) -> fs);
    }

    /** Append without the log's lock, hence without the torn-tail repair: the next record is spliced on a fragment. */
    static MemoryVikingFs.Layers appendWithoutLock() {
        return new MemoryVikingFs.Layers(d -> d, (fs, disk) -> new ForwardingVikingFs(fs) {
            @Override
            public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
                byte[] line = Jsonl.encode(path, records);
                Path p = disk.root().resolve(path.toString());
                if (disk.stat(p) == null) {
                    fs.mkdirs(path.parent());
                    try (DiskFile f = disk.createNew(p)) {
                        f.sync();
                    }
                    disk.syncDirectory(p.getParent());
                }
                try (DiskFile f = disk.openWrite(p)) {
                    f.write(ByteBuffer.wrap(line), f.size()); // no lock: nothing cuts a torn tail first
                    if (durable) {
                        f.sync();
                    }
                }
            }

            @Override
            public void append(VPath path, String record, boolean durable) throws IOException {
                appendAll(path, List.of(record), durable);
            }
        });
    }

    /**
     * A "rollback" repair that truncates each log to the length it had at its last durable append, remembered in a
     * side file (the codex set_len(length sampled before) of field cases 3): it removes records other appends
     * completed since, even after a mere process crash.
     */
    static MemoryVikingFs.Layers staleLengthRepair() {
        return new MemoryVikingFs.Layers(d -> d, (fs, disk) -> {
            try {
                rollBack(disk, disk.root());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new ForwardingVikingFs(fs) {
                @Override
                public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
                    super.appendAll(path, records, durable);
                    if (durable) {
                        Path p = disk.root().resolve(path.toString());
                        long length = disk.stat(p).size();
                        Path side = p.resolveSibling(".vfs-len-" + p.getFileName());
                        if (disk.stat(side) != null) {
                            disk.delete(side);
                        }
                        try (DiskFile f = disk.createNew(side)) {
                            f.write(ByteBuffer.wrap(Long.toString(length).getBytes(StandardCharsets.US_ASCII)), 0);
                            f.sync();
                        }
                        disk.syncDirectory(p.getParent());
                    }
                }

                @Override
                public void append(VPath path, String record, boolean durable) throws IOException {
                    appendAll(path, List.of(record), durable);
                }
            };
        });
    }

    private static void rollBack(Disk disk, Path dir) throws IOException {
        for (String name : disk.list(dir)) {
            Path p = dir.resolve(name);
            DiskStat st = disk.stat(p);
            if (st != null && st.isDirectory()) {
                rollBack(disk, p);
            } else if (name.startsWith(".vfs-len-") && st != null && st.isFile()) {
                Path log = dir.resolve(name.substring(".vfs-len-".length()));
                long length;
                try (DiskFile f = disk.openRead(p)) {
                    ByteBuffer b = ByteBuffer.allocate((int) f.size());
                    f.read(b, 0);
                    String text = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
                    if (!text.matches("[0-9]+")) {
                        continue; // a side file torn by the crash: nothing to roll back to
                    }
                    length = Long.parseLong(text);
                }
                if (disk.stat(log) != null) {
                    try (DiskFile f = disk.openWrite(log)) {
                        f.truncate(length);
                        f.sync();
                    }
                }
            }
        }
    }

    /**
     * A durable switch or durable directory rename that skips making earlier content durable: the flushes of the
     * tree's files (done through descriptors opened for reading) do nothing, so a staged log appended without
     * {@code durable}, then promised durable by the switch or the rename, can be empty or short after a power loss.
     */
    static MemoryVikingFs.Layers promiseSkipsContentWrittenNonDurably() {
        return new MemoryVikingFs.Layers(disk -> new ForwardingDisk(disk) {
            @Override
            public DiskFile openRead(Path path) throws IOException {
                return new ForwardingDiskFile(delegate().openRead(path)) {
                    @Override
                    public void sync() {
                        // skipped: the bug
                    }
                };
            }
        }, (fs, disk) -> fs);
    }

    /**
     * A file renamed across directories by rename(2) alone, without the durable rename link in the target
     * directory (the protocol before it): a disk that cannot count links makes the protocols fall back to it.
     * Under strict POSIX a power loss during the call can keep the source's removal without the target's entry.
     */
    static MemoryVikingFs.Layers renameWithoutLink() {
        return new MemoryVikingFs.Layers(disk -> new ForwardingDisk(disk) {
            @Override
            public int linkCount(Path path) {
                return -1; // the bug: no rename link is made
            }
        }, (fs, disk) -> fs);
    }

    /**
     * One side of a rename not synced: after a rename across directories, the next sync of the source directory
     * is skipped, so a durable rename's removal from the source (or a switch's removal of the staged name) is not
     * durable. A journaling file system commits a rename whole once either directory is synced, so only the
     * strict-POSIX model can show the old name coming back.
     */
    static MemoryVikingFs.Layers renameSourceDirectoryNotSynced() {
        return new MemoryVikingFs.Layers(disk -> new ForwardingDisk(disk) {
            private final java.util.Set<Path> skipNextSync = java.util.concurrent.ConcurrentHashMap.newKeySet();

            @Override
            public void rename(Path src, Path dst) throws IOException {
                super.rename(src, dst);
                if (!src.getParent().equals(dst.getParent())) {
                    skipNextSync.add(src.getParent());
                }
            }

            @Override
            public void syncDirectory(Path dir) throws IOException {
                if (!skipNextSync.remove(dir)) {
                    super.syncDirectory(dir);
                }
            }
        }, (fs, disk) -> fs);
    }

    /** A "switch" that deletes live's files and moves staged's in one by one (OpenViking #535, field case 13). */
    static MemoryVikingFs.Layers switchFileByFile() {
        return new MemoryVikingFs.Layers(d -> d, (fs, disk) -> new ForwardingVikingFs(fs) {
            @Override
            public void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException {
                if (fs.exists(live)) {
                    for (VPath f : files(fs, live)) {
                        fs.delete(f);
                    }
                }
                fs.mkdirs(live);
                for (VPath f : files(fs, staged)) {
                    String rel = f.toString().substring(staged.toString().length() + 1);
                    fs.rename(f, live.resolve(rel), new RenameOptions(true, durable));
                }
                fs.deleteRecursively(staged);
            }
        });
    }

    private static List<VPath> files(VikingFs fs, VPath dir) throws IOException {
        try (Stream<io.vikingfs.DirEntry> s = fs.walk(dir)) {
            return s.filter(e -> !e.isDirectory()).map(io.vikingfs.DirEntry::path).toList();
        }
    }
}
