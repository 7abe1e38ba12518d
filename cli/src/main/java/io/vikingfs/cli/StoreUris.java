package io.vikingfs.cli;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Derives the URI of a separate store inside a given one, without knowing the backend: a sub-folder for
 * hierarchical URIs ({@code file:/dir} → {@code file:/dir/sub}; {@code s3://bucket/prefix?endpoint=…} →
 * {@code s3://bucket/prefix/sub?endpoint=…}), a longer name for opaque ones ({@code mem:name} →
 * {@code mem:name-sub}).
 */
final class StoreUris {
    private StoreUris() {
    }

    static URI child(URI base, String name) {
        if (!name.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("a child store name is letters, digits and '-': " + name);
        }
        if (base.isOpaque()) {
            return URI.create(base.getScheme() + ":" + base.getSchemeSpecificPart() + "-" + name);
        }
        String path = base.getPath() == null ? "" : base.getPath();
        String joined = (path.endsWith("/") ? path : path + "/") + name;
        try {
            return new URI(base.getScheme(), base.getAuthority(), joined, base.getQuery(), base.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot derive a store inside " + base + ": " + e.getReason(), e);
        }
    }
}
