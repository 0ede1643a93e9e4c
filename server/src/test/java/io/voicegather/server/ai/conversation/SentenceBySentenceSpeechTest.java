package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.json.Json;
import io.voicegather.server.ai.llm.ChatReply;
import io.voicegather.server.ai.llm.ChatRequest;
import io.voicegather.server.ai.llm.LanguageModel;
import io.voicegather.server.ai.slots.SlotFiller;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply is rendered and played a sentence at a time: renders are held by the test and completed when it likes,
 * to show when each piece plays, that nothing overlaps, and that a cut or a failure drops the rest.
 */
class SentenceBySentenceSpeechTest {
    static final String P1 = "Thanks for calling the city library.";
    static final String P2 = "We are open until eight tonight.";
    static final String P3 = "How can I help you today?";
    static final String GREETING = P1 + " " + P2 + " " + P3;

    final ManualHost host = new ManualHost();
    final Deque<ChatReply> script = new ArrayDeque<>();

    final LanguageModel model = new LanguageModel() {
        @Override
        public String defaultModel() {
            return "test-model";
        }

        @Override
        public CompletableFuture<ChatReply> complete(ChatRequest request) {
            ChatReply next = script.poll();
            return next != null ? CompletableFuture.completedFuture(next)
                    : CompletableFuture.failedFuture(new IllegalStateException("nothing scripted"));
        }
    };

    Conversation assistant(String greeting) {
        ToolBox box = new ToolBox(List.of(), Map.of(), HttpClient.newHttpClient(), Duration.ofSeconds(5));
        AssistantBrain brain = new AssistantBrain(model, null, "You are a test.", greeting, box, List.of());
        ConversationSettings settings = new ConversationSettings(true, 10_000, true, false, null, null, 3000,
                ConversationSettings.DEFAULT_FALLBACK_SPEECH);
        host.holdRenders = true;
        Conversation c = new Conversation("a1", brain, host, settings, null, List.of());
        c.start();
        return c;
    }

    @Test
    void aLongReplyStartsPlayingOnceItsFirstSentenceIsRendered() {
        Conversation c = assistant(GREETING);
        assertThat(host.said).as("only the first piece is rendered before anything plays").containsExactly(P1);
        assertThat(host.nowPlaying()).isNull();
        assertThat(c.interruptibleNow()).isFalse();

        host.renders.get(0).done();
        assertThat(host.nowPlaying()).isEqualTo(P1);
        assertThat(c.interruptibleNow()).isTrue();
        assertThat(host.said).as("the next piece renders while the first plays, one ahead only")
                .containsExactly(P1, P2);
        host.renders.get(1).done();
        assertThat(host.said).as("no second look-ahead while a rendered piece waits").containsExactly(P1, P2);
        assertThat(host.nowPlaying()).isEqualTo(P1);
        assertThat(c.history()).extracting(AiMessage::content).containsExactly(GREETING);
    }

    @Test
    void piecesPlayInOrderBackToBackWithoutOverlapAndTheTurnEndsAfterTheLast() {
        Conversation c = assistant(GREETING);
        host.renders.get(0).done();
        host.renders.get(1).done(); // ready before the first piece ends: waits for it
        assertThat(host.played).containsExactly(P1);

        host.playedOut();
        assertThat(host.nowPlaying()).isEqualTo(P2);
        assertThat(host.said).containsExactly(P1, P2, P3);
        host.playedOut(); // the third piece is still rendering: a pause, not the end of the turn
        assertThat(host.nowPlaying()).isNull();
        assertThat(c.state()).isEqualTo(Conversation.State.SPEAKING);
        host.advance(60_000);
        assertThat(c.state()).as("no response timeout while the reply is unfinished")
                .isEqualTo(Conversation.State.SPEAKING);

        host.renders.get(2).done();
        assertThat(host.nowPlaying()).isEqualTo(P3);
        host.playedOut();
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
        assertThat(host.played).containsExactly(P1, P2, P3);
        assertThat(host.overlapped).isFalse();
        assertThat(c.history()).extracting(AiMessage::content).containsExactly(GREETING);

        host.advance(9_999); // the user response timeout counts from the end of the last piece
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
        host.advance(1);
        assertThat(SlotFillerConversationTest.lastReply(c)).isEqualTo(AssistantBrain.SILENT);
    }

    @Test
    void callerSpeechCutsTheReplyAndItsLaterPiecesAreNeverPlayed() {
        Conversation c = assistant(GREETING);
        host.renders.get(0).done();
        assertThat(host.nowPlaying()).isEqualTo(P1);

        c.onSpeechStarted(); // barge-in while the second piece renders
        assertThat(host.nowPlaying()).isNull();
        assertThat(c.state()).isEqualTo(Conversation.State.HEARING);
        script.add(new ChatReply("The library closes at eight.", List.of(), "m1"));
        host.willHear("When do you close?");
        c.onUtterance(new short[4000]);
        assertThat(host.said).last().isEqualTo("The library closes at eight.");
        host.renders.get(2).done(); // the answer's render comes back first
        host.renders.get(1).done(); // then the cut reply's second piece: too late, ignored
        assertThat(host.played).containsExactly(P1, "The library closes at eight.");
        assertThat(host.overlapped).isFalse();
        assertThat(host.said).doesNotContain(P3);

        host.playedOut();
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
        assertThat(c.history()).extracting(m -> m.role().wireName() + ": " + m.content()).containsExactly(
                "assistant: " + GREETING, "user: When do you close?", "assistant: The library closes at eight.");
    }

    @Test
    void aCutByTheMediaThreadBetweenStrandStepsAlsoDropsTheRest() {
        Conversation c = assistant(GREETING);
        host.renders.get(0).done();
        host.renders.get(1).done();
        host.stopPlaying(); // the receive thread cut the audio; the strand has not heard of the speech yet
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
        assertThat(host.nowPlaying()).as("the rendered second piece is dropped").isNull();
        c.onSpeechStarted();
        assertThat(c.state()).isEqualTo(Conversation.State.HEARING);
        assertThat(host.played).containsExactly(P1);
    }

    @Test
    void callerSpeechInThePauseBetweenPiecesDropsThePieceStillRendering() {
        Conversation c = assistant(GREETING);
        host.renders.get(0).done();
        host.playedOut(); // the second piece is not rendered yet: a pause
        c.onSpeechStarted();
        assertThat(c.state()).isEqualTo(Conversation.State.HEARING);
        host.renders.get(1).done();
        assertThat(host.nowPlaying()).isNull();
        assertThat(host.played).containsExactly(P1);
        assertThat(host.said).containsExactly(P1, P2);
    }

    @Test
    void stopDropsTheRendersStillInFlight() {
        Conversation c = assistant(GREETING);
        host.renders.get(0).done();
        host.playedOut();
        c.stop("assistant_stop");
        host.renders.get(1).done();
        assertThat(host.played).containsExactly(P1);
        assertThat(host.nowPlaying()).isNull();
        assertThat(host.types()).filteredOn(t -> t.startsWith("conversation_ended")).hasSize(1);
    }

    @Test
    void aPieceThatCannotBeRenderedSkipsTheRestOfTheReply() {
        Conversation c = assistant(GREETING);
        host.renders.get(0).done();
        host.renders.get(1).fail(); // the voice and the built-in voice both failed
        assertThat(host.nowPlaying()).as("the piece already playing is heard out").isEqualTo(P1);
        assertThat(c.state()).isEqualTo(Conversation.State.SPEAKING);
        host.playedOut();
        assertThat(host.said).as("nothing after the failed piece is rendered").containsExactly(P1, P2);
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
        host.advance(10_000);
        assertThat(SlotFillerConversationTest.lastReply(c)).isEqualTo(AssistantBrain.SILENT);
        c.stop("assistant_stop");
        assertThat(host.played).containsExactly(P1);
    }

    @Test
    void aFailedFirstPieceGoesStraightOnToListening() {
        Conversation c = assistant(GREETING);
        host.renders.get(0).fail();
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
        assertThat(host.said).containsExactly(P1);
        assertThat(host.played).isEmpty();
    }

    @Test
    void closingWordsAreSaidInFullBeforeTheGatherEnds() {
        ObjectNode schema = SlotFillerConversationTest.parse(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"Your city\"}},"
                        + "\"required\":[\"city\"]}");
        SlotFillerBrain brain = new SlotFillerBrain(schema, null, new SlotFiller(), 3, true, Json.object());
        ConversationSettings settings = new ConversationSettings(true, 10_000, false, false, "en",
                "Thank you for your answers. We will call you back tomorrow.", 3000,
                ConversationSettings.DEFAULT_FALLBACK_SPEECH);
        Conversation c = new Conversation("g1", brain, host, settings, result -> List.of(), List.of());
        c.start();
        host.playedAll();
        host.willHear("Paris");
        c.onSpeechStarted();
        c.onUtterance(new short[8000]);
        assertThat(host.nowPlaying()).isEqualTo("Thank you for your answers.");
        assertThat(c.interruptibleNow()).as("closing words are not cut").isFalse();
        host.playedOut();
        assertThat(host.nowPlaying()).isEqualTo("We will call you back tomorrow.");
        assertThat(host.types()).noneMatch(t -> t.startsWith("gather_ended"));
        host.playedOut();
        assertThat(host.types()).containsSubsequence("gather_ended:valid", "conversation_ended:gather_completed");
        assertThat(host.types()).filteredOn(t -> t.startsWith("conversation_ended")).hasSize(1);
    }
}
