package io.vikingfs.object.client;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param objects        the objects, in key order
 * @param commonPrefixes rolled-up prefixes (with a delimiter), in order
 * @param truncated      whether more keys follow; continue with {@code startAfter} = the last key or prefix seen
 */
public record ListPage(List<ObjectMeta> objects, List<String> commonPrefixes, boolean truncated) {
    public ListPage {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
