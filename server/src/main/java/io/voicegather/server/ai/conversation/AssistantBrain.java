package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.llm.ChatMessage;
import io.voicegather.server.ai.llm.ChatReply;
import io.voicegather.server.ai.llm.ChatRequest;
import io.voicegather.server.ai.llm.LanguageModel;
import io.voicegather.server.ai.llm.ToolCall;
import io.voicegather.server.ai.stt.ExpectedAnswer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The AI assistant: a free conversation led by a language model, with the assistant's tools (webhook calls, hangup).
 * One caller turn may take several model rounds (the model calls tools, sees their answers, then speaks); the rounds
 * are bounded. A model failure is answered with an apology and the conversation goes on.
 */
public final class AssistantBrain implements Brain {
    static final int MAX_ROUNDS = 4;
    static final String TROUBLE = "Sorry, I'm having trouble answering right now. Could you say that again?";
    static final String MISSED = "Sorry, I didn't catch that. Could you say it again?";
    static final String SILENT = "Are you still there?";
    static final String GOODBYE = "Goodbye.";
    /** Consecutive silences after which the assistant stops (it does not hang up: the application decides). */
    static final int MAX_SILENCES = 3;

    private final LanguageModel llm;
    private final String model;
    private final String greeting;
    private final ToolBox tools;
    private final ChatLog log;
    private String modelUsed;
    private int silences;

    /**
     * @param instructions the system prompt, dynamic variables already filled in
     * @param seed         message_history of the start command
     */
    public AssistantBrain(LanguageModel llm, String model, String instructions, String greeting, ToolBox tools,
                          List<AiMessage> seed) {
        this.llm = llm;
        this.model = model;
        this.greeting = greeting;
        this.tools = tools;
        this.log = new ChatLog(instructions);
        this.log.addAll(seed);
        this.modelUsed = model != null ? model : llm.defaultModel();
    }

    @Override
    public CompletableFuture<Reply> opening() {
        if (greeting == null || greeting.isBlank()) {
            return CompletableFuture.completedFuture(Reply.NONE);
        }
        log.add(ChatMessage.assistant(greeting));
        return CompletableFuture.completedFuture(Reply.say(greeting));
    }

    @Override
    public CompletableFuture<Reply> heard(String text) {
        silences = 0;
        log.add(ChatMessage.user(text));
        return respond();
    }

    @Override
    public CompletableFuture<Reply> misheard(String failure) {
        return CompletableFuture.completedFuture(new Reply(MISSED, null, null, failure));
    }

    /** The keys are the caller's turn, written as {@link KeypadEntry} writes them (the history holds the same). */
    @Override
    public CompletableFuture<Reply> pressed(String digits) {
        return heard(KeypadEntry.text(digits));
    }

    @Override
    public CompletableFuture<Reply> silence() {
        silences++;
        if (silences >= MAX_SILENCES) {
            return CompletableFuture.completedFuture(
                    new Reply(null, null, new Ending("user_response_timeout", null, false), null));
        }
        return CompletableFuture.completedFuture(Reply.say(SILENT));
    }

    @Override
    public CompletableFuture<Reply> injected(List<AiMessage> messages, boolean respond) {
        log.addAll(messages);
        return respond ? respond() : CompletableFuture.completedFuture(Reply.NONE);
    }

    @Override
    public ExpectedAnswer expecting() {
        return null;
    }

    @Override
    public int keypadAnswerLength() {
        return 0; // every entry is a turn, ended by '#' or the inter-digit pause
    }

    @Override
    public ObjectNode result() {
        return null;
    }

    @Override
    public String llmModel() {
        return modelUsed;
    }

    private CompletableFuture<Reply> respond() {
        return round(1);
    }

    private CompletableFuture<Reply> round(int n) {
        CompletableFuture<ChatReply> answer;
        try {
            answer = llm.complete(new ChatRequest(model, log.messages(), tools.definitions(), null));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((reply, error) -> {
            if (error != null) {
                return CompletableFuture.completedFuture(
                        new Reply(TROUBLE, null, null, ProviderException.of("llm", error).getMessage()));
            }
            if (reply.model() != null) {
                modelUsed = reply.model();
            }
            return afterModel(reply, n);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Reply> afterModel(ChatReply reply, int n) {
        String text = reply.content() == null || reply.content().isBlank() ? null : reply.content().strip();
        if (reply.toolCalls().isEmpty()) {
            if (text == null) {
                return CompletableFuture.completedFuture(Reply.NONE);
            }
            log.add(ChatMessage.assistant(text));
            return CompletableFuture.completedFuture(Reply.say(text));
        }
        log.add(new ChatMessage("assistant", text, reply.toolCalls(), null));
        for (ToolCall call : reply.toolCalls()) {
            if (tools.isHangup(call)) {
                log.add(ChatMessage.tool(call.id(), "the call is being hung up"));
                return CompletableFuture.completedFuture(
                        new Reply(text != null ? text : GOODBYE, null, Ending.ASSISTANT_HANGUP, null));
            }
        }
        return tools.runEach(reply.toolCalls(), log).thenCompose(v -> {
            if (n >= MAX_ROUNDS) {
                return CompletableFuture.completedFuture(new Reply(text != null ? text : TROUBLE, null, null,
                        "llm: still calling tools after " + MAX_ROUNDS + " rounds"));
            }
            return round(n + 1).thenApply(next -> text == null || next.say() == null ? next
                    : new Reply(text + " " + next.say(), next.filled(), next.ending(), next.failure()));
        });
    }
}
