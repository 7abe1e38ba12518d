package io.vikingfs;

/** The precondition of an {@code atomicWrite} did not hold; nothing was changed. */
public final class PreconditionFailedException extends VikingFsException {
    private static final long serialVersionUID = 1L;
    private final transient Precondition precondition;
    private final transient Version actual;

    /**
     * @param actual the version found, or {@code null} if the file did not exist (or the backend cannot tell)
     */
    public PreconditionFailedException(VPath path, Precondition precondition, Version actual) {
        super(path.toString(), "precondition " + precondition + " failed: found "
                + (actual == null ? "no file or an unknown version" : "version " + actual)
                + "; nothing was written — re-read the file and retry with its current version");
        this.precondition = precondition;
        this.actual = actual;
    }

    public Precondition precondition() {
        return precondition;
    }

    /** The version found, or {@code null} if none existed or it is unknown. */
    public Version actual() {
        return actual;
    }
}
