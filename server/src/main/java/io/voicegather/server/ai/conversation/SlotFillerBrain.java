package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.json.Json;
import io.voicegather.server.ai.slots.SlotFiller;
import io.voicegather.server.ai.stt.ExpectedAnswer;

import io.voicegather.server.ai.schema.ParametersSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The offline gather: asks for each required field in turn with a question made from its description, reads the
 * answer with the deterministic {@link SlotFiller} (speech or keypad), asks again on a miss or a silence, and gives
 * up on a field after {@code maxTries} attempts. Never fails, never waits: every future is already complete.
 */
public final class SlotFillerBrain implements Brain {
    static final String MISSED = "Sorry, I didn't catch that.";
    static final String SILENT = "Are you still there?";
    static final String GIVE_UP = "Sorry, I could not understand your answer.";

    private final ObjectNode schema;
    private final String greeting;
    private final SlotFiller filler;
    private final int maxTries;
    private final boolean speechAvailable;
    private final ObjectNode filled;
    private final Map<String, Integer> tries = new HashMap<>();
    private String asking;

    /**
     * @param filled          where values go; shared with a language-model brain that hands over to this one
     * @param speechAvailable whether a recogniser listens (when not, every question says how to answer on the keypad)
     */
    public SlotFillerBrain(ObjectNode schema, String greeting, SlotFiller filler, int maxTries, boolean speechAvailable,
                           ObjectNode filled) {
        this.schema = schema;
        this.greeting = greeting;
        this.filler = filler;
        this.maxTries = maxTries;
        this.speechAvailable = speechAvailable;
        this.filled = filled;
    }

    @Override
    public CompletableFuture<Reply> opening() {
        return done(askNext(greeting, null));
    }

    /** Takes over mid-conversation (after a language model failed): asks the next missing field plainly. */
    public Reply takeOver(String preface) {
        return askNext(preface, null);
    }

    @Override
    public CompletableFuture<Reply> heard(String text) {
        if (asking == null) {
            return done(askNext(null, null));
        }
        return done(answer(filler.extract(schema, asking, text), null));
    }

    @Override
    public CompletableFuture<Reply> pressed(String digits) {
        if (asking == null) {
            return done(askNext(null, null));
        }
        return done(answer(filler.extractKeypad(schema, asking, digits), null));
    }

    @Override
    public CompletableFuture<Reply> misheard(String failure) {
        return done(miss(MISSED, failure));
    }

    @Override
    public CompletableFuture<Reply> silence() {
        return done(miss(SILENT, null));
    }

    @Override
    public CompletableFuture<Reply> injected(List<AiMessage> messages, boolean respond) {
        return done(respond ? askNext(null, null) : Reply.NONE);
    }

    @Override
    public ExpectedAnswer expecting() {
        return asking == null ? null : new ExpectedAnswer(asking, (ObjectNode) schema.path("properties").path(asking));
    }

    @Override
    public int keypadAnswerLength() {
        if (asking == null) {
            return -1;
        }
        JsonNode field = schema.path("properties").path(asking);
        String type = ParametersSchema.typeOf(field);
        boolean smallEnum = field.path("enum").isArray() && field.path("enum").size() <= 9 && !"integer".equals(type);
        boolean oneKey = "boolean".equals(type) || smallEnum;
        return oneKey ? 1 : 0;
    }

    @Override
    public ObjectNode result() {
        return filled;
    }

    @Override
    public String llmModel() {
        return null;
    }

    private Reply answer(Optional<Object> value, String failure) {
        if (value.isEmpty()) {
            return miss(MISSED, failure);
        }
        String field = asking;
        filled.set(field, Json.MAPPER.valueToTree(value.get()));
        ObjectNode newly = Json.object();
        newly.set(field, filled.get(field));
        Reply next = askNext(null, failure);
        return new Reply(next.say(), newly, next.ending(), failure);
    }

    private Reply miss(String apology, String failure) {
        if (asking == null) {
            return askNext(apology, failure);
        }
        int n = tries.merge(asking, 1, Integer::sum);
        if (n >= maxTries) {
            return new Reply(GIVE_UP, null, Ending.GAVE_UP, failure);
        }
        return new Reply(apology + " " + question(asking, true), null, null, failure);
    }

    private Reply askNext(String preface, String failure) {
        Optional<String> next = filler.nextMissing(schema, fieldsFilled());
        if (next.isEmpty()) {
            asking = null;
            return new Reply(preface, null, Ending.GATHERED, failure);
        }
        asking = next.get();
        String q = question(asking, !speechAvailable);
        return new Reply(preface == null || preface.isBlank() ? q : preface + " " + q, null, null, failure);
    }

    private String question(String field, boolean withKeypadHint) {
        String q = filler.question(schema, field);
        if (withKeypadHint || !speechAvailable) {
            Optional<String> hint = filler.keypadHint(schema, field, speechAvailable);
            if (hint.isPresent()) {
                q = q + " " + hint.get();
            }
        }
        return q;
    }

    private Map<String, Object> fieldsFilled() {
        Map<String, Object> m = new HashMap<>();
        filled.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                m.put(e.getKey(), e.getValue());
            }
        });
        return m;
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
