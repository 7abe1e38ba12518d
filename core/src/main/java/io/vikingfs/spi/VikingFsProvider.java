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
}
