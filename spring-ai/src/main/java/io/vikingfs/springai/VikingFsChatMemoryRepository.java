package io.vikingfs.springai;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.chat.ConversationConflictException;
import io.vikingfs.chat.ConversationStore;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A Spring AI {@link ChatMemoryRepository} over any {@link VikingFs} — a local folder, memory, S3 — that survives
 * crashes: give it to {@code MessageWindowChatMemory.builder().chatMemoryRepository(…)}, or let the Spring Boot
 * auto-configuration build it from {@code vikingfs.uri}. Messages are stored as JSON (see
 * {@link SpringAiMessageCodec}), one JSONL record per message.
 *
 * <p>Guarantees (see {@link ConversationStore} for the protocol): every {@link #saveAll} is durable on return;
 * after any crash a conversation is its whole old list or its whole new one; {@link #findByConversationId} never
 * sees a torn or uncommitted message; a save that adds messages to what its thread last read is never lost to a
 * concurrent writer (its messages follow the other writer's); any other save prepared from a state another writer
 * has since replaced throws {@link ConversationConflictException} and writes nothing. Across processes this rests
 * on the backend's {@code ATOMIC_CONDITIONAL_WRITE}; without it, two processes committing at the same instant can
 * both succeed and one save is lost (see {@link ConversationStore} for the one case that is worse).
 *
 * <p>Any non-empty conversation id is valid (it is encoded into a folder name, never a path). Storage errors are
 * thrown as {@link UncheckedIOException}s naming the conversation and the path.
 */
public final class VikingFsChatMemoryRepository implements ChatMemoryRepository {
    private final ConversationStore<Message> conversations;

    /** Conversations under {@code conversations/} in {@code fs}; {@code fs} stays the caller's to close. */
    public VikingFsChatMemoryRepository(VikingFs fs) {
        this(fs, ConversationStore.DEFAULT_ROOT);
    }

    /** Conversations under {@code root} in {@code fs}. */
    public VikingFsChatMemoryRepository(VikingFs fs, VPath root) {
        this.conversations = new ConversationStore<>(fs, root, new SpringAiMessageCodec(), 256);
    }

    @Override
    public List<String> findConversationIds() {
        try {
            return conversations.ids();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the chat conversations: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Message> findByConversationId(String conversationId) {
        try {
            return conversations.read(conversationId);
        } catch (IOException e) {
            throw failed("read", conversationId, e);
        }
    }

    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        try {
            conversations.write(conversationId, messages);
        } catch (IOException e) {
            throw failed("save", conversationId, e);
        }
    }

    @Override
    public void deleteByConversationId(String conversationId) {
        try {
            conversations.delete(conversationId);
        } catch (IOException e) {
            throw failed("delete", conversationId, e);
        }
    }

    private static UncheckedIOException failed(String what, String id, IOException e) {
        return new UncheckedIOException("could not " + what + " chat conversation '" + id + "': " + e.getMessage(), e);
    }
}
