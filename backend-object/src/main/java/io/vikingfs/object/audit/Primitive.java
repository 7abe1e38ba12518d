package io.vikingfs.object.audit;

/** One store behaviour the audit measures. */
public enum Primitive {
    CREATE_ONLY_PUT("create-only PUT (If-None-Match: *) on an existing key"),
    CREATE_ONLY_RACE("create-only PUT race"),
    IF_MATCH_PUT("If-Match PUT with a stale ETag"),
    IF_MATCH_RACE("If-Match read-modify-write race"),
    CREATE_ONLY_HELD_OPEN("create-only PUT overtaken while held open mid-body"),
    IF_MATCH_HELD_OPEN("If-Match PUT overtaken while held open mid-body"),
    MULTIPART_CREATE_ONLY("multipart complete with If-None-Match: *"),
    CONDITIONAL_DELETE("DeleteObject with If-Match"),
    COPY_IF_ABSENT("CopyObject with If-None-Match: * on the destination"),
    READ_AFTER_WRITE("read-after-write"),
    LIST_AFTER_WRITE("list-after-write and list-after-delete"),
    LIST_ORDER("listing order (UTF-8 bytes)"),
    LIST_PAGINATION("listing pagination and delimiter roll-up"),
    NESTED_KEYS("a key and keys below it (x and x/y) side by side"),
    UNSUPPORTED_HEADER("unsupported header (x-amz-write-offset-bytes append)"),
    READ_DURING_OVERWRITE("GET racing overwrites of 64 KiB-1 MiB objects"),
    LIST_DELIMITED_PAGES("delimited listing with more prefixes than a page holds"),
    LIST_IN_FLIGHT("listing while a PUT is in progress"),
    NATIVE_CHECKSUM("x-amz-checksum-sha256 kept and returned"),
    APPEND_POSITION_RACE("append-position race (appends conditional on the object's length)");

    private final String label;

    Primitive(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
