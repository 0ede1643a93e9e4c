package io.voicegather.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.error.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {
    @Test
    void errorBodyHasTelnyxShapeWithCodeAsString() throws Exception {
        String body = Json.errorBody(List.of(ApiError.outOfRange("maximum_digits", 1, 128)));
        JsonNode e = Json.MAPPER.readTree(body).get("errors").get(0);
        assertThat(e.get("code").isTextual()).isTrue();
        assertThat(e.get("code").asText()).isEqualTo("10033");
        assertThat(e.get("title").asText()).isEqualTo("Value outside of range");
        assertThat(e.get("source").get("pointer").asText()).isEqualTo("/maximum_digits");
    }

    @Test
    void errorWithoutPointerHasNoSource() throws Exception {
        JsonNode e = Json.MAPPER.readTree(Json.errorBody(List.of(ApiError.unauthorized()))).get("errors").get(0);
        assertThat(e.has("source")).isFalse();
        assertThat(e.get("code").asText()).isEqualTo("10009");
    }
}
