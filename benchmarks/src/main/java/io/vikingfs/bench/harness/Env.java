package io.vikingfs.bench.harness;

import io.vikingfs.VikingFs;
import io.vikingfs.bench.store.LocalStore;
import io.vikingfs.bench.store.Stores;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a scenario runs in: the settings, a data directory on the real disk (every scenario gets fresh
 * subdirectories, ours and the baselines side by side on the same file system), and the stores it opened, which
 * are closed — and the data deleted — when the run ends.
 */
public final class Env implements Closeable {
    private final Settings settings;
    private final Path dataDir;
    private final boolean keep;
    private final Deque<Closeable> opened = new ArrayDeque<>();

    public Env(Settings settings, Path dataDir, boolean keep) throws IOException {
        this.settings = settings;
        this.dataDir = Files.createDirectories(dataDir);
        this.keep = keep;
    }

    public Settings settings() {
        return settings;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A new, empty directory {@code name} under the data directory (emptied first if a previous run left it). */
    public Path freshDir(String name) throws IOException {
        Path dir = dataDir.resolve(name);
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    /** Our local-disk store on a fresh directory, its flushes counted. */
    public LocalStore local(String name) throws IOException {
        return register(Stores.local(freshDir(name)));
    }

    /** A fresh in-memory store. */
    public VikingFs memory() throws IOException {
        return register(Stores.memory());
    }

    /** Closes {@code c} when the run ends (last opened, first closed). */
    public <T extends Closeable> T register(T c) {
        opened.push(c);
        return c;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (!keep) {
            deleteTree(dataDir);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Deletes {@code dir} and everything below it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
