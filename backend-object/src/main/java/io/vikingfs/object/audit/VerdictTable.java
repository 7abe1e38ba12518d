package io.vikingfs.object.audit;

import java.time.temporal.ChronoUnit;

/** The text form of an {@link AuditVerdict}: a table of guarantees, then one of measurements. */
final class VerdictTable {
    private VerdictTable() {
    }

    static String render(AuditVerdict v) {
        StringBuilder sb = new StringBuilder();
        sb.append("Store audit of ").append(v.endpoint()).append('\n');
        if (v.measured()) {
            sb.append("measured ").append(v.auditedAt().truncatedTo(ChronoUnit.SECONDS)).append(" in ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f s", v.durationMillis() / 1000.0)).append('\n');
        } else {
            sb.append("NOT MEASURED: trusted by configuration on ").append(v.auditedAt().truncatedTo(ChronoUnit.SECONDS))
                    .append(" (every guarantee assumed FULL)\n");
        }
        sb.append('\n');
        int w = 0;
        for (Guarantee g : Guarantee.values()) {
            w = Math.max(w, g.label().length());
        }
        sb.append(pad("guarantee", w)).append("  ").append(pad("verdict", 11)).append("  mode / store defect\n");
        for (GuaranteeVerdict g : v.verdicts()) {
            sb.append(pad(g.guarantee().label(), w)).append("  ").append(pad(g.level().name(), 11)).append("  ");
            if (g.level() == Level.WEAKER) {
                sb.append("mode: ").append(g.mode()).append('\n').append(" ".repeat(w + 15)).append("defect: ")
                        .append(g.defect());
            } else if (g.level() == Level.UNSUPPORTED) {
                sb.append("defect: ").append(g.defect());
            }
            sb.append('\n');
        }
        if (!v.measurements().isEmpty()) {
            int pw = 0;
            for (Measurement m : v.measurements()) {
                pw = Math.max(pw, m.primitive().label().length());
            }
            sb.append('\n').append(pad("primitive", pw)).append("  ").append(pad("outcome", 10)).append("  evidence\n");
            for (Measurement m : v.measurements()) {
                sb.append(pad(m.primitive().label(), pw)).append("  ").append(pad(m.outcome().name(), 10)).append("  ")
                        .append(m.detail()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
