package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One voice conversation on a call (a {@code gather_using_ai} or an AI assistant): turn taking between the
 * assistant's speech and the caller's utterances and keys, the user response timeout, and the webhooks. What to say
 * is the {@link Brain}'s business; the call is reached through the {@link ConversationHost}.
 *
 * <p>Every method runs on the call's strand. Events from the media threads (speech started, an utterance, a key)
 * are posted there by the call. Each asynchronous step carries the turn number it belongs to, so a late answer from
 * a provider or a late end-of-playback for a turn that was interrupted or ended is ignored.
 */
public final class Conversation {

    /** Where the conversation is in its turn cycle. */
    public enum State { THINKING, SPEAKING, LISTENING, HEARING, ENDED }

    private final String id;
    private final Brain brain;
    private final ConversationHost host;
    private final ConversationSettings settings;
    private final Function<ObjectNode, List<String>> validator;
    private final List<AiMessage> history;
    private final Set<String> failures = new LinkedHashSet<>();
    private final long startedAt;

    private State state = State.THINKING;
    /** Incremented whenever the current step is abandoned: answers carrying an older number are stale. */
    private int turn;
    private Ending pendingEnding;
    private Runnable responseTimer;
    private Runnable keypadTimer;
    private final StringBuilder keys = new StringBuilder();
    /** Messages added while the brain was busy: handed over when its answer arrives (one event at a time). */
    private final List<AiMessage> injectedWhileBusy = new ArrayList<>();
    private volatile boolean interruptibleSpeech;
    /** An utterance that ended while the brain was busy: answered once the current reply has been said. */
    private short[] heldUtterance;
    /** A key entry (assistant) that ended while the brain was busy or the reply played: answered after the reply. */
    private String heldEntry;
    /** A trigger_response that came while the assistant was busy: it takes its turn once the current reply is said. */
    private boolean triggerHeld;

    /**
     * @param validator checks a gather's result against its schema (empty list = valid); null for an assistant
     * @param history   the seeded message history (copied)
     */
    public Conversation(String id, Brain brain, ConversationHost host, ConversationSettings settings,
                        Function<ObjectNode, List<String>> validator, List<AiMessage> history) {
        this.id = id;
        this.brain = brain;
        this.host = host;
        this.settings = settings;
        this.validator = validator;
        this.history = new ArrayList<>(history);
        this.startedAt = host.nowMillis();
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public boolean isGather() {
        return validator != null;
    }

    public List<AiMessage> history() {
        return List.copyOf(history);
    }

    /**
     * Whether caller speech should cut the assistant off now. Read by the media receive thread so that the cut
     * happens in the same packet that completed the speech start, not a strand hop later.
     */
    public boolean interruptibleNow() {
        return interruptibleSpeech;
    }

    public void start() {
        think(brain.opening());
    }

    // ---------------------------------------------------------------- caller events

    /** The voice activity detector heard speech start (the call has already cut the audio if interruptible). */
    public void onSpeechStarted() {
        if (speechCanBeCut()) {
            cutSpeech();
        } else if (state == State.LISTENING) {
            cancelResponseTimer();
            state = State.HEARING;
        }
    }

    /**
     * An utterance ended: transcribe it and let the brain answer. Speech over an uninterruptible turn is dropped, and
     * so is speech that ends while the caller is typing keys: the keys have the floor (in-band key tones may even be
     * what the voice detector took for speech).
     */
    public void onUtterance(short[] pcm) {
        if (keys.length() > 0) {
            return;
        }
        if (state == State.THINKING) {
            holdUtterance(pcm); // the caller went on talking while we thought: the latest words are answered next
            return;
        }
        if (state != State.HEARING && state != State.LISTENING) {
            return; // over an uninterruptible speech: documented as not heard
        }
        cancelResponseTimer();
        state = State.THINKING;
        int mine = ++turn;
        CompletableFuture<Transcript> transcript;
        try {
            transcript = host.transcribe(new Utterance(pcm, settings.language(), brain.expecting()));
        } catch (RuntimeException e) {
            transcript = CompletableFuture.failedFuture(e);
        }
        transcript.whenComplete((t, error) -> host.execute(() -> transcribed(mine, t, error)));
    }

    private void transcribed(int mine, Transcript t, Throwable error) {
        if (mine != turn || state == State.ENDED) {
            return;
        }
        if (error != null) {
            String failure = ProviderException.of("stt", error).getMessage();
            failures.add(failure);
            think(brain.misheard(failure));
        } else if (t == null || t.isEmpty()) {
            think(brain.misheard(null));
        } else {
            history.add(AiMessage.user(t.text()));
            think(brain.heard(t.text()));
        }
    }

    /**
     * A key press (deduplicated by the call). In a gather, keys answer the field asked, when the brain takes keypad
     * answers now. In an assistant conversation every entry is a caller turn ({@link KeypadEntry}).
     */
    public void onKey(char key) {
        if (state == State.ENDED || brain.keypadAnswerLength() < 0) {
            return;
        }
        if (isGather()) {
            gatherKey(key);
        } else {
            assistantKey(key);
        }
    }

    private void gatherKey(char key) {
        if (state == State.THINKING) {
            return; // the field the keys would answer is known only once the reply has been decided
        }
        if (state == State.SPEAKING) {
            if (!speechCanBeCut()) {
                return;
            }
            cutSpeech();
        }
        cancelResponseTimer();
        state = State.HEARING;
        if (key == '#') {
            submitKeys();
            return;
        }
        keys.append(key);
        int complete = brain.keypadAnswerLength();
        if (complete > 0 && keys.length() >= complete) {
            submitKeys();
        } else {
            cancelKeypadTimer();
            keypadTimer = host.schedule(settings.keypadInterDigitMillis(), this::submitKeys);
        }
    }

    private void submitKeys() {
        cancelKeypadTimer();
        if (state == State.ENDED) {
            return;
        }
        String digits = keys.toString();
        keys.setLength(0);
        if (digits.isEmpty()) {
            listen(); // a lone '#'
            return;
        }
        history.add(AiMessage.user(digits));
        think(brain.pressed(digits));
    }

    /**
     * Keys are collected into an entry whatever the assistant is doing, except over speech that cannot be cut (they
     * are not heard then, like speech); a key over interruptible speech cuts it. The entry ends with {@code #} (kept:
     * the model sees exactly what was pressed), after the inter-digit pause, or at {@link KeypadEntry#MAX_KEYS}.
     */
    private void assistantKey(char key) {
        if (state == State.SPEAKING) {
            if (!speechCanBeCut()) {
                return;
            }
            cutSpeech();
        } else if (state == State.LISTENING) {
            cancelResponseTimer();
            state = State.HEARING;
        } // THINKING: collected, answered after the reply; HEARING: the caller is already answering
        keys.append(key);
        if (key == '#' || keys.length() >= KeypadEntry.MAX_KEYS) {
            entryComplete();
        } else {
            cancelKeypadTimer();
            keypadTimer = host.schedule(settings.keypadInterDigitMillis(), this::entryComplete);
        }
    }

    private void entryComplete() {
        cancelKeypadTimer();
        String entry = keys.toString();
        keys.setLength(0);
        if (state == State.ENDED || entry.isEmpty()) {
            return;
        }
        if (state == State.THINKING || state == State.SPEAKING) {
            heldUtterance = null; // the latest input is the one answered next (as for speech)
            heldEntry = entry;
            return;
        }
        submitEntry(entry);
    }

    /** The entry as the caller's turn, exactly as a transcribed utterance would be one. */
    private void submitEntry(String entry) {
        cancelResponseTimer();
        history.add(KeypadEntry.message(entry));
        think(brain.pressed(entry));
    }

    /** Whether the caller (speech or key) may cut what is being said now: never the closing words of a turn. */
    private boolean speechCanBeCut() {
        return state == State.SPEAKING && settings.interruptible() && pendingEnding == null;
    }

    private void cutSpeech() {
        turn++; // the interrupted speech's end is stale now
        interruptibleSpeech = false;
        host.stopPlaying();
        state = State.HEARING;
        heldUtterance = null; // the caller cut in: what they say or type now is newer than anything held
        heldEntry = null;
    }

    private void holdUtterance(short[] pcm) {
        heldEntry = null;
        heldUtterance = pcm;
    }

    private void onResponseTimeout(int mine) {
        responseTimer = null;
        if (mine != turn || state != State.LISTENING) {
            return;
        }
        think(brain.silence());
    }

    // ---------------------------------------------------------------- application events

    /** {@code ai_assistant_add_messages}: the messages join the history; with {@code respond} the assistant speaks. */
    public void addMessages(List<AiMessage> messages, boolean respond) {
        if (state == State.ENDED) {
            return;
        }
        history.addAll(messages);
        boolean takeTurnNow = respond && (state == State.LISTENING || state == State.SPEAKING);
        if (takeTurnNow) {
            turn++;
            cancelResponseTimer();
            if (state == State.SPEAKING) {
                interruptibleSpeech = false;
                host.stopPlaying();
            }
            think(brain.injected(messages, true));
        } else if (state == State.THINKING) {
            injectedWhileBusy.addAll(messages);
            triggerHeld |= respond;
        } else {
            triggerHeld |= respond; // the caller is talking: the assistant answers them first, then takes this turn
            brain.injected(messages, false);
        }
        if (settings.sendHistoryUpdates()) {
            host.historyUpdated(history());
        }
    }

    /** Ends the conversation from outside (hangup, gather_stop, ai_assistant_stop, replaced); reports it. */
    public void stop(String reason) {
        if (state == State.ENDED) {
            return;
        }
        if (state == State.SPEAKING) {
            host.stopPlaying();
        }
        finish(Ending.stopped(reason));
    }

    // ---------------------------------------------------------------- turn cycle

    private void think(CompletableFuture<Reply> decision) {
        state = State.THINKING;
        int mine = ++turn;
        decision.whenComplete((reply, error) -> host.execute(() -> decided(mine, reply, error)));
    }

    private void decided(int mine, Reply reply, Throwable error) {
        if (mine != turn || state == State.ENDED) {
            return;
        }
        if (!injectedWhileBusy.isEmpty()) {
            brain.injected(List.copyOf(injectedWhileBusy), false);
            injectedWhileBusy.clear();
        }
        if (error != null || reply == null) {
            // a brain must not fail; if it did, say so rather than fall silent
            failures.add("internal: " + (error == null ? "no reply" : String.valueOf(error.getMessage())));
            reply = new Reply(settings.fallbackSpeech(), null, null, null);
        }
        if (reply.failure() != null) {
            failures.add(reply.failure());
        }
        if (reply.filled() != null && !reply.filled().isEmpty() && settings.sendPartialResults()) {
            host.partialResults(reply.filled().deepCopy(), history());
        }
        String text = reply.say();
        if (reply.ending() == Ending.GATHERED && settings.gatherEndedSpeech() != null) {
            text = text == null ? settings.gatherEndedSpeech() : text + " " + settings.gatherEndedSpeech();
        }
        if (text != null && !text.isBlank()) {
            history.add(AiMessage.assistant(text));
        }
        if (settings.sendHistoryUpdates()) {
            host.historyUpdated(history());
        }
        pendingEnding = reply.ending();
        if (text == null || text.isBlank()) {
            afterSpeech(turn);
        } else {
            speak(text);
        }
    }

    /** Says the reply a sentence at a time ({@link SpokenReply}); the turn goes on once, after its last piece. */
    private void speak(String text) {
        state = State.SPEAKING;
        int mine = turn;
        new SpokenReply(host, SpeechChunks.split(text),
                () -> mine == turn && state == State.SPEAKING,
                () -> interruptibleSpeech = settings.interruptible() && pendingEnding == null,
                error -> failures.add(ProviderException.of("tts", error).getMessage()),
                () -> afterSpeech(mine)).start();
    }

    private void afterSpeech(int mine) {
        if (mine != turn || state == State.ENDED) {
            return;
        }
        interruptibleSpeech = false;
        if (pendingEnding != null) {
            finish(pendingEnding);
        } else {
            listen();
        }
    }

    private void listen() {
        if (heldUtterance != null) {
            short[] held = heldUtterance;
            heldUtterance = null;
            state = State.HEARING;
            onUtterance(held);
            return;
        }
        if (heldEntry != null) {
            String entry = heldEntry;
            heldEntry = null;
            state = State.HEARING;
            submitEntry(entry);
            return;
        }
        if (triggerHeld) {
            triggerHeld = false;
            think(brain.injected(List.of(), true));
            return;
        }
        if (keys.length() > 0) {
            state = State.HEARING; // an entry begun while the assistant was busy is still being typed
            return;
        }
        state = State.LISTENING;
        int mine = turn;
        cancelResponseTimer();
        responseTimer = host.schedule(settings.userResponseTimeoutMillis(), () -> onResponseTimeout(mine));
    }

    private void finish(Ending ending) {
        state = State.ENDED;
        turn++;
        interruptibleSpeech = false;
        cancelResponseTimer();
        cancelKeypadTimer();
        if (isGather()) {
            ObjectNode result = brain.result();
            String status = ending.status();
            if ("valid".equals(status)) {
                List<String> problems = validator.apply(result);
                if (!problems.isEmpty()) {
                    status = "invalid";
                    failures.add("result: " + String.join("; ", problems));
                }
            }
            String detail = ending == Ending.GATHERED && failures.isEmpty() ? null : detail(ending);
            host.gatherEnded(result, status, detail, history());
        }
        host.conversationEnded(ending.reason(), host.nowMillis() - startedAt, brain.llmModel());
        if (ending.hangUp()) {
            host.hangUp();
        }
    }

    private String detail(Ending ending) {
        List<String> parts = new ArrayList<>();
        if (ending != Ending.GATHERED) {
            parts.add(ending.reason());
        }
        parts.addAll(failures);
        return String.join("; ", parts);
    }

    private void cancelResponseTimer() {
        if (responseTimer != null) {
            responseTimer.run();
            responseTimer = null;
        }
    }

    private void cancelKeypadTimer() {
        if (keypadTimer != null) {
            keypadTimer.run();
            keypadTimer = null;
        }
    }
}
