package io.vikingfs;

/** The backend does not declare the {@link Capability} an operation needs; nothing was changed. */
public final class UnsupportedByBackendException extends VikingFsException {
    private static final long serialVersionUID = 1L;
    private final transient Capability missing;

    public UnsupportedByBackendException(VPath path, String operation, Capability missing, String wayOut) {
        super(path == null ? null : path.toString(), operation + " needs " + missing
                + ", which this backend does not guarantee; nothing was changed — " + wayOut);
        this.missing = missing;
    }

    public Capability missing() {
        return missing;
    }
}
