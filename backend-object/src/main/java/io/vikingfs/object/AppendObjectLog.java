package io.vikingfs.object;

import io.vikingfs.object.Blocks.Block;
import io.vikingfs.object.Keys.Kind;
import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.AppendableObjectClient.AppendLimitException;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The writes of a log kept in append objects (Azure's append blobs), one per position {@code L/s-n} of
 * {@link LogStore}'s layout. Records go into the highest segment as {@link Blocks} — one batch, one Append Block,
 * so a batch is never torn: the store adds a block whole or not at all. Each block is appended under the
 * append-position condition at the segment length the writer last saw; a writer that loses the race (412) reads
 * what landed since, and tries again at the new end — several writers in several processes share one log with no
 * lock of ours, and each writer's records keep its order.
 *
 * <p>A segment ends when it is full (the store refuses the block: {@link AppendLimitException}) or sealed by an
 * {@code end} block; writers then continue in the next segment, created create-only by whoever gets there first.
 * A replacement or a delete seals the highest segment and becomes the first block of the next one, so it
 * supersedes exactly what came before it: a block can never land after a seal, because every append is
 * conditional on a length the writer has parsed up to (an append at a length from a listing first checks that the
 * block ending there is no seal).
 *
 * <p><b>Lost answers.</b> After an append whose answer was lost (or refused with 412 after such an attempt) the
 * writer reads the segment from the position it appended at: its own block there (ids are unique) means it
 * landed — never sent twice; anything else means it did not land there, and since every attempt is conditional on
 * its own position it can never land later somewhere else — so a retry cannot duplicate it. Two writers
 * appending identical records are told apart by the block ids. If that check cannot be read either (the store
 * stays unreachable), the append fails with an error saying its outcome is unknown: the one residual ambiguity,
 * the same as any request whose answer never came.
 */
final class AppendObjectLog {
    /** Consecutive failed requests (no answer, 5xx) one append tolerates before it gives up. */
    private static final int MAX_FAILURES = 6;

    private final AppendableObjectClient client;

    AppendObjectLog(AppendableObjectClient client) {
        this.client = client;
    }

    /** The largest payload one block takes. */
    int maxPayload() {
        return client.maxBlockBytes() - Blocks.HEADER_BYTES;
    }

    /**
     * Appends {@code payload} as one {@code app} block at the end of the log; returns where it landed, or
     * {@code null} if a segment the listing showed is gone (the caller lists again).
     */
    LogStore.Claim append(LogStore.Listing listing, byte[] payload) throws IOException {
        byte[] block = Blocks.of(Kind.APP, payload);
        long n = Math.max(listing.max(), 1);
        Cursor at = listing.max() == 0 ? open(listing.prefix(), n) : atListedEnd(listing, n);
        Failures failures = new Failures();
        while (true) {
            if (at == null) {
                return null;
            }
            if (at.sealed) {
                n++;
                at = open(listing.prefix(), n);
                continue;
            }
            String key = listing.prefix() + Keys.segment(n);
            boolean full = false;
            try {
                return new LogStore.Claim(n, client.append(key, block, at.length).meta().etag());
            } catch (AppendLimitException limit) {
                // full — perhaps by our own earlier attempt, delayed in flight: check before moving on
                full = true;
            } catch (NoSuchFileException gone) {
                return null;
            } catch (ObjectPreconditionFailedException moved) {
                // another block came first — or our own earlier attempt, whose answer was lost
            } catch (IOException unknown) {
                failures.add(key, unknown);
            }
            Optional<StoredObject> since = read(key, at.length, failures);
            if (since.isEmpty() || since.get().meta().size() < at.length) {
                return null; // gone, or shorter than we saw: deleted and created again — list again
            }
            byte[] d = since.get().data();
            if (startsWith(d, block)) {
                return new LogStore.Claim(n, since.get().meta().etag()); // it landed: never send it again
            }
            at = new Cursor(at.length + d.length, full || Blocks.sealed(Blocks.parse(key, d, 0)));
        }
    }

    /**
     * Seals the highest segment and makes {@code kind}'s block the first of the next one.
     *
     * @param exact whether nothing may have changed since {@code listing} (a conditional replacement, a
     *              conversion): then the seal goes exactly at the listed length, and a segment someone else
     *              already began is a lost race ({@code null})
     * @return the claim, or {@code null} if {@code exact} and the log changed (or a listed segment is gone)
     */
    LogStore.Claim claim(LogStore.Listing listing, Kind kind, byte[] payload, boolean exact) throws IOException {
        byte[] first = Blocks.of(kind, payload);
        long n = listing.max();
        Cursor at = n == 0 ? new Cursor(0, true) : atListedEnd(listing, n);
        LogStore.Entry top = listing.widestEndingAt(n, n);
        // the length the listing saw: anything past it (landed since) makes an exact claim a lost race
        long listedLength = top == null ? 0 : top.meta().size();
        if (exact && at != null && at.length != listedLength) {
            return null; // blocks landed since the listing (a seal after them included)
        }
        Failures failures = new Failures();
        while (true) {
            if (at == null) {
                return null;
            }
            if (!at.sealed) {
                String key = listing.prefix() + Keys.segment(n);
                at = seal(key, at.length, failures);
                if (at == null || exact && (!at.sealed || at.length > listedLength + Blocks.HEADER_BYTES)) {
                    return null; // exact: only a seal right at the listed end (ours or a racing claim's) will do
                }
                continue;
            }
            n++;
            String key = listing.prefix() + Keys.segment(n);
            Cursor next = open(listing.prefix(), n);
            if (next == null) {
                return null;
            }
            if (next.length > 0) {
                if (exact) {
                    return null; // an appender (or another claim) began the next segment after the seal
                }
                at = next; // seal that one too and claim the one after
                continue;
            }
            while (true) {
                try {
                    return new LogStore.Claim(n, client.append(key, first, 0).meta().etag());
                } catch (ObjectPreconditionFailedException | AppendLimitException taken) {
                    // fall through to the check
                } catch (NoSuchFileException gone) {
                    return null;
                } catch (IOException unknown) {
                    failures.add(key, unknown);
                }
                Optional<StoredObject> now = read(key, 0, failures);
                if (now.isEmpty()) {
                    return null;
                }
                byte[] d = now.get().data();
                if (startsWith(d, first)) {
                    return new LogStore.Claim(n, now.get().meta().etag());
                }
                if (d.length > 0) {
                    if (exact) {
                        return null;
                    }
                    at = new Cursor(d.length, Blocks.sealed(Blocks.parse(key, d, 0)));
                    break;
                }
                // still empty: our attempt did not land; try again
            }
        }
    }

    /** Appends an {@code end} block at {@code length} (or finds the segment sealed by someone else). */
    private Cursor seal(String key, long length, Failures failures) throws IOException {
        byte[] end = Blocks.of(Kind.END, new byte[0]);
        long at = length;
        while (true) {
            try {
                client.append(key, end, at);
                return new Cursor(at + end.length, true);
            } catch (AppendLimitException full) {
                return new Cursor(at, true); // a full segment takes no more blocks: sealed as it is
            } catch (NoSuchFileException gone) {
                return null;
            } catch (ObjectPreconditionFailedException moved) {
                // fall through to the check
            } catch (IOException unknown) {
                failures.add(key, unknown);
            }
            Optional<StoredObject> since = read(key, at, failures);
            if (since.isEmpty() || since.get().meta().size() < at) {
                return null;
            }
            byte[] d = since.get().data();
            if (d.length == 0) {
                continue; // our attempt did not land and nothing else did: try again at the same length
            }
            if (startsWith(d, end) || Blocks.sealed(Blocks.parse(key, d, 0))) {
                return new Cursor(at + d.length, true);
            }
            return new Cursor(at + d.length, false); // blocks landed first: the caller decides whether to go on
        }
    }

    /**
     * Seals the segment at {@code key} exactly at {@code length}, before it is deleted: true if it now ends there
     * (sealed, or full), false if anything was appended after that length (or it is gone) — then it must stay.
     */
    boolean sealExactly(String key, long length) throws IOException {
        Failures failures = new Failures();
        Optional<StoredObject> whole = read(key, 0, failures);
        if (whole.isEmpty() || whole.get().data().length != length) {
            return false;
        }
        if (Blocks.sealed(Blocks.parse(key, whole.get().data(), 0))) {
            return true;
        }
        Cursor c = seal(key, length, failures);
        return c != null && c.sealed && (c.length == length || c.length == length + Blocks.HEADER_BYTES);
    }

    /**
     * Where segment {@code n} ends, starting from its listed length: the block ending there is checked not to be a
     * seal (one ranged read of the last header and whatever landed since), so nothing is ever appended after one.
     */
    private Cursor atListedEnd(LogStore.Listing listing, long n) throws IOException {
        String key = listing.prefix() + Keys.segment(n);
        LogStore.Entry e = listing.widestEndingAt(n, n);
        if (e == null) {
            return open(listing.prefix(), n);
        }
        long length = e.meta().size();
        Failures failures = new Failures();
        long from = Math.max(0, length - Blocks.HEADER_BYTES);
        Optional<StoredObject> tail = read(key, from, failures);
        if (tail.isEmpty()) {
            return null;
        }
        byte[] d = tail.get().data();
        if (d.length < length - from) {
            return null; // shorter than listed: replaced or deleted meanwhile — list again
        }
        byte[] last = Arrays.copyOf(d, (int) (length - from));
        boolean sealed = Blocks.endsLikeSeal(last) && confirmSealed(key, length, failures);
        byte[] since = Arrays.copyOfRange(d, (int) (length - from), d.length);
        return new Cursor(length + since.length, sealed || Blocks.sealed(Blocks.parse(key, since, 0)));
    }

    /** Whether the segment's first {@code length} bytes end with a real seal (not payload bytes that look like one). */
    private boolean confirmSealed(String key, long length, Failures failures) throws IOException {
        Optional<StoredObject> whole = read(key, 0, failures);
        if (whole.isEmpty()) {
            return true; // gone: nothing can be appended to it anyway
        }
        List<Block> blocks = Blocks.parse(key, Arrays.copyOf(whole.get().data(), (int) length), 0);
        return !blocks.isEmpty() && blocks.get(blocks.size() - 1).kind() == Kind.END;
    }

    /** Segment {@code n}, created empty if absent: its length and whether it is sealed. */
    private Cursor open(String prefix, long n) throws IOException {
        String key = prefix + Keys.segment(n);
        Failures failures = new Failures();
        while (true) {
            try {
                client.createAppendable(key, PutMode.CREATE);
                return new Cursor(0, false);
            } catch (ObjectPreconditionFailedException exists) {
                Optional<StoredObject> now = read(key, 0, failures);
                if (now.isPresent()) {
                    byte[] d = now.get().data();
                    return new Cursor(d.length, Blocks.sealed(Blocks.parse(key, d, 0)));
                }
                // deleted between the two requests: create it again
            } catch (IOException unknown) {
                failures.add(key, unknown); // a lost answer to a create is harmless: the next one gets 412
            }
        }
    }

    private Optional<StoredObject> read(String key, long from, Failures failures) throws IOException {
        while (true) {
            try {
                return client.getFrom(key, from);
            } catch (IOException unknown) {
                failures.add(key, unknown);
            }
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Where the next block of a segment goes, and whether the segment takes blocks at all. */
    private record Cursor(long length, boolean sealed) {
    }

    /** Counts failed requests of one operation; past the limit, fails it saying its outcome may be unknown. */
    private static final class Failures {
        private int count;

        void add(String key, IOException e) throws IOException {
            if (++count >= MAX_FAILURES) {
                throw new IOException(key + ": " + count + " requests to the append object failed in a row (last: "
                        + e.getMessage() + "); the last append may or may not have landed — read the log before "
                        + "retrying it", e);
            }
        }
    }
}
