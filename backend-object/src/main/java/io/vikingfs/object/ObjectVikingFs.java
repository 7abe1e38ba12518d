package io.vikingfs.object;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.DirEntry;
import io.vikingfs.EntryKind;
import io.vikingfs.FileStat;
import io.vikingfs.RecordLog;
import io.vikingfs.RecoveryReport;
import io.vikingfs.StagedDirectory;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.Namespace.Kind;
import io.vikingfs.object.Namespace.Node;
import io.vikingfs.object.audit.Guarantee;
import io.vikingfs.object.audit.GuaranteeGate;
import io.vikingfs.object.audit.Outcome;
import io.vikingfs.object.audit.Primitive;
import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ReportingObjectClient;
import io.vikingfs.telemetry.Observable;
import io.vikingfs.telemetry.Telemetry;
import io.vikingfs.telemetry.VikingFsListener;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.VerifyingObjectClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.ClosedFileSystemException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@link VikingFs} on an object store under one key prefix, through the store-neutral {@link ObjectClient} SPI:
 * S3-compatible stores (AWS S3, MinIO, Ceph RGW, S3Proxy, … — opened by {@code backend-s3}'s {@code s3://} provider),
 * built on create-only writes ({@code If-None-Match: *}). See {@code backend-s3/README.md} for the bucket layout.
 *
 * <h2>Where it differs from the local backend</h2>
 * <ul>
 *   <li>Every acknowledged call is durable; {@code durable=false} is accepted and changes nothing
 *       (no {@link Capability#DURABILITY_CONTROL}).</li>
 *   <li>{@code atomicWrite} is one PUT of a plain object, which any S3 tool reads as is. A path that has been
 *       appended to is a log (numbered segment objects); an {@code atomicWrite} to it replaces its content
 *       through the log, atomically against racing appends.</li>
 *   <li>{@code append} claims the next numbered segment with a create-only PUT: records from many clients never
 *       overwrite or interleave, and each client's order is kept ({@link Capability#CROSS_PROCESS_SAFE}). A
 *       record is all-or-nothing; there are no torn tails.</li>
 *   <li>Over an {@link AppendableObjectClient} (Azure's append blobs) a log is kept in append objects instead:
 *       each {@code appendAll} is one block appended under the append-position condition — atomic on the
 *       store, so a batch is whole or absent ({@link Capability#ATOMIC_BATCH_APPEND}) and torn records cannot
 *       exist — shared by many writers without a lock; a batch larger than one block is refused whole
 *       ({@link io.vikingfs.InvalidRecordException}); a full object rolls over to the next. See
 *       {@code AppendObjectLog}.</li>
 *   <li>{@code rename} of a file writes {@code dst} whole and then deletes {@code src}: after a crash the bytes
 *       are intact at one or both (not {@link Capability#ATOMIC_FILE_RENAME}). A directory cannot be renamed:
 *       {@link io.vikingfs.UnsupportedByBackendException}, use {@code switchDirectory}.</li>
 *   <li>{@code switchDirectory} copies the staged tree into a new generation and switches {@code live} to it
 *       with one create-only PUT of a generation marker: atomic for every reader and after any crash.</li>
 *   <li>{@link Capability#ATOMIC_CONDITIONAL_WRITE} is declared only where the store checks {@code If-Match}
 *       atomically ({@link ObjectStoreOptions#DEFAULT} assumes it does not: S3Proxy checks it with a separate HEAD).
 *       {@code ifAbsent} is atomic on every store that honours {@code If-None-Match: *}.</li>
 * </ul>
 * After a crash (the client dies after any request), opening the store recovers: see {@link #recover}.
 */
public final class ObjectVikingFs implements VikingFs, Observable {
    private final ObjectClient client;
    private final URI uri;
    private final Capabilities capabilities;
    private final Namespace ns;
    private final LogProtocol logs;
    private final WriteProtocol writes;
    private final RenameProtocol renames;
    private final SwitchProtocol switches;
    private final Listing listing;
    private final Recovery recovery;
    private final Staging staging;
    private final AutoCloseable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Store audit: the endpoint's verdict, asked before each operation whose guarantee rests on the store; null
    // when the caller vouches for the store (the open overload without a gate).
    private final GuaranteeGate guarantees;
    /** Where requests, retries and the audit's verdicts are reported. */
    private final Telemetry telemetry = new Telemetry(this::reportVerdicts);

    private ObjectVikingFs(ObjectClient client, String prefix, ObjectStoreOptions options, boolean ifMatchAtomic,
                       GuaranteeGate guarantees, URI uri, AutoCloseable onClose) {
        this.client = client;
        ObjectClient reporting = new ReportingObjectClient(client, telemetry);
        this.uri = uri;
        this.onClose = onClose;
        this.guarantees = guarantees;
        Capabilities claimed = ifMatchAtomic
                ? Capabilities.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.ATOMIC_BATCH_APPEND,
                        Capability.CROSS_PROCESS_SAFE)
                : Capabilities.of(Capability.ATOMIC_BATCH_APPEND, Capability.CROSS_PROCESS_SAFE);
        this.capabilities = guarantees == null ? claimed : guarantees.capabilities(claimed);
        // every body read — files, log segments, generation markers — and every listing page is checked here,
        // below every protocol (and above the request counter, so a re-read is counted as the request it is)
        // over a store with append objects, logs live in them (AppendObjectLog): one block per batch
        this.ns = new Namespace(new VerifyingObjectClient(reporting, options.verifyReads()),
                client instanceof AppendableObjectClient appendable
                        ? ReportingObjectClient.reportingAppends(appendable, telemetry) : null,
                normalisePrefix(prefix), options);
        this.logs = new LogProtocol(ns);
        this.writes = new WriteProtocol(ns, logs);
        this.staging = new Staging(ns);
        this.switches = new SwitchProtocol(ns, staging);
        this.renames = new RenameProtocol(ns, capabilities, this::deleteFile);
        // the audit found the store's delimited pages broken: list it without a delimiter from the start
        this.listing = new Listing(ns, guarantees != null && guarantees.verdict().measurement(Primitive.LIST_DELIMITED_PAGES)
                .map(m -> m.outcome() == Outcome.WRONG).orElse(false));
        this.recovery = new Recovery(ns, switches, staging);
    }

    /**
     * Opens the store under {@code prefix} of {@code client}'s bucket and, if {@code options.recoverOnOpen()},
     * recovers what interrupted operations left.
     *
     * @param ifMatchAtomic whether the store checks {@code If-Match} atomically with the write (AWS S3 and MinIO
     *                      do; S3Proxy does not): decides {@link Capability#ATOMIC_CONDITIONAL_WRITE}
     * @param uri           what {@link #uri()} reports (without credentials)
     * @param onClose       released by {@link #close()} after the client (an embedded server, say); may be null
     */
    public static ObjectVikingFs open(ObjectClient client, String prefix, ObjectStoreOptions options, boolean ifMatchAtomic,
                                  URI uri, AutoCloseable onClose) throws IOException {
        return open(client, prefix, options, ifMatchAtomic, null, uri, onClose);
    }

    /**
     * As {@link #open(ObjectClient, String, ObjectStoreOptions, boolean, URI, AutoCloseable)}, checked against a store
     * audit's verdict ({@link io.vikingfs.object.audit.StoreAudit#forEndpoint}): {@link #capabilities()} keeps only
     * what the store backs, and {@code atomicWrite} with a precondition, {@code append}, {@code switchDirectory}
     * and {@code rename} without replace throw {@link io.vikingfs.UnsupportedByBackendException} — naming the
     * store's defect and the way out, before any request — where the store cannot keep their guarantee and the
     * user did not accept its weaker mode.
     *
     * @param guarantees the gate over the verdict; {@code null} trusts the store (as the overload without it)
     */
    public static ObjectVikingFs open(ObjectClient client, String prefix, ObjectStoreOptions options, boolean ifMatchAtomic,
                                  GuaranteeGate guarantees, URI uri, AutoCloseable onClose) throws IOException {
        ObjectVikingFs fs = new ObjectVikingFs(Objects.requireNonNull(client, "client"), prefix,
                Objects.requireNonNull(options, "options"), ifMatchAtomic, guarantees,
                Objects.requireNonNull(uri, "uri"), onClose);
        if (options.recoverOnOpen()) {
            fs.recover(true);
        }
        return fs;
    }

    /**
     * Where this store reports each object-store request (after retries, with its error kind), each retry, and —
     * to each listener as it is attached — the store audit's verdict on every guarantee. See {@link Telemetry#observe}.
     */
    @Override
    public Telemetry telemetry() {
        return telemetry;
    }

    private void reportVerdicts(VikingFsListener listener) {
        if (guarantees != null) {
            for (var v : guarantees.verdict().verdicts()) {
                listener.auditVerdict(v.guarantee().name().toLowerCase(java.util.Locale.ROOT),
                        v.level().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    private static String normalisePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return "";
        }
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        VPath.of(p.endsWith("/") ? p.substring(0, p.length() - 1) : p); // the same rules as any path
        return p.endsWith("/") ? p : p + "/";
    }

    private void open() {
        if (closed.get()) {
            throw new ClosedFileSystemException();
        }
    }

    /** Store audit: refuses before any request an operation whose guarantee this store cannot keep. */
    private void require(Guarantee g, String operation, VPath path) throws IOException {
        if (guarantees != null) {
            guarantees.requireGuarantee(g, operation, path);
        }
    }

    /**
     * Listings are refused where the audit found the store cannot list completely (UNSUPPORTED); a weaker mode
     * (say, out-of-order names outside the BMP) is allowed without acceptance, as a listing changes nothing.
     */
    private void requireListing(String operation, VPath dir) throws IOException {
        if (guarantees != null && guarantees.verdict().level(Guarantee.LIST) == io.vikingfs.object.audit.Level.UNSUPPORTED) {
            guarantees.requireGuarantee(Guarantee.LIST, operation, dir);
        }
    }

    private IOException wrap(IOException e, String operation, VPath path) {
        return ObjectErrors.wrap(e, operation, path, ns.store);
    }

    @Override
    public URI uri() {
        return uri;
    }

    /**
     * The store audit's verdict this store was opened with ({@code VikingFs.open("s3://…")} always has one: measured,
     * cached or, with {@code audit=off}, {@linkplain io.vikingfs.object.audit.AuditVerdict#trusted trusted}); empty
     * when opened without a gate.
     */
    public java.util.Optional<io.vikingfs.object.audit.AuditVerdict> auditVerdict() {
        return java.util.Optional.ofNullable(guarantees).map(GuaranteeGate::verdict);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public byte[] read(VPath path) throws IOException {
        open();
        try {
            if (path.isRoot()) {
                throw ObjectErrors.isDirectory(path, "read");
            }
            return logs.content(path, "read");
        } catch (IOException e) {
            throw wrap(e, "read", path);
        }
    }

    @Override
    public InputStream newInputStream(VPath path) throws IOException {
        return new ByteArrayInputStream(read(path)); // one GET (or one log read): a complete version
    }

    @Override
    public FileStat stat(VPath path) throws IOException {
        open();
        try {
            Node node = ns.lookup(path);
            switch (node.kind()) {
                case DIRECTORY:
                    return new FileStat(path, EntryKind.DIRECTORY, 0, null, null);
                case PLAIN:
                    ObjectMeta m = node.plain();
                    return new FileStat(path, EntryKind.FILE, m.size(), Version.of(m.etag()), m.lastModified());
                case LOG:
                    LogStore.Fold f = ns.logs.read(node.loc().log());
                    if (f.exists()) {
                        return new FileStat(path, EntryKind.FILE, f.bytes().length, Version.of(f.listing().version()),
                                f.listing().lastModified());
                    }
                    return stat(path); // deleted meanwhile: look again
                default:
                    throw ObjectErrors.noSuchFile(path);
            }
        } catch (IOException e) {
            throw wrap(e, "stat", path);
        }
    }

    @Override
    public boolean exists(VPath path) throws IOException {
        open();
        try {
            return ns.lookup(path).kind() != Kind.MISSING;
        } catch (IOException e) {
            throw wrap(e, "exists", path);
        }
    }

    @Override
    public Stream<DirEntry> list(VPath dir) throws IOException {
        open();
        try {
            requireListing("list", dir);
            return listing.list(dir);
        } catch (IOException e) {
            throw wrap(e, "list", dir);
        }
    }

    @Override
    public Stream<DirEntry> walk(VPath dir) throws IOException {
        open();
        try {
            requireListing("walk", dir);
            return listing.walk(dir);
        } catch (IOException e) {
            throw wrap(e, "walk", dir);
        }
    }

    @Override
    public Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
        open();
        Objects.requireNonNull(bytes, "bytes");
        if (options.precondition() instanceof io.vikingfs.Precondition.IfAbsent) {
            require(Guarantee.ATOMIC_WRITE_IF_ABSENT, "atomicWrite(ifAbsent)", path);
        } else if (options.precondition() instanceof io.vikingfs.Precondition.IfMatch) {
            require(Guarantee.ATOMIC_WRITE_IF_MATCH, "atomicWrite(ifMatch)", path);
        }
        try {
            return writes.atomicWrite(path, bytes, options.precondition());
        } catch (IOException e) {
            throw wrap(e, "atomicWrite", path);
        }
    }

    @Override
    public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
        open();
        try {
            if (path.isRoot()) {
                throw ObjectErrors.isDirectory(path, "append");
            }
            require(Guarantee.APPEND_MULTI_CLIENT, "append", path);
            logs.appendAll(path, records);
        } catch (IOException e) {
            throw wrap(e, "append", path);
        }
    }

    @Override
    public RecordLog readRecords(VPath path) throws IOException {
        open();
        try {
            if (path.isRoot()) {
                throw ObjectErrors.isDirectory(path, "readRecords");
            }
            return logs.readRecords(path);
        } catch (IOException e) {
            throw wrap(e, "readRecords", path);
        }
    }

    @Override
    public long repairLog(VPath path, boolean durable) throws IOException {
        open();
        try {
            if (path.isRoot()) {
                throw ObjectErrors.isDirectory(path, "repairLog");
            }
            return logs.repairLog(path);
        } catch (IOException e) {
            throw wrap(e, "repairLog", path);
        }
    }

    @Override
    public void rename(VPath src, VPath dst, RenameOptions options) throws IOException {
        open();
        if (!options.replace()) {
            require(Guarantee.RENAME_NO_REPLACE, "rename (no replace)", dst);
        }
        try {
            renames.rename(src, dst, options, logs);
        } catch (IOException e) {
            throw wrap(e, "rename to " + dst + " of", src);
        }
    }

    @Override
    public void delete(VPath path) throws IOException {
        open();
        try {
            if (!deleteIfPresent(path)) {
                throw ObjectErrors.noSuchFile(path);
            }
        } catch (IOException e) {
            throw wrap(e, "delete", path);
        }
    }

    @Override
    public boolean deleteIfExists(VPath path) throws IOException {
        open();
        try {
            return deleteIfPresent(path);
        } catch (IOException e) {
            throw wrap(e, "deleteIfExists", path);
        }
    }

    private boolean deleteIfPresent(VPath path) throws IOException {
        if (path.isRoot()) {
            throw new java.nio.file.FileSystemException(path.toString(), null, "the store's root cannot be deleted; "
                    + "delete its entries instead");
        }
        Node node = ns.lookup(path);
        switch (node.kind()) {
            case MISSING:
                return false;
            case DIRECTORY:
                try (Stream<DirEntry> entries = listing.list(path)) {
                    if (entries.findAny().isPresent()) {
                        throw ObjectErrors.notEmpty(path);
                    }
                }
                ns.keepParent(node.loc());
                ns.deleteAll(ns.listAll(node.loc().dir()));
                return true;
            default:
                deleteFile(node);
                return true;
        }
    }

    /** Deletes a file node, keeping its directory (S3 would drop a directory whose last entry goes). */
    private void deleteFile(Node node) throws IOException {
        ns.keepParent(node.loc());
        if (node.kind() == Kind.LOG) {
            logs.delete(node);
        } else {
            ns.client.delete(node.loc().key());
        }
    }

    @Override
    public void deleteRecursively(VPath path) throws IOException {
        open();
        try {
            if (path.isRoot()) {
                ns.deleteAll(ns.listAll(ns.resolver.root()));
                return;
            }
            Node node = ns.lookup(path);
            if (node.kind() == Kind.MISSING) {
                throw ObjectErrors.noSuchFile(path);
            }
            if (node.isFile()) {
                deleteFile(node);
                return;
            }
            ns.keepParent(node.loc());
            ns.deleteAll(ns.listAll(node.loc().dir()));
        } catch (IOException e) {
            throw wrap(e, "deleteRecursively", path);
        }
    }

    @Override
    public void mkdirs(VPath dir) throws IOException {
        open();
        try {
            String p = ns.resolver.root();
            VPath at = VPath.ROOT;
            for (String segment : dir.segments()) {
                at = at.resolve(segment);
                if (ns.isFileAt(new Resolver.Location(p, segment))) {
                    throw ObjectErrors.parentIsFile(dir, at, "mkdirs");
                }
                String d = p + segment + "/";
                java.util.Optional<Resolver.Generation> g = ns.resolver.current(d);
                if (g.isPresent()) {
                    p = g.get().tree();
                } else {
                    ns.putDirectoryMarker(d);
                    p = d;
                }
            }
        } catch (IOException e) {
            throw wrap(e, "mkdirs", dir);
        }
    }

    @Override
    public void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException {
        open();
        require(Guarantee.SWITCH_DIRECTORY, "switchDirectory", live);
        try {
            switches.switchDirectory(staged, live);
        } catch (IOException e) {
            throw wrap(e, "switchDirectory to " + live + " of", staged);
        }
    }

    /**
     * {@inheritDoc} The staging {@code <live>.staged-<id>/} is recorded by the object {@code .vfs-stage-<id>} beside
     * it. Recovery reclaims it when its owner closed the store, or when the owner is not open in this JVM and the
     * record is older than {@link ObjectStoreOptions#reclaimGrace()}; a commit after that fails cleanly, switching nothing.
     */
    @Override
    public StagedDirectory stage(VPath live) throws IOException {
        open();
        Objects.requireNonNull(live, "live");
        try {
            if (live.isRoot()) {
                throw new VikingFsException("", "the store's root cannot be replaced by a staging; stage a directory "
                        + "below it");
            }
            Namespace.Node l = ns.lookup(live);
            if (l.isFile()) {
                throw ObjectErrors.notDirectory(live);
            }
            if (l.kind() == Namespace.Kind.MISSING) {
                ns.checkCreatable(live, "stage");
            }
            mkdirs(live.parent());
            return staging.stage(this, live, ns.resolver.dirPrefix(live.parent()));
        } catch (IOException e) {
            throw wrap(e, "stage", live);
        }
    }

    @Override
    public RecoveryReport recover(boolean apply) throws IOException {
        open();
        try {
            return recovery.recover(apply);
        } catch (IOException e) {
            throw wrap(e, "recover", VPath.ROOT);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            try {
                staging.closeAll(); // stagings still open are released to recovery
            } finally {
                closeClient();
            }
        }
    }

    private void closeClient() throws IOException {
        try {
            client.close();
        } finally {
            if (onClose != null) {
                try {
                    onClose.close();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException("closing " + uri + " failed: " + e, e);
                }
            }
        }
    }

    /**
     * Names this store for log lines and error reports: the class and {@link #uri()} — the store, bucket and prefix it
     * was opened on, never credentials (what {@code open} was given as the URI holds none).
     */
    @Override
    public String toString() {
        return "ObjectVikingFs{" + uri + "}";
    }
}
