package io.vikingfs.chat;

import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.memory.CrashOptions;
import io.vikingfs.memory.MemoryVikingFs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A memory store that, while armed, stops before and after every call that changes storage and hands a checker
 * each state a crash could leave there: a power loss keeping only what was synced, a process crash keeping
 * everything, and seeded random power losses (seed in the description). The checker sees a new store (recovery
 * has run on it) and must not touch this one. Crashes inside a call are the backend's own guarantee, proved by
 * the conformance crash explorer; these are the crash points of a protocol written on top of the API.
 */
public final class CrashAtEveryCall extends ForwardingVikingFs {
    /** Sees one post-crash store; {@code where} names the crash point and the kind of crash. */
    public interface Checker {
        void check(MemoryVikingFs crashed, String where) throws IOException;
    }

    private final MemoryVikingFs memory;
    private final int randomStates;
    private final long seed;
    private Checker checker;
    private final List<String> points = new ArrayList<>();

    public CrashAtEveryCall(MemoryVikingFs memory, int randomStates, long seed) {
        super(memory);
        this.memory = memory;
        this.randomStates = randomStates;
        this.seed = seed;
    }

    /** From now on every call that changes storage is a crash point checked by {@code checker}; null disarms. */
    public void arm(Checker checker) {
        this.checker = checker;
    }

    /** The crash points checked so far, in order. */
    public List<String> points() {
        return points;
    }

    /** Reads what a store holds. */
    public interface Reader<T> {
        T read(MemoryVikingFs store) throws Exception;
    }

    /** Runs an update of the workload. */
    public interface Workload {
        void run() throws Exception;
    }

    /** Runs {@code update} armed, and returns what {@code reader} saw in each post-crash store, in order. */
    public <T> List<T> readAtEveryCrashPoint(Reader<T> reader, Workload update) throws Exception {
        List<T> seen = new ArrayList<>();
        arm((crashed, where) -> {
            try {
                seen.add(reader.read(crashed));
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        try {
            update.run();
        } finally {
            arm(null);
        }
        return seen;
    }

    /**
     * Checks what {@link #readAtEveryCrashPoint} saw: {@code before} at every crash point up to the commit, then
     * {@code after} at every one from it on (the commit is durable), never anything else.
     *
     * @return the number of crash states checked
     */
    public static <T> int assertOldUntilCommitThenNew(List<T> seen, T before, T after, String update) {
        int firstNew = seen.indexOf(after);
        assertThat(firstNew).as(update + ": the new state appears").isNotNegative();
        assertThat(seen.subList(0, firstNew)).as(update + ": before the commit, the old state")
                .allSatisfy(s -> assertThat(s).isEqualTo(before));
        assertThat(seen.subList(firstNew, seen.size())).as(update + ": from the commit on, the new state, durably")
                .allSatisfy(s -> assertThat(s).isEqualTo(after));
        return seen.size();
    }

    private void point(String where) throws IOException {
        if (checker == null) {
            return;
        }
        Checker c = checker;
        checker = null; // the checker's own work is not a crash point of the workload
        try {
            points.add(where);
            List<CrashOptions> kinds = new ArrayList<>(List.of(CrashOptions.syncedOnly(), CrashOptions.everything()));
            for (int i = 0; i < randomStates; i++) {
                kinds.add(CrashOptions.random(seed + points.size() * 1000L + i));
            }
            for (CrashOptions kind : kinds) {
                try (MemoryVikingFs crashed = memory.crash(kind)) {
                    c.check(crashed, where + ", " + kind);
                }
            }
        } finally {
            checker = c;
        }
    }

    /** What the workload does: one storage call, returning its result. */
    private interface StorageCall<T> {
        T run() throws IOException;
    }

    private <T> T around(String what, VPath path, StorageCall<T> call) throws IOException {
        point("before " + what + " " + path);
        T result = call.run();
        point("after " + what + " " + path);
        return result;
    }

    @Override
    public Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
        return around("atomicWrite", path, () -> super.atomicWrite(path, bytes, options));
    }

    @Override
    public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
        around("appendAll", path, () -> {
            super.appendAll(path, records, durable);
            return null;
        });
    }

    @Override
    public void append(VPath path, String record, boolean durable) throws IOException {
        appendAll(path, java.util.Collections.singletonList(record), durable);
    }

    @Override
    public long repairLog(VPath path, boolean durable) throws IOException {
        return around("repairLog", path, () -> super.repairLog(path, durable));
    }

    @Override
    public void rename(VPath src, VPath dst, RenameOptions options) throws IOException {
        around("rename", src, () -> {
            super.rename(src, dst, options);
            return null;
        });
    }

    @Override
    public void delete(VPath path) throws IOException {
        around("delete", path, () -> {
            super.delete(path);
            return null;
        });
    }

    @Override
    public boolean deleteIfExists(VPath path) throws IOException {
        return around("deleteIfExists", path, () -> super.deleteIfExists(path));
    }

    @Override
    public void deleteRecursively(VPath path) throws IOException {
        around("deleteRecursively", path, () -> {
            super.deleteRecursively(path);
            return null;
        });
    }

    @Override
    public void mkdirs(VPath dir) throws IOException {
        around("mkdirs", dir, () -> {
            super.mkdirs(dir);
            return null;
        });
    }

    @Override
    public void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException {
        around("switchDirectory", live, () -> {
            super.switchDirectory(staged, live, durable);
            return null;
        });
    }
}
