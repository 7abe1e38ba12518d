package io.vikingfs.object.client;

import io.vikingfs.VikingFsException;

/**
 * An object's body did not match the checksum stored with it (or the MD5 its ETag is) on every attempt to read
 * it: the store returned damaged or partly written bytes. Nothing of the body was returned to the caller.
 *
 * <p>A {@link VikingFsException} (not a transport {@link ObjectStoreException}): the request succeeded but its
 * answer cannot be trusted. {@link #getFile()} is the object key.
 */
public final class CorruptObjectException extends VikingFsException {
    private static final long serialVersionUID = 1L;

    /**
     * @param key      the object key
     * @param store    the store, as {@link ObjectClient#describe()} says it
     * @param attempts how many GETs were made
     * @param mismatch what the last one returned against what was expected
     */
    public CorruptObjectException(String key, String store, int attempts, String mismatch) {
        super(key, "the body " + store + " returned does not match its checksum on " + attempts + " reads ("
                + mismatch + "); nothing was returned. A write racing the read on a store that serves partly"
                + " written objects clears on its own: retry the read. If it persists the object is damaged in the"
                + " store: restore it from a backup or write the file again");
    }
}
