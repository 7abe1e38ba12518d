package io.vikingfs.azure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azurite — Microsoft's Azure Storage emulator — run as a child process on {@code 127.0.0.1} with a free port,
 * keeping blobs in memory: for tests, benchmarks and a first try of the CLI without an Azure account. It needs
 * {@code node} and {@code npm} on the {@code PATH}: the first start installs Azurite {@value #VERSION} from the npm
 * registry into a cache directory ({@link #cacheDirectory()}, ~15–45 s), later starts reuse it (~1–2 s).
 *
 * <p>The account is the emulator's well-known {@value #ACCOUNT} with its published key. {@link #close()} stops
 * the process and its children. {@link #shared()} gives one server per JVM, stopped at exit.
 */
public final class EmbeddedAzurite implements AutoCloseable {
    public static final String VERSION = "3.35.0";
    /** The development account every Azurite serves. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** Its published key: not a secret (Azurite's documentation and every SDK carry it). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** Where the installed emulator is kept, if not under the user's cache directory. */
    public static final String HOME_ENV = "VIKINGFS_AZURITE_HOME";

    private static final Pattern LISTENING = Pattern.compile("listens on (http://127\\.0\\.0\\.1:(\\d+))");
    private static EmbeddedAzurite shared;

    private final Process process;
    private final URI endpoint;
    private final Path workDir;

    private EmbeddedAzurite(Process process, URI endpoint, Path workDir) {
        this.process = process;
        this.endpoint = endpoint;
        this.workDir = workDir;
    }

    /**
     * What is missing to run Azurite here ({@code node} or {@code npm} not on the {@code PATH}), or empty if
     * nothing is: tests skip with this message.
     */
    public static Optional<String> missing() {
        List<String> absent = new ArrayList<>();
        for (String tool : List.of("node", "npm")) {
            if (findOnPath(tool).isEmpty()) {
                absent.add(tool);
            }
        }
        return absent.isEmpty() ? Optional.empty() : Optional.of("Azurite " + VERSION + " needs Node.js: "
                + String.join(" and ", absent) + " not found on the PATH (install Node.js 20 or newer)");
    }

    /** {@code $VIKINGFS_AZURITE_HOME}, else {@code $XDG_CACHE_HOME/vikingfs/azurite-VERSION} or {@code ~/.cache/…}. */
    public static Path cacheDirectory() {
        String home = System.getenv(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("vikingfs").resolve("azurite-" + VERSION);
    }

    /** The server of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedAzurite shared() throws IOException {
        if (shared == null || !shared.process.isAlive()) {
            EmbeddedAzurite started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "azurite-stop"));
            shared = started;
        }
        return shared;
    }

    /**
     * Azurite (Node.js) closes a connection idle for 5 s; the JDK's HttpClient keeps idle connections for 20
     * minutes and, sending a request on one the server has just closed, can wait for the response until the
     * request times out (60 s) — seen as stalls in the conformance suite. Keeping the client's idle time below the
     * server's avoids it. The JDK reads the setting once, when its HttpClient is first used: call this before
     * (the emulator's clients, tests and the CLI do); a value set by the user is kept.
     */
    public static void shortenIdleConnections() {
        if (System.getProperty(IDLE_PROPERTY) == null) {
            System.setProperty(IDLE_PROPERTY, "2");
        }
    }

    private static final String IDLE_PROPERTY = "jdk.httpclient.keepalive.timeout";

    /** Installs Azurite if it is not in {@link #cacheDirectory()} yet and starts a server of its own. */
    public static EmbeddedAzurite start() throws IOException {
        shortenIdleConnections();
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            throw new IOException(missing.get());
        }
        Path bin = install(cacheDirectory());
        Path work = Files.createTempDirectory("vikingfs-azurite-");
        // --inMemoryPersistence: nothing on disk (Azurite refuses --location with it); port 0: the server picks a
        // free one and prints it, so two servers never race for a port; --silent: no access log line per request
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", "0",
                "--inMemoryPersistence", "--disableTelemetry", "--silent").directory(work.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        CompletableFuture<String> port = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        if (output.length() < 8192) {
                            output.append(line).append('\n');
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended: its exit is reported below
            }
            port.complete(null);
        }, "azurite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String base = port.get(60, TimeUnit.SECONDS);
            if (base == null) {
                throw new IOException("Azurite (" + bin + ") exited before listening:\n" + output);
            }
            return new EmbeddedAzurite(p, URI.create(base + "/" + ACCOUNT), work);
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while Azurite started");
        } catch (ExecutionException | TimeoutException e) {
            stop(p);
            throw new IOException("Azurite (" + bin + ") did not listen within 60 s; its output:\n" + output, e);
        }
    }

    /** The {@code azurite-blob} launcher under {@code dir}, installed by npm unless present; one installer at a time. */
    static Path install(Path dir) throws IOException {
        Path bin = dir.resolve("node_modules").resolve(".bin").resolve("azurite-blob");
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Files.createDirectories(dir);
        // several test JVMs may start at once: the first installs, the others wait for it and reuse its install
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".install.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            if (Files.isExecutable(bin)) {
                return bin;
            }
            Path log = dir.resolve("npm-install.log");
            Process npm = new ProcessBuilder(findOnPath("npm").orElseThrow().toString(), "install", "--prefix",
                    dir.toString(), "azurite@" + VERSION, "--no-audit", "--no-fund")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = npm.waitFor(5, TimeUnit.MINUTES);
            if (!done || npm.exitValue() != 0 || !Files.isExecutable(bin)) {
                npm.destroyForcibly();
                throw new IOException("npm install azurite@" + VERSION + " into " + dir + " failed (see " + log
                        + "); check that the npm registry is reachable, or install it there yourself");
            }
            return bin;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while npm installed Azurite into " + dir);
        }
    }

    private static Optional<Path> findOnPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The blob endpoint with the account as its path: {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The connection string of this server's account (the emulator's well-known key). */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + endpoint + ";";
    }

    /** A client of {@code container} on this server, the container created if missing. */
    public AzureObjectClient client(String container) throws IOException {
        AzureObjectClient c = AzureObjectClient.builder().endpoint(endpoint).credentials(ACCOUNT, ACCOUNT_KEY)
                .container(container).listedInUtf16Order(true).build();
        c.createContainerIfMissing();
        return c;
    }

    @Override
    public void close() {
        stop(process);
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** Stops the launcher and the node process it started. */
    private static void stop(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            for (ProcessHandle h : tree) {
                h.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
