package io.vikingfs.cli;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;

/** {@code vikingfs cat path}: one complete version of a file, byte for byte, on stdout. */
@Command(name = "cat", description = {"Print a file's content, byte for byte.",
        "It is one complete version of the file, even if the file is replaced while it is read."})
final class CatCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The file.")
    VPath path;

    @Override
    int run(VikingFs fs) throws IOException {
        try (InputStream in = fs.newInputStream(path)) {
            in.transferTo(main.out());
        }
        main.out().flush();
        return ExitCodes.OK;
    }
}
