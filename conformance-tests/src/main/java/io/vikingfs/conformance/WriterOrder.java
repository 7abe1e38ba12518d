package io.vikingfs.conformance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks a log written by several writers: every record intact, none lost or duplicated, each writer's order kept. */
final class WriterOrder {
    private static final Pattern RECORD = Pattern.compile("\\{\"w\":\"([^\"]+)\",\"i\":(\\d+)}");

    private WriterOrder() {
    }

    static void assertComplete(List<String> records, List<String> writers, int perWriter) {
        Map<String, Integer> next = new HashMap<>();
        writers.forEach(w -> next.put(w, 0));
        for (int pos = 0; pos < records.size(); pos++) {
            String r = records.get(pos);
            Matcher m = RECORD.matcher(r);
            assertThat(m.matches()).as("record #%d is intact: %s", pos, r).isTrue();
            String w = m.group(1);
            int seq = Integer.parseInt(m.group(2));
            assertThat(next).as("record #%d from a known writer", pos).containsKey(w);
            assertThat(seq).as("record #%d: writer %s's order (no loss, duplicate or reorder)", pos, w)
                    .isEqualTo(next.get(w));
            next.put(w, seq + 1);
        }
        writers.forEach(w -> assertThat(next.get(w)).as("records of writer %s", w).isEqualTo(perWriter));
        assertThat(records).hasSize(writers.size() * perWriter);
    }
}
