package io.vikingfs.junit;

import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.Precondition;
import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;

import java.io.IOException;
import java.util.List;

/**
 * The workload's view of the store: each changing call is recorded in the {@link History} as in flight while it
 * runs, so every crash point knows which user call it fell in. Reads change nothing and are not recorded;
 * {@code append} reaches {@link #appendAll} (as {@link ForwardingVikingFs} forwards it).
 */
final class CallRecorder extends ForwardingVikingFs {
    private final History history;

    CallRecorder(VikingFs delegate, History history) {
        super(delegate);
        this.history = history;
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws IOException;
    }

    private <T> T call(String what, Body<T> body) throws IOException {
        history.started(what);
        try {
            return body.run();
        } finally {
            history.ended();
        }
    }

    private static String durability(boolean durable) {
        return durable ? "durable" : "not durable";
    }

    @Override
    public Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
        return call("atomicWrite(" + path + ", " + Shorten.bytes(bytes) + ", " + durability(options.durable())
                + (options.precondition() == Precondition.none() ? "" : ", " + options.precondition()) + ")",
                () -> super.atomicWrite(path, bytes, options));
    }

    @Override
    public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
        String what = records.size() == 1
                ? "append(" + path + ", " + Shorten.text(records.get(0)) + ", " + durability(durable) + ")"
                : "appendAll(" + path + ", " + records.size() + " records, " + durability(durable) + ")";
        call(what, () -> {
            super.appendAll(path, records, durable);
            return null;
        });
    }

    @Override
    public long repairLog(VPath path, boolean durable) throws IOException {
        return call("repairLog(" + path + ", " + durability(durable) + ")", () -> super.repairLog(path, durable));
    }

    @Override
    public void rename(VPath src, VPath dst, RenameOptions options) throws IOException {
        call("rename(" + src + " -> " + dst + ", " + options + ")", () -> {
            super.rename(src, dst, options);
            return null;
        });
    }

    @Override
    public void delete(VPath path) throws IOException {
        call("delete(" + path + ")", () -> {
            super.delete(path);
            return null;
        });
    }

    @Override
    public boolean deleteIfExists(VPath path) throws IOException {
        return call("deleteIfExists(" + path + ")", () -> super.deleteIfExists(path));
    }

    @Override
    public void deleteRecursively(VPath path) throws IOException {
        call("deleteRecursively(" + path + ")", () -> {
            super.deleteRecursively(path);
            return null;
        });
    }

    @Override
    public void mkdirs(VPath dir) throws IOException {
        call("mkdirs(" + dir + ")", () -> {
            super.mkdirs(dir);
            return null;
        });
    }

    @Override
    public void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException {
        call("switchDirectory(" + staged + " -> " + live + ", " + durability(durable) + ")", () -> {
            super.switchDirectory(staged, live, durable);
            return null;
        });
    }

    @Override
    public RecoveryReport recover(boolean apply) throws IOException {
        return call("recover(" + apply + ")", () -> super.recover(apply));
    }

    /** The tester owns the store: a workload closing its handle (try-with-resources) must not end the run. */
    @Override
    public void close() {
    }
}
