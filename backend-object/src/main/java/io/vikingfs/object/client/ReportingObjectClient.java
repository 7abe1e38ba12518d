package io.vikingfs.object.client;

import io.vikingfs.telemetry.Telemetry;
import io.vikingfs.telemetry.VikingFsListener;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * Reports each request to a store's {@link Telemetry} ({@link VikingFsListener#objectRequest}) with its outcome
 * — once per request as the protocols sent it, after any retries below. {@code ObjectVikingFs} puts one above its
 * client; a {@link RetryingObjectClient} below it reports its retries to the same hub.
 */
public final class ReportingObjectClient extends ForwardingObjectClient {
    private interface Request<T> {
        T send() throws IOException;
    }

    private final Telemetry telemetry;

    public ReportingObjectClient(ObjectClient delegate, Telemetry telemetry) {
        super(delegate);
        this.telemetry = telemetry;
        if (delegate instanceof RetryingObjectClient retrying) {
            retrying.reportRetriesTo(telemetry);
        }
    }

    /**
     * The kind of a failed request, as tags show it: {@code precondition_failed} (412), {@code conflict} (409),
     * {@code not_found}, {@code http_<status>}, {@code interrupted}, or {@code io} (no answer: timeout, dropped
     * connection, …).
     */
    public static String errorKind(IOException e) {
        if (e instanceof ObjectPreconditionFailedException) {
            return "precondition_failed";
        }
        if (e instanceof ObjectConflictException) {
            return "conflict";
        }
        if (e instanceof NoSuchFileException) {
            return "not_found";
        }
        if (e instanceof InterruptedIOException) {
            return "interrupted";
        }
        if (e instanceof ObjectStoreException s && s.status() != 0) {
            return "http_" + s.status();
        }
        return "io";
    }

    /**
     * The append requests of {@code client} reported to {@code telemetry} as {@code createAppendable},
     * {@code append} and {@code getFrom}; its other requests forwarded as they are (the caller reports those
     * through a {@link ReportingObjectClient}).
     */
    public static AppendableObjectClient reportingAppends(AppendableObjectClient client, Telemetry telemetry) {
        return new ForwardingAppendableObjectClient(client) {
            @Override
            public ObjectMeta createAppendable(String key, PutMode mode) throws IOException {
                return reported(telemetry, "createAppendable", () -> appendDelegate.createAppendable(key, mode));
            }

            @Override
            public Appended append(String key, byte[] block, long expectedLength) throws IOException {
                return reported(telemetry, "append", () -> appendDelegate.append(key, block, expectedLength));
            }

            @Override
            public Optional<StoredObject> getFrom(String key, long offset) throws IOException {
                return reported(telemetry, "getFrom", () -> appendDelegate.getFrom(key, offset));
            }
        };
    }

    private <T> T reported(String request, Request<T> send) throws IOException {
        return reported(telemetry, request, send);
    }

    private static <T> T reported(Telemetry telemetry, String request, Request<T> send) throws IOException {
        T result;
        try {
            result = send.send();
        } catch (IOException e) {
            telemetry.listener().objectRequest(request, errorKind(e));
            throw e;
        }
        telemetry.listener().objectRequest(request, null);
        return result;
    }

    @Override
    public Optional<StoredObject> get(String key) throws IOException {
        return reported("get", () -> delegate.get(key));
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        return reported("head", () -> delegate.head(key));
    }

    @Override
    public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
        return reported("put", () -> delegate.put(key, data, mode));
    }

    @Override
    public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
        return reported("list", () -> delegate.list(prefix, delimiter, startAfter, maxKeys));
    }

    @Override
    public ObjectMeta copy(String source, String destination) throws IOException {
        return reported("copy", () -> delegate.copy(source, destination));
    }

    @Override
    public void delete(String key) throws IOException {
        reported("delete", () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
