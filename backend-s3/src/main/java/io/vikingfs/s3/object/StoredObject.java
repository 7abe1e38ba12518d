package io.vikingfs.s3.object;

/** An object's bytes with the metadata of exactly that version. */
public record StoredObject(ObjectMeta meta, byte[] data) {
}
