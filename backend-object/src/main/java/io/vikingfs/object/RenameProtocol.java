package io.vikingfs.object;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.object.Namespace.Kind;
import io.vikingfs.object.Namespace.Node;
import io.vikingfs.object.Resolver.Location;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;

import java.io.IOException;

/**
 * {@code rename} of a file on S3: there is no rename, so the bytes are written whole to {@code dst} (create-only
 * unless replacing, so a racing creator is never overwritten), then {@code src} is deleted. After any crash the
 * bytes are intact at {@code src}, at {@code dst}, or at both — never at neither, never torn (R1); not at
 * exactly one, so {@link Capability#ATOMIC_FILE_RENAME} is not declared. A directory is refused: moving a tree
 * object by object is neither atomic nor safe against a crash — {@code switchDirectory} is.
 */
final class RenameProtocol {
    private final Namespace ns;
    private final Capabilities capabilities;
    private final FileDeletes deletes;

    RenameProtocol(Namespace ns, Capabilities capabilities, FileDeletes deletes) {
        this.ns = ns;
        this.capabilities = capabilities;
        this.deletes = deletes;
    }

    /** Deletes one file node (plain or log), keeping its directory. */
    @FunctionalInterface
    interface FileDeletes {
        void deleteFile(Node node) throws IOException;
    }

    void rename(VPath src, VPath dst, RenameOptions options, LogProtocol logs) throws IOException {
        if (src.isRoot() || dst.isRoot()) {
            throw ObjectErrors.isDirectory(src.isRoot() ? src : dst, "rename");
        }
        Node from = ns.lookup(src);
        if (from.kind() == Kind.MISSING) {
            throw ObjectErrors.noSuchFile(src, "rename source does not exist; nothing was changed");
        }
        if (from.kind() == Kind.DIRECTORY) {
            capabilities.require(Capability.DIRECTORY_RENAME, "rename of a directory", src,
                    "use switchDirectory(staged, live) to replace a directory atomically on S3");
        }
        if (src.equals(dst)) {
            return;
        }
        byte[] bytes = ns.content(from).orElseThrow(() -> ObjectErrors.noSuchFile(src,
                "rename source vanished while being read; nothing was changed"));
        Node to = ns.lookup(dst);
        if (to.kind() == Kind.DIRECTORY) {
            throw ObjectErrors.alreadyExists(dst, "rename target is a directory, which a file never replaces; "
                    + "nothing was changed — choose a file path");
        }
        if (to.isFile() && !options.replace()) {
            throw ObjectErrors.alreadyExists(dst, "rename target exists; nothing was changed — pass replace to overwrite it");
        }
        if (to.kind() == Kind.LOG) {
            logs.replace(dst, to, bytes, io.vikingfs.Precondition.none());
        } else {
            Location loc = to.kind() == Kind.MISSING ? ns.checkCreatable(dst, "rename") : to.loc();
            try {
                ns.client.put(loc.key(), bytes, options.replace() ? PutMode.OVERWRITE : PutMode.CREATE);
            } catch (ObjectPreconditionFailedException raced) {
                throw ObjectErrors.alreadyExists(dst, "rename target was created by someone else meanwhile; "
                        + "nothing was changed — pass replace to overwrite it");
            }
        }
        deletes.deleteFile(from);
    }
}
