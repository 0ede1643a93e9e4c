package io.voicegather.server.ai.assistants;

import java.time.Instant;

/**
 * An assistant the server knows by id: created through {@code /v2/ai/assistants} or listed in the assistants file.
 *
 * @param fromFile true for an assistant of the assistants file, which the API can read but not change
 */
public record StoredAssistant(String id, Instant createdAt, boolean fromFile, AssistantDefinition definition) {
}
