package io.vikingfs.cli;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code vikingfs switch staged live}: replaces the directory {@code live} with {@code staged} all at once. */
@Command(name = "switch", description = {"Replace directory LIVE with directory STAGED, all at once.",
        "At every instant and after any crash LIVE is entirely the old tree or entirely the new one; "
                + "afterwards STAGED is gone and the old tree is reclaimed."})
final class SwitchCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "STAGED")
    VPath staged;

    @Parameters(index = "1", paramLabel = "LIVE")
    VPath live;

    @Option(names = "--no-durable", description = "Return without waiting for the disk to flush.")
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
