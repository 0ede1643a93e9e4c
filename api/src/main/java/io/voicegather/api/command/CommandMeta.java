package io.voicegather.api.command;

/**
 * The two fields every call command accepts.
 *
 * @param clientState Base64 text echoed in later webhooks of the call; null when not sent
 * @param commandId   idempotency key; a repeat within 60 s for the same call has no second effect; null when not sent
 */
public record CommandMeta(String clientState, String commandId) {
    public static final CommandMeta NONE = new CommandMeta(null, null);
}
