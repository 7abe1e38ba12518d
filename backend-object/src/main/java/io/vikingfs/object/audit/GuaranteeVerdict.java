package io.vikingfs.object.audit;

import java.util.List;
import java.util.Objects;

/**
 * The audit's judgement of one {@link Guarantee} on one store.
 *
 * @param guarantee the library promise judged
 * @param level     {@link Level#FULL}, {@link Level#WEAKER} or {@link Level#UNSUPPORTED}
 * @param mode      for {@code WEAKER}, the weaker mode that still holds (e.g. "one writer per path"); else empty
 * @param defect    what the store does wrong, with the evidence (empty for {@code FULL})
 * @param evidence  the primitives the judgement rests on
 */
public record GuaranteeVerdict(Guarantee guarantee, Level level, String mode, String defect, List<Primitive> evidence) {
    public GuaranteeVerdict {
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(level, "level");
        mode = mode == null ? "" : mode;
        defect = defect == null ? "" : defect;
        evidence = List.copyOf(evidence);
        if (level == Level.WEAKER && mode.isEmpty()) {
            throw new IllegalArgumentException(guarantee + ": a WEAKER verdict must name its mode");
        }
        if (level != Level.FULL && defect.isEmpty()) {
            throw new IllegalArgumentException(guarantee + ": a " + level + " verdict must name the store's defect");
        }
    }

    static GuaranteeVerdict full(Guarantee g, List<Primitive> evidence) {
        return new GuaranteeVerdict(g, Level.FULL, "", "", evidence);
    }
}
