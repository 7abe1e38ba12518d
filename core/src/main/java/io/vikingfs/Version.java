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
    /** The token; null only while a deferred one ({@link #computedOnFirstUse}) has not been asked for yet. */
    private volatile String token;
    /** Computes the deferred token; dropped (and what it holds with it) once the token is known. */
    private Supplier<String> deferred;

    private Version(String token, Supplier<String> deferred) {
        this.token = token;
        this.deferred = deferred;
    }

    /** Wraps a backend's token; it must be non-empty and printable. */
    public static Version of(String token) {
        return new Version(checked(token), null);
    }

    /**
     * For backends: a version whose token is computed when it is first needed ({@link #token}, {@link #equals},
     * {@link #hashCode}, {@link #toString}), for a token that costs work most callers never ask for — the local
     * backends hash the content, which for a small write takes longer than the write itself. {@code token} must
     * return the same non-empty, printable token on every call; it is called once (or, by threads racing for the
     * first use, once at a time) and then released.
     */
    public static Version computedOnFirstUse(Supplier<String> token) {
        return new Version(null, Objects.requireNonNull(token, "token"));
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
        String t = token;
        return t != null ? t : compute();
    }

    private synchronized String compute() {
        if (token == null) {
            token = checked(deferred.get());
            deferred = null;
        }
        return token;
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
