package io.vikingfs;

/**
 * The backend does not declare the {@link Capability} an operation needs; nothing was changed. Where the refusal
 * comes from the storage underneath rather than the backend — an object store whose audit found it cannot keep
 * the guarantee — {@link #storeVerdict()} says so, in words that are the same for every operation it refuses.
 */
public final class UnsupportedByBackendException extends VikingFsException {
    private static final long serialVersionUID = 1L;
    private final transient Capability missing;
    private final String storeVerdict;

    public UnsupportedByBackendException(VPath path, String operation, Capability missing, String wayOut) {
        this(path, operation, missing, wayOut, null);
    }

    /**
     * @param storeVerdict why the store cannot keep the guarantee (its defect and the evidence), or {@code null}
     *                     if the backend itself does not offer it
     */
    public UnsupportedByBackendException(VPath path, String operation, Capability missing, String wayOut,
                                         String storeVerdict) {
        super(path == null ? null : path.toString(), operation + " needs " + missing
                + ", which this backend does not guarantee; nothing was changed — " + wayOut);
        this.missing = missing;
        this.storeVerdict = storeVerdict;
    }

    /** Why the store underneath cannot keep the guarantee, if that is why the operation was refused. */
    public java.util.Optional<String> storeVerdict() {
        return java.util.Optional.ofNullable(storeVerdict);
    }

    public Capability missing() {
        return missing;
    }
}
