package io.vikingfs.memory;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.crash.CrashModel;
import io.vikingfs.conformance.crash.CrashPoint;
import io.vikingfs.conformance.crash.CrashableStore;
import io.vikingfs.conformance.crash.CrashableStoreFactory;
import io.vikingfs.conformance.crash.PendingStep;
import io.vikingfs.conformance.crash.PowerLossState;
import io.vikingfs.local.disk.Disk;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The memory backend as the crash explorer's {@link CrashableStoreFactory}: each crash point is a
 * {@link Snapshot} of the power-loss model, each post-crash state a new {@link MemoryVikingFs} on a new Jimfs.
 * {@link MemoryVikingFs.Layers} put deliberately broken protocol variants between the protocols and the disk.
 *
 * <p>Public for the crash tooling built on the explorer's interfaces ({@code vikingfs-junit} explores a user's
 * workload on {@link #plain()} stores). Each {@link #create()} is a new, empty, independent store; each crash point
 * can be opened as any number of post-crash stores, each a new store of its own (opening runs recovery). Needs
 * {@code vikingfs-conformance-tests} on the classpath (an optional dependency of this module).
 */
public final class MemoryCrashableStores implements CrashableStoreFactory {
    private final String name;
    private final MemoryVikingFs.Layers layers;
    private final boolean claimAtomicBatches;
    private final Faults faults;

    MemoryCrashableStores(String name, MemoryVikingFs.Layers layers) {
        this(name, layers, false, Faults.none());
    }

    private MemoryCrashableStores(String name, MemoryVikingFs.Layers layers, boolean claimAtomicBatches,
                                  Faults faults) {
        this.name = name;
        this.layers = layers;
        this.claimAtomicBatches = claimAtomicBatches;
        this.faults = faults;
    }

    /**
     * These stores with a disk that fails as {@code faults} says while the workload runs; the post-crash states
     * open on a healthy disk (a crash is a restart).
     */
    public MemoryCrashableStores withFaults(Faults faults) {
        return new MemoryCrashableStores(name, layers, claimAtomicBatches, faults);
    }

    /** The memory backend as users get it from {@link MemoryVikingFs#create()}. */
    public static MemoryCrashableStores plain() {
        return new MemoryCrashableStores("memory", MemoryVikingFs.Layers.NONE);
    }

    /**
     * The memory backend as seen through stores that falsely declare {@link Capability#ATOMIC_BATCH_APPEND}: the
     * explorer must catch the false claim, which proves it reaches the states where a batch is cut.
     */
    static MemoryCrashableStores claimingAtomicBatches() {
        return new MemoryCrashableStores("memory+claims-atomic-batches", MemoryVikingFs.Layers.NONE, true,
                Faults.none());
    }

    @Override
    public String name() {
        return name;
    }

    /** Both power-loss models: one recording of the model serves both ({@link Snapshot#pending(CrashOptions.Model)}). */
    @Override
    public List<CrashModel> models() {
        return List.of(CrashModel.JOURNALING, CrashModel.STRICT_POSIX);
    }

    private static CrashOptions.Model rules(CrashModel model) {
        return model == CrashModel.STRICT_POSIX ? CrashOptions.Model.STRICT_POSIX : CrashOptions.Model.JOURNALING;
    }

    @Override
    public CrashableStore create() throws IOException {
        MemoryVikingFs.Layers first = layers;
        if (faults != null && !faults.isNone()) {
            UnaryOperator<Disk> faulty = faults.layer();
            first = new MemoryVikingFs.Layers(d -> layers.disk().apply(faulty.apply(d)), layers.fs());
        }
        return new Store(MemoryVikingFs.open(JimfsStores.newRoot(JimfsStores.uniqueRoot()),
                URI.create("mem:explorer"), first, null), CrashModel.JOURNALING);
    }

    /** A store that declares what {@code fs} declares plus {@link Capability#ATOMIC_BATCH_APPEND}. */
    private static final class ClaimsAtomicBatches extends ForwardingVikingFs {
        private final Capabilities capabilities;

        ClaimsAtomicBatches(VikingFs fs) {
            super(fs);
            EnumSet<Capability> caps = EnumSet.of(Capability.ATOMIC_BATCH_APPEND);
            caps.addAll(fs.capabilities().asSet());
            this.capabilities = Capabilities.of(caps.toArray(new Capability[0]));
        }

        @Override
        public Capabilities capabilities() {
            return capabilities;
        }
    }

    /** A store whose crash points follow {@code model} (a post-crash store: the model of the crash it came from). */
    private final class Store implements CrashableStore {
        private final MemoryVikingFs fs;
        private final VikingFs view;
        private final CrashModel model;

        Store(MemoryVikingFs fs, CrashModel model) {
            this.fs = fs;
            this.model = model;
            this.view = claimAtomicBatches ? new ClaimsAtomicBatches(fs) : fs;
        }

        @Override
        public VikingFs fs() {
            return view;
        }

        @Override
        public void onCrashPoint(Consumer<CrashPoint> listener) {
            fs.onStep(listener == null ? null : s -> listener.accept(new Point(s, model)));
        }

        @Override
        public CrashPoint now() {
            return new Point(fs.snapshot(), model);
        }

        @Override
        public void close() throws IOException {
            fs.close();
        }
    }

    private final class Point implements CrashPoint {
        private final Snapshot snapshot;
        private final CrashModel model;
        private final List<PendingStep> pending;
        private final Map<String, Object> files = new HashMap<>();

        Point(Snapshot snapshot, CrashModel model) {
            this.snapshot = snapshot;
            this.model = model;
            List<PendingStep> steps = new ArrayList<>();
            int i = 0;
            for (PowerLossModel.Step s : snapshot.pending(rules(model))) {
                String file = null;
                long offset = -1;
                int length = -1;
                if (s.isData()) {
                    file = String.valueOf(s.file());
                    files.put(file, s.file());
                    offset = s.op().offset();
                    length = s.op().length();
                }
                steps.add(new PendingStep(i++, s.description(), file, offset, length));
            }
            this.pending = Collections.unmodifiableList(steps);
        }

        @Override
        public CrashModel model() {
            return model;
        }

        @Override
        public CrashPoint under(CrashModel other) {
            return other == model ? this : new Point(snapshot, other);
        }

        @Override
        public long step() {
            return snapshot.seq();
        }

        @Override
        public String lastStep() {
            return snapshot.lastStep();
        }

        @Override
        public List<PendingStep> pending() {
            return pending;
        }

        @Override
        public byte[] syncedBytes(String file) {
            return snapshot.synced(files.get(file));
        }

        @Override
        public byte[] currentBytes(String file) {
            return snapshot.current(files.get(file));
        }

        @Override
        public int lastWriteLength() {
            List<PowerLossModel.Step> steps = snapshot.pending(rules(model));
            if (steps.isEmpty()) {
                return -1;
            }
            PowerLossModel.Step last = steps.get(steps.size() - 1);
            return last.seq() == snapshot.seq() && last.isData() ? last.op().length() : -1;
        }

        @Override
        public CrashableStore open(PowerLossState state, Consumer<CrashPoint> recoveryListener) throws IOException {
            Map<Object, Snapshot.Tear> tears = new HashMap<>();
            state.tears().forEach((f, t) -> tears.put(files.get(f), new Snapshot.Tear(t.keep(), t.size())));
            Snapshot.Selection sel = new Snapshot.Selection(state.persisted(), tears, state.partialBytes(),
                    rules(model));
            MemoryVikingFs fs = MemoryVikingFs.open(snapshot.materialize(sel), URI.create("mem:explorer-crashed"),
                    layers, recoveryListener == null ? null : s -> recoveryListener.accept(new Point(s, model)));
            return new Store(fs, model);
        }
    }
}
