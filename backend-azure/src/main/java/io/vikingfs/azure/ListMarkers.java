package io.vikingfs.azure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The continuation markers Azure gave after the pages a client returned, by the last name of each page: the SPI
 * continues a listing "after key K", Azure after an opaque marker, and a caller paging in order always asks for
 * the page after the last name it got. A bounded, least-recently-used memory; a miss costs a scan, never a wrong
 * page.
 */
final class ListMarkers {
    private static final int CAPACITY = 1024;

    /** What a marker continues: markers of one listing never serve another. */
    record Query(String prefix, String delimiter) {
    }

    private record Entry(Query query, String lastName) {
    }

    private final Map<Entry, String> markers = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Entry, String> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Remembers that {@code query}'s listing continues after {@code lastName} from {@code marker}. */
    synchronized void remember(Query query, String lastName, String marker) {
        if (lastName != null && marker != null && !marker.isEmpty()) {
            markers.put(new Entry(query, lastName), marker);
        }
    }

    /** The marker that continues {@code query}'s listing right after {@code name}, or {@code null}. */
    synchronized String after(Query query, String name) {
        return markers.get(new Entry(query, name));
    }
}
