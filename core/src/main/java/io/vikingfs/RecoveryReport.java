package io.vikingfs;

import java.util.List;

/**
 * What {@link VikingFs#recover} found (and, if asked, reclaimed): the leftovers of interrupted operations.
 * None of them is ever visible through listings, except abandoned stagings (directories the library made with
 * {@link VikingFs#stage} for an owner that is gone); the live data is never among them.
 *
 * @param tempFiles            temp files of interrupted {@code atomicWrite}s or repairs (backend-specific names)
 * @param abandonedGenerations staged or superseded directory generations of {@code switchDirectory}
 * @param other                anything else the backend reclaims (stale locks, unfinished uploads, …)
 * @param applied              whether the leftovers were reclaimed ({@code false}: only reported)
 * @param abandonedStaging     the paths of stagings made by {@link VikingFs#stage} whose owner is gone
 */
public record RecoveryReport(List<String> tempFiles, List<String> abandonedGenerations, List<String> other,
                             boolean applied, List<String> abandonedStaging) {
    public RecoveryReport {
        tempFiles = List.copyOf(tempFiles);
        abandonedGenerations = List.copyOf(abandonedGenerations);
        other = List.copyOf(other);
        abandonedStaging = List.copyOf(abandonedStaging);
    }

    /** A report without abandoned stagings. */
    public RecoveryReport(List<String> tempFiles, List<String> abandonedGenerations, List<String> other,
                          boolean applied) {
        this(tempFiles, abandonedGenerations, other, applied, List.of());
    }

    public int total() {
        return tempFiles.size() + abandonedGenerations.size() + other.size() + abandonedStaging.size();
    }
}
