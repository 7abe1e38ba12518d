package io.vikingfs.cli;

import io.vikingfs.VikingFs;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * A subcommand that works on the store named by {@code --fs}: opens it (which runs the backend's recovery of
 * interrupted operations), runs, and closes it whatever happens.
 */
abstract class StoreCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public final Integer call() throws Exception {
        try (VikingFs fs = main.openStore()) {
            return run(fs);
        }
    }

    /** Runs against the open store and returns the exit code. */
    abstract int run(VikingFs fs) throws Exception;
}
