package io.vikingfs.object.client;

/** An object's bytes with the metadata of exactly that version. */
public record StoredObject(ObjectMeta meta, byte[] data) {
}
