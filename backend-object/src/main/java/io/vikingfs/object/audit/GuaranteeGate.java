package io.vikingfs.object.audit;

import io.vikingfs.Capabilities;
import io.vikingfs.UnsupportedByBackendException;
import io.vikingfs.VPath;

import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * Where the S3 backend asks the audit's verdict before an operation: {@link #requireGuarantee} lets it through
 * if the store keeps the guarantee (or the user accepted its weaker mode), and otherwise throws before any
 * request is sent — never a silent downgrade.
 */
public final class GuaranteeGate {
    private final AuditVerdict verdict;
    private final Set<Guarantee> acceptedWeaker;

    private GuaranteeGate(AuditVerdict verdict, Set<Guarantee> acceptedWeaker) {
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.acceptedWeaker = Set.copyOf(acceptedWeaker);
    }

    /** A gate over {@code verdict}, accepting the weaker modes named in {@code options}. */
    public static GuaranteeGate of(AuditVerdict verdict, AuditOptions options) {
        return new GuaranteeGate(verdict, options.acceptedWeaker());
    }

    public AuditVerdict verdict() {
        return verdict;
    }

    /** The backend's native capabilities, minus those this store cannot back (see {@link AuditVerdict#restrict}). */
    public Capabilities capabilities(Capabilities claimed) {
        return verdict.restrict(claimed);
    }

    /** Whether {@code g} may be used: FULL, or WEAKER in a mode the user accepted. */
    public boolean allows(Guarantee g) {
        Level l = verdict.level(g);
        return l == Level.FULL || (l == Level.WEAKER && acceptedWeaker.contains(g));
    }

    /**
     * Returns if {@link #allows(Guarantee) g is allowed}; otherwise throws, nothing having been sent to the store.
     *
     * @param operation the operation as the user called it, e.g. {@code "atomicWrite(ifMatch)"}
     * @param path      the path it was called on (may be {@code null})
     * @throws UnsupportedByBackendException naming the store's defect with its evidence, the weaker mode if there
     *                                       is one and how to accept it, and the ways out
     */
    public void requireGuarantee(Guarantee g, String operation, VPath path) throws UnsupportedByBackendException {
        if (allows(g)) {
            return;
        }
        GuaranteeVerdict v = verdict.verdict(g);
        String storeVerdict = UnsupportedByBackendException.storeVerdict(verdict.endpoint(), g.label(), v.defect(),
                verdict.auditedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        StringBuilder why = new StringBuilder(storeVerdict).append(". ");
        if (v.level() == Level.WEAKER) {
            why.append("It holds only if ").append(v.mode()).append(": if your deployment ensures that, accept it with")
                    .append(" auditAccept=").append(g.name()).append(". ");
        }
        why.append("Otherwise: ").append(g.wayOut()).append(". If you know this store keeps the promise, skip the")
                .append(" audit with audit=off.");
        throw new UnsupportedByBackendException(path, operation, g.capability(), why.toString(), storeVerdict);
    }
}
