package io.vikingfs.object.client;

import io.vikingfs.VikingFsException;

/**
 * A listing page broke a rule every correct S3 listing keeps (see {@link VerifyingObjectClient#list}): taking it
 * as it is could drop or repeat entries, so it was not used. {@link #getFile()} is the listed prefix;
 * {@link #defect()} says what was wrong with the page.
 */
public final class BrokenListingException extends VikingFsException {
    private static final long serialVersionUID = 1L;
    private final String defect;

    public BrokenListingException(String prefix, String store, String defect, String todo) {
        super(prefix, "the listing " + store + " returned is broken: " + defect + "; " + todo);
        this.defect = defect;
    }

    /** What was wrong with the page, e.g. a page of more entries than asked for. */
    public String defect() {
        return defect;
    }
}
