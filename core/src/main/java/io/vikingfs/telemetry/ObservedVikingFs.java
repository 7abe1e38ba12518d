package io.vikingfs.telemetry;

import io.vikingfs.DirEntry;
import io.vikingfs.FileStat;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.RecordLog;
import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;

/**
 * A store whose every operation is timed and reported to its {@link Telemetry} hub ({@link
 * VikingFsListener#operation}), including those that throw; operations at least as slow as the hub's threshold
 * are warned of and recorded as JFR events. Everything else — results, exceptions, guarantees — is the
 * delegate's, unchanged. Made by {@link Telemetry#observe}.
 *
 * <p>{@code list}, {@code walk} and {@code newInputStream} are timed until the stream is returned, not while it
 * is consumed.
 */
public final class ObservedVikingFs extends ForwardingVikingFs implements Observable {
    private interface Call<T> {
        T run() throws IOException;
    }

    private final Telemetry telemetry;

    ObservedVikingFs(VikingFs delegate, Telemetry telemetry) {
        super(delegate);
        this.telemetry = telemetry;
    }

    @Override
    public Telemetry telemetry() {
        return telemetry;
    }

    private <T> T timed(Operation op, Object path, int records, Call<T> call) throws IOException {
        long start = System.nanoTime();
        T result;
        try {
            result = call.run();
        } catch (IOException | RuntimeException | Error e) {
            telemetry.listener().operation(op, String.valueOf(path), System.nanoTime() - start, records, e);
            throw e;
        }
        telemetry.listener().operation(op, String.valueOf(path), System.nanoTime() - start, records, null);
        return result;
    }

    @Override
    public byte[] read(VPath path) throws IOException {
        return timed(Operation.READ, path, 0, () -> super.read(path));
    }

    @Override
    public InputStream newInputStream(VPath path) throws IOException {
        return timed(Operation.READ, path, 0, () -> super.newInputStream(path));
    }

    @Override
    public FileStat stat(VPath path) throws IOException {
        return timed(Operation.STAT, path, 0, () -> super.stat(path));
    }

    @Override
    public boolean exists(VPath path) throws IOException {
        return timed(Operation.EXISTS, path, 0, () -> super.exists(path));
    }

    @Override
    public Stream<DirEntry> list(VPath dir) throws IOException {
        return timed(Operation.LIST, dir, 0, () -> super.list(dir));
    }

    @Override
    public Stream<DirEntry> walk(VPath dir) throws IOException {
        return timed(Operation.WALK, dir, 0, () -> super.walk(dir));
    }

    @Override
    public Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
        return timed(Operation.ATOMIC_WRITE, path, 0, () -> super.atomicWrite(path, bytes, options));
    }

    @Override
    public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
        timed(Operation.APPEND, path, records == null ? 0 : records.size(), () -> {
            super.appendAll(path, records, durable);
            return null;
        });
    }

    @Override
    public RecordLog readRecords(VPath path) throws IOException {
        return timed(Operation.READ_RECORDS, path, 0, () -> super.readRecords(path));
    }

    @Override
    public long repairLog(VPath path, boolean durable) throws IOException {
        return timed(Operation.REPAIR_LOG, path, 0, () -> super.repairLog(path, durable));
    }

    @Override
    public void rename(VPath src, VPath dst, RenameOptions options) throws IOException {
        timed(Operation.RENAME, src + " -> " + dst, 0, () -> {
            super.rename(src, dst, options);
            return null;
        });
    }

    @Override
    public void delete(VPath path) throws IOException {
        timed(Operation.DELETE, path, 0, () -> {
            super.delete(path);
            return null;
        });
    }

    @Override
    public boolean deleteIfExists(VPath path) throws IOException {
        return timed(Operation.DELETE, path, 0, () -> super.deleteIfExists(path));
    }

    @Override
    public void deleteRecursively(VPath path) throws IOException {
        timed(Operation.DELETE, path, 0, () -> {
            super.deleteRecursively(path);
            return null;
        });
    }

    @Override
    public void mkdirs(VPath dir) throws IOException {
        timed(Operation.MKDIRS, dir, 0, () -> {
            super.mkdirs(dir);
            return null;
        });
    }

    @Override
    public void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException {
        timed(Operation.SWITCH_DIRECTORY, live, 0, () -> {
            super.switchDirectory(staged, live, durable);
            return null;
        });
    }

    @Override
    public RecoveryReport recover(boolean apply) throws IOException {
        return timed(Operation.RECOVER, "", 0, () -> super.recover(apply));
    }

    @Override
    public String toString() {
        return "Observed[" + delegate() + "]";
    }
}
