package io.vikingfs.cli;

import io.vikingfs.DirEntry;
import io.vikingfs.FileStat;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.util.stream.Stream;

/** {@code vikingfs ls [-R] [-l] [path]}: the entries of a directory, sorted, one store path a line. */
@Command(name = "ls", description = {"List a directory (sorted by name; directories end with '/').",
        "Prints full store paths, so each line can be passed to 'cat'. The library's own .vfs* files never show."})
final class LsCommand extends StoreCommand {
    @Option(names = {"-R", "--recursive"}, description = "List everything below the directory, depth first.")
    boolean recursive;

    @Option(names = {"-l", "--long"}, description = "Also print kind, size in bytes and version.")
    boolean longFormat;

    @Parameters(arity = "0..1", paramLabel = "PATH", defaultValue = "", description = "Directory (default: the root).")
    VPath path;

    @Override
    int run(VikingFs fs) throws IOException {
        VPath dir = path;
        PrintStream out = main.out();
        if (!dir.isRoot()) {
            FileStat stat = fs.stat(dir);
            if (!stat.isDirectory()) {
                print(fs, out, new DirEntry(dir, stat.kind()));
                return ExitCodes.OK;
            }
        }
        try (Stream<DirEntry> entries = recursive ? fs.walk(dir) : fs.list(dir)) {
            for (DirEntry e : (Iterable<DirEntry>) entries::iterator) {
                print(fs, out, e);
            }
        }
        return ExitCodes.OK;
    }

    private void print(VikingFs fs, PrintStream out, DirEntry e) throws IOException {
        String shown = e.isDirectory() ? e.path() + "/" : e.path().toString();
        if (!longFormat) {
            out.println(shown);
            return;
        }
        if (e.isDirectory()) {
            out.printf("dir  %12s  %-32s  %s%n", "-", "-", shown);
            return;
        }
        FileStat s = fs.stat(e.path());
        out.printf("file %12d  %-32s  %s%n", s.size(), s.version(), shown);
    }
}
