package io.vikingfs.cli;

import io.vikingfs.VikingFs;
import io.vikingfs.cli.demo.AgentSessionDemo;
import io.vikingfs.cli.demo.Check;
import io.vikingfs.cli.demo.DemoConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code vikingfs demo}: an agent-session workload on a store, then a check of every invariant it can see. */
@Command(name = "demo", description = {
        "Run an agent-session workload, then check every invariant it can; exit 5 if any check fails.",
        "Several threads rewrite a session registry with ifMatch; writers and a metadata appender append to a "
                + "transcript; staged trees are switched over a live directory while readers read it.",
        "Without --fs it runs on a fresh temporary folder (removed afterwards if every check passes); with --fs "
                + "it works under a new demo-<time>-<random>/ directory of that store and leaves it there."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--registry-threads", paramLabel = "N", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int registryThreads;

    @Option(names = "--updates", paramLabel = "N", defaultValue = "30",
            description = "Registry updates per thread (default: ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "3",
            description = "Transcript writer threads besides the metadata appender (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--records", paramLabel = "N", defaultValue = "250",
            description = "Records per transcript writer (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--generations", paramLabel = "N", defaultValue = "20",
            description = "Staged trees switched in after the first (default: ${DEFAULT-VALUE}).")
    int generations;

    @Option(names = "--readers", paramLabel = "N", defaultValue = "2",
            description = "Threads reading the live tree meanwhile (default: ${DEFAULT-VALUE}; 0 skips the reader check).")
    int readers;

    @Override
    public Integer call() throws Exception {
        DemoConfig config = new DemoConfig(registryThreads, updates, writers, records, generations, readers);
        Path temp = null;
        URI uri;
        if (main.storeGiven()) {
            uri = main.storeUri();
        } else {
            temp = Files.createTempDirectory("vikingfs-demo-");
            uri = temp.toUri();
        }
        List<Check> checks;
        try (VikingFs fs = main.open(uri); Progress progress = Progress.start(main.err(), "demo")) {
            AgentSessionDemo demo = new AgentSessionDemo(fs, config);
            progress.describe(demo::status);
            checks = demo.run(main.out());
        }
        boolean passed = checks.stream().noneMatch(Check::failed);
        if (temp != null) {
            if (passed) {
                deleteTree(temp);
                main.out().println("(the temporary store " + temp + " was removed)");
            } else {
                main.out().println("the temporary store is kept for inspection: " + temp);
            }
        }
        return passed ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
