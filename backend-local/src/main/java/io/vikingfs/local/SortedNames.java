package io.vikingfs.local;

import io.vikingfs.VPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The names of one directory in listing order ({@link VPath#compareNames}: UTF-8 bytes), in bounded memory. Up to
 * {@link ListSpill#namesInMemory()} names are sorted in memory; a larger directory is read in chunks of that
 * many, each sorted and spilled as a run file to {@link ListSpill#directory()}, and the runs are merged lazily as
 * the iteration advances. Heap held: one chunk while reading, then a small buffer per run (runs are merged into
 * one whenever {@link #MAX_RUNS} accumulate, so their number stays bounded too).
 *
 * <p>Run files are named {@code vikingfs-list-<pid>-<random>.run}; {@link #close} deletes them (also when building
 * fails). After a crash {@link #reclaim} deletes those of processes no longer alive. If a run cannot be written
 * (spill directory full or read-only), the listing stays complete: the names are kept in memory instead, with a
 * warning.
 */
final class SortedNames implements Iterator<String>, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SortedNames.class);
    static final String RUN_PREFIX = "vikingfs-list-";
    static final String RUN_SUFFIX = ".run";
    /** Runs merged at once; each costs one read buffer while merging. */
    static final int MAX_RUNS = 64;
    private static final int BUFFER = 4096;

    private final ListSpill spill;
    private final List<Run> runs = new ArrayList<>();
    private final PriorityQueue<Cursor> heads = new PriorityQueue<>((a, b) -> VPath.compareNames(a.head, b.head));
    private boolean spillFailed;
    private boolean closed;

    private SortedNames(ListSpill spill) {
        this.spill = spill;
    }

    /**
     * Reads every name {@code names} yields (then closes it), maps each through {@code keep} ({@code null}: left
     * out) and returns the results sorted; close the result.
     */
    static SortedNames of(DirectoryStream<String> names, UnaryOperator<String> keep, ListSpill spill)
            throws IOException {
        SortedNames sorted = new SortedNames(spill);
        try (names) {
            List<String> chunk = new ArrayList<>();
            for (String name : names) {
                String kept = keep.apply(name);
                if (kept == null) {
                    continue;
                }
                if (chunk.size() >= spill.namesInMemory() && !sorted.spillFailed) {
                    sorted.spill(chunk); // only once a name more comes: a directory that fits is never spilled
                }
                chunk.add(kept);
            }
            chunk.sort(VPath::compareNames);
            sorted.heads.clear();
            for (Run r : sorted.runs) {
                sorted.offer(r.cursor());
            }
            sorted.offer(new Cursor(chunk.iterator()));
            return sorted;
        } catch (DirectoryIteratorException e) {
            sorted.close();
            throw e.getCause(); // an I/O error reading the directory: the same exception as opening it would be
        } catch (IOException | RuntimeException | Error e) {
            sorted.close();
            throw e;
        }
    }

    /** Sorts {@code chunk} into a new run and empties it; on a write failure keeps it in memory instead. */
    private void spill(List<String> chunk) throws IOException {
        chunk.sort(VPath::compareNames);
        try {
            runs.add(Run.write(spill.directory(), chunk.iterator()));
        } catch (IOException e) {
            spillFailed = true;
            LOG.warn("Could not spill a sorted run of a large listing to {} ({}); keeping the names in memory: the"
                    + " listing stays complete but its memory is no longer bounded. Make that directory writable"
                    + " or set another with LocalOptions.withListSpill.", spill.directory(), e.toString());
            return;
        }
        chunk.clear();
        if (runs.size() >= MAX_RUNS) {
            List<Run> merging = new ArrayList<>(runs);
            for (Run r : merging) {
                offer(r.cursor());
            }
            Run merged = Run.write(spill.directory(), this);
            for (Run r : merging) {
                r.delete();
            }
            runs.clear();
            runs.add(merged);
        }
    }

    private void offer(Cursor c) {
        if (c.advance()) {
            heads.add(c);
        }
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public String next() {
        Cursor c = heads.poll();
        if (c == null) {
            throw new NoSuchElementException();
        }
        String name = c.head;
        offer(c);
        return name;
    }

    /** Deletes every run file; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heads.clear();
        for (Run r : runs) {
            r.delete();
        }
        runs.clear();
    }

    /** Deletes run files left in {@code directory} by processes that are no longer alive (killed mid-listing). */
    static int reclaim(Path directory) {
        int deleted = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(directory, RUN_PREFIX + "*" + RUN_SUFFIX)) {
            for (Path p : s) {
                String rest = p.getFileName().toString().substring(RUN_PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, Math.max(0, dash)));
                } catch (NumberFormatException e) {
                    continue; // not ours
                }
                if (ProcessHandle.of(pid).isEmpty() && Files.deleteIfExists(p)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not reclaim leftover listing runs in {}: {}", directory, e.toString());
        }
        return deleted;
    }

    /** Yields the names of an iterator, or of a run, one at a time: {@link #head} is the current one. */
    private static class Cursor {
        private final Iterator<String> names;
        String head;

        Cursor(Iterator<String> names) {
            this.names = names;
        }

        boolean advance() {
            if (!names.hasNext()) {
                head = null;
                return false;
            }
            head = names.next();
            return true;
        }
    }

    /**
     * One sorted run: names as (length, UTF-8 bytes), in a file held open from its creation to its deletion, so
     * only this listing ever reads it.
     */
    private static final class Run {
        private final Path path;
        private final FileChannel channel;

        private Run(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        static Run write(Path directory, Iterator<String> sorted) throws IOException {
            Path path = directory.resolve(RUN_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID()
                    + RUN_SUFFIX);
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            Run run = new Run(path, ch);
            try {
                ByteBuffer buf = ByteBuffer.allocate(BUFFER);
                while (sorted.hasNext()) {
                    byte[] b = sorted.next().getBytes(StandardCharsets.UTF_8);
                    if (buf.remaining() < 4 + b.length) {
                        drain(ch, buf);
                    }
                    if (buf.remaining() < 4 + b.length) {
                        ByteBuffer big = ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b);
                        drain(ch, big);
                    } else {
                        buf.putInt(b.length).put(b);
                    }
                }
                drain(ch, buf);
                return run;
            } catch (IOException | RuntimeException | Error e) {
                run.delete();
                throw e;
            }
        }

        private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }

        /** Reads the run from its start (a run is read once, by the merge). */
        Cursor cursor() {
            try {
                channel.position(0);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the listing run " + path + " failed", e);
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), BUFFER));
            return new Cursor(new Iterator<>() {
                private String next = read();

                private String read() {
                    try {
                        int len;
                        try {
                            len = in.readInt();
                        } catch (EOFException end) {
                            return null;
                        }
                        byte[] b = new byte[len];
                        in.readFully(b);
                        return new String(b, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading the listing run " + path + " failed", e);
                    }
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public String next() {
                    String n = next;
                    next = read();
                    return n;
                }
            });
        }

        void delete() {
            try {
                channel.close();
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("Could not delete the listing run {}: {}; delete it by hand", path, e.toString());
            }
        }
    }
}
