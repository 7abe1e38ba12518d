package io.vikingfs.junit;

import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.crash.PendingStep;
import io.vikingfs.conformance.crash.PowerLossState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The report of a failing state, written for the person who has to fix the application: where the crash fell (the
 * user's call in flight, the primitive step), what the power loss dropped, what survived, and how to replay it.
 */
final class FailureReport {
    private static final int MAX_FILES = 20;
    private static final int MAX_LISTED = 8;

    private FailureReport() {
    }

    static String of(String name, CrashExploration.Candidate c, int points, int calls, long seed, String replayHint,
                     String problem, List<String> survivors, String neededLosses) {
        CrashExploration.Point p = c.point();
        History.Progress progress = p.progress();
        StringBuilder b = new StringBuilder();
        b.append("crash test '").append(name).append("' failed at crash point ").append(p.index() + 1).append(" of ")
                .append(points).append(" (").append(c.model() == CrashModel.POWER_LOSS ? "power loss" : "process crash")
                .append("):\n  ").append(problem.replace("\n", "\n    ")).append('\n');
        int done = progress.returned().size();
        if (progress.inFlight() != null) {
            line(b, "call in flight", "#" + (done + 1) + " of " + calls + ": " + progress.inFlight());
        } else {
            line(b, "call in flight", p.finished() ? "none (the workload had finished)" : "none");
        }
        line(b, "primitive step", p.cp().lastStep());
        line(b, "calls returned", done == 0 ? "none" : lastFew(progress.returned()));
        line(b, "checkpoints", progress.checkpoints().isEmpty() ? "none marked" : String.join(", ", progress.checkpoints()));
        line(b, "state", c.s().description());
        line(b, "lost", lost(c.s(), p.cp().pending()));
        if (neededLosses != null) {
            line(b, "shrunk", "the check fails with only these lost: " + neededLosses);
        }
        b.append("  survived (after recovery):\n");
        if (survivors.isEmpty()) {
            b.append("    nothing\n");
        }
        for (String s : survivors) {
            b.append("    ").append(s).append('\n');
        }
        int prefix = done + (progress.inFlight() != null ? 1 : 0);
        line(b, "shortest prefix", "the first " + prefix + " of " + calls + " calls fail (no earlier crash point"
                + " failed)");
        line(b, "seed", Long.toString(seed));
        line(b, "replay", String.format(replayHint, c.token(seed)));
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String text) {
        b.append("  ").append(label).append(": ").append(" ".repeat(Math.max(0, 16 - label.length()))).append(text)
                .append('\n');
    }

    private static String lastFew(List<String> calls) {
        List<String> shown = new ArrayList<>();
        int from = Math.max(0, calls.size() - 3);
        if (from > 0) {
            shown.add("… " + from + " earlier");
        }
        for (int i = from; i < calls.size(); i++) {
            shown.add("#" + (i + 1) + " " + calls.get(i));
        }
        return String.join("; ", shown);
    }

    /** The unsynced steps this state dropped (and the files it tore), in words. */
    private static String lost(PowerLossState s, List<PendingStep> pending) {
        List<String> out = new ArrayList<>();
        for (PendingStep step : pending) {
            if (!s.persisted().get(step.index())) {
                out.add(step.description());
            }
        }
        if (out.isEmpty() && s.tears().isEmpty() && s.partialBytes() < 0) {
            return "nothing (every step the disk received survived)";
        }
        String listed = out.size() <= MAX_LISTED ? String.join("; ", out)
                : String.join("; ", out.subList(0, MAX_LISTED)) + "; … " + (out.size() - MAX_LISTED) + " more";
        String torn = s.tears().isEmpty() ? "" : (out.isEmpty() ? "" : "; ") + s.tears().size() + " file(s) torn";
        String partial = s.partialBytes() < 0 ? "" : (out.isEmpty() && torn.isEmpty() ? "" : "; ")
                + "the last write landed only its first " + s.partialBytes() + " bytes";
        return (out.isEmpty() ? "" : out.size() + " unsynced step(s): " + listed) + torn + partial;
    }

    /** The recovered store's files with their contents shortened ({@code path  "text…" (n bytes)}). */
    static List<String> survivors(VikingFs fs) {
        List<String> out = new ArrayList<>();
        try (Stream<DirEntry> all = fs.walk(VPath.ROOT)) {
            List<DirEntry> files = all.filter(e -> !e.isDirectory()).toList();
            for (DirEntry e : files.subList(0, Math.min(MAX_FILES, files.size()))) {
                out.add(e.path() + "  " + Shorten.bytes(fs.read(e.path())));
            }
            if (files.size() > MAX_FILES) {
                out.add("… " + (files.size() - MAX_FILES) + " more files");
            }
        } catch (IOException | RuntimeException e) {
            out.add("(the files could not be listed: " + e + ")");
        }
        return out;
    }
}
