package io.vikingfs.conformance.crash;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The logical state a workload's calls produce when nothing crashes: files (path to bytes) and directories. The
 * oracle diffs it before and after each call to learn what each call changed. Paths are {@code VPath} texts.
 */
final class ReferenceModel {
    /** A call the reference refuses (the real store must refuse it too). */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why, null, false, false);
        }
    }

    final NavigableMap<String, byte[]> files = new TreeMap<>();
    final TreeSet<String> dirs = new TreeSet<>();

    ReferenceModel copy() {
        ReferenceModel m = new ReferenceModel();
        m.files.putAll(files);
        m.dirs.addAll(dirs);
        return m;
    }

    boolean isFile(String p) {
        return files.containsKey(p);
    }

    boolean isDir(String p) {
        return dirs.contains(p);
    }

    boolean exists(String p) {
        return isFile(p) || isDir(p);
    }

    void mkdirs(String dir) throws Refused {
        if (dir.isEmpty()) {
            return;
        }
        if (isFile(dir)) {
            throw new Refused(dir + " is a file");
        }
        mkdirs(parent(dir));
        dirs.add(dir);
    }

    void putFile(String p, byte[] bytes) throws Refused {
        if (isDir(p)) {
            throw new Refused(p + " is a directory");
        }
        mkdirs(parent(p));
        files.put(p, bytes);
    }

    byte[] file(String p) {
        return files.get(p);
    }

    /** The files under {@code dir}, by path relative to it. */
    NavigableMap<String, byte[]> tree(String dir) {
        NavigableMap<String, byte[]> t = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files.tailMap(dir + "/", true).entrySet()) {
            if (!e.getKey().startsWith(dir + "/")) {
                break;
            }
            t.put(e.getKey().substring(dir.length() + 1), e.getValue());
        }
        return t;
    }

    void removeTree(String dir) {
        files.keySet().removeIf(k -> k.startsWith(dir + "/"));
        dirs.removeIf(k -> k.equals(dir) || k.startsWith(dir + "/"));
    }

    void putTree(String dir, Map<String, byte[]> tree) throws Refused {
        mkdirs(dir);
        for (Map.Entry<String, byte[]> e : tree.entrySet()) {
            putFile(dir + "/" + e.getKey(), e.getValue());
        }
    }

    boolean isEmptyDir(String dir) {
        String prefix = dir + "/";
        return files.keySet().stream().noneMatch(k -> k.startsWith(prefix))
                && dirs.stream().noneMatch(k -> k.startsWith(prefix));
    }

    static String parent(String p) {
        int i = p.lastIndexOf('/');
        return i < 0 ? "" : p.substring(0, i);
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
