package io.vikingfs.springai;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Spring Boot auto-configuration: with {@code vikingfs.uri} set ({@code file:/var/lib/agent}, {@code mem:name},
 * {@code s3://bucket/prefix?endpoint=…}), a {@link VikingFs} opened on it (closed with the context) and a
 * {@link VikingFsChatMemoryRepository} over it, under {@code vikingfs.chat-memory.root} (default
 * {@code conversations}). Runs before Spring AI's chat-memory auto-configuration, whose in-memory repository then
 * steps aside; a {@link VikingFs} or {@link ChatMemoryRepository} bean of the application's own wins over these.
 */
@AutoConfiguration(beforeName = "org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration")
@ConditionalOnClass({VikingFs.class, ChatMemoryRepository.class})
@ConditionalOnProperty(prefix = "vikingfs", name = "uri")
public class VikingFsChatMemoryAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public VikingFs vikingFs(@Value("${vikingfs.uri}") String uri) {
        URI parsed;
        try {
            parsed = new URI(uri.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("vikingfs.uri='" + uri + "' is not a URI (" + e.getReason()
                    + "); use file:/absolute/folder, mem:name or s3://bucket/prefix?endpoint=…", e);
        }
        try {
            return VikingFs.open(parsed);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open vikingfs.uri=" + parsed + ": " + e.getMessage(), e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    public ChatMemoryRepository vikingFsChatMemoryRepository(VikingFs vikingFs,
            @Value("${vikingfs.chat-memory.root:conversations}") String root) {
        return new VikingFsChatMemoryRepository(vikingFs, VPath.of(root));
    }
}
