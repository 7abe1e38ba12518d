package io.vikingfs;

/**
 * A record given to {@code append} or {@code appendAll} is not a valid JSONL line (a newline or other control
 * character inside, text that is not valid Unicode, empty, or too large). Thrown before anything is written: the
 * log is unchanged, and in a batch no record is written.
 */
public final class InvalidRecordException extends VikingFsException {
    private static final long serialVersionUID = 1L;
    private final int index;

    public InvalidRecordException(VPath path, int index, String rule) {
        super(path.toString(), "invalid record at batch index " + index + ": " + rule
                + "; nothing was appended — encode the record as one line (JSON escapes newlines as \\n)");
        this.index = index;
    }

    /** Index of the offending record in the batch (0 for a single append). */
    public int index() {
        return index;
    }
}
