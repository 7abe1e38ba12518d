package io.vikingfs.chat;

/**
 * How a framework's message becomes one JSON value and back: the framework's own serialisation where it has one
 * (LangChain4j's {@code ChatMessageSerializer}), a faithful mapping where it has none (Spring AI).
 *
 * @param <M> the framework's message type
 */
public interface MessageCodec<M> {
    /**
     * The message as one JSON value (an object, usually). {@link ConversationStore} embeds it in a log record, so it
     * must be valid JSON; it is checked before anything is written.
     */
    String encode(M message);

    /** The message {@link #encode} produced, from that JSON (possibly re-formatted, never changed in meaning). */
    M decode(String json);
}
