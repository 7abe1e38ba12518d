package io.vikingfs.cli;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code vikingfs switch staged live}: replaces the directory {@code live} with {@code staged} all at once. */
@Command(name = "switch", description = {"Replace directory LIVE with directory STAGED, all at once, on every store."})
final class SwitchCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "STAGED")
    VPath staged;

    @Parameters(index = "1", paramLabel = "LIVE")
    VPath live;

    @Option(names = "--no-durable", description = "Return without waiting for the flush, where the store offers "
            + "it (see Guarantees).")
    boolean noDurable;

    @Override
    int run(VikingFs fs) throws IOException {
        VPath from = staged;
        VPath to = live;
        fs.switchDirectory(from, to, !noDurable);
        main.out().println("switched " + to + " to the tree staged in " + from);
        return ExitCodes.OK;
    }
}
