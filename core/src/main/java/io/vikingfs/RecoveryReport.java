package io.vikingfs;

import java.util.List;

/**
 * What {@link VikingFs#recover} found (and, if asked, reclaimed): the leftovers of interrupted operations.
 * None of them is ever visible through listings; the live data is never among them.
 *
 * @param tempFiles           temp files of interrupted {@code atomicWrite}s or repairs (backend-specific names)
 * @param abandonedGenerations staged or superseded directory generations of {@code switchDirectory}
 * @param other               anything else the backend reclaims (stale locks, unfinished uploads, …)
 * @param applied             whether the leftovers were reclaimed ({@code false}: only reported)
 */
public record RecoveryReport(List<String> tempFiles, List<String> abandonedGenerations, List<String> other,
                             boolean applied) {
    public RecoveryReport {
        tempFiles = List.copyOf(tempFiles);
        abandonedGenerations = List.copyOf(abandonedGenerations);
        other = List.copyOf(other);
    }

    public int total() {
        return tempFiles.size() + abandonedGenerations.size() + other.size();
    }
}
