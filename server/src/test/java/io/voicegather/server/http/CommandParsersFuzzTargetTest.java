package io.voicegather.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.error.ApiError;
import io.voicegather.server.ai.assistants.AssistantDefinition;
import io.voicegather.api.error.ApiException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of every JSON command body: the bytes go through the same reader as a request
 * ({@link RequestBodies#parseObject}), and the object through every command parser, the assistant definition
 * parser (create and merge) and the JSON form of a media upload. The contract: a parser returns a command or throws
 * {@link ApiException} whose errors are complete Telnyx-shaped errors with a 4xx status, nothing else.
 */
@Tag("fuzz-target")
class CommandParsersFuzzTargetTest {
    private static final List<Function<ObjectNode, Object>> PARSERS = List.of(
            AnswerRequestParser::parse,
            CommonRequestParser::hangup,
            CommonRequestParser::meta,
            CommonRequestParser::clientStateUpdate,
            GatherRequestParser::parse,
            GatherUsingAudioRequestParser::parse,
            GatherUsingSpeakRequestParser::parse,
            GatherUsingAiRequestParser::parse,
            PlaybackRequestParser::start,
            PlaybackRequestParser::stop,
            SpeakRequestParser::parse,
            SendDtmfRequestParser::parse,
            AiAssistantRequestParser::start,
            AiAssistantRequestParser::addMessages,
            AssistantDefinitionParser::read,
            CommandParsersFuzzTargetTest::mergeIntoMinimalAssistant);

    private static final AssistantDefinition STORED = AssistantDefinitionParser.read(
            RequestBodies.parseObject("{\"name\":\"a\",\"instructions\":\"b\"}".getBytes()));

    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "commands.dict")
    void commandBody(byte[] input) {
        ObjectNode body;
        try {
            body = RequestBodies.parseObject(input);
        } catch (ApiException e) {
            assertTelnyxShaped(e);
            assertThat(e.status()).isEqualTo(400);
            return;
        }
        for (Function<ObjectNode, Object> parser : PARSERS) {
            try {
                assertThat(parser.apply(body)).isNotNull();
            } catch (ApiException e) {
                assertTelnyxShaped(e);
            }
        }
        for (boolean creating : new boolean[]{true, false}) {
            try {
                MediaRequestParser.parse("application/json", input, creating, 86_400);
            } catch (ApiException e) {
                assertTelnyxShaped(e);
            }
        }
    }

    private static Object mergeIntoMinimalAssistant(ObjectNode patch) {
        return AssistantDefinitionParser.merge(STORED, patch);
    }

    /** Every error names its status, code and title, as the Telnyx error body has them. */
    static void assertTelnyxShaped(ApiException e) {
        assertThat(e.errors()).isNotEmpty();
        for (ApiError error : e.errors()) {
            assertThat(error.status()).isBetween(400, 499);
            assertThat(error.code()).isNotBlank();
            assertThat(error.title()).isNotBlank();
        }
    }
}
