package io.vikingfs.bench.scenario;

import io.vikingfs.bench.harness.Samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The explanations printed under the table: spread of the rounds, flush counts. */
final class Notes {
    private Notes() {
    }

    /** The non-empty parts joined with "; ". */
    static String join(String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isEmpty()) {
                kept.add(p);
            }
        }
        return String.join("; ", kept);
    }

    /** "spread ours ±3%, raw ±5%". */
    static String spread(Map<String, Samples> s, String ours, String baseline) {
        return String.format(Locale.ROOT, "spread ours ±%.0f%%, %s ±%.0f%%",
                s.get(ours).spreadPercent(), baseline, s.get(baseline).spreadPercent());
    }
}
