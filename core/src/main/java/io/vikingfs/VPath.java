package io.vikingfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A validated path inside a {@link VikingFs}, relative to its root: {@code /}-separated segments such as
 * {@code sessions/abc/messages.jsonl}.
 *
 * <p>Every rule is checked once, here, before any storage is touched, so an invalid path never reaches a
 * backend. {@link #of(String)} rejects, with an {@link InvalidVPathException} naming the path and the
 * {@link InvalidVPathException.Rule rule}: the empty string, empty segments (so also a leading or trailing
 * {@code /}), {@code .} and {@code ..}, NUL and every other control character, {@code \}, text that is not
 * valid Unicode, a segment over {@value #MAX_SEGMENT_BYTES} UTF-8 bytes, a path over {@value #MAX_PATH_BYTES}
 * UTF-8 bytes, and any segment starting with {@code .vfs} in any letter case (reserved for the library's own
 * files, which listings never show).
 *
 * <p>A path can never name anything outside the store's root: there is no {@code ..} and no absolute form.
 * {@link #ROOT} is the root itself, usable with {@code list}, {@code walk} and {@code mkdirs}.
 */
public final class VPath implements Comparable<VPath> {
    public static final int MAX_SEGMENT_BYTES = 255;
    public static final int MAX_PATH_BYTES = 1024;
    /** The prefix reserved for the library's own files (temp files, locks, generations, markers). */
    public static final String RESERVED_PREFIX = ".vfs";

    /** The store's root directory. */
    public static final VPath ROOT = new VPath(List.of());

    private final List<String> segments;
    private final String text;
    /**
     * The parent, made on first use: every write asks for it (its directory), and building it (a sub-list and a
     * join) was a thirtieth of an in-memory atomicWrite. Unsynchronised on purpose: what a reader uses of a
     * {@code VPath} is final, so a racing thread sees either null (and builds an equal one) or a whole object.
     */
    private VPath parent;

    private VPath(List<String> segments) {
        this.segments = segments;
        this.text = String.join("/", segments);
    }

    /**
     * Parses and validates {@code path}.
     *
     * @throws InvalidVPathException if any rule of the class description is broken; nothing is touched
     */
    public static VPath of(String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidVPathException(String.valueOf(path), InvalidVPathException.Rule.EMPTY,
                    "use VPath.ROOT for the store's root");
        }
        int bytes = utf8Length(path, path);
        if (bytes > MAX_PATH_BYTES) {
            throw new InvalidVPathException(path, InvalidVPathException.Rule.PATH_TOO_LONG,
                    bytes + " UTF-8 bytes, limit " + MAX_PATH_BYTES);
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                String segment = path.substring(start, i);
                checkSegment(path, segment);
                parts.add(segment);
                start = i + 1;
            }
        }
        return new VPath(Collections.unmodifiableList(parts));
    }

    /** Joins segments, each validated as by {@link #of(String)} (a segment may not contain {@code /}). */
    public static VPath of(String first, String... more) {
        VPath p = of(first);
        for (String m : more) {
            p = p.resolve(m);
        }
        return p;
    }

    /** The child {@code name} of this path; {@code name} may itself be a relative multi-segment path. */
    public VPath resolve(String name) {
        VPath child = of(name);
        if (isRoot()) {
            return child;
        }
        List<String> joined = new ArrayList<>(segments);
        joined.addAll(child.segments);
        String text = String.join("/", joined);
        int bytes = utf8Length(text, text);
        if (bytes > MAX_PATH_BYTES) {
            throw new InvalidVPathException(text, InvalidVPathException.Rule.PATH_TOO_LONG,
                    bytes + " UTF-8 bytes, limit " + MAX_PATH_BYTES);
        }
        return new VPath(Collections.unmodifiableList(joined));
    }

    /** The parent, or {@code null} for {@link #ROOT}; the parent of a one-segment path is {@link #ROOT}. */
    public VPath parent() {
        if (isRoot()) {
            return null;
        }
        VPath p = parent;
        if (p == null) {
            p = segments.size() == 1 ? ROOT : new VPath(segments.subList(0, segments.size() - 1));
            parent = p;
        }
        return p;
    }

    /** The last segment; the empty string for {@link #ROOT}. */
    public String name() {
        return isRoot() ? "" : segments.get(segments.size() - 1);
    }

    public List<String> segments() {
        return segments;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** True if {@code other} is this path or lies below it. */
    public boolean contains(VPath other) {
        return other.segments.size() >= segments.size()
                && other.segments.subList(0, segments.size()).equals(segments);
    }

    /** Whether a single segment starts with the reserved prefix {@value #RESERVED_PREFIX} (any letter case). */
    public static boolean isReserved(String segment) {
        return segment.length() >= RESERVED_PREFIX.length()
                && segment.substring(0, RESERVED_PREFIX.length()).toLowerCase(Locale.ROOT).equals(RESERVED_PREFIX);
    }

    private static void checkSegment(String path, String segment) {
        if (segment.isEmpty()) {
            throw new InvalidVPathException(path, InvalidVPathException.Rule.EMPTY_SEGMENT,
                    "no leading, trailing or doubled '/'");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidVPathException(path, InvalidVPathException.Rule.DOT_SEGMENT,
                    "'" + segment + "' is not allowed as a segment");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '\\') {
                throw new InvalidVPathException(path, InvalidVPathException.Rule.BACKSLASH,
                        "'\\' at index " + i + " of segment '" + segment + "'; separate segments with '/'");
            }
            if (Character.isISOControl(c)) {
                throw new InvalidVPathException(path, InvalidVPathException.Rule.CONTROL_CHARACTER,
                        String.format("U+%04X in segment %d", (int) c, i));
            }
        }
        if (isReserved(segment)) {
            throw new InvalidVPathException(path, InvalidVPathException.Rule.RESERVED_NAME,
                    "segment '" + segment + "' starts with '" + RESERVED_PREFIX + "', reserved for the library");
        }
        int bytes = utf8Length(path, segment);
        if (bytes > MAX_SEGMENT_BYTES) {
            throw new InvalidVPathException(path, InvalidVPathException.Rule.SEGMENT_TOO_LONG,
                    "a segment of " + bytes + " UTF-8 bytes, limit " + MAX_SEGMENT_BYTES);
        }
    }

    /** UTF-8 length; an unpaired surrogate cannot be encoded and is rejected. */
    private static int utf8Length(String path, String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidVPathException(path, InvalidVPathException.Rule.INVALID_UNICODE,
                        String.format("unpaired surrogate U+%04X at index %d", (int) c, i));
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The path's bytes in UTF-8, as stored. */
    public byte[] toUtf8() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Orders by segments, each compared by its UTF-8 bytes (the order listings use). */
    @Override
    public int compareTo(VPath o) {
        int n = Math.min(segments.size(), o.segments.size());
        for (int i = 0; i < n; i++) {
            int c = compareNames(segments.get(i), o.segments.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(segments.size(), o.segments.size());
    }

    /**
     * The order of names in listings: by UTF-8 bytes, unsigned. It is the order S3 lists keys in, so every
     * backend sorts the same way. (It equals code point order, which differs from {@code String.compareTo}
     * for characters outside the Basic Multilingual Plane.)
     */
    public static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public boolean equals(Object o) {
        // the text decides: segments never contain '/', so equal texts mean equal segments
        return o instanceof VPath && ((VPath) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode(); // cached by String: paths key the per-append route lookups
    }

    /** The path as given to {@link #of(String)}; the empty string for {@link #ROOT}. */
    @Override
    public String toString() {
        return text;
    }
}
