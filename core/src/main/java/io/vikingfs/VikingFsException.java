package io.vikingfs;

import java.nio.file.FileSystemException;

/**
 * Base of the library's own errors. Like the {@code java.nio.file} exceptions it sits beside
 * ({@code NoSuchFileException}, {@code FileAlreadyExistsException}, {@code DirectoryNotEmptyException}, …), it
 * names the path ({@link #getFile()}) and says what failed and what to do ({@link #getReason()}).
 */
public class VikingFsException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    public VikingFsException(String path, String reason) {
        super(path, null, reason);
    }

    public VikingFsException(String path, String reason, Throwable cause) {
        super(path, null, reason);
        initCause(cause);
    }
}
