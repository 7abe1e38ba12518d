package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskStat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code switchDirectory} by pointer: {@code live} is a symbolic link to a generation directory
 * {@code .vfs-gen-<live>-<n>} beside it, and a switch is: make the staged tree durable, rename it to the next
 * generation, sync the parent (the generation exists before anything names it), create a {@code .vfs-tmp-…} link
 * to it and rename that link over {@code live} (one atomic step), sync the parent again, and only then delete the
 * old generation (so no crash can leave {@code live} pointing at a half-deleted tree).
 *
 * <p>The whole switch holds the live directory's switch lock ({@code .vfs-swlock-…}, in-process and
 * cross-process): only other switches of the same {@code live}, and recovery of its generations, wait for it; the
 * pointer swap itself takes the parent's directory lock for microseconds.
 *
 * <p><b>First switch of a plain directory</b> converts it once: a durable intent record
 * ({@code .vfs-intent-…}) is written first, then {@code live} is renamed to generation 0 and the pointer created.
 * Recovery finishes a conversion it finds half done (pointer created), so {@code live} is whole after any crash.
 * Between the rename and the pointer (one directory sync) a concurrent reader may not find {@code live}; this
 * happens once per directory, on its first switch.
 */
final class DirectorySwitch {
    private final Disk disk;
    private final Resolver resolver;
    private final Publisher publisher;
    private final FileLocks locks;
    private final FileReads reads;
    private final Namespace namespace;
    private final Failures failures;

    DirectorySwitch(Disk disk, Resolver resolver, Publisher publisher, FileLocks locks, FileReads reads,
                    Namespace namespace, Failures failures) {
        this.disk = disk;
        this.resolver = resolver;
        this.publisher = publisher;
        this.locks = locks;
        this.reads = reads;
        this.namespace = namespace;
        this.failures = failures;
    }

    void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException {
        if (staged.isRoot() || live.isRoot()) {
            throw new VikingFsException(staged.isRoot() ? "" : live.toString(),
                    "the store's root cannot take part in switchDirectory; use directories below it");
        }
        if (staged.contains(live) || live.contains(staged)) {
            throw new FileSystemException(staged.toString(), live.toString(),
                    "staged and live must not contain each other");
        }
        Resolver.Resolved s = resolver.resolve(staged);
        if (!s.exists()) {
            throw new NoSuchFileException(staged.toString(), live.toString(), "no staged directory at this path");
        }
        if (!s.isDirectory()) {
            throw new NotDirectoryException(staged.toString());
        }
        if (s.pointer()) {
            throw new VikingFsException(staged.toString(), "is itself a live directory; stage into a plain directory");
        }
        Path parent = resolver.ensureDirectory(live.parent(), durable);
        String name = live.name();
        Path livePath = parent.resolve(name);
        failures.checkWritable(live.toString(), livePath);
        publisher.syncTree(s.path(), staged.toString(), reads); // the new tree is whole on disk before it can become live
        String key = LibraryNames.generationPrefix(name);
        try (FileLocks.Held ignored = locks.hold(parent.resolve(LibraryNames.switchLockName(key)))) {
            DiskStat ls = disk.stat(livePath);
            String oldGeneration = null;
            if (ls != null && ls.isSymlink()) {
                oldGeneration = disk.readSymlink(livePath);
                if (LibraryNames.generationNumber(name, oldGeneration) < 0) {
                    throw new VikingFsException(live.toString(), "is a symbolic link not made by VikingFS; remove it");
                }
            } else if (ls != null && ls.isDirectory()) {
                oldGeneration = convert(parent, name, live);
            } else if (ls != null) {
                throw new NotDirectoryException(live.toString());
            }
            String generation = LibraryNames.generationName(name, nextGeneration(parent, name));
            publisher.rename(s.path(), parent.resolve(generation));
            Publisher.Change stagedChange = publisher.changed(s.parent());
            publisher.syncDirectory(parent, live.toString()); // the generation exists before a pointer names it
            swapPointer(parent, name, oldGeneration, generation, live.toString());
            if (durable && !s.parent().equals(parent)) {
                publisher.awaitDirectory(stagedChange, staged.toString());
            }
            if (oldGeneration != null) {
                namespace.removeTree(parent.resolve(oldGeneration)); // only after the new pointer is durable
            }
        }
    }

    /** One-time conversion of the plain directory {@code live} into generation 0 behind a pointer. */
    private String convert(Path parent, String name, VPath live) throws IOException {
        String generation = LibraryNames.generationName(name, nextGeneration(parent, name));
        Path intent = parent.resolve(LibraryNames.intentName(LibraryNames.generationPrefix(name)));
        writeIntent(parent, intent, name, generation, live.toString());
        Publisher.Change renamed;
        try (FileLocks.Held ignored = locks.directory(parent)) {
            DiskStat now = disk.stat(parent.resolve(name));
            if (now == null || !now.isDirectory()) {
                throw new VikingFsException(live.toString(), "changed while being switched; retry");
            }
            publisher.rename(parent.resolve(name), parent.resolve(generation));
            renamed = publisher.changed(parent);
        }
        // Until the pointer lands (one directory sync), a reader does not find live; a crash here is rolled
        // forward by recovery thanks to the intent.
        publisher.awaitDirectory(renamed, live.toString());
        swapPointer(parent, name, null, generation, live.toString());
        disk.delete(intent); // a leftover intent beside a pointer is dropped by recovery: no sync needed
        return generation;
    }

    private void writeIntent(Path parent, Path intent, String name, String generation, String shown)
            throws IOException {
        byte[] text = (name + "\n" + generation + "\n").getBytes(StandardCharsets.UTF_8);
        try (TempFiles.Written temp = TempFiles.write(disk, publisher, TempFiles.claim(parent), text, shown,
                parent.resolve(name))) {
            publisher.rename(temp.path, intent);
            temp.published();
        }
        publisher.syncDirectory(parent, shown);
    }

    /**
     * Points {@code name} at {@code generation} by renaming a fresh link over it, if it still points at
     * {@code expected} (null: absent); then syncs the parent. The temp link lives only under the parent's
     * directory lock, so recovery (which takes it) never sees one in use.
     */
    void swapPointer(Path parent, String name, String expected, String generation, String shown) throws IOException {
        Path temp = TempFiles.claim(parent);
        try (FileLocks.Held ignored = locks.directory(parent)) {
            Path livePath = parent.resolve(name);
            DiskStat now = disk.stat(livePath);
            String current = now != null && now.isSymlink() ? disk.readSymlink(livePath) : null;
            if ((expected == null) != (now == null) || expected != null && !expected.equals(current)) {
                throw new VikingFsException(shown, "was changed by another writer during switchDirectory; "
                        + "the staged tree is kept as " + generation + " until recovery; retry the switch");
            }
            disk.createSymlink(temp, generation);
            try {
                publisher.rename(temp, livePath);
            } catch (IOException | RuntimeException e) {
                try {
                    disk.delete(temp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        } finally {
            TempFiles.done(temp);
        }
        publisher.syncDirectory(parent, shown);
    }

    long nextGeneration(Path parent, String name) throws IOException {
        long max = -1;
        for (String entry : disk.list(parent)) {
            max = Math.max(max, LibraryNames.generationNumber(name, entry));
        }
        return max + 1;
    }

    /**
     * Recovery of one directory's generations: finishes conversions whose intent is durable, drops stale intents,
     * and reclaims generations no pointer references (never the live one). Each live name is handled under its
     * switch lock, so a switch running in another process is never disturbed.
     */
    void recover(Path dir, String shownDir, boolean apply, List<String> generations, List<String> other)
            throws IOException {
        Set<String> keys = new HashSet<>();
        for (String entry : disk.list(dir)) {
            if (LibraryNames.isGeneration(entry)) {
                keys.add(LibraryNames.generationKey(entry));
            } else if (entry.startsWith(LibraryNames.INTENT_PREFIX)) {
                String[] lines = readIntent(dir.resolve(entry), shownDir + entry);
                if (lines != null) {
                    keys.add(LibraryNames.generationPrefix(lines[0]));
                } else if (apply) {
                    disk.delete(dir.resolve(entry)); // an intent torn before it was synced: its switch never began
                }
            }
        }
        for (String key : keys) {
            try (FileLocks.Held ignored = locks.hold(dir.resolve(LibraryNames.switchLockName(key)))) {
                recoverKey(dir, shownDir, key, apply, generations, other);
            }
        }
    }

    private void recoverKey(Path dir, String shownDir, String key, boolean apply, List<String> generations,
                            List<String> other) throws IOException {
        List<String> entries = disk.list(dir);
        Set<String> referenced = new HashSet<>();
        for (String entry : entries) {
            Path p = dir.resolve(entry);
            if (!VPath.isReserved(entry) && LibraryNames.generationPrefix(entry).equals(key)) {
                DiskStat st = disk.stat(p);
                if (st != null && st.isSymlink()) {
                    referenced.add(disk.readSymlink(p));
                }
            }
        }
        Path intent = dir.resolve(LibraryNames.intentName(key));
        if (disk.stat(intent) != null) {
            String[] lines = readIntent(intent, shownDir + intent.getFileName());
            if (lines != null) {
                String name = lines[0];
                String generation = lines[1];
                boolean liveMissing = disk.stat(dir.resolve(name)) == null;
                boolean generationThere = disk.stat(dir.resolve(generation)) != null;
                if (liveMissing && generationThere) {
                    other.add(shownDir + name + " (interrupted conversion, rolled forward)");
                    referenced.add(generation);
                    if (apply) {
                        swapPointer(dir, name, null, generation, shownDir + name);
                    }
                } else {
                    other.add(shownDir + intent.getFileName());
                }
            }
            if (apply) {
                disk.delete(intent);
            }
        }
        for (String entry : entries) {
            if (LibraryNames.isGeneration(entry) && LibraryNames.generationKey(entry).equals(key)
                    && !referenced.contains(entry)) {
                generations.add(shownDir + entry);
                if (apply) {
                    namespace.removeTree(dir.resolve(entry));
                }
            }
        }
    }

    /** The intent's two lines (live name, generation), or null if it is torn (never synced: nothing began). */
    private String[] readIntent(Path intent, String shown) throws IOException {
        String text = new String(reads.readAll(shown, intent), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length != 3 || lines[0].isEmpty() || !lines[2].isEmpty()
                || LibraryNames.generationNumber(lines[0], lines[1]) < 0) {
            return null;
        }
        return new String[] {lines[0], lines[1]};
    }
}
