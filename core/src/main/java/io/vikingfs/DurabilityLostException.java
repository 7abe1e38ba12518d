package io.vikingfs;

/**
 * A flush to stable storage failed. The data it covered may be lost at the next power loss, and the OS may
 * already have dropped the dirty pages, so retrying the flush proves nothing: the instance refuses further
 * writes to what it could not sync (the path, or the whole store for a directory sync) until it is reopened
 * and recovery has run.
 */
public final class DurabilityLostException extends VikingFsException {
    private static final long serialVersionUID = 1L;

    public DurabilityLostException(String path, String reason, Throwable cause) {
        super(path, reason + "; writes to it are refused until the store is reopened (recovery then checks it)", cause);
    }
}
