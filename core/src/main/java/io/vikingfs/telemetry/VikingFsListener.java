package io.vikingfs.telemetry;

import java.util.Objects;

/**
 * Receives what a store does: operations (from an {@link ObservedVikingFs}), flushes and lock waits (from the local
 * and memory backends), object-store requests, retries and audit verdicts (from the S3 backend). Attach one with
 * {@link Telemetry#observe}.
 *
 * <p>Every method has an empty default: implement only what you need. Methods are called on the thread that did
 * the work, often inside the store's hot path (a flush leader, an appender waiting for a lock), so they must be
 * quick, thread-safe and must not throw — a listener that throws is a bug in the listener, and the exception
 * reaches the caller of the store operation. A listener must not call back into the store.
 *
 * <p>Paths are strings for display: an operation's store path ({@code sessions/s1/log.jsonl}); for flushes and
 * lock waits the backend's own file ({@code /var/lib/agent/sessions/s1/log.jsonl}, its {@code .vfs-lock} file).
 */
public interface VikingFsListener {
    /** Does nothing. */
    VikingFsListener NONE = new VikingFsListener() {
        @Override
        public String toString() {
            return "VikingFsListener.NONE";
        }
    };

    /**
     * An operation returned or threw.
     *
     * @param records for {@link Operation#APPEND}, the records of the batch; otherwise 0
     * @param failure what it threw, or {@code null} if it returned
     */
    default void operation(Operation operation, String path, long nanos, int records, Throwable failure) {
    }

    /**
     * A flush ({@code fsync}) ended.
     *
     * @param changes how many changes it made durable: append batches for a log file, entry changes for a directory
     *                (shared flushes cover many: group commit)
     * @param failed  whether it failed (durability is then lost for that file or directory)
     */
    default void flush(FlushKind kind, String path, long nanos, long changes, boolean failed) {
    }

    /** A thread waited {@code nanos} for a lock another thread held (reported only when it had to wait). */
    default void lockWait(String path, long nanos) {
    }

    /**
     * One object-store request ended (after its retries).
     *
     * @param request {@code get}, {@code head}, {@code put}, {@code list}, {@code copy} or {@code delete}
     * @param error   {@code null} if it succeeded, else its kind: {@code precondition_failed} (412),
     *                {@code conflict} (409), {@code not_found}, {@code http_<status>}, {@code io} (no answer)
     */
    default void objectRequest(String request, String error) {
    }

    /** An object-store request failed transiently and will be sent again; {@code reason} as in {@link #objectRequest}. */
    default void objectRetry(String request, String reason) {
    }

    /**
     * The store audit's verdict on one guarantee of the store (S3 only), reported when the listener is attached.
     *
     * @param verdict {@code full}, {@code weaker} or {@code unsupported}
     */
    default void auditVerdict(String guarantee, String verdict) {
    }

    /** A listener calling {@code first}, then {@code second}. */
    static VikingFsListener both(VikingFsListener first, VikingFsListener second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first == NONE) {
            return second;
        }
        if (second == NONE) {
            return first;
        }
        return new VikingFsListener() {
            @Override
            public void operation(Operation operation, String path, long nanos, int records, Throwable failure) {
                first.operation(operation, path, nanos, records, failure);
                second.operation(operation, path, nanos, records, failure);
            }

            @Override
            public void flush(FlushKind kind, String path, long nanos, long changes, boolean failed) {
                first.flush(kind, path, nanos, changes, failed);
                second.flush(kind, path, nanos, changes, failed);
            }

            @Override
            public void lockWait(String path, long nanos) {
                first.lockWait(path, nanos);
                second.lockWait(path, nanos);
            }

            @Override
            public void objectRequest(String request, String error) {
                first.objectRequest(request, error);
                second.objectRequest(request, error);
            }

            @Override
            public void objectRetry(String request, String reason) {
                first.objectRetry(request, reason);
                second.objectRetry(request, reason);
            }

            @Override
            public void auditVerdict(String guarantee, String verdict) {
                first.auditVerdict(guarantee, verdict);
                second.auditVerdict(guarantee, verdict);
            }

            @Override
            public String toString() {
                return first + " + " + second;
            }
        };
    }
}
