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

    private static final java.util.regex.Pattern STORE_VERDICT_IN_TEXT = java.util.regex.Pattern.compile(
            "UnsupportedByBackendException.*?(the store .+? cannot keep '[^']+': .*? \\(store audit of [^)]+\\))",
            java.util.regex.Pattern.DOTALL);

    /**
     * The words of a {@link #storeVerdict()}: one sentence per store and guarantee, the same for every operation
     * it refuses (so reports can count refusals by it).
     */
    public static String storeVerdict(String store, String guarantee, String defect, String auditedAt) {
        return "the store " + store + " cannot keep '" + guarantee + "': " + defect + " (store audit of " + auditedAt
                + ")";
    }

    /**
     * The store verdict of a refusal quoted in {@code text} — the message of an assertion that expected another
     * exception and got this one, say — or empty.
     */
    public static java.util.Optional<String> storeVerdictIn(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        java.util.regex.Matcher m = STORE_VERDICT_IN_TEXT.matcher(text);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    /** Why the store underneath cannot keep the guarantee, if that is why the operation was refused. */
    public java.util.Optional<String> storeVerdict() {
        return java.util.Optional.ofNullable(storeVerdict);
    }

    public Capability missing() {
        return missing;
    }
}
