package io.voicegather.server.ai.assistants;

import io.voicegather.server.http.AssistantDefinitionParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The assistants file: both shapes read; each mistake stops the start with a message naming item and field. */
class AssistantsFileTest {
    @TempDir
    Path dir;

    private List<StoredAssistant> read(String json) throws Exception {
        Path file = dir.resolve("assistants.json");
        Files.writeString(file, json);
        return AssistantsFile.read(file, AssistantDefinitionParser::read);
    }

    @Test
    void readsTheObjectShapeInOrder() throws Exception {
        List<StoredAssistant> read = read("""
                {"assistants": [
                  {"id": "front-desk", "name": "Front desk", "instructions": "Help {{name}}.",
                   "tools": [{"type": "hangup", "hangup": {"description": "End the call."}}]},
                  {"id": "assistant-2", "name": "Second", "instructions": "Be brief.", "created_at": "ignored"}
                ]}""");
        assertThat(read).extracting(StoredAssistant::id).containsExactly("front-desk", "assistant-2");
        assertThat(read).allMatch(StoredAssistant::fromFile);
        assertThat(read.get(0).definition().assistant().tools()).hasSize(1);
        assertThat(read.get(0).definition().json().has("id")).as("the id is not part of the definition").isFalse();
        assertThat(read.get(1).definition().json().has("created_at")).isFalse();
    }

    @Test
    void readsABareArray() throws Exception {
        assertThat(read("[{\"id\":\"a\",\"name\":\"A\",\"instructions\":\"x\"}]")).hasSize(1);
    }

    @Test
    void mistakesNameTheItemAndTheField() {
        assertThatThrownBy(() -> read("[{\"id\":\"a\",\"name\":\"A\"}]"))
                .hasMessageContaining("item 0 ('a')").hasMessageContaining("/instructions");
        assertThatThrownBy(() -> read("[{\"name\":\"A\",\"instructions\":\"x\"}]"))
                .hasMessageContaining("item 0").hasMessageContaining("'id'");
        assertThatThrownBy(() -> read("[{\"id\":\"a/b\",\"name\":\"A\",\"instructions\":\"x\"}]"))
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> read("[{\"id\":\"a\",\"name\":\"A\",\"instructions\":\"x\"},"
                + "{\"id\":\"a\",\"name\":\"B\",\"instructions\":\"y\"}]"))
                .hasMessageContaining("item 1").hasMessageContaining("used twice");
        assertThatThrownBy(() -> read("[{\"id\":\"a\",\"name\":\"A\",\"instructions\":\"x\","
                + "\"tools\":[{\"type\":\"teleport\"}]}]"))
                .hasMessageContaining("/tools/0/type");
        assertThatThrownBy(() -> read("{\"assistants\": [")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> read("{\"other\": []}")).hasMessageContaining("{\"assistants\": [...]}");
    }
}
