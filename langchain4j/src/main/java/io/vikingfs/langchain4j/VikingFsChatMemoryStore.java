package io.vikingfs.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.chat.ConversationConflictException;
import io.vikingfs.chat.ConversationStore;
import io.vikingfs.chat.MessageCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A LangChain4j {@link ChatMemoryStore} over any {@link VikingFs} — a local folder, memory, S3 — that survives
 * crashes: give it to {@code MessageWindowChatMemory.builder().chatMemoryStore(…)}. Messages are stored with
 * LangChain4j's own serialisation ({@link ChatMessageSerializer}), one JSONL record per message.
 *
 * <p>Guarantees (see {@link ConversationStore} for the protocol): every update is durable on return; after any
 * crash a conversation is its whole old list or its whole new one; {@link #getMessages} never sees a torn or
 * uncommitted message; an update that adds messages to what its thread last read is never lost to a concurrent
 * writer (its messages follow the other writer's); any other update prepared from a state that another writer has
 * since replaced throws {@link ConversationConflictException} and writes nothing. Across processes this rests on
 * the backend's {@code ATOMIC_CONDITIONAL_WRITE}; without it, two processes committing at the same instant can
 * both succeed and one update is lost (see {@link ConversationStore} for the one case that is worse).
 *
 * <p>The memory id is used through {@code toString()}; any non-empty string is valid (it is encoded into a folder
 * name, never a path). Storage errors are thrown as {@link UncheckedIOException}s naming the conversation and the
 * path, because {@link ChatMemoryStore} declares no checked exception.
 */
public final class VikingFsChatMemoryStore implements ChatMemoryStore {
    static final MessageCodec<ChatMessage> CODEC = new MessageCodec<>() {
        @Override
        public String encode(ChatMessage message) {
            return ChatMessageSerializer.messageToJson(message);
        }

        @Override
        public ChatMessage decode(String json) {
            return ChatMessageDeserializer.messageFromJson(json);
        }
    };

    private final ConversationStore<ChatMessage> conversations;

    /** Conversations under {@code conversations/} in {@code fs}; {@code fs} stays the caller's to close. */
    public VikingFsChatMemoryStore(VikingFs fs) {
        this(fs, ConversationStore.DEFAULT_ROOT);
    }

    /** Conversations under {@code root} in {@code fs}. */
    public VikingFsChatMemoryStore(VikingFs fs, VPath root) {
        this.conversations = new ConversationStore<>(fs, root, CODEC, 256);
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String id = id(memoryId);
        try {
            return conversations.read(id);
        } catch (IOException e) {
            throw failed("read", id, e);
        }
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        String id = id(memoryId);
        try {
            conversations.write(id, messages);
        } catch (IOException e) {
            throw failed("update", id, e);
        }
    }

    @Override
    public void deleteMessages(Object memoryId) {
        String id = id(memoryId);
        try {
            conversations.delete(id);
        } catch (IOException e) {
            throw failed("delete", id, e);
        }
    }

    /** The protocol underneath, e.g. to list conversations ({@link ConversationStore#ids()}). */
    public ConversationStore<ChatMessage> conversations() {
        return conversations;
    }

    private static String id(Object memoryId) {
        if (memoryId == null) {
            throw new IllegalArgumentException("memoryId must not be null");
        }
        return memoryId.toString();
    }

    private static UncheckedIOException failed(String what, String id, IOException e) {
        return new UncheckedIOException("could not " + what + " chat memory '" + id + "': " + e.getMessage(), e);
    }
}
