package io.vikingfs.conformance;

import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every directory and every file's exact bytes of a store, read through {@code walk} and {@code read}: two
 * snapshots are equal exactly when the store is byte-for-byte the same (as the API shows it). Used to check that
 * bad input and failed preconditions change nothing.
 *
 * @param entries path → {@code "dir"} or the file's bytes in Base64
 */
public record StoreSnapshot(Map<String, String> entries) {

    public static StoreSnapshot of(VikingFs fs) throws IOException {
        List<DirEntry> all = new ArrayList<>();
        try (Stream<DirEntry> s = fs.walk(VPath.ROOT)) {
            s.forEach(all::add);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (DirEntry e : all) {
            out.put(e.path().toString(), e.isDirectory() ? "dir"
                    : "file:" + Base64.getEncoder().encodeToString(fs.read(e.path())));
        }
        return new StoreSnapshot(Collections.unmodifiableMap(new TreeMap<>(out)));
    }

    /** The part of the store at or below {@code dir}, with paths made relative to it. */
    public Map<String, String> under(VPath dir) {
        String prefix = dir.toString() + "/";
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
