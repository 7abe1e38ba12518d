package io.vikingfs.spi;

import io.vikingfs.VPath;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The names of staging directories made by {@link io.vikingfs.VikingFs#stage}, the same on every backend:
 * {@code <live>.staged-<id>} beside {@code live} ({@code staged-<id>} where that would pass the 255-byte limit of
 * a name), {@code <id>} being 16 random hex digits. A name alone never makes a directory the library's: a backend
 * also keeps a record of each staging it made, and recovery reclaims only what a record names.
 */
public final class StagingNames {
    private static final String MARK = "staged-";
    private static final int ID_LENGTH = 16;

    private StagingNames() {
    }

    /** A new random id. */
    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, ID_LENGTH);
    }

    /** The staging directory's name for the live directory named {@code liveName}. */
    public static String name(String liveName, String id) {
        String full = liveName + "." + MARK + id;
        return full.getBytes(StandardCharsets.UTF_8).length <= VPath.MAX_SEGMENT_BYTES ? full : MARK + id;
    }

    /** The id of a staging directory's name, or {@code null} if {@code name} does not have the shape of one. */
    public static String idOf(String name) {
        int at = name.length() - ID_LENGTH - MARK.length();
        if (at < 0 || !name.startsWith(MARK, at) || at > 0 && (at < 2 || name.charAt(at - 1) != '.')
                || name.indexOf('/') >= 0 || VPath.isReserved(name)) {
            return null;
        }
        String id = name.substring(name.length() - ID_LENGTH);
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0 || Character.isUpperCase(id.charAt(i))) {
                return null;
            }
        }
        return id;
    }
}
