package io.vikingfs.local;

import io.vikingfs.FileStat;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.spi.Jsonl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deliberately broken variants of the local protocols' locked steps, each the check-then-act mistake of one
 * window, built over the real store (test code only): {@link InterleavingTest} must catch each one on every run.
 */
final class BrokenInterleavings {
    private BrokenInterleavings() {
    }

    /**
     * {@code ifMatch} with the version compared before the publish lock is taken, then an unconditional publish: a
     * second writer checking in between sees the same version, and both win (a lost update).
     */
    static VikingFs versionCheckedOutsideThePublishLock(LocalVikingFs fs) {
        return new ForwardingVikingFs(fs) {
            @Override
            public Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
                if (options.precondition() instanceof Precondition.IfMatch m) {
                    FileStat st = fs.stat(path);
                    if (!m.expected().equals(st.version())) {
                        throw new PreconditionFailedException(path, m, st.version());
                    }
                    return fs.atomicWrite(path, bytes, options.withPrecondition(Precondition.none()));
                }
                return fs.atomicWrite(path, bytes, options);
            }
        };
    }

    /**
     * An append that cuts the torn tail before taking the log's lock, then writes at the clean end it computed: a
     * record another appender completes in between is overwritten (field case 3 (docs/field-cases.md), the stale length).
     */
    static VikingFs tornTailCutOutsideTheAppendLock(LocalVikingFs fs) throws IOException {
        Disk disk = fs.disk();
        PathLocks locks = new PathLocks(disk.root(), disk.root().toRealPath());
        return new ForwardingVikingFs(fs) {
            @Override
            public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
                byte[] bytes = Jsonl.encode(path, records);
                Path p = disk.root().resolve(path.toString());
                try (DiskFile f = disk.openWrite(p)) {
                    long end = TornTail.cut(f, f.size(), -1); // the bug: size read and tail cut without the lock
                    ReentrantLock lock = locks.lockFor(p);
                    lock.lock();
                    try (DiskLock ignored = f.lock()) {
                        f.write(ByteBuffer.wrap(bytes), end);
                    } finally {
                        lock.unlock();
                    }
                    if (durable) {
                        f.sync();
                    }
                }
            }

            @Override
            public void append(VPath path, String record, boolean durable) throws IOException {
                appendAll(path, List.of(record), durable);
            }
        };
    }
}
