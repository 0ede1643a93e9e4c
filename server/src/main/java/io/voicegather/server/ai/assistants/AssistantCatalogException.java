package io.voicegather.server.ai.assistants;

/** Why the catalog refused a request: the id is unknown, or the assistant comes from the assistants file. */
public final class AssistantCatalogException extends RuntimeException {
    public enum Reason { NOT_FOUND, READ_ONLY }

    private final Reason reason;

    private AssistantCatalogException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public static AssistantCatalogException notFound(String id) {
        return new AssistantCatalogException(Reason.NOT_FOUND, "No assistant with id '" + id + "' exists.");
    }

    public static AssistantCatalogException readOnly(String id) {
        return new AssistantCatalogException(Reason.READ_ONLY,
                "The assistant '" + id + "' is defined in the assistants file; change it there and restart.");
    }

    public Reason reason() {
        return reason;
    }
}
