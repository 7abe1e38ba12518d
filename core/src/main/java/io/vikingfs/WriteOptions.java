package io.vikingfs;

import java.util.Objects;

/**
 * Options of {@link VikingFs#atomicWrite}: durability and precondition. Immutable; start from
 * {@link #DEFAULT} (durable, no precondition) and derive with the {@code with…} methods.
 *
 * <ul>
 *   <li>{@code durable = true}: when the call returns, the new content survives a power loss.</li>
 *   <li>{@code durable = false}: when the call returns, the new content is visible and survives a process crash;
 *       a power loss may bring back the previous content, but never an empty or partial file.</li>
 * </ul>
 */
public final class WriteOptions {
    /** Durable, unconditional. */
    public static final WriteOptions DEFAULT = new WriteOptions(true, Precondition.none());

    private final boolean durable;
    private final Precondition precondition;

    private WriteOptions(boolean durable, Precondition precondition) {
        this.durable = durable;
        this.precondition = Objects.requireNonNull(precondition, "precondition");
    }

    public static WriteOptions durable(boolean durable) {
        return DEFAULT.withDurable(durable);
    }

    public static WriteOptions precondition(Precondition precondition) {
        return DEFAULT.withPrecondition(precondition);
    }

    public WriteOptions withDurable(boolean durable) {
        return new WriteOptions(durable, precondition);
    }

    public WriteOptions withPrecondition(Precondition precondition) {
        return new WriteOptions(durable, precondition);
    }

    public boolean durable() {
        return durable;
    }

    public Precondition precondition() {
        return precondition;
    }

    @Override
    public String toString() {
        return "WriteOptions{durable=" + durable + ", precondition=" + precondition + "}";
    }
}
