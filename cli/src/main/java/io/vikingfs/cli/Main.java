package io.vikingfs.cli;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code vikingfs} command: every subcommand works on one store named by the global {@code --fs URI}, opened
 * through {@link VikingFs#open(URI)} only, so any backend on the class path works the same way.
 *
 * <p>Exit codes are part of the interface (see {@link ExitCodes}); errors are one line on stderr, with the stack
 * trace only under {@code --debug}.
 */
// scope INHERIT: every subcommand gets --help (and --version) too, e.g. 'vikingfs append --help'.
@Command(name = "vikingfs", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "vikingfs 0.1.0",
        description = {
                "Crash-safe files, JSONL logs and directory switches on a local folder, memory or S3.",
                "What a command guarantees depends on the store's capabilities: 'vikingfs --fs URI COMMAND --help' "
                        + "states it for that store.",
                "Exit codes: 0 ok, 1 I/O error, 2 bad usage or input, 3 not found, 4 precondition failed or "
                        + "target exists, 5 a check found problems, 6 the store cannot guarantee that (its audit "
                        + "verdict refused the operation)."},
        subcommands = {LsCommand.class, CatCommand.class, PutCommand.class, AppendCommand.class, TailCommand.class,
                MvCommand.class, SwitchCommand.class, VerifyCommand.class, RepairCommand.class, DemoCommand.class,
                ConformanceCommand.class, AuditCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The folder used when {@code --fs} is not given, relative to the working directory. */
    static final String DEFAULT_FOLDER = "vikingfs-data";

    @Option(names = "--fs", paramLabel = "URI", scope = ScopeType.INHERIT,
            description = {"The store: file:/abs/dir, mem:name, s3://bucket/prefix?endpoint=http://host:port or az://container/prefix?endpoint=https://account.blob.core.windows.net.",
                    "Default: the local folder ./" + DEFAULT_FOLDER + " (file:<working dir>/" + DEFAULT_FOLDER
                            + "), created if missing."})
    String fs;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @Option(names = "--stats", scope = ScopeType.INHERIT, description = {
            "After the command, print on stderr what the store did meanwhile: operations (count, mean, max), "
                    + "flushes and the changes each covered, lock waits, object-store requests, errors and retries.",
            "The same meters as the vikingfs-micrometer binding."})
    boolean stats;

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    public Main(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = new Main(System.in, out, err).execute(args);
        out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; never throws. */
    public int execute(String... args) {
        CommandLine cl = new CommandLine(this);
        // Paths are checked while parsing, so an invalid one is a usage error before any store is opened.
        cl.registerConverter(VPath.class, Main::path);
        cl.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler(this::usageError);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine));
        GuaranteesSection.install(cl, this);
        try {
            return cl.execute(args);
        } finally {
            stdout.flush();
            stderr.flush();
        }
    }

    /** Without a subcommand, show the usage. */
    @Override
    public void run() {
        new CommandLine(this).usage(stdout);
    }

    private int usageError(CommandLine.ParameterException e, String[] args) {
        stderr.println("vikingfs: " + e.getMessage() + " (see 'vikingfs help "
                + e.getCommandLine().getCommandName() + "')");
        return ExitCodes.USAGE;
    }

    private int failure(Exception e, CommandLine commandLine) {
        ErrorLine line = ErrorLine.of(e);
        stderr.println("vikingfs " + commandLine.getCommandName() + ": " + line.message());
        if (debug) {
            e.printStackTrace(stderr);
        }
        return line.exitCode();
    }

    // ------------------------------------------------------------------ shared by the subcommands

    InputStream stdin() {
        return stdin;
    }

    PrintStream out() {
        return stdout;
    }

    PrintStream err() {
        return stderr;
    }

    boolean debug() {
        return debug;
    }

    /** The store URI: {@code --fs} if given, else the default local folder (created if missing). */
    URI storeUri() throws IOException {
        if (fs == null) {
            Path folder = Path.of(DEFAULT_FOLDER).toAbsolutePath().normalize();
            // The default is ours to choose, so we also make sure it exists; a user-given file: URI is left as is.
            Files.createDirectories(folder);
            return folder.toUri();
        }
        return parseUri(fs);
    }

    /** Whether the user chose a store with {@code --fs}. */
    boolean storeGiven() {
        return fs != null;
    }

    /** The {@code --fs} argument as given, or {@code null}. */
    String storeArgument() {
        return fs;
    }

    /** Opens the store named by {@code --fs}; the caller closes it. */
    VikingFs openStore() throws IOException {
        return open(storeUri());
    }

    /** Opens {@code uri}; with {@code --stats}, observed, printing its counters on stderr when closed. */
    VikingFs open(URI uri) throws IOException {
        VikingFs fs = VikingFs.open(uri);
        return stats ? RunStats.observe(fs, stderr) : fs;
    }

    static URI parseUri(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null) {
                throw new CommandLine.TypeConversionException("--fs '" + text
                        + "' has no scheme; use file:/abs/dir, mem:name, s3://bucket/prefix?endpoint=… or az://container/prefix?endpoint=…");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CommandLine.TypeConversionException("--fs '" + text + "' is not a URI: " + e.getReason());
        }
    }

    /**
     * Parses a store path argument. Paths are relative to the store's root; one leading {@code /} is accepted
     * and ignored, and {@code ""} or {@code /} name the root itself.
     */
    static VPath path(String text) {
        String relative = text != null && text.startsWith("/") ? text.substring(1) : text;
        if (relative == null || relative.isEmpty()) {
            return VPath.ROOT;
        }
        try {
            return VPath.of(relative);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException(ErrorLine.of(e).message());
        }
    }
}
