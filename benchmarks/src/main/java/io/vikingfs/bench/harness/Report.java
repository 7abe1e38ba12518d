package io.vikingfs.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints the results as a Markdown table and writes them as the JSON array the README and CI read. */
public final class Report {
    private Report() {
    }

    public static void printTable(List<Result> results, PrintStream out) {
        out.println("| scenario | ours | baseline | ratio | target | met? |");
        out.println("|---|---:|---:|---:|---:|:---:|");
        for (Result r : results) {
            String target = r.target() == null ? "info"
                    : (r.better().equals("higher") ? "≥ " : "≤ ") + fmt(r.target()) + "×";
            String met = r.met() == null ? "–" : r.met() ? "yes" : "**NO**";
            out.printf(Locale.ROOT, "| %s | %s %s | %s %s | %s× | %s | %s |%n", r.name(), fmt(r.ours()), r.unit(),
                    fmt(r.baseline()), r.unit(), fmt(r.ratio()), target, met);
        }
        out.println();
        out.println("Notes (spread = half the range of the measured rounds around the median):");
        for (Result r : results) {
            if (!r.note().isEmpty()) {
                out.println("- " + r.name() + ": " + r.note());
            }
        }
    }

    public static void writeJson(List<Result> results, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (Result r : results) {
            ObjectNode o = array.addObject();
            o.put("name", r.name());
            putNumber(o, "ours", r.ours());
            putNumber(o, "baseline", r.baseline());
            putNumber(o, "ratio", r.ratio());
            o.put("unit", r.unit());
            if (r.target() == null) {
                o.putNull("target");
            } else {
                o.put("target", r.target());
            }
            o.put("better", r.better());
            if (r.met() == null) {
                o.putNull("met");
            } else {
                o.put("met", r.met());
            }
            o.put("note", r.note());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        mapper.writeValue(file.toFile(), array);
    }

    /** Three significant digits: enough to compare, few enough to read. */
    public static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** JSON has no NaN: a figure that could not be computed is null. */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(key);
        } else {
            o.put(key, Math.round(v * 1000) / 1000.0);
        }
    }
}
