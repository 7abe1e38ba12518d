package io.vikingfs.object.audit;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;

import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link StoreAudit} found on one endpoint: a verdict per {@link Guarantee} with the measurements it rests
 * on. Immutable; serialisable to JSON ({@link #toJson()}, {@link #fromJson(String)}) and printable as a table
 * ({@link #toTable()}).
 *
 * @param endpoint       the store, as {@code ObjectClient.describe()} names it (never credentials)
 * @param auditedAt      when the measurements were made
 * @param durationMillis how long the audit took
 * @param measured       {@code false} if nothing was measured because the user declared the store trusted
 * @param measurements   one per {@link Primitive}, in enum order
 * @param verdicts       one per {@link Guarantee}, in enum order
 */
public record AuditVerdict(String endpoint, Instant auditedAt, long durationMillis, boolean measured,
                           List<Measurement> measurements, List<GuaranteeVerdict> verdicts) {

    /** Bumped whenever the probes or rules change, so a cached verdict of an older audit is not trusted. */
    public static final int FORMAT = 2;

    public AuditVerdict {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(auditedAt, "auditedAt");
        measurements = List.copyOf(measurements);
        verdicts = List.copyOf(verdicts);
        for (Guarantee g : Guarantee.values()) {
            if (verdicts.stream().noneMatch(v -> v.guarantee() == g)) {
                throw new IllegalArgumentException("a verdict for " + g.label() + " is missing");
            }
        }
    }

    /** Judges measurements with the library's rules. */
    static AuditVerdict of(String endpoint, Instant auditedAt, long durationMillis, List<Measurement> measurements) {
        return new AuditVerdict(endpoint, auditedAt, durationMillis, true, measurements, VerdictRules.judge(measurements));
    }

    /**
     * The verdict for a store the user vouches for without an audit: every guarantee {@link Level#FULL}, marked
     * not {@link #measured()} so tables and messages say so.
     */
    public static AuditVerdict trusted(String endpoint, Instant now) {
        return new AuditVerdict(endpoint, now, 0, false, List.of(),
                EnumSet.allOf(Guarantee.class).stream().map(g -> GuaranteeVerdict.full(g, List.of())).toList());
    }

    public GuaranteeVerdict verdict(Guarantee g) {
        return verdicts.stream().filter(v -> v.guarantee() == g).findFirst().orElseThrow();
    }

    public Level level(Guarantee g) {
        return verdict(g).level();
    }

    /** The measurement of {@code p}, if it was made. */
    public java.util.Optional<Measurement> measurement(Primitive p) {
        return measurements.stream().filter(x -> x.primitive() == p).findFirst();
    }

    /**
     * The subset of {@code claimed} this store lets the backend keep: a capability survives only if every
     * guarantee that maps to it is {@link Level#FULL} ({@code ATOMIC_CONDITIONAL_WRITE} needs both conditional
     * writes; {@code CROSS_PROCESS_SAFE} needs appends, switches and no-clobber renames). A weaker mode the user
     * accepted is still not a native capability.
     */
    public Capabilities restrict(Capabilities claimed) {
        Set<Capability> kept = EnumSet.noneOf(Capability.class);
        kept.addAll(claimed.asSet());
        for (GuaranteeVerdict v : verdicts) {
            // LIST is left out: its lag already weakens the append and switch verdicts, and its order defect
            // (UTF-16 order) does not touch cross-client safety; no capability names ordered listings.
            if (v.level() != Level.FULL && v.guarantee() != Guarantee.LIST) {
                kept.remove(v.guarantee().capability());
            }
        }
        return Capabilities.of(kept.toArray(new Capability[0]));
    }

    /** This verdict as a JSON document (the cache format). */
    public String toJson() {
        return VerdictJson.write(this);
    }

    /**
     * Reads a verdict written by {@link #toJson()}.
     *
     * @throws IOException if the text is not a verdict of this {@link #FORMAT}
     */
    public static AuditVerdict fromJson(String json) throws IOException {
        return VerdictJson.read(json);
    }

    /** The verdict table followed by the measurements table, as {@code vikingfs audit} prints it. */
    public String toTable() {
        return VerdictTable.render(this);
    }
}
