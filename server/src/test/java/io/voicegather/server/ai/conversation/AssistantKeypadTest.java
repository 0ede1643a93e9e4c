package io.voicegather.server.ai.conversation;

import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.command.ai.AiTool;
import io.voicegather.server.ai.llm.ChatMessage;
import io.voicegather.server.ai.llm.ChatReply;
import io.voicegather.server.ai.llm.ChatRequest;
import io.voicegather.server.ai.llm.LanguageModel;
import io.voicegather.server.ai.llm.ToolCall;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's keys during an AI assistant conversation: each entry is the caller's turn ("Keypad: 42#"), ended by
 * {@code #} or the inter-digit pause, shown to a scripted model and kept in the history; keys cut interruptible
 * speech, wait while the assistant thinks, and are not heard over the goodbye. Timers run on the manual clock.
 */
class AssistantKeypadTest {
    static final long PAUSE = 3000;

    final ManualHost host = new ManualHost();
    final Deque<Object> script = new ArrayDeque<>();
    final List<ChatRequest> asked = new ArrayList<>();

    final LanguageModel model = new LanguageModel() {
        @Override
        public String defaultModel() {
            return "test-model";
        }

        @Override
        public CompletableFuture<ChatReply> complete(ChatRequest request) {
            asked.add(request);
            Object next = script.poll();
            if (next instanceof ChatReply r) {
                return CompletableFuture.completedFuture(r);
            }
            if (next instanceof CompletableFuture<?> pending) {
                @SuppressWarnings("unchecked")
                CompletableFuture<ChatReply> reply = (CompletableFuture<ChatReply>) pending;
                return reply;
            }
            return CompletableFuture.failedFuture(new IllegalStateException("nothing scripted"));
        }
    };

    Conversation start(boolean interruptible, String greeting) {
        ToolBox box = new ToolBox(List.of(new AiTool.Hangup(null)), Map.of(), HttpClient.newHttpClient(),
                Duration.ofSeconds(5));
        AssistantBrain brain = new AssistantBrain(model, null, "You are a test.", greeting, box, List.of());
        ConversationSettings settings = new ConversationSettings(interruptible, 10_000, true, false, null, null, PAUSE,
                ConversationSettings.DEFAULT_FALLBACK_SPEECH);
        Conversation c = new Conversation("a1", brain, host, settings, null, List.of());
        c.start();
        return c;
    }

    void press(Conversation c, String keys) {
        for (char k : keys.toCharArray()) {
            c.onKey(k);
        }
    }

    static String lastUserTurn(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        assertThat(last.role()).isEqualTo("user");
        return last.content();
    }

    static List<String> roles(List<AiMessage> history) {
        return SlotFillerConversationTest.roles(history);
    }

    @Test
    void keysEndedByPoundAreTheCallersTurnForTheModelAndInTheHistory() {
        Conversation c = start(true, "Hi, what is your order number?");
        host.playedOut();
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
        script.add(new ChatReply("Order 42 has shipped.", List.of(), "m1"));

        press(c, "42");
        assertThat(asked).as("nothing is sent before the entry ends").isEmpty();
        assertThat(c.state()).isEqualTo(Conversation.State.HEARING);
        press(c, "#");

        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).messages()).extracting(m -> m.role() + ": " + m.content()).containsExactly(
                "system: You are a test.", "assistant: Hi, what is your order number?", "user: Keypad: 42#");
        assertThat(host.said).last().isEqualTo("Order 42 has shipped.");
        assertThat(roles(host.last("history").history())).containsExactly(
                "assistant: Hi, what is your order number?", "user: Keypad: 42#", "assistant: Order 42 has shipped.");
        AiMessage keys = c.history().get(1);
        assertThat(keys.metadata()).isNotNull();
        assertThat(keys.metadata().path("source").asText()).isEqualTo("keypad");

        host.advance(PAUSE * 2);
        assertThat(asked).as("the pound ended the entry; no pause timer is left behind").hasSize(1);
        host.playedOut();
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
    }

    @Test
    void keysWithoutPoundEndAfterTheInterDigitPauseAndEachKeyRestartsIt() {
        Conversation c = start(true, "Hi.");
        host.playedOut();
        script.add(new ChatReply("Thanks.", List.of(), "m1"));

        press(c, "*1");
        host.advance(PAUSE - 1000);
        press(c, "9");
        host.advance(PAUSE - 1);
        assertThat(asked).as("the pause counts from the last key").isEmpty();
        host.advance(1);
        assertThat(asked).hasSize(1);
        assertThat(lastUserTurn(asked.get(0))).isEqualTo("Keypad: *19");
        assertThat(host.said).last().isEqualTo("Thanks.");

        host.playedOut();
        script.add(new ChatReply("Pound noted.", List.of(), "m1"));
        press(c, "#"); // a lone pound is an entry of its own
        assertThat(lastUserTurn(asked.get(1))).isEqualTo("Keypad: #");
    }

    @Test
    void anEntryEndsAtItsLongestWithoutWaitingForThePause() {
        Conversation c = start(true, "Hi.");
        host.playedOut();
        script.add(new ChatReply("That is a long number.", List.of(), "m1"));
        String longest = "1".repeat(KeypadEntry.MAX_KEYS);
        press(c, longest);
        assertThat(asked).hasSize(1);
        assertThat(lastUserTurn(asked.get(0))).isEqualTo("Keypad: " + longest);
    }

    @Test
    void theUserResponseTimeoutStopsAtTheFirstKey() {
        Conversation c = start(true, "Hi.");
        host.playedOut();
        host.advance(9_000);
        press(c, "5");
        host.advance(2_000); // past the 10 s response timeout, within the pause
        assertThat(host.said).as("no 'are you still there?' while the caller types").containsExactly("Hi.");
        script.add(new ChatReply("Five it is.", List.of(), "m1"));
        host.advance(PAUSE);
        assertThat(lastUserTurn(asked.get(0))).isEqualTo("Keypad: 5");
    }

    @Test
    void aKeyCutsTheReplyBeingSaidPieceByPieceLikeBargeIn() {
        host.holdRenders = true;
        Conversation c = start(true, SentenceBySentenceSpeechTest.GREETING);
        host.renders.get(0).done();
        assertThat(host.nowPlaying()).isEqualTo(SentenceBySentenceSpeechTest.P1);

        press(c, "7"); // while the second piece renders
        assertThat(host.nowPlaying()).isNull();
        assertThat(c.state()).isEqualTo(Conversation.State.HEARING);
        assertThat(c.interruptibleNow()).isFalse();
        host.renders.get(1).done(); // the cut reply's next piece comes back: too late
        assertThat(host.played).containsExactly(SentenceBySentenceSpeechTest.P1);
        assertThat(host.said).doesNotContain(SentenceBySentenceSpeechTest.P3);

        script.add(new ChatReply("Seven, got it.", List.of(), "m1"));
        press(c, "#");
        assertThat(lastUserTurn(asked.get(0))).isEqualTo("Keypad: 7#");
        host.renders.get(2).done();
        assertThat(host.played).containsExactly(SentenceBySentenceSpeechTest.P1, "Seven, got it.");
        assertThat(host.overlapped).isFalse();
    }

    @Test
    void withInterruptionOffKeysOverTheReplyAreNotHeard() {
        Conversation c = start(false, "Hi, please hold on.");
        press(c, "12#");
        assertThat(host.isPlaying()).isTrue();
        host.playedOut();
        host.advance(PAUSE * 2);
        assertThat(asked).isEmpty();
        assertThat(c.history()).extracting(AiMessage::content).containsExactly("Hi, please hold on.");
    }

    @Test
    void keysPressedWhileTheAssistantThinksAreAnsweredRightAfterTheReply() {
        Conversation c = start(true, "Hi.");
        host.playedOut();
        CompletableFuture<ChatReply> slow = new CompletableFuture<>();
        script.add(slow);
        host.willHear("I want to check an order");
        c.onSpeechStarted();
        c.onUtterance(new short[4000]);
        assertThat(c.state()).isEqualTo(Conversation.State.THINKING);

        press(c, "42#");
        assertThat(asked).as("one event at a time: the keys wait for the reply").hasSize(1);
        script.add(new ChatReply("Order 42 has shipped.", List.of(), "m1"));
        slow.complete(new ChatReply("Sure, what is the number?", List.of(), "m1"));
        assertThat(host.nowPlaying()).isEqualTo("Sure, what is the number?");
        assertThat(asked).hasSize(1);

        host.playedOut();
        assertThat(asked).hasSize(2);
        assertThat(lastUserTurn(asked.get(1))).isEqualTo("Keypad: 42#");
        assertThat(host.nowPlaying()).isEqualTo("Order 42 has shipped.");
        assertThat(roles(c.history())).containsExactly("assistant: Hi.", "user: I want to check an order",
                "assistant: Sure, what is the number?", "user: Keypad: 42#", "assistant: Order 42 has shipped.");
    }

    @Test
    void anEntryBegunWhileThinkingAndEndedByThePauseIsAnsweredAfterTheReply() {
        Conversation c = start(true, "Hi.");
        host.playedOut();
        CompletableFuture<ChatReply> slow = new CompletableFuture<>();
        script.add(slow);
        host.willHear("my number is");
        c.onSpeechStarted();
        c.onUtterance(new short[4000]);
        press(c, "8");
        slow.complete(new ChatReply("Go ahead.", List.of(), "m1"));
        host.advance(PAUSE); // the entry ends while the reply plays: it waits for the reply's end
        assertThat(host.nowPlaying()).isEqualTo("Go ahead.");
        assertThat(asked).hasSize(1);
        script.add(new ChatReply("Eight.", List.of(), "m1"));
        host.playedOut();
        assertThat(lastUserTurn(asked.get(1))).isEqualTo("Keypad: 8");
    }

    @Test
    void anEntryStillBeingTypedWhenTheReplyEndsKeepsTheFloor() {
        Conversation c = start(true, "Hi.");
        host.playedOut();
        CompletableFuture<ChatReply> slow = new CompletableFuture<>();
        script.add(slow);
        host.willHear("my number is");
        c.onSpeechStarted();
        c.onUtterance(new short[4000]);
        press(c, "3");
        slow.complete(new ChatReply("Go ahead.", List.of(), "m1"));
        host.playedOut(); // within the pause: the caller is still typing
        assertThat(c.state()).isEqualTo(Conversation.State.HEARING);
        script.add(new ChatReply("Thirty-one.", List.of(), "m1"));
        press(c, "1#");
        assertThat(lastUserTurn(asked.get(1))).isEqualTo("Keypad: 31#");
        host.advance(20_000);
        assertThat(host.said).doesNotContain(AssistantBrain.SILENT);
    }

    @Test
    void keysDuringTheGoodbyeAreNotHeardAndDoNotCutIt() {
        Conversation c = start(true, "Hi.");
        host.playedOut();
        script.add(new ChatReply("Thanks, goodbye!", List.of(new ToolCall("h1", "hangup", "{}")), "m1"));
        press(c, "99#"); // the keys' turn makes the model call its hangup tool: tools work for key turns too
        assertThat(lastUserTurn(asked.get(0))).isEqualTo("Keypad: 99#");
        assertThat(host.nowPlaying()).isEqualTo("Thanks, goodbye!");

        press(c, "1#");
        c.onSpeechStarted();
        assertThat(host.nowPlaying()).as("neither a key nor speech cuts the closing words")
                .isEqualTo("Thanks, goodbye!");
        host.advance(PAUSE * 2);
        assertThat(asked).hasSize(1);
        host.playedOut();
        assertThat(host.last("conversation_ended").type()).isEqualTo("conversation_ended:assistant_hangup");
        assertThat(host.hungUp).isTrue();
        assertThat(roles(c.history())).containsExactly("assistant: Hi.", "user: Keypad: 99#",
                "assistant: Thanks, goodbye!");
    }

    @Test
    void speechThatEndsWhileTheCallerTypesIsNotHeard() {
        Conversation c = start(true, "Hi.");
        host.playedOut();
        press(c, "4");
        host.willHear("four");
        c.onSpeechStarted();
        c.onUtterance(new short[4000]); // e.g. in-band key tones taken for speech
        assertThat(host.heard).isEmpty();
        script.add(new ChatReply("Four.", List.of(), "m1"));
        press(c, "#");
        assertThat(asked).hasSize(1);
        assertThat(lastUserTurn(asked.get(0))).isEqualTo("Keypad: 4#");
    }

    @Test
    void keysAfterTheConversationStoppedAreIgnored() {
        Conversation c = start(true, "Hi.");
        host.playedOut();
        press(c, "5");
        c.stop("assistant_stop");
        press(c, "6#");
        host.advance(PAUSE * 2);
        assertThat(asked).isEmpty();
        assertThat(host.types()).containsExactly("history", "conversation_ended:assistant_stop");
    }
}
