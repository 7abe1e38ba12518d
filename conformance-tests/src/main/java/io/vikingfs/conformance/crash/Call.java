package io.vikingfs.conformance.crash;

import io.vikingfs.Precondition;
import io.vikingfs.RenameOptions;
import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.conformance.crash.ReferenceModel.Refused;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One call of a workload, as data: run on a real store, and applied to the {@link ReferenceModel} (which says
 * whether it must succeed and what it changes). {@code durable} is what the call asked for; deletes and
 * {@code mkdirs} are always durable by contract.
 */
public sealed interface Call {
    void run(VikingFs fs) throws IOException;

    void apply(ReferenceModel m) throws Refused;

    boolean durable();

    /** atomicWrite(path, content) with no precondition, or ifAbsent. */
    record Write(String path, String content, boolean durable, boolean ifAbsent) implements Call {
        @Override
        public void run(VikingFs fs) throws IOException {
            WriteOptions o = WriteOptions.durable(durable)
                    .withPrecondition(ifAbsent ? Precondition.ifAbsent() : Precondition.none());
            fs.atomicWrite(VPath.of(path), content.getBytes(StandardCharsets.UTF_8), o);
        }

        @Override
        public void apply(ReferenceModel m) throws Refused {
            if (ifAbsent && m.exists(path)) {
                throw new Refused(path + " exists");
            }
            m.putFile(path, content.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "write(" + path + "=" + content + (ifAbsent ? ", ifAbsent" : "") + (durable ? ", durable)" : ")");
        }
    }

    /** appendAll(path, records). */
    record Append(String path, List<String> records, boolean durable) implements Call {
        public Append {
            records = List.copyOf(records);
        }

        @Override
        public void run(VikingFs fs) throws IOException {
            fs.appendAll(VPath.of(path), records, durable);
        }

        @Override
        public void apply(ReferenceModel m) throws Refused {
            byte[] old = m.isFile(path) ? m.file(path) : new byte[0];
            StringBuilder sb = new StringBuilder(new String(old, StandardCharsets.UTF_8));
            for (String r : records) {
                sb.append(r).append('\n');
            }
            m.putFile(path, sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "append(" + path + " += " + records + (durable ? ", durable)" : ")");
        }
    }

    /** rename(src, dst, replace, durable), of a file or a directory. */
    record Rename(String src, String dst, boolean replace, boolean durable) implements Call {
        @Override
        public void run(VikingFs fs) throws IOException {
            fs.rename(VPath.of(src), VPath.of(dst), new RenameOptions(replace, durable));
        }

        @Override
        public void apply(ReferenceModel m) throws Refused {
            if (!m.exists(src)) {
                throw new Refused(src + " missing");
            }
            if (m.isDir(dst) || (m.exists(dst) && !replace) || (m.isDir(src) && m.exists(dst))) {
                throw new Refused(dst + " exists");
            }
            if (dst.startsWith(src + "/") || m.isFile(ReferenceModel.parent(dst))) {
                throw new Refused("bad target " + dst);
            }
            if (m.isFile(src)) {
                byte[] b = m.files.remove(src);
                m.putFile(dst, b);
            } else {
                var tree = m.tree(src);
                List<String> subdirs = new ArrayList<>();
                for (String d : m.dirs) {
                    if (d.startsWith(src + "/")) {
                        subdirs.add(dst + d.substring(src.length()));
                    }
                }
                m.removeTree(src);
                m.putTree(dst, tree);
                for (String d : subdirs) {
                    m.mkdirs(d);
                }
            }
        }

        @Override
        public String toString() {
            return "rename(" + src + " -> " + dst + (replace ? ", replace" : "") + (durable ? ", durable)" : ")");
        }
    }

    /** delete(path): a file or an empty directory; durable by contract. */
    record Delete(String path) implements Call {
        @Override
        public void run(VikingFs fs) throws IOException {
            fs.delete(VPath.of(path));
        }

        @Override
        public void apply(ReferenceModel m) throws Refused {
            if (m.isFile(path)) {
                m.files.remove(path);
            } else if (m.isDir(path) && m.isEmptyDir(path)) {
                m.dirs.remove(path);
            } else {
                throw new Refused(path + " missing or not empty");
            }
        }

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public String toString() {
            return "delete(" + path + ")";
        }
    }

    /** switchDirectory(staged, live, durable). */
    record Switch(String staged, String live, boolean durable) implements Call {
        @Override
        public void run(VikingFs fs) throws IOException {
            fs.switchDirectory(VPath.of(staged), VPath.of(live), durable);
        }

        @Override
        public void apply(ReferenceModel m) throws Refused {
            if (!m.isDir(staged) || m.isFile(live)) {
                throw new Refused(staged + " missing or " + live + " a file");
            }
            var tree = m.tree(staged);
            List<String> subdirs = new ArrayList<>();
            for (String d : m.dirs) {
                if (d.startsWith(staged + "/")) {
                    subdirs.add(live + d.substring(staged.length()));
                }
            }
            m.removeTree(staged);
            m.removeTree(live);
            m.putTree(live, tree);
            for (String d : subdirs) {
                m.mkdirs(d);
            }
        }

        @Override
        public String toString() {
            return "switch(" + staged + " -> " + live + (durable ? ", durable)" : ")");
        }
    }

    /**
     * {@code stage(live)}, then the files written into the staging (not durable), then {@code commit(durable)} —
     * or, without {@code commit}, {@code close()}, which deletes the staging. The model's effect of a commit is a
     * switch of a tree holding exactly {@code files} (relative path to content) over {@code live}; of an abort,
     * only {@code live}'s parents. A crash before the commit takes effect leaves an abandoned staging, which
     * recovery must reclaim (S1).
     */
    record Stage(String live, Map<String, String> files, boolean commit, boolean durable) implements Call {
        public Stage {
            files = Map.copyOf(new TreeMap<>(files));
            durable = commit && durable;
        }

        /** stage, fill, commit(durable). */
        public static Stage commit(String live, Map<String, String> files, boolean durable) {
            return new Stage(live, files, true, durable);
        }

        /** stage, fill, close without commit. */
        public static Stage abort(String live, Map<String, String> files) {
            return new Stage(live, files, false, false);
        }

        @Override
        public void run(VikingFs fs) throws IOException {
            try (StagedDirectory staged = fs.stage(VPath.of(live))) {
                fillStaging(fs, staged, files);
                if (commit) {
                    staged.commit(durable);
                }
            }
        }

        @Override
        public void apply(ReferenceModel m) throws Refused {
            if (m.isFile(live)) {
                throw new Refused(live + " a file");
            }
            if (!commit) {
                m.mkdirs(ReferenceModel.parent(live)); // stage creates live's parents
                return;
            }
            m.removeTree(live);
            m.mkdirs(live);
            for (Map.Entry<String, String> e : new TreeMap<>(files).entrySet()) {
                m.putFile(live + "/" + e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public String toString() {
            return (commit ? "stageCommit(" + live + " := " : "stageAbort(" + live + " with ") + new TreeMap<>(files)
                    + (durable ? ", durable)" : ")");
        }
    }

    private static void fillStaging(VikingFs fs, StagedDirectory staged, Map<String, String> files)
            throws IOException {
        for (Map.Entry<String, String> e : new TreeMap<>(files).entrySet()) {
            VPath path = staged.path();
            for (String segment : e.getKey().split("/")) {
                path = path.resolve(segment);
            }
            fs.atomicWrite(path, e.getValue().getBytes(StandardCharsets.UTF_8), WriteOptions.durable(false));
        }
    }

    /** mkdirs(dir); durable by contract. */
    record Mkdirs(String dir) implements Call {
        @Override
        public void run(VikingFs fs) throws IOException {
            fs.mkdirs(VPath.of(dir));
        }

        @Override
        public void apply(ReferenceModel m) throws Refused {
            m.mkdirs(dir);
        }

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public String toString() {
            return "mkdirs(" + dir + ")";
        }
    }

    /**
     * recover(true): reclaims what earlier calls left; changes nothing a reader sees, so after it every earlier
     * value may still be there (or lost, if it was not durable), and its own steps are crash points.
     */
    record Recover() implements Call {
        @Override
        public void run(VikingFs fs) throws IOException {
            fs.recover(true);
        }

        @Override
        public void apply(ReferenceModel m) {
            // no visible change
        }

        @Override
        public boolean durable() {
            return false;
        }

        @Override
        public String toString() {
            return "recover()";
        }
    }
}
