package io.vikingfs.local;

import io.vikingfs.VikingFsException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Translates the disk's errors at the backend's edge: the same {@code java.nio.file} exception type, naming the
 * store path (never the absolute disk path) and saying what to do, with the original as the cause. Errors that
 * already name a store path (the library's own, or ones the protocols built) pass through unchanged.
 */
final class ErrorMap {
    private final String diskRoot;

    ErrorMap(String diskRoot) {
        this.diskRoot = diskRoot;
    }

    IOException map(String path, IOException e) {
        return map(path, null, e);
    }

    IOException map(String path, String other, IOException e) {
        if (e instanceof VikingFsException || e instanceof InterruptedIOException) {
            return e;
        }
        if (e instanceof FileSystemException f && (f.getFile() == null || !f.getFile().startsWith(diskRoot))) {
            return e;
        }
        IOException mapped;
        if (e instanceof NoSuchFileException) {
            mapped = new NoSuchFileException(path, other, "no such file or directory in the store; check the path");
        } else if (e instanceof FileAlreadyExistsException) {
            mapped = new FileAlreadyExistsException(path, other, "already exists; pick another name or remove it first");
        } else if (e instanceof DirectoryNotEmptyException) {
            mapped = new DirectoryNotEmptyException(path);
        } else if (e instanceof NotDirectoryException) {
            mapped = new NotDirectoryException(path);
        } else if (e instanceof AccessDeniedException) {
            mapped = new AccessDeniedException(path, other,
                    "permission denied; check the owner and permissions of the store's folder");
        } else if (e instanceof FileSystemException f) {
            mapped = new FileSystemException(path, other, f.getReason() + " (disk error; the store is unchanged"
                    + " unless the operation's crash guarantee says otherwise)");
        } else {
            mapped = new VikingFsException(path, "I/O error: " + e + "; check the disk and retry");
        }
        mapped.initCause(e);
        return mapped;
    }
}
