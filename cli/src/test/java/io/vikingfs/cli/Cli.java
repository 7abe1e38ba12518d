package io.vikingfs.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code vikingfs} in-process, through picocli, with captured stdin, stdout and stderr. */
final class Cli {
    /** What one run produced. */
    record Result(int exit, byte[] outBytes, String err) {
        String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }

        List<String> outLines() {
            return out().lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private final String store;

    /** A runner whose commands all get {@code --fs <the folder's file: URI>}. */
    Cli(Path folder) {
        this.store = folder.toUri().toString();
    }

    String store() {
        return store;
    }

    Result run(String... args) {
        return runWithInput(new byte[0], args);
    }

    Result runWithInput(String stdin, String... args) {
        return runWithInput(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    Result runWithInput(byte[] stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--fs", store));
        all.addAll(List.of(args));
        return raw(stdin, all.toArray(String[]::new));
    }

    /** Runs exactly {@code args}, without adding {@code --fs}. */
    static Result raw(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Main(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
        return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
