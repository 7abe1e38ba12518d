package io.vikingfs.object;

import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.object.client.ObjectStoreException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Every error the S3 backend reports, made in one place: each names the path and says what to do. */
final class ObjectErrors {
    private ObjectErrors() {
    }

    static NoSuchFileException noSuchFile(VPath path) {
        return new NoSuchFileException(path.toString(), null, "no such file or directory");
    }

    static NoSuchFileException noSuchFile(VPath path, String what) {
        return new NoSuchFileException(path.toString(), null, what);
    }

    static FileSystemException isDirectory(VPath path, String operation) {
        return new FileSystemException(path.toString(), null, operation + " needs a file but this is a directory; "
                + "nothing was changed — use a file path");
    }

    static NotDirectoryException notDirectory(VPath path) {
        return new NotDirectoryException(path.toString());
    }

    static FileSystemException parentIsFile(VPath path, VPath file, String operation) {
        return new FileSystemException(path.toString(), file.toString(), operation + " needs '" + file
                + "' to be a directory but it is a file; nothing was changed — choose another path");
    }

    static FileAlreadyExistsException alreadyExists(VPath path, String what) {
        return new FileAlreadyExistsException(path.toString(), null, what);
    }

    static DirectoryNotEmptyException notEmpty(VPath path) {
        return new DirectoryNotEmptyException(path.toString());
    }

    /**
     * Wraps a failure of the object store during {@code operation} on {@code path}: the library's exceptions
     * (which already name the path) pass through; a store error gets the path and the way out.
     */
    static IOException wrap(IOException e, String operation, VPath path, String store) {
        if (e instanceof FileSystemException || e instanceof InterruptedIOException) {
            return e;
        }
        // a store error already says what to do; anything else may have been cut short in transport
        String todo = e instanceof ObjectStoreException ? ""
                : " — it may or may not have taken effect: re-read before retrying (a retried append may store its"
                + " records twice)";
        return new VikingFsException(path.toString(), operation + " failed on " + store + ": " + e.getMessage()
                + todo, e);
    }
}
