package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.json.Json;
import io.voicegather.server.ai.slots.SlotFiller;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline gather's turn taking, with a manual clock and scripted transcripts. */
class SlotFillerConversationTest {
    static final String SCHEMA = """
            {"type":"object","properties":{
               "age":{"type":"integer","description":"Your age"},
               "city":{"type":"string","description":"Your city"},
               "member":{"type":"boolean","description":"Are you a member?"}},
             "required":["age","city"]}""";

    final ManualHost host = new ManualHost();

    Conversation conversation(boolean interruptible, boolean speech, String greeting, String endedSpeech) {
        ObjectNode schema = parse(SCHEMA);
        SlotFillerBrain brain = new SlotFillerBrain(schema, greeting, new SlotFiller(), 3, speech, Json.object());
        ConversationSettings settings = new ConversationSettings(interruptible, 10_000, true, true, "en", endedSpeech,
                3000, ConversationSettings.DEFAULT_FALLBACK_SPEECH);
        return new Conversation("c1", brain, host, settings, result -> result.has("age") && result.has("city")
                ? List.of() : List.of("incomplete"), List.of());
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static short[] speech() {
        return new short[8000];
    }

    @Test
    void greetingThenEachRequiredFieldInTurnThenEnded() {
        Conversation c = conversation(true, true, "Hello.", "Thank you, goodbye.");
        c.start();
        assertThat(host.said).containsExactly("Hello. What is your age?");
        host.playedOut();
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);

        host.willHear("I am twenty nine");
        c.onSpeechStarted();
        c.onUtterance(speech());
        assertThat(host.said.get(1)).isEqualTo("What is your city?");
        assertThat(host.last("partial").data().toString()).isEqualTo("{\"age\":29}");
        host.playedOut();

        host.willHear("Paris");
        c.onSpeechStarted();
        c.onUtterance(speech());
        assertThat(host.said.get(2)).isEqualTo("Thank you, goodbye.");
        assertThat(host.types()).doesNotContain("gather_ended:valid"); // not before the closing words were said
        host.playedOut();

        ManualHost.Event ended = host.last("gather_ended");
        assertThat(ended.type()).isEqualTo("gather_ended:valid");
        assertThat(ended.data().toString()).isEqualTo("{\"age\":29,\"city\":\"Paris\"}");
        assertThat(ended.detail()).isNull();
        assertThat(roles(ended.history())).containsExactly("assistant: Hello. What is your age?",
                "user: I am twenty nine", "assistant: What is your city?", "user: Paris",
                "assistant: Thank you, goodbye.");
        assertThat(host.types().get(host.types().size() - 1)).isEqualTo("conversation_ended:gather_completed");
        assertThat(c.state()).isEqualTo(Conversation.State.ENDED);
    }

    @Test
    void aMissAsksAgainWithTheKeypadHintAndThreeMissesGiveUp() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        host.playedOut();
        for (int i = 0; i < 2; i++) {
            host.willHear("banana");
            c.onSpeechStarted();
            c.onUtterance(speech());
            assertThat(lastReply(c)).startsWith("Sorry, I didn't catch that. What is your age?")
                    .contains("keypad");
            host.playedAll();
        }
        host.willHear("banana");
        c.onSpeechStarted();
        c.onUtterance(speech());
        host.playedOut();
        assertThat(host.last("gather_ended").type()).isEqualTo("gather_ended:invalid");
        assertThat(host.last("gather_ended").detail()).contains("max_tries_exceeded");
        assertThat(host.last("conversation_ended").type()).isEqualTo("conversation_ended:max_tries_exceeded");
    }

    @Test
    void silenceForTheUserResponseTimeoutAsksAgain() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        host.playedOut();
        host.advance(9_999);
        assertThat(replies(c)).hasSize(1);
        host.advance(1);
        assertThat(replies(c)).hasSize(2);
        assertThat(lastReply(c)).startsWith("Are you still there? What is your age?");
    }

    @Test
    void theTimeoutCountsFromTheEndOfTheSpeechAndSpeechStartStopsIt() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        host.advance(60_000); // still speaking: no timeout runs while the question plays
        assertThat(host.said).hasSize(1);
        host.playedOut();
        host.advance(5_000);
        c.onSpeechStarted();
        host.advance(20_000); // talking (the utterance has not ended): no timeout
        assertThat(host.said).hasSize(1);
    }

    @Test
    void callerSpeechInterruptsTheQuestionWhenInterruptionIsOn() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        assertThat(c.interruptibleNow()).isTrue();
        c.onSpeechStarted();
        assertThat(host.isPlaying()).isFalse();
        assertThat(c.state()).isEqualTo(Conversation.State.HEARING);
        host.willHear("forty");
        c.onUtterance(speech());
        assertThat(host.last("partial").data().toString()).isEqualTo("{\"age\":40}");
    }

    @Test
    void withoutInterruptionSpeechOverTheQuestionIsNotHeard() {
        Conversation c = conversation(false, true, null, null);
        c.start();
        assertThat(c.interruptibleNow()).isFalse();
        c.onSpeechStarted();
        c.onUtterance(speech());
        assertThat(host.isPlaying()).isTrue();
        assertThat(host.heard).isEmpty();
        assertThat(c.state()).isEqualTo(Conversation.State.SPEAKING);
    }

    @Test
    void keypadAnswersANumericFieldEndedByPound() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        host.playedOut();
        c.onKey('4');
        c.onKey('2');
        c.onKey('#');
        assertThat(host.last("partial").data().toString()).isEqualTo("{\"age\":42}");
        assertThat(roles(c.history())).contains("user: 42");
    }

    @Test
    void keypadAnswerWithoutPoundEndsAfterTheInterDigitPause() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        c.onKey('7'); // over the question: interrupts it
        assertThat(host.isPlaying()).isFalse();
        host.advance(2_999);
        assertThat(host.events).noneMatch(e -> e.type().equals("partial"));
        host.advance(1);
        assertThat(host.last("partial").data().toString()).isEqualTo("{\"age\":7}");
    }

    @Test
    void speechThatEndsWhileAKeypadAnswerIsTypedIsNotHeard() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        host.playedOut();
        c.onKey('4');
        host.willHear("Paris");
        c.onSpeechStarted();
        c.onUtterance(speech());
        assertThat(host.heard).isEmpty();
        c.onKey('2');
        c.onKey('#');
        assertThat(host.last("partial").data().toString()).isEqualTo("{\"age\":42}");
        assertThat(roles(c.history())).containsExactly("assistant: What is your age?", "user: 42",
                "assistant: What is your city?");
    }

    @Test
    void theClosingWordsAreNotCutBySpeech() {
        Conversation c = conversation(true, true, null, "Thank you, goodbye.");
        c.start();
        host.playedOut();
        c.onKey('3');
        c.onKey('0');
        c.onKey('#');
        host.playedOut();
        host.willHear("Paris");
        c.onSpeechStarted();
        c.onUtterance(speech());
        assertThat(host.nowPlaying()).isEqualTo("Thank you, goodbye.");
        c.onSpeechStarted(); // more speech over the closing words: heard out, not cut
        c.onKey('1');
        assertThat(host.nowPlaying()).isEqualTo("Thank you, goodbye.");
        host.playedOut();
        assertThat(host.last("gather_ended").type()).isEqualTo("gather_ended:valid");
        assertThat(host.types().get(host.types().size() - 1)).isEqualTo("conversation_ended:gather_completed");
    }

    @Test
    void withoutARecogniserEveryQuestionSaysHowToUseTheKeypad() {
        Conversation c = conversation(true, false, "Hi.", null);
        c.start();
        assertThat(lastReply(c)).startsWith("Hi. What is your age?").contains("keypad")
                .as("no recogniser listens: nothing asks the caller to speak").doesNotContainIgnoringCase("say");
    }

    @Test
    void stopEndsWithInvalidAndTheReasonAndStopsSpeech() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        c.stop("gather_stop");
        assertThat(host.isPlaying()).isFalse();
        assertThat(host.types()).endsWith("gather_ended:invalid", "conversation_ended:gather_stop");
        assertThat(host.last("gather_ended").detail()).isEqualTo("gather_stop");
        c.stop("again");
        assertThat(host.types()).filteredOn(t -> t.startsWith("conversation_ended")).hasSize(1);
    }

    @Test
    void aRecogniserFailureIsApologisedForAndReported() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        host.playedOut();
        c.onSpeechStarted();
        c.onUtterance(speech()); // nothing scripted: the recogniser fails
        assertThat(host.said.get(1)).startsWith("Sorry, I didn't catch that.");
        c.stop("customer_disconnect");
        assertThat(host.last("gather_ended").detail()).contains("customer_disconnect").contains("stt: nothing scripted");
    }

    @Test
    void speechThatEndsWhileThinkingIsAnsweredAfterTheReply() {
        Conversation c = conversation(true, true, null, null);
        c.start();
        host.playedOut();
        var slow = new java.util.concurrent.CompletableFuture<io.voicegather.server.ai.stt.Transcript>();
        host.transcripts.add(slow);
        c.onSpeechStarted();
        c.onUtterance(speech());
        c.onUtterance(speech()); // more words while the first are being transcribed
        host.willHear("Paris");
        slow.complete(io.voicegather.server.ai.stt.Transcript.of("thirty"));
        host.playedOut(); // the city question
        assertThat(host.last("partial").data().toString()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void aVoiceThatCannotSpeakDoesNotStallTheConversation() {
        host.failRender = true;
        Conversation c = conversation(true, true, null, null);
        c.start();
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
        c.stop("x");
        assertThat(host.last("gather_ended").detail()).contains("tts: voice down");
    }

    /** The assistant's replies so far, each whole (the host hears them rendered a piece at a time). */
    static List<String> replies(Conversation c) {
        List<String> out = new ArrayList<>();
        for (AiMessage m : c.history()) {
            if (m.role() == AiMessage.Role.ASSISTANT) {
                out.add(m.content());
            }
        }
        return out;
    }

    static String lastReply(Conversation c) {
        List<String> all = replies(c);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    static List<String> roles(List<AiMessage> history) {
        List<String> out = new ArrayList<>();
        for (AiMessage m : history) {
            out.add(m.role().wireName() + ": " + m.content());
        }
        return out;
    }
}
