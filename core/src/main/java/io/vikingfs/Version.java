package io.vikingfs;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An opaque token naming one version of a file's content, as returned by {@code atomicWrite} and
 * {@code stat}. Two versions are equal exactly when their tokens are. Pass one to
 * {@link Precondition#ifMatch(Version)} to write only if the file has not changed since.
 * The token's form is the backend's (an S3 ETag, a local file identity); do not parse it.
 */
public final class Version {
    /** The token, or null if it is deferred. Final, as {@link #deferred} is: a version is whole however shared. */
    private final String given;
    private final Deferred deferred;

    /** A token computed on its first use; what computes it (and what that holds) is released once it is known. */
    private static final class Deferred {
        private volatile String token;
        private Supplier<String> source;

        Deferred(Supplier<String> source) {
            this.source = source;
        }

        String get() {
            String t = token;
            return t != null ? t : compute();
        }

        private synchronized String compute() {
            if (token == null) {
                token = checked(source.get());
                source = null;
            }
            return token;
        }
    }

    private Version(String given, Deferred deferred) {
        this.given = given;
        this.deferred = deferred;
    }

    /** Wraps a backend's token; it must be non-empty and printable. */
    public static Version of(String token) {
        return new Version(checked(token), null);
    }

    /**
     * For backends: a version whose token is computed when it is first needed ({@link #token}, {@link #equals},
     * {@link #hashCode}, {@link #toString}), for a token that costs work most callers never ask for — the local
     * backends hash the content, a quarter of the cost of a small write to the in-memory store. {@code token} must
     * return a non-empty, printable token; it is called on the first use (again on the next use if it threw) and then
     * released.
     */
    public static Version computedOnFirstUse(Supplier<String> token) {
        return new Version(null, new Deferred(Objects.requireNonNull(token, "token")));
    }

    private static String checked(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty() || hasControl(token)) {
            throw new IllegalArgumentException("a version token must be non-empty and printable: '" + token + "'");
        }
        return token;
    }

    private static boolean hasControl(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isISOControl(token.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The token (computed now if it was deferred and this is its first use). */
    public String token() {
        return given != null ? given : deferred.get();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version && ((Version) o).token().equals(token());
    }

    @Override
    public int hashCode() {
        return token().hashCode();
    }

    @Override
    public String toString() {
        return token();
    }
}
