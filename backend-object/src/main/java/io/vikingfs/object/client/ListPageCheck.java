package io.vikingfs.object.client;

import io.vikingfs.VPath;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rules one page of a listing must keep for a reader that continues after its last entry to miss and repeat
 * nothing: no more entries than asked for; every entry under the prefix, rolled up at the delimiter if one was
 * given; every entry after {@code startAfter} (so pages strictly advance — this SPI continues a listing by its
 * last entry rather than by an opaque token); no entry twice; and a truncated page never empty. Order is checked in
 * UTF-8 byte order, or in UTF-16 order for stores known to sort so (S3Proxy): either keeps the pages consistent.
 */
public final class ListPageCheck {
    private static final Comparator<String> UTF8 = VPath::compareNames;
    private static final Comparator<String> UTF16 = Comparator.naturalOrder();

    private ListPageCheck() {
    }

    /** What is wrong with {@code page}, or {@code null} if nothing. */
    public static String defect(String prefix, String delimiter, String startAfter, int maxKeys, ListPage page) {
        int n = page.objects().size() + page.commonPrefixes().size();
        if (n > maxKeys) {
            return "a page of " + n + " entries (" + page.commonPrefixes().size() + " common prefixes) when at most "
                    + maxKeys + " were asked for";
        }
        if (n == 0 && page.truncated()) {
            return "an empty page marked truncated: the listing cannot advance";
        }
        List<String> keys = new ArrayList<>();
        for (ObjectMeta o : page.objects()) {
            String rest = o.key().startsWith(prefix) ? o.key().substring(prefix.length()) : null;
            if (rest == null || delimiter != null && rest.contains(delimiter)) {
                return "key '" + o.key() + "' is not a plain entry under '" + prefix + "'"
                        + (delimiter == null ? "" : " with delimiter '" + delimiter + "'");
            }
            keys.add(o.key());
        }
        for (String p : page.commonPrefixes()) {
            String rest = p.startsWith(prefix) ? p.substring(prefix.length()) : null;
            if (delimiter == null || rest == null || !rest.endsWith(delimiter)
                    || rest.indexOf(delimiter) != rest.length() - delimiter.length()) {
                return "common prefix '" + p + "' is not a roll-up of '" + prefix + "' at '" + delimiter + "'";
            }
            keys.add(p);
        }
        String utf8 = orderDefect(keys, page, startAfter, UTF8);
        return utf8 == null || orderDefect(keys, page, startAfter, UTF16) == null ? null : utf8;
    }

    private static String orderDefect(List<String> all, ListPage page, String startAfter, Comparator<String> order) {
        List<String> objects = page.objects().stream().map(ObjectMeta::key).toList();
        for (List<String> run : List.of(objects, page.commonPrefixes())) {
            for (int i = 1; i < run.size(); i++) {
                if (order.compare(run.get(i - 1), run.get(i)) >= 0) {
                    return "'" + run.get(i) + "' follows '" + run.get(i - 1) + "' on one page (repeated or out of order)";
                }
            }
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(order);
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0 && sorted.get(i).equals(sorted.get(i - 1))) {
                return "'" + sorted.get(i) + "' is both a key and a common prefix on one page";
            }
            if (startAfter != null && order.compare(sorted.get(i), startAfter) <= 0) {
                return "'" + sorted.get(i) + "' is not after '" + startAfter + "', where the page was asked to"
                        + " start: the store repeats entries of earlier pages";
            }
        }
        return null;
    }
}
