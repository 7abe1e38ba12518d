package io.vikingfs.cli;

import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code vikingfs mv src dst [--replace]}: renames a file or directory. */
@Command(name = "mv", description = {"Rename a file or directory (parents of DST are created).",
        "Fails with exit 4 and changes nothing if DST exists, unless --replace (files only)."})
final class MvCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SRC")
    VPath src;

    @Parameters(index = "1", paramLabel = "DST")
    VPath dst;

    @Option(names = "--replace", description = "Replace DST if it is an existing file.")
    boolean replace;

    @Option(names = "--no-durable", description = "Return without waiting for the flush, where the store offers "
            + "it (see Guarantees).")
    boolean noDurable;

    @Override
    int run(VikingFs fs) throws IOException {
        VPath from = src;
        VPath to = dst;
        fs.rename(from, to, RenameOptions.DEFAULT.withReplace(replace).withDurable(!noDurable));
        main.out().println("renamed " + from + " -> " + to);
        return ExitCodes.OK;
    }
}
