package io.voicegather.api.command.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** One item of an assistant's {@code tools} array, by its {@code type}. */
public sealed interface AiTool {

    /** The tool's function name as the language model sees it. */
    String name();

    /**
     * {@code {"type":"webhook","webhook":{...}}}: a real HTTP request to the application's URL.
     *
     * @param url             may hold {@code {placeholders}} filled from path_parameters
     * @param method          GET, POST, PUT, DELETE or PATCH (POST by default)
     * @param bodyParameters  a JSON Schema object, or null
     * @param queryParameters a JSON Schema object, or null
     * @param pathParameters  a JSON Schema object, or null
     */
    record Webhook(String name, String description, String url, String method, List<Header> headers,
                   ObjectNode bodyParameters, ObjectNode queryParameters, ObjectNode pathParameters) implements AiTool {
        public Webhook {
            headers = headers == null ? List.of() : List.copyOf(headers);
        }
    }

    /** {@code {"type":"hangup","hangup":{"description":...}}}: the assistant may end the call. */
    record Hangup(String description) implements AiTool {
        public static final String DEFAULT_DESCRIPTION = "This tool is used to hang up the call.";

        @Override
        public String name() {
            return "hangup";
        }
    }

    /**
     * A tool type this server accepts but does not run (transfer, retrieval, book_appointment,
     * check_availability): kept as sent, never offered to the model.
     */
    record Unsupported(String type, ObjectNode raw) implements AiTool {
        @Override
        public String name() {
            return type;
        }
    }

    record Header(String name, String value) {
    }
}
