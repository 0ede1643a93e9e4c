package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.json.Json;
import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.llm.ChatMessage;
import io.voicegather.server.ai.llm.ChatReply;
import io.voicegather.server.ai.llm.ChatRequest;
import io.voicegather.server.ai.llm.LanguageModel;
import io.voicegather.server.ai.llm.ToolCall;
import io.voicegather.server.ai.llm.ToolDefinition;
import io.voicegather.server.ai.slots.SlotFiller;
import io.voicegather.server.ai.stt.ExpectedAnswer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code gather_using_ai} led by a language model: the model asks the questions in its own words and reports what it
 * learnt by calling the {@code save_answers} function, whose parameters are the requested schema's properties. Each
 * saved value is checked against its property schema by the same rules the result is validated with; the gather ends
 * when every required field holds a value. Keypad answers go to the first missing field through the deterministic
 * reader. If the model fails, the deterministic {@link SlotFillerBrain} takes over the rest of the conversation.
 */
public final class LlmGatherBrain implements Brain {
    static final String SAVE = "save_answers";
    static final int MAX_ROUNDS = 3;
    static final String TAKE_OVER = "Sorry, let me ask you more simply.";

    private final LanguageModel llm;
    private final String model;
    private final ObjectNode schema;
    private final String greeting;
    private final ToolBox tools;
    private final SlotFillerBrain fallback;
    private final FieldCheck fieldCheck;
    private final ObjectNode filled;
    private final ChatLog log;
    private final List<ToolDefinition> defs;
    private boolean failedOver;
    private String modelUsed;

    /** Checks one value against its property schema: null when acceptable, else why not. */
    public interface FieldCheck {
        String problem(String field, JsonNode value);
    }

    /**
     * @param filled   shared with {@code fallback}, which must have been built on the same object
     * @param seed     the command's message_history
     */
    public LlmGatherBrain(LanguageModel llm, String model, ObjectNode schema, String instructions, String greeting,
                          ToolBox tools, SlotFillerBrain fallback, FieldCheck fieldCheck, ObjectNode filled,
                          List<AiMessage> seed) {
        this.llm = llm;
        this.model = model;
        this.schema = schema;
        this.greeting = greeting;
        this.tools = tools;
        this.fallback = fallback;
        this.fieldCheck = fieldCheck;
        this.filled = filled;
        this.log = new ChatLog(systemPrompt(instructions, schema));
        this.log.addAll(seed);
        this.modelUsed = model != null ? model : llm.defaultModel();
        List<ToolDefinition> offered = new ArrayList<>();
        offered.add(new ToolDefinition(SAVE, "Save the answers the caller has given. Call it as soon as the caller "
                + "gives any of the values; include only values the caller actually gave.", saveSchema()));
        offered.addAll(tools.definitions());
        this.defs = List.copyOf(offered); // the schema and the tools never change: built once
    }

    @Override
    public CompletableFuture<Reply> opening() {
        if (greeting != null && !greeting.isBlank()) {
            log.add(ChatMessage.assistant(greeting));
        }
        return round(1, greeting, Json.object());
    }

    @Override
    public CompletableFuture<Reply> heard(String text) {
        if (failedOver) {
            return fallback.heard(text);
        }
        log.add(ChatMessage.user(text));
        return round(1, null, Json.object());
    }

    @Override
    public CompletableFuture<Reply> misheard(String failure) {
        if (failedOver) {
            return fallback.misheard(failure);
        }
        log.add(ChatMessage.system("The caller's last answer could not be heard. Ask again."));
        return round(1, null, Json.object()).thenApply(r -> failure == null ? r : r.withFailure(failure));
    }

    @Override
    public CompletableFuture<Reply> pressed(String digits) {
        if (failedOver) {
            return fallback.pressed(digits);
        }
        // keys answer the first missing field, read deterministically; the model is told what was saved
        ObjectNode before = filled.deepCopy();
        fallback.takeOver(null); // positions the reader on the first missing field
        return fallback.pressed(digits).thenCompose(r -> {
            ObjectNode newly = diff(before);
            log.add(ChatMessage.user(digits));
            if (newly.isEmpty()) {
                log.add(ChatMessage.system("The caller typed " + digits + " on the keypad, which is not a valid answer."));
            } else {
                log.add(ChatMessage.system("Saved from the keypad: " + Json.write(newly) + ". " + missingNote()));
            }
            if (missing().isEmpty()) {
                return CompletableFuture.completedFuture(new Reply(null, newly, Ending.GATHERED, null));
            }
            return round(1, null, newly);
        });
    }

    @Override
    public CompletableFuture<Reply> silence() {
        if (failedOver) {
            return fallback.silence();
        }
        log.add(ChatMessage.system("The caller said nothing. Ask again, briefly."));
        return round(1, null, Json.object());
    }

    @Override
    public CompletableFuture<Reply> injected(List<AiMessage> messages, boolean respond) {
        log.addAll(messages);
        return respond ? round(1, null, Json.object()) : CompletableFuture.completedFuture(Reply.NONE);
    }

    @Override
    public ExpectedAnswer expecting() {
        List<String> missing = missing();
        return missing.isEmpty() ? null
                : new ExpectedAnswer(missing.get(0), (ObjectNode) schema.path("properties").path(missing.get(0)));
    }

    @Override
    public int keypadAnswerLength() {
        return failedOver ? fallback.keypadAnswerLength() : 0;
    }

    @Override
    public ObjectNode result() {
        return filled;
    }

    @Override
    public String llmModel() {
        return modelUsed;
    }

    /** One model round; {@code prefix} is said before the model's words, {@code newly} carries fields saved so far. */
    private CompletableFuture<Reply> round(int n, String prefix, ObjectNode newly) {
        CompletableFuture<ChatReply> answer;
        try {
            answer = llm.complete(new ChatRequest(model, log.messages(), defs, null));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((reply, error) -> {
            if (error != null) {
                return CompletableFuture.completedFuture(failOver(prefix, newly, ProviderException.of("llm", error)));
            }
            if (reply.model() != null) {
                modelUsed = reply.model();
            }
            return afterModel(reply, n, prefix, newly);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Reply> afterModel(ChatReply reply, int n, String prefix, ObjectNode newly) {
        String text = reply.content() == null || reply.content().isBlank() ? null : reply.content().strip();
        if (reply.toolCalls().isEmpty()) {
            if (text != null) {
                log.add(ChatMessage.assistant(text));
            }
            return CompletableFuture.completedFuture(new Reply(join(prefix, text), newly, null, null));
        }
        log.add(new ChatMessage("assistant", text, reply.toolCalls(), null));
        List<ToolCall> webhookCalls = new ArrayList<>();
        for (ToolCall call : reply.toolCalls()) {
            if (SAVE.equals(call.name())) {
                log.add(ChatMessage.tool(call.id(), save(call, newly)));
            } else if (tools.isHangup(call)) {
                log.add(ChatMessage.tool(call.id(), "the call is being hung up"));
                return CompletableFuture.completedFuture(new Reply(join(prefix, text), newly, Ending.ASSISTANT_HANGUP, null));
            } else {
                webhookCalls.add(call);
            }
        }
        CompletableFuture<Void> ran = tools.runEach(webhookCalls, log); // started now, as the model asked
        String said = join(prefix, text);
        if (missing().isEmpty()) {
            return CompletableFuture.completedFuture(new Reply(said, newly, Ending.GATHERED, null));
        }
        return ran.thenCompose(v -> {
            if (n >= MAX_ROUNDS) {
                return CompletableFuture.completedFuture(failOver(said, newly,
                        new ProviderException("llm", "no question after " + MAX_ROUNDS + " rounds")));
            }
            return round(n + 1, said, newly);
        });
    }

    /** Applies a save_answers call; answers the model with what was kept, what was refused and what is missing. */
    private String save(ToolCall call, ObjectNode newly) {
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(call.argumentsJson() == null ? "{}" : call.argumentsJson());
        } catch (Exception e) {
            return "error: the arguments are not JSON. " + missingNote();
        }
        List<String> refused = new ArrayList<>();
        JsonNode properties = schema.path("properties");
        Iterator<String> names = args.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode value = args.get(name);
            if (!properties.has(name) || value == null || value.isNull()) {
                continue;
            }
            String problem = fieldCheck.problem(name, value);
            if (problem == null) {
                filled.set(name, value);
                newly.set(name, value);
            } else {
                refused.add(name + " (" + problem + ")");
            }
        }
        return (refused.isEmpty() ? "saved. " : "not saved: " + String.join(", ", refused) + ". ") + missingNote();
    }

    private Reply failOver(String said, ObjectNode newly, ProviderException failure) {
        failedOver = true;
        Reply takeOver = fallback.takeOver(join(said, TAKE_OVER));
        return new Reply(takeOver.say(), newly, takeOver.ending(), failure.getMessage());
    }

    /** The fields asked for (as the slot filler asks them) that have no value yet. */
    private List<String> missing() {
        List<String> out = new ArrayList<>();
        for (String name : SlotFiller.askable(schema)) {
            JsonNode v = filled.get(name);
            if (v == null || v.isNull()) {
                out.add(name);
            }
        }
        return out;
    }

    private String missingNote() {
        List<String> missing = missing();
        return missing.isEmpty() ? "Everything has been collected." : "Still missing: " + String.join(", ", missing) + ".";
    }

    private ObjectNode diff(ObjectNode before) {
        ObjectNode out = Json.object();
        filled.fields().forEachRemaining(e -> {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private ObjectNode saveSchema() {
        ObjectNode s = Json.object();
        s.put("type", "object");
        s.set("properties", schema.path("properties").deepCopy());
        return s;
    }

    private static String systemPrompt(String instructions, ObjectNode schema) {
        StringBuilder sb = new StringBuilder();
        if (instructions != null && !instructions.isBlank()) {
            sb.append(instructions.strip()).append("\n\n");
        }
        sb.append("You are on a phone call. Collect the following information from the caller, one question at a "
                + "time, in short spoken sentences. Never invent values. As soon as the caller gives a value, call "
                + SAVE + " with it.\nFields (JSON Schema): ").append(Json.write(schema));
        return sb.toString();
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + " " + b;
    }
}
