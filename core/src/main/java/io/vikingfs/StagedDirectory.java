package io.vikingfs;

import io.vikingfs.spi.StagingRecord;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/**
 * A staging directory the library owns, made by {@link VikingFs#stage}: fill {@link #path()} through the ordinary
 * API, then {@link #commit} it over {@link #live()} with {@code switchDirectory}, or {@link #close()} it to throw
 * it away. Use it in try-with-resources: a staging that is not committed is deleted on close.
 *
 * <pre>{@code
 * try (StagedDirectory staged = fs.stage(VPath.of("workspace/s1"))) {
 *     fs.atomicWrite(staged.path().resolve("summary.md"), bytes, WriteOptions.DEFAULT);
 *     staged.commit(true);               // workspace/s1 is now the staged tree, all at once
 * }                                      // not committed (an exception)? the staging is deleted here
 * }</pre>
 *
 * <p><b>After a crash</b> (the process dies, the power fails, the store is closed with the handle still open),
 * the staging is <i>abandoned</i>: the next {@code recover(true)} — every open runs one — reclaims it and reports
 * it in {@link RecoveryReport#abandonedStaging()}. A staging whose owner is still running (this handle, in this
 * or another process) is never reclaimed; how a backend tells them apart is in its documentation.
 *
 * <p>Thread-safe; {@link #commit} and {@link #close} act at most once.
 */
public final class StagedDirectory implements Closeable {
    private final VikingFs fs;
    private final VPath path;
    private final VPath live;
    private final StagingRecord record;
    private boolean committed;
    private boolean done;

    private StagedDirectory(VikingFs fs, VPath path, VPath live, StagingRecord record) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.path = Objects.requireNonNull(path, "path");
        this.live = Objects.requireNonNull(live, "live");
        this.record = Objects.requireNonNull(record, "record");
    }

    /**
     * For backends: the handle of the staging directory {@code path} (created, empty) for {@code live}, owned
     * through {@code record}; commit and abort go through {@code fs}.
     */
    public static StagedDirectory of(VikingFs fs, VPath path, VPath live, StagingRecord record) {
        return new StagedDirectory(fs, path, live, record);
    }

    /**
     * For decorators ({@link ForwardingVikingFs}): the same staging, committed and aborted through {@code fs}, so
     * a decorator sees the {@code switchDirectory} and {@code deleteRecursively} of its stagings. Use the returned
     * handle instead of this one.
     */
    public StagedDirectory through(VikingFs fs) {
        return new StagedDirectory(fs, path, live, record);
    }

    /** The staging directory: a valid path beside {@link #live()}, to fill through the ordinary API. */
    public VPath path() {
        return path;
    }

    /** The directory {@link #commit} replaces. */
    public VPath live() {
        return live;
    }

    /** Whether the staging is still to be committed or aborted (neither {@link #commit} nor {@link #close} ran). */
    public synchronized boolean isOpen() {
        return !done;
    }

    /** Whether {@link #commit} succeeded. */
    public synchronized boolean isCommitted() {
        return committed;
    }

    /**
     * Replaces {@link #live()} with the staged tree: exactly {@code switchDirectory(path(), live(), durable)}, with
     * all its guarantees (at every instant and after any crash {@code live} is the whole old tree or the whole new
     * one), then drops the library's record of the staging.
     *
     * @throws IllegalStateException if already committed or closed
     * @throws IOException as {@code switchDirectory}; the staging is then still this handle's, and
     *         {@link #close()} deletes what is left of it
     */
    public synchronized void commit(boolean durable) throws IOException {
        if (done) {
            throw new IllegalStateException("staging " + path + " was already " + (committed ? "committed" : "closed")
                    + "; stage a new one with VikingFs.stage(" + live + ")");
        }
        fs.switchDirectory(path, live, durable);
        committed = true;
        done = true;
        record.remove();
    }

    /**
     * Aborts the staging if it was not committed: deletes the staged tree (durably), then the library's record.
     * Idempotent. Close handles before their store: a store that is closed first leaves its open stagings to
     * recovery.
     */
    @Override
    public synchronized void close() throws IOException {
        if (done) {
            return;
        }
        try {
            fs.deleteRecursively(path);
        } catch (NoSuchFileException gone) {
            // switched away by the user or reclaimed: nothing left to delete
        }
        done = true;
        record.remove();
    }

    @Override
    public String toString() {
        return "StagedDirectory[" + path + " -> " + live + (committed ? ", committed" : done ? ", closed" : "") + "]";
    }
}
