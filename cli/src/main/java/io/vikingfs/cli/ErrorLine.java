package io.vikingfs.cli;

import io.vikingfs.InvalidRecordException;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.UnsupportedByBackendException;
import picocli.CommandLine;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns an exception into the one line a user reads on stderr — what failed, which path, what to do — and the exit
 * code of {@link ExitCodes}. The library's own exceptions already say what to do; the JDK ones get a hint here.
 *
 * @param exitCode one of {@link ExitCodes}
 * @param message  one line, no trailing newline
 */
record ErrorLine(int exitCode, String message) {

    static ErrorLine of(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof InvalidPathException p) {
            // VPath's rule violations: the reason names the rule, the input is the path.
            return new ErrorLine(ExitCodes.USAGE, "'" + p.getInput() + "' is not a valid store path: " + p.getReason()
                    + " — paths are '/'-separated names relative to the store's root");
        }
        if (t instanceof CommandLine.TypeConversionException || t instanceof IllegalArgumentException) {
            return new ErrorLine(ExitCodes.USAGE, oneLine(t.getMessage()));
        }
        if (t instanceof InvalidRecordException r) {
            return new ErrorLine(ExitCodes.USAGE, file(r) + r.getReason());
        }
        if (t instanceof PreconditionFailedException p) {
            return new ErrorLine(ExitCodes.PRECONDITION, file(p) + p.getReason());
        }
        if (t instanceof NoSuchFileException n) {
            String detail = n.getReason() == null || n.getReason().contains("no such file") ? "" : reason(n);
            return new ErrorLine(ExitCodes.NOT_FOUND, file(n) + "no such file or directory"
                    + detail + " — check the path with 'vikingfs ls'");
        }
        if (t instanceof FileAlreadyExistsException x) {
            // The library's own hint names the Java option; the command's option is what a user of the CLI needs.
            return new ErrorLine(ExitCodes.PRECONDITION, file(x) + "already exists; nothing was changed — pass "
                    + "--replace to overwrite a file, or choose another target");
        }
        if (t instanceof DirectoryNotEmptyException d) {
            return new ErrorLine(ExitCodes.PRECONDITION, file(d) + "directory is not empty" + reason(d)
                    + "; nothing was changed");
        }
        if (t instanceof NotDirectoryException d) {
            return new ErrorLine(ExitCodes.USAGE, file(d) + "is a file where a directory is needed" + reason(d));
        }
        if (t instanceof AccessDeniedException a) {
            return new ErrorLine(ExitCodes.IO, file(a) + "permission denied" + reason(a)
                    + " — check the folder's owner and mode");
        }
        if (t instanceof UnsupportedByBackendException u) {
            return new ErrorLine(u.storeVerdict().isPresent() ? ExitCodes.STORE_CANNOT_GUARANTEE : ExitCodes.IO,
                    file(u) + u.getReason());
        }
        if (t instanceof FileSystemException f) {
            String reason = f.getReason() == null ? t.getClass().getSimpleName() : f.getReason();
            return new ErrorLine(ExitCodes.IO, file(f) + oneLine(reason));
        }
        if (t instanceof ClosedFileSystemException) {
            return new ErrorLine(ExitCodes.IO, "the store was closed while in use");
        }
        String what = t.getMessage() == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + oneLine(t.getMessage());
        return new ErrorLine(ExitCodes.IO, what + " (run again with --debug for the stack trace)");
    }

    /** Streams report I/O errors unchecked; the cause is what the user needs to read. */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t instanceof CommandLine.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String file(FileSystemException e) {
        return e.getFile() == null || e.getFile().isEmpty() ? "" : e.getFile() + ": ";
    }

    private static String reason(FileSystemException e) {
        return e.getReason() == null ? "" : " (" + oneLine(e.getReason()) + ")";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
