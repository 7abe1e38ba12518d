package io.vikingfs;

import java.util.Objects;

/**
 * An opaque token naming one version of a file's content, as returned by {@code atomicWrite} and
 * {@code stat}. Two versions are equal exactly when their tokens are. Pass one to
 * {@link Precondition#ifMatch(Version)} to write only if the file has not changed since.
 * The token's form is the backend's (an S3 ETag, a local file identity); do not parse it.
 */
public final class Version {
    private final String token;

    private Version(String token) {
        this.token = token;
    }

    /** Wraps a backend's token; it must be non-empty and printable. */
    public static Version of(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty() || hasControl(token)) {
            throw new IllegalArgumentException("a version token must be non-empty and printable: '" + token + "'");
        }
        return new Version(token);
    }

    private static boolean hasControl(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isISOControl(token.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    public String token() {
        return token;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version && ((Version) o).token.equals(token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }

    @Override
    public String toString() {
        return token;
    }
}
