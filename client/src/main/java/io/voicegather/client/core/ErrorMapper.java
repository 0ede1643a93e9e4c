package io.voicegather.client.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import io.voicegather.client.errors.BadRequestException;
import io.voicegather.client.errors.ErrorDetail;
import io.voicegather.client.errors.InternalServerException;
import io.voicegather.client.errors.NotFoundException;
import io.voicegather.client.errors.PermissionDeniedException;
import io.voicegather.client.errors.RateLimitException;
import io.voicegather.client.errors.UnauthorizedException;
import io.voicegather.client.errors.UnexpectedStatusCodeException;
import io.voicegather.client.errors.UnprocessableEntityException;
import io.voicegather.client.errors.VoicegatherServiceException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a non-2xx response into the exception type named after its status. */
public final class ErrorMapper {
    private ErrorMapper() {
    }

    public static VoicegatherServiceException toException(int status, Map<String, List<String>> headers, String body) {
        List<ErrorDetail> errors = parseErrors(body);
        return switch (status) {
            case 400 -> new BadRequestException(status, headers, body, errors);
            case 401 -> new UnauthorizedException(status, headers, body, errors);
            case 403 -> new PermissionDeniedException(status, headers, body, errors);
            case 404 -> new NotFoundException(status, headers, body, errors);
            case 422 -> new UnprocessableEntityException(status, headers, body, errors);
            case 429 -> new RateLimitException(status, headers, body, errors);
            default -> status >= 500 && status <= 599
                    ? new InternalServerException(status, headers, body, errors)
                    : new UnexpectedStatusCodeException(status, headers, body, errors);
        };
    }

    /** The {@code errors} array of a Telnyx error body; empty for anything else (HTML, empty, malformed). */
    static List<ErrorDetail> parseErrors(String body) {
        if (body == null || body.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return List.of();
        }
        JsonNode array = root == null ? null : root.get("errors");
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<ErrorDetail> out = new ArrayList<>();
        for (JsonNode e : array) {
            out.add(new ErrorDetail(text(e.get("code")), text(e.get("title")), text(e.get("detail")),
                    text(e.path("source").get("pointer"))));
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
