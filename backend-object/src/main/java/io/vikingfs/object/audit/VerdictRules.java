package io.vikingfs.object.audit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns measurements into one verdict per {@link Guarantee}: which primitive each guarantee rests on, and what a
 * broken primitive leaves of it. Pure, so the rules are tested without a store.
 */
final class VerdictRules {
    private final Map<Primitive, Measurement> m = new EnumMap<>(Primitive.class);

    private VerdictRules(List<Measurement> measurements) {
        for (Measurement x : measurements) {
            m.put(x.primitive(), x);
        }
    }

    static List<GuaranteeVerdict> judge(List<Measurement> measurements) {
        VerdictRules r = new VerdictRules(measurements);
        List<GuaranteeVerdict> out = new ArrayList<>();
        for (Guarantee g : Guarantee.values()) {
            out.add(r.judge(g));
        }
        return out;
    }

    private Measurement get(Primitive p) {
        return m.getOrDefault(p, Measurement.notProbed(p, "not measured"));
    }

    private GuaranteeVerdict judge(Guarantee g) {
        Judgement j = new Judgement(g);
        switch (g) {
            case ATOMIC_WRITE_IF_ABSENT -> {
                conditional(j, Primitive.CREATE_ONLY_PUT, Primitive.CREATE_ONLY_RACE, Primitive.CREATE_ONLY_HELD_OPEN,
                        "If-None-Match: *",
                        "one creator per path (checked by the store, but not atomically)");
                Measurement mp = j.use(Primitive.MULTIPART_CREATE_ONLY);
                if (mp.outcome() != Outcome.OK && mp.outcome() != Outcome.NOT_PROBED) {
                    j.weaker("objects written in a single PUT only (below the multipart threshold)",
                            "multipart complete with If-None-Match: * is " + word(mp.outcome()) + ": " + mp.detail());
                }
            }
            case ATOMIC_WRITE_IF_MATCH -> conditional(j, Primitive.IF_MATCH_PUT, Primitive.IF_MATCH_RACE,
                    Primitive.IF_MATCH_HELD_OPEN, "If-Match",
                    "one writer per path (a stale version is refused, but racing writers can both win)");
            case APPEND_MULTI_CLIENT -> {
                createOnlyClaims(j, "one appending client per log (appends serialised inside one process only)");
                listingVisibility(j, "readers on other clients may miss the newest records for a while");
                j.use(Primitive.UNSUPPORTED_HEADER);
                // Logs in append objects order racing writers by the append-position condition alone; a store
                // without append objects is not measured on it (its segment logs do not need it).
                Measurement pos = m.containsKey(Primitive.APPEND_POSITION_RACE)
                        ? j.use(Primitive.APPEND_POSITION_RACE) : get(Primitive.APPEND_POSITION_RACE);
                if (pos.outcome() != Outcome.OK && pos.outcome() != Outcome.NOT_PROBED) {
                    j.weaker("one appending client per log (a client's own appends go one block at a time)",
                            "the append-position condition is " + word(pos.outcome()) + ": " + pos.detail()
                                    + " — racing appenders can both land after the same block");
                }
            }
            case SWITCH_DIRECTORY -> {
                createOnlyClaims(j, "one switching client per directory");
                listingVisibility(j, "other clients may still see the previous generation for a while after the switch");
                Measurement pg = j.use(Primitive.LIST_PAGINATION);
                if (pg.outcome() != Outcome.OK && !onlyDelimitedPagesBroken(pg)) {
                    j.unsupported("listing pages are " + word(pg.outcome()) + ", so the newest generation marker"
                            + " cannot be found reliably: " + pg.detail());
                }
            }
            case RENAME_NO_REPLACE -> {
                // The backend writes the destination with a create-only PUT (not a conditional CopyObject), so
                // that is what no-clobber rests on; copy and delete preconditions are measured for the record.
                createOnlyClaims(j, "one client renames onto a destination at a time");
                Measurement mp = j.use(Primitive.MULTIPART_CREATE_ONLY);
                if (mp.outcome() != Outcome.OK && mp.outcome() != Outcome.NOT_PROBED) {
                    j.weaker("files written in a single PUT only (below the multipart threshold)",
                            "multipart complete with If-None-Match: * is " + word(mp.outcome()) + ": " + mp.detail());
                }
            }
            case LIST -> {
                listingVisibility(j, "eventually complete: a listing may miss the writes of the last moments");
                Measurement order = j.use(Primitive.LIST_ORDER);
                if (order.outcome() == Outcome.WRONG && order.count("onlyOutsideBmp") == 1) {
                    j.weaker("names outside the Basic Multilingual Plane (emoji, …) list out of UTF-8 order",
                            "the store sorts keys by UTF-16 code units, not UTF-8 bytes: " + order.detail());
                } else if (order.outcome() != Outcome.OK) {
                    j.unsupported("listing order is " + word(order.outcome()) + ": " + order.detail());
                }
                Measurement pg = j.use(Primitive.LIST_PAGINATION);
                if (pg.outcome() != Outcome.OK && !onlyDelimitedPagesBroken(pg)) {
                    j.unsupported("listing pagination is " + word(pg.outcome()) + ": " + pg.detail());
                }
                // Broken delimited pages cost requests, not entries: the backend lists such a store without a
                // delimiter (and checks every page it takes), so they are evidence, not a lower level.
                j.use(Primitive.LIST_DELIMITED_PAGES);
                Measurement inFlight = j.use(Primitive.LIST_IN_FLIGHT);
                if (inFlight.outcome() != Outcome.OK && inFlight.outcome() != Outcome.NOT_PROBED) {
                    j.weaker("a listing taken while a file is written may show the store's temp object of that"
                            + " write (<name>-<uuid>) if a HEAD still finds it",
                            "listing during a PUT is " + word(inFlight.outcome()) + ": " + inFlight.detail());
                }
            }
            default -> throw new IllegalStateException("no rule for " + g);
        }
        Measurement raw = j.use(Primitive.READ_AFTER_WRITE);
        if (raw.outcome() == Outcome.LAGGING) {
            j.weaker("reads right after a write may return the previous version", "read-after-write lags: " + raw.detail());
        } else if (raw.outcome() != Outcome.OK) {
            j.unsupported("read-after-write is " + word(raw.outcome()) + ": " + raw.detail());
        }
        return j.verdict();
    }

    /**
     * The sequential check, then the race and the held-open PUT: all must hold for FULL. The held-open PUT counts
     * only where it could be sent (it needs {@link AuditProbes}); without it the race alone decides.
     */
    private void conditional(Judgement j, Primitive seq, Primitive race, Primitive heldOpen, String header,
                             String weakerMode) {
        Measurement s = j.use(seq);
        // The held-open row first: where it shows the defect it does so every run, so the message is the same.
        Optional<Measurement> bad = firstBroken(j, heldOpen, race);
        if (s.outcome() != Outcome.OK) {
            j.unsupported(header + " is " + word(s.outcome()) + ": " + s.detail());
        } else if (bad.isPresent()) {
            j.weaker(weakerMode, header + " is honoured one request at a time, but the "
                    + bad.get().primitive().label() + " was " + word(bad.get().outcome()) + ": " + bad.get().detail());
        }
    }

    /**
     * Whether only the delimited pages of the pagination probe were wrong: flat pages, which the backend falls back
     * to (and finds generation markers with), were right.
     */
    private static boolean onlyDelimitedPagesBroken(Measurement pg) {
        return pg.outcome() == Outcome.WRONG && pg.count("flatPagesOk") == 1;
    }

    /** Appends and switches claim numbered objects create-only: exclusive only if create-only is atomic. */
    private void createOnlyClaims(Judgement j, String weakerMode) {
        Optional<Measurement> bad = firstBroken(j, Primitive.CREATE_ONLY_PUT, Primitive.CREATE_ONLY_HELD_OPEN,
                Primitive.CREATE_ONLY_RACE);
        bad.ifPresent(b -> j.weaker(weakerMode, "create-only claims are not exclusive between clients ("
                + b.primitive().label() + " " + word(b.outcome()) + ": " + b.detail() + ")"));
    }

    /** The first of {@code ps} not honoured; the held-open probes may be {@link Outcome#NOT_PROBED} without blame. */
    private Optional<Measurement> firstBroken(Judgement j, Primitive... ps) {
        Optional<Measurement> bad = Optional.empty();
        for (Primitive p : ps) {
            Measurement x = j.use(p);
            boolean optional = p == Primitive.CREATE_ONLY_HELD_OPEN || p == Primitive.IF_MATCH_HELD_OPEN;
            if (bad.isEmpty() && x.outcome() != Outcome.OK && !(optional && x.outcome() == Outcome.NOT_PROBED)) {
                bad = Optional.of(x);
            }
        }
        return bad;
    }

    private void listingVisibility(Judgement j, String lagMode) {
        Measurement law = j.use(Primitive.LIST_AFTER_WRITE);
        if (law.outcome() == Outcome.LAGGING) {
            j.weaker(lagMode, "listings lag behind writes: " + law.detail());
        } else if (law.outcome() != Outcome.OK) {
            j.unsupported("list-after-write is " + word(law.outcome()) + ": " + law.detail());
        }
    }

    private static String word(Outcome o) {
        return switch (o) {
            case OK -> "honoured";
            case NOT_ATOMIC -> "not atomic";
            case IGNORED -> "ignored";
            case REFUSED -> "refused as unsupported";
            case LAGGING -> "lagging";
            case WRONG -> "wrong";
            case NOT_PROBED -> "not measured";
            case FAILED -> "failed";
        };
    }

    /** Collects what each broken primitive leaves of one guarantee; the worst level wins, modes and defects add up. */
    private final class Judgement {
        private final Guarantee g;
        private final List<Primitive> evidence = new ArrayList<>();
        private final List<String> modes = new ArrayList<>();
        private final List<String> defects = new ArrayList<>();
        private Level level = Level.FULL;

        Judgement(Guarantee g) {
            this.g = g;
        }

        Measurement use(Primitive p) {
            if (!evidence.contains(p)) {
                evidence.add(p);
            }
            return get(p);
        }

        void weaker(String mode, String defect) {
            if (level == Level.FULL) {
                level = Level.WEAKER;
            }
            modes.add(mode);
            defects.add(defect);
        }

        void unsupported(String defect) {
            level = Level.UNSUPPORTED;
            defects.add(defect);
        }

        GuaranteeVerdict verdict() {
            String mode = level == Level.WEAKER ? String.join("; ", modes) : "";
            return new GuaranteeVerdict(g, level, mode, String.join("; ", defects), evidence);
        }
    }
}
