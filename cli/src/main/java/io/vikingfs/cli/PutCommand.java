package io.vikingfs.cli;

import io.vikingfs.Precondition;
import io.vikingfs.Version;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code vikingfs put path [file|-]}: replaces a file's content atomically and prints the new version. */
@Command(name = "put", description = {"Write a file atomically from a local file or stdin; print its new version.",
        "Exits 4 and changes nothing if --if-absent or --if-match does not hold."})
final class PutCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The file in the store (parents are created).")
    VPath path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SOURCE", defaultValue = "-",
            description = "A local file to copy, or '-' for stdin (default).")
    String source;

    @ArgGroup(exclusive = true)
    Condition condition;

    @Option(names = "--no-durable", description = "Return once visible, without waiting for the flush, where the "
            + "store offers it (see Guarantees).")
    boolean noDurable;

    static final class Condition {
        @Option(names = "--if-absent", required = true, description = "Write only if the file does not exist.")
        boolean ifAbsent;

        @Option(names = "--if-match", required = true, paramLabel = "VERSION",
                description = "Write only if the file's current version is VERSION (from 'put' or 'ls -l').")
        String ifMatch;
    }

    @Override
    int run(VikingFs fs) throws IOException {
        VPath target = path;
        // Everything is read and checked before the store is touched, so bad input leaves it unchanged.
        byte[] bytes = readSource();
        Precondition precondition = Precondition.none();
        if (condition != null && condition.ifAbsent) {
            precondition = Precondition.ifAbsent();
        } else if (condition != null && condition.ifMatch != null) {
            precondition = Precondition.ifMatch(Version.of(condition.ifMatch));
        }
        WriteOptions options = WriteOptions.DEFAULT.withDurable(!noDurable).withPrecondition(precondition);
        Version version = fs.atomicWrite(target, bytes, options);
        main.out().println(version);
        return ExitCodes.OK;
    }

    private byte[] readSource() throws IOException {
        if (source.equals("-")) {
            return main.stdin().readAllBytes();
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(source, null, "the local source file to put does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }
}
