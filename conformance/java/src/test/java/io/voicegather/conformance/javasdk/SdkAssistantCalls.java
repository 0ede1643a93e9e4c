package io.voicegather.conformance.javasdk;

import com.telnyx.sdk.ApiClient;
import com.telnyx.sdk.ApiException;
import com.telnyx.sdk.ApiResponse;

import javax.ws.rs.core.GenericType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The assistants API through the official SDK's own request path. SDK 2.8.0 has no assistants class (its generated
 * API classes stop at Call Control, messaging and numbers), so this does what each of its generated methods does:
 * build the path with {@link ApiClient#escapeString}, and call {@link ApiClient#invokeAPI} with the SDK's
 * {@code bearerAuth}, JSON content type and a return type, so that the SDK's Jersey client, its Jackson mapper and
 * its error handling ({@link ApiException} for any non-2xx) are the ones at work.
 */
final class SdkAssistantCalls {
    private static final GenericType<Map<String, Object>> OBJECT = new GenericType<>() {
    };
    private static final String BASE = "/ai/assistants";

    private final ApiClient client;

    SdkAssistantCalls(ApiClient client) {
        this.client = client;
    }

    ApiResponse<Map<String, Object>> create(Map<String, Object> body) throws ApiException {
        return invoke("create", BASE, "POST", body);
    }

    ApiResponse<Map<String, Object>> list() throws ApiException {
        return invoke("list", BASE, "GET", null);
    }

    ApiResponse<Map<String, Object>> retrieve(String id) throws ApiException {
        return invoke("retrieve", one(id), "GET", null);
    }

    ApiResponse<Map<String, Object>> update(String id, Map<String, Object> body) throws ApiException {
        return invoke("update", one(id), "POST", body);
    }

    ApiResponse<Map<String, Object>> delete(String id) throws ApiException {
        return invoke("delete", one(id), "DELETE", null);
    }

    private String one(String id) {
        return BASE + "/" + client.escapeString(id);
    }

    private ApiResponse<Map<String, Object>> invoke(String operation, String path, String method, Object body)
            throws ApiException {
        return client.invokeAPI("AssistantsApi." + operation, path, method, new ArrayList<>(), body,
                new HashMap<>(), new HashMap<>(), new HashMap<>(),
                client.selectHeaderAccept(new String[]{"application/json"}),
                client.selectHeaderContentType(new String[]{"application/json"}),
                new String[]{"bearerAuth"}, OBJECT, false);
    }
}
