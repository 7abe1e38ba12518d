package io.vikingfs.springai;

import io.vikingfs.VikingFs;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring Boot auto-configuration, as an application would get it from {@code vikingfs.uri}. */
class VikingFsChatMemoryAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VikingFsChatMemoryAutoConfiguration.class));

    @Test
    void vikingfsUri_givesARepositoryOverThatStore_usableByMessageWindowChatMemory() {
        runner.withPropertyValues("vikingfs.uri=mem:boot-test", "vikingfs.chat-memory.root=agents/memory")
                .run(context -> {
                    assertThat(context).hasSingleBean(VikingFs.class)
                            .getBean(ChatMemoryRepository.class).isInstanceOf(VikingFsChatMemoryRepository.class);
                    ChatMemory memory = MessageWindowChatMemory.builder()
                            .chatMemoryRepository(context.getBean(ChatMemoryRepository.class)).build();
                    memory.add("c1", new UserMessage("hello"));
                    VikingFs fs = context.getBean(VikingFs.class);
                    assertThat(fs.uri().toString()).isEqualTo("mem:boot-test");
                    assertThat(fs.exists(io.vikingfs.VPath.of("agents/memory/c1/conversation.json"))).isTrue();
                    assertThat(memory.get("c1")).containsExactly(new UserMessage("hello"));
                });
    }

    @Test
    void withoutVikingfsUri_nothingIsConfigured() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ChatMemoryRepository.class)
                .doesNotHaveBean(VikingFs.class));
    }

    @Test
    void aBadUri_failsStartupNamingThePropertyAndTheWayOut() {
        runner.withPropertyValues("vikingfs.uri=nosuch:thing").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("nosuch").hasMessageContaining("backend"));
        runner.withPropertyValues("vikingfs.uri=file:relative folder").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("vikingfs.uri"));
    }
}
