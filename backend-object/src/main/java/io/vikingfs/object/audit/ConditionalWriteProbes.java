package io.vikingfs.object.audit;

import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectConflictException;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.ObjectStoreException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Measures create-only ({@code If-None-Match: *}) and compare-and-swap ({@code If-Match}) PUTs: first one request
 * at a time (is a write that must be refused refused?), then under a race (does exactly one of the racers win?).
 */
final class ConditionalWriteProbes {
    /**
     * Padding that makes each racing PUT's body long enough for a check-then-act server to show its window:
     * against S3Proxy's HEAD-then-PUT, 128 KiB bodies showed several winners in 25–40% of rounds, 32 KiB in 5–15%.
     */
    private static final int RACE_BODY_BYTES = 128 * 1024;
    /** Create-only races need less: a check-then-act store's window is there whatever the body. */
    private static final int CREATE_BODY_BYTES = 16 * 1024;

    private final ObjectClient client;
    private final Scratch scratch;
    private final AuditOptions options;
    private final ExecutorService executor;

    ConditionalWriteProbes(ObjectClient client, Scratch scratch, AuditOptions options, ExecutorService executor) {
        this.client = client;
        this.scratch = scratch;
        this.options = options;
        this.executor = executor;
    }

    static boolean refusal(Exception e) {
        return e instanceof ObjectPreconditionFailedException || e instanceof ObjectConflictException;
    }

    /** The store said it does not implement the header (501, or 400 to a condition it cannot parse). */
    static boolean notImplemented(Exception e) {
        return e instanceof FeatureRefusedException
                || e instanceof ObjectStoreException s && (s.status() == 501 || s.status() == 400);
    }

    Measurement createOnlySequential() {
        String key = scratch.key("create-only/sequential");
        try {
            byte[] first = bytes("first");
            try {
                client.put(key, first, PutMode.CREATE);
            } catch (IOException e) {
                if (notImplemented(e)) {
                    return new Measurement(Primitive.CREATE_ONLY_PUT, Outcome.REFUSED,
                            "a create-only PUT of a fresh key was refused as unsupported: " + e.getMessage(), Map.of());
                }
                throw e;
            }
            try {
                client.put(key, bytes("second"), PutMode.CREATE);
            } catch (IOException e) {
                if (!refusal(e)) {
                    throw e;
                }
                boolean intact = content(key).map(d -> Arrays.equals(d, first)).orElse(false);
                return intact
                        ? new Measurement(Primitive.CREATE_ONLY_PUT, Outcome.OK, "a second create-only PUT was refused ("
                        + e.getClass().getSimpleName() + ") and the object kept its content", Map.of("refused", 1L))
                        : new Measurement(Primitive.CREATE_ONLY_PUT, Outcome.WRONG,
                        "a second create-only PUT was refused, yet the object's content changed", Map.of("refused", 1L));
            }
            return new Measurement(Primitive.CREATE_ONLY_PUT, Outcome.IGNORED,
                    "a create-only PUT on an existing key succeeded and replaced the object", Map.of("refused", 0L));
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.CREATE_ONLY_PUT, e);
        }
    }

    Measurement createOnlyRace() {
        int keys = options.raceKeys();
        int writers = options.racers();
        long oneWinner = 0;
        long severalWinners = 0;
        long noWinner = 0;
        long maxWinners = 0;
        long errors = 0;
        long overwrittenWinners = 0;
        long emptyKeys = 0;
        try {
            for (int k = 0; k < keys; k++) {
                String key = scratch.key("create-only/race-" + k);
                int kk = k;
                List<Race.Result<ObjectMeta>> results = Race.run(executor, writers, (i, align) -> {
                    byte[] body = racerBody("key " + kk + " writer " + i, CREATE_BODY_BYTES);
                    align.await();
                    return client.put(key, body, PutMode.CREATE);
                });
                int winners = 0;
                boolean[] won = new boolean[writers];
                for (int i = 0; i < writers; i++) {
                    Race.Result<ObjectMeta> r = results.get(i);
                    if (r.ok()) {
                        winners++;
                        won[i] = true;
                    } else if (!refusal(r.error())) {
                        errors++;
                    }
                }
                Optional<byte[]> finalBody = content(key);
                if (finalBody.isEmpty()) {
                    emptyKeys++;
                }
                for (int i = 0; i < writers; i++) {
                    String who = "key " + kk + " writer " + i;
                    if (won[i] && !finalBody.map(d -> isBodyOf(d, who)).orElse(false)) {
                        overwrittenWinners++; // told "you created it", yet another racer's bytes are there
                    }
                }
                maxWinners = Math.max(maxWinners, winners);
                if (winners == 1) {
                    oneWinner++;
                } else if (winners > 1) {
                    severalWinners++;
                } else {
                    noWinner++;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.CREATE_ONLY_RACE, e);
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("keys", (long) keys);
        c.put("writersPerKey", (long) writers);
        c.put("keysWithOneWinner", oneWinner);
        c.put("keysWithSeveralWinners", severalWinners);
        c.put("keysWithNoWinner", noWinner);
        c.put("maxWinners", maxWinners);
        c.put("overwrittenWinners", overwrittenWinners);
        c.put("keysLeftEmpty", emptyKeys);
        c.put("errors", errors);
        String detail = keys + " keys × " + writers + " racing writers: " + oneWinner + " keys with exactly one winner, "
                + severalWinners + " with several (at most " + maxWinners + "), " + overwrittenWinners
                + " winners overwritten, " + errors + " errors";
        Outcome o;
        if (errors == (long) keys * writers) {
            o = Outcome.FAILED;
        } else if (severalWinners > 0 || overwrittenWinners > 0) {
            o = Outcome.NOT_ATOMIC;
        } else if (emptyKeys > 0) {
            o = Outcome.WRONG;
            detail += "; " + emptyKeys + " keys had no object after the race";
        } else {
            o = Outcome.OK;
        }
        return new Measurement(Primitive.CREATE_ONLY_RACE, o, detail, c);
    }

    Measurement ifMatchSequential() {
        String key = scratch.key("if-match/sequential");
        try {
            ObjectMeta v1 = client.put(key, bytes("v1"), PutMode.OVERWRITE);
            ObjectMeta v2;
            try {
                v2 = client.put(key, bytes("v2"), PutMode.update(v1.etag()));
            } catch (IOException e) {
                Outcome o = notImplemented(e) ? Outcome.REFUSED : refusal(e) ? Outcome.WRONG : Outcome.FAILED;
                return new Measurement(Primitive.IF_MATCH_PUT, o, "an If-Match PUT with the current ETag was "
                        + (o == Outcome.REFUSED ? "refused as unsupported: " : "refused: ") + e.getMessage(), Map.of());
            }
            long staleAccepted = 0;
            try {
                client.put(key, bytes("v3"), PutMode.update(v1.etag()));
                staleAccepted++;
            } catch (IOException e) {
                if (!refusal(e)) {
                    throw e;
                }
            }
            long absentAccepted = 0;
            String absent = scratch.key("if-match/absent");
            try {
                client.put(absent, bytes("x"), PutMode.update(v2.etag()));
                absentAccepted++;
            } catch (IOException e) {
                // Refused, whatever the status (412 or 404): what matters is that no object was created.
                absentAccepted += client.head(absent).isPresent() ? 1 : 0;
            }
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("staleAccepted", staleAccepted);
            c.put("absentAccepted", absentAccepted);
            if (staleAccepted > 0 || absentAccepted > 0) {
                return new Measurement(Primitive.IF_MATCH_PUT, Outcome.IGNORED, (staleAccepted > 0
                        ? "an If-Match PUT with a stale ETag replaced the object" : "")
                        + (staleAccepted > 0 && absentAccepted > 0 ? "; " : "")
                        + (absentAccepted > 0 ? "an If-Match PUT on a missing key created it" : ""), c);
            }
            boolean intact = content(key).map(d -> Arrays.equals(d, bytes("v2"))).orElse(false);
            return intact
                    ? new Measurement(Primitive.IF_MATCH_PUT, Outcome.OK,
                    "stale ETag refused, current ETag accepted, missing key refused", c)
                    : new Measurement(Primitive.IF_MATCH_PUT, Outcome.WRONG,
                    "a stale If-Match PUT was refused, yet the object's content changed", c);
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.IF_MATCH_PUT, e);
        }
    }

    /**
     * Rounds of read-modify-write increments of one counter: in each round every racer GETs the counter, all line
     * up, then all PUT value+1 with {@code If-Match} of what they read. An atomic store lets one per round win.
     */
    Measurement ifMatchRace() {
        int rounds = options.ifMatchRounds();
        int writers = options.racers();
        String key = scratch.key("if-match/counter");
        long increments = 0;
        long severalWinners = 0;
        long maxWinners = 0;
        long errors = 0;
        try {
            client.put(key, counterBody(0, -1, -1), PutMode.OVERWRITE);
            for (int r = 0; r < rounds; r++) {
                int round = r;
                // One read serves every racer: each write is still based on a read made before any racer wrote,
                // which is all a read-modify-write race needs, at a sixteenth of the GETs.
                StoredObject current = client.get(key).orElseThrow(() -> new IOException(key + " vanished"));
                long value = counterValue(current.data());
                List<Race.Result<ObjectMeta>> results = Race.run(executor, writers, (i, align) -> {
                    byte[] next = counterBody(value + 1, round, i);
                    align.await();
                    return client.put(key, next, PutMode.update(current.meta().etag()));
                });
                int winners = 0;
                for (Race.Result<ObjectMeta> res : results) {
                    if (res.ok()) {
                        winners++;
                    } else if (!refusal(res.error())) {
                        errors++;
                    }
                }
                increments += winners;
                maxWinners = Math.max(maxWinners, winners);
                severalWinners += winners > 1 ? 1 : 0;
            }
            long finalValue = counterValue(client.get(key).orElseThrow(() -> new IOException(key + " vanished")).data());
            long lost = increments - finalValue;
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("rounds", (long) rounds);
            c.put("writersPerRound", (long) writers);
            c.put("acknowledgedIncrements", increments);
            c.put("finalValue", finalValue);
            c.put("lostUpdates", lost);
            c.put("roundsWithSeveralWinners", severalWinners);
            c.put("maxWinners", maxWinners);
            c.put("errors", errors);
            String detail = rounds + " rounds × " + writers + " racing read-modify-write increments: "
                    + increments + " acknowledged, counter at " + finalValue + ", " + lost + " lost updates, "
                    + severalWinners + " rounds with several winners (at most " + maxWinners + "), " + errors + " errors";
            Outcome o;
            if (errors == (long) rounds * writers) {
                o = Outcome.FAILED;
            } else if (lost > 0 || severalWinners > 0) {
                o = Outcome.NOT_ATOMIC;
            } else if (increments == 0) {
                o = Outcome.WRONG;
                detail += "; no increment ever succeeded";
            } else {
                o = Outcome.OK;
            }
            return new Measurement(Primitive.IF_MATCH_RACE, o, detail, c);
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.IF_MATCH_RACE, e);
        }
    }

    private Optional<byte[]> content(String key) throws IOException {
        return client.get(key).map(StoredObject::data);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] racerBody(String who, int padding) {
        byte[] head = bytes(who + "\n");
        byte[] body = Arrays.copyOf(head, head.length + padding);
        Arrays.fill(body, head.length, body.length, (byte) '.');
        return body;
    }

    private static boolean isBodyOf(byte[] data, String who) {
        byte[] head = bytes(who + "\n");
        return data.length >= head.length && Arrays.equals(Arrays.copyOf(data, head.length), head);
    }

    /** "value round writer\n" then padding: unique per writer, so ETags never repeat (no ABA). */
    private static byte[] counterBody(long value, int round, int writer) {
        return racerBody(value + " " + round + " " + writer, RACE_BODY_BYTES);
    }

    private static long counterValue(byte[] data) throws IOException {
        String s = new String(data, 0, Math.min(data.length, 64), StandardCharsets.UTF_8);
        try {
            return Long.parseLong(s.substring(0, s.indexOf(' ')));
        } catch (RuntimeException e) {
            throw new IOException("store audit: the counter object holds bytes no racer wrote: '" + s + "'", e);
        }
    }
}
