package io.voicegather.server.ai.conversation;

import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.server.ai.stt.ExpectedAnswer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Decides what the assistant says: the deterministic slot filler, a language model filling a schema, or a free
 * assistant. Called on the call's strand, one event at a time (the next event comes only after the returned future
 * completed); the futures may complete on any thread and never fail (a brain turns its own provider failures into a
 * fallback {@link Reply} with {@link Reply#failure()} set).
 */
public interface Brain {

    /** The first turn: greeting, first question. */
    CompletableFuture<Reply> opening();

    /** The caller said {@code text} (already appended to the message history). */
    CompletableFuture<Reply> heard(String text);

    /** Speech that could not be transcribed: nothing recognisable, or the recogniser failed ({@code failure}). */
    CompletableFuture<Reply> misheard(String failure);

    /**
     * The caller typed {@code digits} — already in the history. A gather is given the digits with the {@code #} that
     * ended them removed; the assistant the whole entry as pressed, {@code #} included ({@link KeypadEntry}).
     */
    CompletableFuture<Reply> pressed(String digits);

    /** No answer within the user response timeout. */
    CompletableFuture<Reply> silence();

    /** Messages injected by the application; when {@code respond}, the assistant takes its turn now. */
    CompletableFuture<Reply> injected(List<AiMessage> messages, boolean respond);

    /** What the last question asked for (a grammar hint for the recogniser), or null in free talk. */
    ExpectedAnswer expecting();

    /**
     * Whether keypad input is an answer now, and how many keys complete it without a {@code #} (0 = until {@code #}
     * or the inter-digit pause). Negative: keys are not answers now.
     */
    int keypadAnswerLength();

    /** The gathered fields so far (gathers), or null (assistant). */
    com.fasterxml.jackson.databind.node.ObjectNode result();

    /** The model reported as llm_model, or null when none was used. */
    String llmModel();
}
