package io.vikingfs.object;

import io.vikingfs.spi.Walk;
import io.vikingfs.DirEntry;
import io.vikingfs.EntryKind;
import io.vikingfs.InvalidVPathException;
import io.vikingfs.VPath;
import io.vikingfs.object.Resolver.Location;
import io.vikingfs.object.client.BrokenListingException;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectMeta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code list} and {@code walk}: the layout mapped back to paths. A directory's plain objects are files, its
 * common prefixes directories, and each {@code .vfs-log.name/} prefix the file {@code name} (if the log holds a
 * file); every other {@code .vfs*} name is hidden. The two sorted streams — names, and log names, which S3 lists
 * in their own region — are merged page by page, so a listing of any size streams and is never capped.
 *
 * <p>Every entry of every page is used (pages are checked below, in {@code VerifyingObjectClient}); a store whose
 * delimited pages break the rules is listed without a delimiter, subdirectories derived from the keys and each
 * skipped past with one request. A name shaped like S3Proxy's temp object of a PUT in progress ({@code
 * <name>-<uuid>}) is listed only if a HEAD still finds it.
 */
final class Listing {
    /** Beyond every key that starts with a given prefix (U+10FFFF sorts last in UTF-8 byte order). */
    private static final String PAST = "\uDBFF\uDFFF";
    private static final int MAX_ATTEMPTS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(Listing.class);
    /** How S3Proxy names the temp object of a PUT in progress: the key, a dash, a random UUID. */
    private static final Pattern IN_FLIGHT = Pattern.compile(
            ".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Namespace ns;
    private final boolean flatListings;

    /**
     * @param flatListings list without a delimiter from the start (the store audit found the store's delimited
     *                     pages broken); otherwise only after a page is found broken
     */
    Listing(Namespace ns, boolean flatListings) {
        this.ns = ns;
        this.flatListings = flatListings;
    }

    Stream<DirEntry> list(VPath dir) throws IOException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String prefix;
            Location loc = null;
            if (dir.isRoot()) {
                prefix = ns.resolver.root();
            } else {
                loc = ns.resolver.locate(dir);
                if (ns.isFileAt(loc)) {
                    throw ObjectErrors.notDirectory(dir);
                }
                if (!ns.hasAnyKey(loc.dir())) {
                    throw ObjectErrors.noSuchFile(dir);
                }
                prefix = ns.resolver.dirPrefix(loc);
            }
            Iterator<DirEntry> it;
            try {
                it = merged(dir, prefix);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (loc == null || prefix.equals(loc.dir())) {
                return stream(it);
            }
            // a switched directory: a generation is reclaimed once superseded, so read it whole and check it was
            // still current at the end, else list the new one (a listing is always one whole generation)
            List<DirEntry> all = new ArrayList<>();
            try {
                it.forEachRemaining(all::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (prefix.equals(ns.resolver.dirPrefix(loc))) {
                return all.stream();
            }
        }
        throw new IOException(dir + ": the directory was switched " + MAX_ATTEMPTS + " times while being listed; "
                + "retry later");
    }

    Stream<DirEntry> walk(VPath dir) throws IOException {
        return Walk.depthFirst(this::list, dir);
    }

    private static Stream<DirEntry> stream(Iterator<DirEntry> it) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    private Iterator<DirEntry> merged(VPath dir, String prefix) {
        PeekingIterator names = new PeekingIterator(new Pages(dir, prefix, false));
        PeekingIterator logs = new PeekingIterator(new Pages(dir, prefix + Keys.LOG, true));
        return new Iterator<>() {
            private String last;
            private DirEntry next = advance();

            private DirEntry advance() {
                while (names.hasNext() || logs.hasNext()) {
                    DirEntry e;
                    if (!logs.hasNext() || names.hasNext()
                            && VPath.compareNames(names.peek().name(), logs.peek().name()) <= 0) {
                        e = names.next();
                    } else {
                        e = logs.next();
                    }
                    if (!e.name().equals(last)) {
                        last = e.name();
                        return e;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public DirEntry next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                DirEntry e = next;
                next = advance();
                return e;
            }
        };
    }

    /**
     * The entries of one LIST stream (plain names, or log names), page by page, in name order. S3 orders keys,
     * and a directory's key ends in '/', so directory {@code a} (key {@code a/}) lists after file {@code a b}
     * (' ' &lt; '/') though its name sorts first: an entry is held back until the listing has passed every key
     * that could still bring such a directory.
     */
    private final class Pages implements Iterator<DirEntry> {
        private final VPath dir;
        private final String prefix;
        private final boolean logs;
        private final java.util.TreeMap<String, DirEntry> held = new java.util.TreeMap<>(VPath::compareNames);
        private final java.util.Map<String, String> releaseKeys = new java.util.HashMap<>();
        private String after;
        private String lastKey = "";
        private boolean done;
        // set when the store's delimited pages broke a rule: directories are then derived from the keys
        private boolean flat = flatListings;

        Pages(VPath dir, String prefix, boolean logs) {
            this.dir = dir;
            this.prefix = prefix;
            this.logs = logs;
        }

        private boolean ready() {
            if (held.isEmpty()) {
                return false;
            }
            return done || VPath.compareNames(releaseKeys.get(held.firstKey()), lastKey) <= 0;
        }

        @Override
        public boolean hasNext() {
            while (!ready() && !done) {
                fill();
            }
            return !held.isEmpty();
        }

        @Override
        public DirEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String name = held.firstKey();
            releaseKeys.remove(name);
            return held.remove(name);
        }

        private void fill() {
            try {
                ListPage page = page();
                List<Object> items = new ArrayList<>();
                if (flat) {
                    rollUp(page.objects(), items);
                } else {
                    items.addAll(page.objects());
                }
                items.addAll(page.commonPrefixes());
                items.sort((a, b) -> VPath.compareNames(keyOf(a), keyOf(b)));
                for (Object item : items) {
                    add(item);
                }
                if (!items.isEmpty()) {
                    Object lastItem = items.get(items.size() - 1);
                    lastKey = keyOf(lastItem);
                    after = lastItem instanceof String s ? s + PAST : lastKey;
                }
                done = !page.truncated() || items.isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next delimited page; once one breaks a rule, flat pages from the same point (nothing was taken from it). */
        private ListPage page() throws IOException {
            if (!flat) {
                try {
                    return ns.client.list(prefix, "/", after, ns.options.listPageSize());
                } catch (BrokenListingException e) {
                    LOG.warn("listing {} on {}: {}; listing it without a delimiter instead (one request per"
                            + " subdirectory)", prefix, ns.store, e.defect());
                    flat = true;
                }
            }
            return ns.client.list(prefix, null, after, ns.options.listPageSize());
        }

        /** Keys below a subdirectory become that subdirectory's prefix, once: the delimiter's roll-up, done here. */
        private void rollUp(List<ObjectMeta> objects, List<Object> items) {
            String previous = null;
            for (ObjectMeta o : objects) {
                int cut = o.key().indexOf('/', prefix.length());
                if (cut < 0) {
                    items.add(o);
                } else if (!o.key().substring(0, cut + 1).equals(previous)) {
                    previous = o.key().substring(0, cut + 1);
                    items.add(previous);
                }
            }
        }

        /** The key after which no directory can appear whose name sorts before {@code name}. */
        private String releaseKey(String name, String key) {
            for (int i = 1; i < name.length(); i++) {
                if (name.charAt(i) < '/') {
                    return prefix + name.substring(0, i) + "/";
                }
            }
            return key;
        }

        private void hold(String name, String key, EntryKind kind) {
            try {
                DirEntry e = new DirEntry(dir.resolve(name), kind);
                if (held.putIfAbsent(name, e) == null) {
                    releaseKeys.put(name, releaseKey(name, key));
                }
            } catch (InvalidVPathException notAPath) {
                // an object another tool stored under a name no path can have (say, with a backslash): not shown
            }
        }

        private void add(Object item) throws IOException {
            String key = keyOf(item);
            String rel = key.substring(prefix.length());
            if (logs) {
                if (item instanceof String && rel.endsWith("/") && rel.length() > 1) {
                    String name = rel.substring(0, rel.length() - 1);
                    if (!VPath.isReserved(name) && ns.logs.list(key).active()) {
                        hold(name, key, EntryKind.FILE);
                    }
                }
                return;
            }
            boolean directory = item instanceof String;
            String name = directory ? rel.substring(0, Math.max(0, rel.length() - 1)) : rel;
            if (name.isEmpty() || VPath.isReserved(name)) {
                return; // the directory's own marker, or the library's objects
            }
            if (!directory && IN_FLIGHT.matcher(name).matches() && ns.client.head(key).isEmpty()) {
                // S3Proxy lists the temp object <key>-<uuid> of a PUT in progress; gone by now, it never was a file
                return;
            }
            hold(name, key, directory ? EntryKind.DIRECTORY : EntryKind.FILE);
        }

        private static String keyOf(Object item) {
            return item instanceof ObjectMeta m ? m.key() : (String) item;
        }
    }

    private static final class PeekingIterator {
        private final Iterator<DirEntry> it;
        private DirEntry peeked;

        PeekingIterator(Iterator<DirEntry> it) {
            this.it = it;
        }

        boolean hasNext() {
            return peeked != null || it.hasNext();
        }

        DirEntry peek() {
            if (peeked == null) {
                peeked = it.next();
            }
            return peeked;
        }

        DirEntry next() {
            DirEntry e = peek();
            peeked = null;
            return e;
        }
    }
}
