package io.vikingfs.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain strings as JSON strings: the smallest codec, for the protocol's own tests. */
final class TextCodec implements MessageCodec<String> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String encode(String message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String decode(String json) {
        try {
            return MAPPER.readValue(json, String.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
