package io.vikingfs.chat;

import io.vikingfs.Version;

import java.util.List;

/**
 * One committed state of a conversation as read or written here: the manifest and its version, the messages and
 * their JSON (normalised, for comparing a caller's list with it). Immutable; shared by the cache and by readers.
 *
 * @param version  the manifest's version when it was read, or null if there was no manifest
 * @param manifest the manifest, or null if there was none (an empty conversation)
 */
record Snapshot<M>(Version version, Manifest manifest, List<String> json, List<M> messages) {
    Snapshot {
        json = List.copyOf(json);
        messages = List.copyOf(messages);
    }

    static <M> Snapshot<M> absent() {
        return new Snapshot<>(null, null, List.of(), List.of());
    }

    boolean exists() {
        return manifest != null;
    }

    int size() {
        return messages.size();
    }

    /** Whether both are the same committed state (one commit's manifest, or both absent). */
    boolean sameState(Snapshot<M> other) {
        if (manifest == null || other.manifest == null) {
            return manifest == other.manifest;
        }
        return manifest.gen().equals(other.manifest.gen()) && manifest.head().equals(other.manifest.head());
    }
}
