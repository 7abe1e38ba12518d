package io.vikingfs.spi;

import io.vikingfs.VikingFs;

import java.io.IOException;
import java.net.URI;

/**
 * A backend's entry for {@link VikingFs#open(URI)}, registered in
 * {@code META-INF/services/io.vikingfs.spi.VikingFsProvider}.
 */
public interface VikingFsProvider {
    /** The URI scheme this backend handles ({@code file}, {@code mem}, {@code s3}). */
    String scheme();

    /** Opens the store the URI names; the URI's scheme is {@link #scheme()}. */
    VikingFs open(URI uri) throws IOException;

    /**
     * A store URI's query parameters, percent-decoded, in the order they appear ({@code ?a=1&b} gives
     * {@code a=1, b=""}); the one way every provider reads them.
     */
    static java.util.Map<String, String> queryParameters(URI uri) {
        java.util.Map<String, String> q = new java.util.LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
                    java.nio.charset.StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1),
                    java.nio.charset.StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }
}
