package io.voicegather.server.ai.stt;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The field a question asked for: its name and its JSON Schema (type, enum, format, description). Free-text
 * recognisers ignore it; a grammar recogniser builds its grammar from it.
 */
public record ExpectedAnswer(String fieldName, ObjectNode fieldSchema) {
}
