package io.voicegather.server.ai.conversation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Where a reply is cut for speech: each row is a reply and the pieces it must become. */
class SpeechChunksTest {
    static Stream<Arguments> replies() {
        return Stream.of(
                arguments("sentence ends",
                        "Your order has shipped today. It should arrive on Monday! Do you need anything else?",
                        List.of("Your order has shipped today.", "It should arrive on Monday!",
                                "Do you need anything else?")),
                arguments("numbers are never cut",
                        "The total comes to $1,200.50 today. The rate is 3.5 percent per year.",
                        List.of("The total comes to $1,200.50 today.", "The rate is 3.5 percent per year.")),
                arguments("a sentence may end with a number",
                        "The room number you asked for is 12. Please go up the stairs now.",
                        List.of("The room number you asked for is 12.", "Please go up the stairs now.")),
                arguments("titles before a name",
                        "Mr. Smith and Dr. Jones will see you at noon. They meet at St. Mary's on Main St. today.",
                        List.of("Mr. Smith and Dr. Jones will see you at noon.",
                                "They meet at St. Mary's on Main St. today.")),
                arguments("dotted abbreviations and initials",
                        "Bring some fruit, e.g. apples or pears. Ask J. R. Tolkien about the U.S. Army today.",
                        List.of("Bring some fruit, e.g. apples or pears.",
                                "Ask J. R. Tolkien about the U.S. Army today.")),
                arguments("times with a.m. and p.m.",
                        "We open at 9 a.m. on weekdays and close at 5 p.m. sharp. Weekends are different.",
                        List.of("We open at 9 a.m. on weekdays and close at 5 p.m. sharp.", "Weekends are different.")),
                arguments("an ellipsis mid-sentence is not an end",
                        "I was thinking... maybe we could meet tomorrow instead. Would that suit you?",
                        List.of("I was thinking... maybe we could meet tomorrow instead.", "Would that suit you?")),
                arguments("an ellipsis before a new sentence ends it (and the short start joins the next)",
                        "Hmm… Let me look that up for you. One moment please, it will be quick.",
                        List.of("Hmm… Let me look that up for you.", "One moment please, it will be quick.")),
                arguments("short fragments join the next",
                        "Sure. Okay. Your appointment is confirmed for Tuesday.",
                        List.of("Sure. Okay. Your appointment is confirmed for Tuesday.")),
                arguments("a short last fragment joins the one before",
                        "Your appointment is confirmed for Tuesday at ten. Bye!",
                        List.of("Your appointment is confirmed for Tuesday at ten. Bye!")),
                arguments("a short reply stays whole", "Hello.", List.of("Hello.")),
                arguments("blank says nothing", "   ", List.of()),
                arguments("closing quotes and brackets stay with their sentence",
                        "He said \"we are closed on Sunday.\" Then he left (without a word.) The end came.",
                        List.of("He said \"we are closed on Sunday.\"", "Then he left (without a word.) The end came.")),
                arguments("line breaks end a piece",
                        "Here are your options\n1. pay by card online\n2. pay at the counter later",
                        List.of("Here are your options", "1. pay by card online", "2. pay at the counter later")),
                arguments("sentence marks of other scripts", "ご注文は発送されました。明日には届く予定です。ほかにご用件はありますか？",
                        List.of("ご注文は発送されました。明日には届く予定です。ほかにご用件はありますか？")),
                arguments("a long sentence is cut at a clause mark past the threshold",
                        "I have found three flights for you on Monday morning that leave from the main airport and "
                                + "arrive before noon in the city you asked about, one with a short stop in Denver, "
                                + "one direct and one more that is the cheapest",
                        List.of("I have found three flights for you on Monday morning that leave from the main "
                                        + "airport and arrive before noon in the city you asked about, one with a short "
                                        + "stop in Denver,",
                                "one direct and one more that is the cheapest")),
                arguments("a long sentence without any mark stays whole",
                        "word ".repeat(60).strip(), List.of("word ".repeat(60).strip())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void repliesAreCutAtSentenceEndsOnly(String rule, String reply, List<String> pieces) {
        List<String> got = SpeechChunks.split(reply);
        assertThat(got).as(rule).containsExactlyElementsOf(pieces);
        assertThat(String.join("", got).replaceAll("\\s", "")).as("nothing is lost")
                .isEqualTo(reply.replaceAll("\\s", ""));
    }
}
