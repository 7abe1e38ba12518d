package io.vikingfs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** The set of {@link Capability capabilities} a backend declares. Immutable. */
public final class Capabilities {
    private final Set<Capability> set;

    private Capabilities(Set<Capability> set) {
        this.set = Collections.unmodifiableSet(set);
    }

    public static Capabilities of(Capability... capabilities) {
        EnumSet<Capability> s = EnumSet.noneOf(Capability.class);
        Collections.addAll(s, capabilities);
        return new Capabilities(s);
    }

    public boolean has(Capability c) {
        return set.contains(c);
    }

    public Set<Capability> asSet() {
        return set;
    }

    /**
     * Throws {@link UnsupportedByBackendException} naming the operation, path and missing capability unless this
     * set has {@code c}. Backends call it where an operation enters.
     */
    public void require(Capability c, String operation, VPath path, String wayOut) throws UnsupportedByBackendException {
        if (!has(c)) {
            throw new UnsupportedByBackendException(path, operation, c, wayOut);
        }
    }

    @Override
    public String toString() {
        return set.toString();
    }
}
