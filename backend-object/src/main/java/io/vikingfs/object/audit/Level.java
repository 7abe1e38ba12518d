package io.vikingfs.object.audit;

/** How far a store supports a {@link Guarantee}. */
public enum Level {
    /** Measured to hold, races included: the backend offers the guarantee as documented. */
    FULL,
    /** Holds only in a named weaker mode (e.g. one writer per path); the backend refuses unless the user accepts that mode. */
    WEAKER,
    /** The store breaks the primitive the guarantee rests on; the backend refuses the operation. */
    UNSUPPORTED
}
