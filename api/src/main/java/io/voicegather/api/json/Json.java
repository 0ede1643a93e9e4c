package io.voicegather.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.error.ApiError;

import java.util.List;

/** The one JSON codec of the wire model: snake_case names, unknown fields ignored, nulls omitted. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    /** {@code {"errors":[{"code","title","detail","source":{"pointer"}}]}}. */
    public static String errorBody(List<ApiError> errors) {
        ObjectNode root = object();
        var array = root.putArray("errors");
        for (ApiError e : errors) {
            ObjectNode o = array.addObject();
            o.put("code", e.code());
            o.put("title", e.title());
            if (e.detail() != null) {
                o.put("detail", e.detail());
            }
            if (e.pointer() != null) {
                o.putObject("source").put("pointer", e.pointer());
            }
        }
        return write(root);
    }
}
