package io.vikingfs;

/**
 * Options of {@link VikingFs#rename}. Immutable; start from {@link #DEFAULT} (durable, do not replace).
 *
 * @param replace whether an existing file at the target may be replaced (a directory target is never replaced)
 * @param durable whether, on return, the rename survives a power loss
 */
public record RenameOptions(boolean replace, boolean durable) {
    /** Durable; fails if the target exists. */
    public static final RenameOptions DEFAULT = new RenameOptions(false, true);

    public RenameOptions withReplace(boolean replace) {
        return new RenameOptions(replace, durable);
    }

    public RenameOptions withDurable(boolean durable) {
        return new RenameOptions(replace, durable);
    }
}
