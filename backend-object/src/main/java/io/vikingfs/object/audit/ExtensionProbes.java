package io.vikingfs.object.audit;

import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures the requests sent through {@link AuditProbes}: conditional PUTs overtaken while held open,
 * conditional multipart complete, conditional delete, copy with a destination precondition, and an append header
 * the store should refuse. Without probes each is {@link Outcome#NOT_PROBED}.
 */
final class ExtensionProbes {
    /** S3's minimum size of every part but the last. */
    private static final int PART = 5 * 1024 * 1024;
    /** Held-open rounds per condition: one lost update proves the defect; three rule out a fluke refusal. */
    private static final int HELD_OPEN_ROUNDS = 3;
    /**
     * How long round 0 holds its PUT open; each later round doubles it (200, 400, 800 ms). S3Proxy takes and checks
     * a request in well under a millisecond, but on a loaded machine the server's thread may not run at once: a
     * hold that ended before the check would let the overtaking write go first and hide the defect.
     */
    private static final java.time.Duration FIRST_HOLD = java.time.Duration.ofMillis(200);
    private static final int HELD_OPEN_BODY = 64 * 1024;
    private static final String NO_PROBES = "this client sends only the ObjectClient requests (no AuditProbes given)";

    private final ObjectClient client;
    private final Optional<AuditProbes> probes;
    private final Scratch scratch;

    ExtensionProbes(ObjectClient client, Optional<AuditProbes> probes, Scratch scratch) {
        this.client = client;
        this.probes = probes;
        this.scratch = scratch;
    }

    /** A create-only PUT held open while another create-only PUT of the same fresh key goes through. */
    Measurement createOnlyHeldOpen() {
        return heldOpen(Primitive.CREATE_ONLY_HELD_OPEN, "If-None-Match: *", (key, round) -> PutMode.CREATE);
    }

    /** An If-Match PUT held open while another If-Match PUT with the same ETag goes through. */
    Measurement ifMatchHeldOpen() {
        return heldOpen(Primitive.IF_MATCH_HELD_OPEN, "If-Match", (key, round) -> PutMode.update(
                client.put(key, ConditionalWriteProbes.bytes("base " + round), PutMode.OVERWRITE).etag()));
    }

    /** Prepares a round's key and returns the condition both writers send. */
    private interface Condition {
        PutMode prepare(String key, int round) throws IOException;
    }

    /**
     * Each round: writer A sends its conditional PUT and holds it open mid-body; meanwhile writer B sends the same
     * condition and completes; then A finishes. An atomic store acknowledges at most one of them, and the object
     * holds the acknowledged writer's bytes.
     */
    private Measurement heldOpen(Primitive p, String header, Condition condition) {
        if (probes.isEmpty()) {
            return Measurement.notProbed(p, NO_PROBES);
        }
        long bothWon = 0;
        long oneWon = 0;
        long noneWon = 0;
        long wrongBytes = 0;
        try {
            for (int round = 0; round < HELD_OPEN_ROUNDS; round++) {
                String key = scratch.key("held-open/" + p.name().toLowerCase(java.util.Locale.ROOT) + "-" + round);
                PutMode mode = condition.prepare(key, round);
                byte[] a = padded("A " + round);
                byte[] b = padded("B " + round);
                boolean[] bWon = {false};
                boolean aWon;
                try {
                    probes.get().putHeldOpen(key, a, mode, FIRST_HOLD.multipliedBy(1L << round), () -> {
                        try {
                            client.put(key, b, mode);
                            bWon[0] = true;
                        } catch (IOException e) {
                            if (!ConditionalWriteProbes.refusal(e)) {
                                throw e;
                            }
                        }
                    });
                    aWon = true;
                } catch (IOException e) {
                    if (e instanceof FeatureRefusedException && !bWon[0]) {
                        return new Measurement(p, Outcome.REFUSED, e.getMessage(), Map.of());
                    }
                    if (!ConditionalWriteProbes.refusal(e)) {
                        throw e;
                    }
                    aWon = false;
                }
                byte[] now = content(key).orElse(new byte[0]);
                if (aWon && bWon[0]) {
                    bothWon++;
                } else if (aWon || bWon[0]) {
                    oneWon++;
                    wrongBytes += Arrays.equals(now, aWon ? a : b) ? 0 : 1;
                } else {
                    noneWon++;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(p, e);
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("rounds", (long) HELD_OPEN_ROUNDS);
        c.put("roundsBothAcknowledged", bothWon);
        c.put("roundsOneAcknowledged", oneWon);
        c.put("roundsNoneAcknowledged", noneWon);
        c.put("winnerOverwritten", wrongBytes);
        String detail = HELD_OPEN_ROUNDS + " rounds of a PUT with " + header + " held open mid-body while another with"
                + " the same condition completed: " + bothWon + " with both acknowledged (" + bothWon + " lost updates), " + oneWon
                + " with one, " + noneWon + " with none";
        Outcome o = bothWon > 0 ? Outcome.NOT_ATOMIC
                : wrongBytes > 0 || oneWon == 0 ? Outcome.WRONG
                : Outcome.OK;
        return new Measurement(p, o, wrongBytes > 0 ? detail + "; " + wrongBytes + " rounds kept a refused writer's bytes"
                : detail, c);
    }

    private static byte[] padded(String head) {
        byte[] h = ConditionalWriteProbes.bytes(head + "\n");
        byte[] out = Arrays.copyOf(h, HELD_OPEN_BODY);
        Arrays.fill(out, h.length, out.length, (byte) '.');
        return out;
    }

    Measurement multipartCreateOnly() {
        if (probes.isEmpty()) {
            return Measurement.notProbed(Primitive.MULTIPART_CREATE_ONLY, NO_PROBES);
        }
        String key = scratch.key("multipart/object");
        try {
            byte[] big = new byte[PART];
            Arrays.fill(big, (byte) 'm');
            ObjectMeta first;
            try {
                first = probes.get().multipartPut(key, List.of(big, ConditionalWriteProbes.bytes("first")), PutMode.CREATE);
            } catch (FeatureRefusedException e) {
                return new Measurement(Primitive.MULTIPART_CREATE_ONLY, Outcome.REFUSED, e.getMessage(), Map.of());
            }
            try {
                probes.get().multipartPut(key, List.of(big, ConditionalWriteProbes.bytes("second")), PutMode.CREATE);
            } catch (IOException e) {
                if (!ConditionalWriteProbes.refusal(e) && !(e instanceof FeatureRefusedException)) {
                    throw e;
                }
                boolean intact = client.head(key).map(m -> m.etag().equals(first.etag())).orElse(false);
                return intact
                        ? new Measurement(Primitive.MULTIPART_CREATE_ONLY, Outcome.OK, "completing a second upload"
                        + " onto an existing key was refused (" + e.getClass().getSimpleName() + ")", Map.of("refused", 1L))
                        : new Measurement(Primitive.MULTIPART_CREATE_ONLY, Outcome.WRONG,
                        "a second complete was refused, yet the object changed", Map.of("refused", 1L));
            }
            return new Measurement(Primitive.MULTIPART_CREATE_ONLY, Outcome.IGNORED,
                    "a create-only multipart complete on an existing key replaced the object", Map.of("refused", 0L));
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.MULTIPART_CREATE_ONLY, e);
        }
    }

    Measurement conditionalDelete() {
        if (probes.isEmpty()) {
            return Measurement.notProbed(Primitive.CONDITIONAL_DELETE, NO_PROBES);
        }
        String key = scratch.key("delete/object");
        try {
            ObjectMeta v1 = client.put(key, ConditionalWriteProbes.bytes("v1"), PutMode.OVERWRITE);
            ObjectMeta v2 = client.put(key, ConditionalWriteProbes.bytes("v2"), PutMode.OVERWRITE);
            try {
                probes.get().deleteIfMatch(key, v1.etag());
            } catch (FeatureRefusedException e) {
                return survived(key, v2) ? new Measurement(Primitive.CONDITIONAL_DELETE, Outcome.REFUSED, e.getMessage(),
                        Map.of()) : wrong(Primitive.CONDITIONAL_DELETE, "refused as unsupported, yet the object is gone");
            } catch (IOException e) {
                if (!ConditionalWriteProbes.refusal(e)) {
                    throw e;
                }
                if (!survived(key, v2)) {
                    return wrong(Primitive.CONDITIONAL_DELETE, "a delete with a stale ETag was refused, yet the object is gone");
                }
                probes.get().deleteIfMatch(key, v2.etag());
                return client.head(key).isEmpty()
                        ? new Measurement(Primitive.CONDITIONAL_DELETE, Outcome.OK,
                        "a stale ETag was refused; the current ETag deleted the object", Map.of("staleDeleted", 0L))
                        : wrong(Primitive.CONDITIONAL_DELETE, "a delete with the current ETag left the object in place");
            }
            return client.head(key).isEmpty()
                    ? new Measurement(Primitive.CONDITIONAL_DELETE, Outcome.IGNORED,
                    "a delete with a stale If-Match ETag removed the current object", Map.of("staleDeleted", 1L))
                    : wrong(Primitive.CONDITIONAL_DELETE, "a delete with a stale ETag reported success but left the object");
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.CONDITIONAL_DELETE, e);
        }
    }

    Measurement copyIfAbsent() {
        if (probes.isEmpty()) {
            return Measurement.notProbed(Primitive.COPY_IF_ABSENT, NO_PROBES);
        }
        String src = scratch.key("copy/source");
        String dst = scratch.key("copy/destination");
        String fresh = scratch.key("copy/fresh");
        try {
            client.put(src, ConditionalWriteProbes.bytes("source"), PutMode.OVERWRITE);
            ObjectMeta old = client.put(dst, ConditionalWriteProbes.bytes("destination"), PutMode.OVERWRITE);
            try {
                probes.get().copyIfAbsent(src, dst);
            } catch (FeatureRefusedException e) {
                return survived(dst, old) ? new Measurement(Primitive.COPY_IF_ABSENT, Outcome.REFUSED, e.getMessage(),
                        Map.of()) : wrong(Primitive.COPY_IF_ABSENT, "refused as unsupported, yet the destination changed");
            } catch (IOException e) {
                if (!ConditionalWriteProbes.refusal(e)) {
                    throw e;
                }
                if (!survived(dst, old)) {
                    return wrong(Primitive.COPY_IF_ABSENT, "the copy was refused, yet the destination changed");
                }
                probes.get().copyIfAbsent(src, fresh);
                return content(fresh).map(d -> Arrays.equals(d, ConditionalWriteProbes.bytes("source"))).orElse(false)
                        ? new Measurement(Primitive.COPY_IF_ABSENT, Outcome.OK, "a copy onto an existing destination was"
                        + " refused; onto a free one it succeeded", Map.of("overwritten", 0L))
                        : wrong(Primitive.COPY_IF_ABSENT, "a copy onto a free destination did not produce the source's bytes");
            }
            return survived(dst, old)
                    ? wrong(Primitive.COPY_IF_ABSENT, "the copy reported success but left the destination unchanged")
                    : new Measurement(Primitive.COPY_IF_ABSENT, Outcome.IGNORED,
                    "a copy with If-None-Match: * overwrote an existing destination", Map.of("overwritten", 1L));
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.COPY_IF_ABSENT, e);
        }
    }

    Measurement unsupportedHeader() {
        if (probes.isEmpty()) {
            return Measurement.notProbed(Primitive.UNSUPPORTED_HEADER, NO_PROBES);
        }
        String key = scratch.key("append/object");
        byte[] base = ConditionalWriteProbes.bytes("AAAA");
        byte[] tail = ConditionalWriteProbes.bytes("BBBB");
        try {
            ObjectMeta before = client.put(key, base, PutMode.OVERWRITE);
            try {
                probes.get().putAtWriteOffset(key, tail, base.length);
            } catch (IOException e) {
                if (!(e instanceof FeatureRefusedException) && !ConditionalWriteProbes.refusal(e)) {
                    throw e;
                }
                return survived(key, before)
                        ? new Measurement(Primitive.UNSUPPORTED_HEADER, Outcome.REFUSED, "an append at offset "
                        + base.length + " was refused and the object kept its bytes: " + e.getMessage(), Map.of())
                        : wrong(Primitive.UNSUPPORTED_HEADER, "an append was refused, yet the object changed");
            }
            byte[] now = content(key).orElse(new byte[0]);
            byte[] appended = ConditionalWriteProbes.bytes("AAAABBBB");
            if (Arrays.equals(now, appended)) {
                return new Measurement(Primitive.UNSUPPORTED_HEADER, Outcome.OK,
                        "the store supports appends: the object became AAAA+BBBB", Map.of("replaced", 0L));
            }
            return wrong(Primitive.UNSUPPORTED_HEADER, "an append at offset " + base.length + " was accepted and "
                    + (Arrays.equals(now, tail) ? "silently REPLACED the object with the appended bytes"
                    : "left " + now.length + " unexpected bytes"));
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.UNSUPPORTED_HEADER, e);
        }
    }

    private boolean survived(String key, ObjectMeta meta) throws IOException {
        return client.head(key).map(m -> m.etag().equals(meta.etag())).orElse(false);
    }

    private Optional<byte[]> content(String key) throws IOException {
        return client.get(key).map(StoredObject::data);
    }

    private static Measurement wrong(Primitive p, String detail) {
        return new Measurement(p, Outcome.WRONG, detail, Map.of());
    }
}
