package io.vikingfs.object.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the audit observed for one {@link Primitive}: the outcome, a sentence of evidence, and the raw counts
 * behind it (winners, lost updates, keys missing from a listing, …).
 *
 * @param primitive what was measured
 * @param outcome   what was found
 * @param detail    the evidence in words, e.g. "20 keys × 16 writers: 20 with one winner, 0 with several"
 * @param counts    named counts in insertion order
 */
public record Measurement(Primitive primitive, Outcome outcome, String detail, Map<String, Long> counts) {
    public Measurement {
        Objects.requireNonNull(primitive, "primitive");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** A measurement that could not be made with this client. */
    static Measurement notProbed(Primitive p, String why) {
        return new Measurement(p, Outcome.NOT_PROBED, why, Map.of());
    }

    /** A measurement whose requests failed; the detail names the error so it is never hidden. */
    static Measurement failed(Primitive p, Exception e) {
        return new Measurement(p, Outcome.FAILED, "the measurement failed: " + e, Map.of());
    }

    /** A count, or 0 if it was not recorded. */
    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }
}
