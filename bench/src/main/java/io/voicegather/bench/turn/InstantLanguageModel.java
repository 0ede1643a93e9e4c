package io.voicegather.bench.turn;

import io.voicegather.server.ai.llm.ChatMessage;
import io.voicegather.server.ai.llm.ChatReply;
import io.voicegather.server.ai.llm.ChatRequest;
import io.voicegather.server.ai.llm.LanguageModel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A language model that costs nothing: a short fixed reply, already complete. The caller is read from the
 * assistant's instructions ({@code INSTRUCTIONS + index}); the reply text names the caller so that the timed prompt
 * loader can tell whose speech it renders.
 */
final class InstantLanguageModel implements LanguageModel {
    static final String INSTRUCTIONS = "Benchmark caller ";

    private final List<Caller> callers;
    private final boolean uniquePerTurn;
    private final Map<String, Caller> replyOwners;
    private final boolean threeSentences;

    /**
     * @param uniquePerTurn  a new text every turn (every reply is a cache miss) instead of one text per caller
     * @param replyOwners    filled with the text of the reply's first spoken piece → caller
     * @param threeSentences a reply of three sentences instead of one short one
     */
    InstantLanguageModel(List<Caller> callers, boolean uniquePerTurn, Map<String, Caller> replyOwners,
                         boolean threeSentences) {
        this.callers = callers;
        this.uniquePerTurn = uniquePerTurn;
        this.replyOwners = replyOwners;
        this.threeSentences = threeSentences;
    }

    @Override
    public String defaultModel() {
        return "instant";
    }

    @Override
    public CompletableFuture<ChatReply> complete(ChatRequest request) {
        long now = System.nanoTime();
        Caller caller = callerOf(request);
        if (caller == null) {
            return CompletableFuture.completedFuture(new ChatReply("Okay.", List.of(), "instant"));
        }
        Turn t = caller.turn;
        if (t != null && t.llmCalled == 0) {
            t.llmCalled = now;
        }
        String text = threeSentences ? caller.longReplyText(uniquePerTurn) : caller.replyText(uniquePerTurn);
        // the voice is asked for the reply a piece at a time: the first piece is the one the turn waits for
        replyOwners.put(threeSentences ? caller.firstSentence(uniquePerTurn) : text, caller);
        return CompletableFuture.completedFuture(new ChatReply(text, List.of(), "instant"));
    }

    private Caller callerOf(ChatRequest request) {
        for (ChatMessage m : request.messages()) {
            if ("system".equals(m.role()) && m.content() != null && m.content().startsWith(INSTRUCTIONS)) {
                int index = Integer.parseInt(m.content().substring(INSTRUCTIONS.length()).trim());
                return index < callers.size() ? callers.get(index) : null;
            }
        }
        return null;
    }
}
