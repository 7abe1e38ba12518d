package io.vikingfs;

/** A stored record or document could not be decoded as the caller asked (for example, a line that is not JSON). */
public final class CorruptRecordException extends VikingFsException {
    private static final long serialVersionUID = 1L;

    /**
     * @param where which record or region, e.g. {@code "record #12"} or {@code "document"}
     */
    public CorruptRecordException(VPath path, String where, String reason, Throwable cause) {
        super(path.toString(), "corrupt " + where + ": " + reason
                + " — the bytes are kept as they are; inspect them with `vikingfs cat`", cause);
    }
}
