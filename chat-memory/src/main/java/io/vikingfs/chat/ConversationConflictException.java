package io.vikingfs.chat;

import java.util.ConcurrentModificationException;

/**
 * An update that is not an extension of the conversation was prepared from a state that is no longer the stored
 * one: another writer changed the conversation meanwhile. Nothing was written by the refused update. Read the
 * conversation again and apply the change to what it holds now.
 */
public final class ConversationConflictException extends ConcurrentModificationException {
    private static final long serialVersionUID = 1L;

    private final String conversationId;

    ConversationConflictException(String conversationId, String reason) {
        super("conversation '" + conversationId + "': " + reason);
        this.conversationId = conversationId;
    }

    /** The conversation whose update was refused. */
    public String conversationId() {
        return conversationId;
    }
}
