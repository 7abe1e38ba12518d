package io.vikingfs.memory;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.FaultyDisk;
import io.vikingfs.local.disk.FaultyDisk.OpKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Disk failures for {@link MemoryVikingFs#create(Faults)}, so that tests exercise an application's error handling:
 * a flush that fails (the store then throws {@code DurabilityLostException} and refuses further writes to what it
 * could not sync, as on a real disk), a disk that fills up, a write that lands only in part. Each store counts from
 * its own creation; the store's recovery and the states of {@link MemoryVikingFs#crash()} run on a healthy disk (a
 * crash is a restart; the faults belong to the run that crashed).
 *
 * <pre>{@code
 * try (MemoryVikingFs fs = MemoryVikingFs.create(Faults.failFlush(2))) {
 *     fs.append(log, "{\"n\":1}", true);                       // flush #1 succeeds
 *     assertThrows(DurabilityLostException.class, () -> fs.append(log, "{\"n\":2}", true)); // flush #2 fails
 * }
 * }</pre>
 */
public final class Faults {
    private final List<Supplier<FaultyDisk.Injector>> injectors;

    private Faults(List<Supplier<FaultyDisk.Injector>> injectors) {
        this.injectors = List.copyOf(injectors);
    }

    /** No faults. */
    public static Faults none() {
        return new Faults(List.of());
    }

    /**
     * The {@code n}-th flush (counting file and directory syncs from 1) fails with an {@link IOException}; the
     * store turns it into {@code DurabilityLostException} for the call that needed it.
     */
    public static Faults failFlush(int n) {
        positive("failFlush", n);
        return new Faults(List.of(() -> {
            int[] flushes = {0};
            return op -> (op.kind() == OpKind.FILE_SYNC || op.kind() == OpKind.SYNC_DIR) && ++flushes[0] == n
                    ? new IOException("injected failure of flush #" + n + " (" + op.path().getFileName() + ")")
                    : null;
        }));
    }

    /**
     * The disk holds {@code bytes} bytes of writes: the write that goes past them lands what fits, then fails with
     * {@code No space left on device}, as does every later write.
     */
    public static Faults diskFullAfter(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("diskFullAfter needs a capacity of 0 bytes or more: got " + bytes);
        }
        return new Faults(List.of(() -> {
            long[] left = {bytes};
            return op -> {
                if (op.kind() != OpKind.FILE_WRITE) {
                    return null;
                }
                if (op.length() <= left[0]) {
                    left[0] -= op.length();
                    return null;
                }
                int landed = (int) left[0];
                left[0] = 0;
                return new FaultyDisk.ShortWrite(landed, "No space left on device (injected: the disk holds "
                        + bytes + " bytes of writes)");
            };
        }));
    }

    /** The {@code n}-th file write (from 1) lands only its first {@code landed} bytes, then fails. */
    public static Faults shortWrite(int n, int landed) {
        positive("shortWrite", n);
        if (landed < 0) {
            throw new IllegalArgumentException("shortWrite lands 0 bytes or more: got " + landed);
        }
        return new Faults(List.of(() -> {
            int[] writes = {0};
            return op -> op.kind() == OpKind.FILE_WRITE && ++writes[0] == n
                    ? new FaultyDisk.ShortWrite(landed, "injected short write #" + n + ": " + landed + " of "
                    + op.length() + " bytes landed")
                    : null;
        }));
    }

    /** Whether no fault is injected. */
    boolean isNone() {
        return injectors.isEmpty();
    }

    /** These faults and {@code more}: the first that fails an operation wins. */
    public Faults and(Faults more) {
        List<Supplier<FaultyDisk.Injector>> all = new ArrayList<>(injectors);
        all.addAll(more.injectors);
        return new Faults(all);
    }

    private static void positive(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " counts from 1: got " + n);
        }
    }

    /** A disk layer failing as these faults say, with counters of its own. */
    Layer layer() {
        return new Layer();
    }

    /** The disk layer of a faulty store (a crash state of the store does not get it: see {@link MemoryVikingFs}). */
    final class Layer implements UnaryOperator<Disk> {
        @Override
        public Disk apply(Disk disk) {
            List<FaultyDisk.Injector> fresh = new ArrayList<>();
            for (Supplier<FaultyDisk.Injector> s : injectors) {
                fresh.add(s.get());
            }
            FaultyDisk faulty = new FaultyDisk(disk);
            faulty.inject(op -> {
                for (FaultyDisk.Injector i : fresh) {
                    IOException e = i.fault(op);
                    if (e != null) {
                        return e;
                    }
                }
                return null;
            });
            return faulty;
        }
    }
}
