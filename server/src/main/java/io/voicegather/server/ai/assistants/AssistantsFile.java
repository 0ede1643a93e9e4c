package io.voicegather.server.ai.assistants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.api.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The assistants file ({@code --assistants-file}): a JSON object {@code {"assistants": [...]}} (or the bare array)
 * whose items are assistant definitions as {@code POST /v2/ai/assistants} takes them, each with its own {@code id}.
 * Read once at start; any mistake stops the start with a message that names the item and the field.
 */
public final class AssistantsFile {
    /** Ids appear in URL paths: letters, digits and {@code . _ : -}. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,255}");

    private AssistantsFile() {
    }

    /**
     * @param reader checks one definition (without its id) as the API does; throws {@link ApiException} when invalid
     * @throws IllegalArgumentException naming the file, the item and what is wrong
     */
    public static List<StoredAssistant> read(Path file, Function<ObjectNode, AssistantDefinition> reader) {
        JsonNode root;
        Instant modified;
        try {
            root = Json.MAPPER.readTree(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("assistants file " + file + " is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read assistants file " + file + ": " + e);
        }
        JsonNode items = root != null && root.isObject() ? root.get("assistants") : root;
        if (!(items instanceof ArrayNode)) {
            throw new IllegalArgumentException("assistants file " + file
                    + " must hold {\"assistants\": [...]} or an array of assistant definitions");
        }
        List<StoredAssistant> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String where = "assistants file " + file + ", item " + i;
            if (!items.get(i).isObject()) {
                throw new IllegalArgumentException(where + ": must be an object");
            }
            ObjectNode definition = ((ObjectNode) items.get(i)).deepCopy();
            JsonNode id = definition.remove("id");
            if (id == null || !id.isTextual() || !ID.matcher(id.asText()).matches()) {
                throw new IllegalArgumentException(where + ": 'id' must be a string of 1 to 256 letters, digits and"
                        + " . _ : - (starting with a letter or digit)");
            }
            if (!seen.add(id.asText())) {
                throw new IllegalArgumentException(where + ": the id '" + id.asText() + "' is used twice");
            }
            definition.remove("created_at");
            try {
                out.add(new StoredAssistant(id.asText(), modified, true, reader.apply(definition)));
            } catch (ApiException e) {
                StringBuilder b = new StringBuilder(where).append(" ('").append(id.asText()).append("'):");
                for (ApiError error : e.errors()) {
                    b.append(' ').append(error.pointer() == null ? "" : error.pointer() + ": ").append(error.detail());
                }
                throw new IllegalArgumentException(b.toString());
            }
        }
        return out;
    }
}
