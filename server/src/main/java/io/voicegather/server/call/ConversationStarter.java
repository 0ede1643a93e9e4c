package io.voicegather.server.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.api.command.ai.AiAssistant;
import io.voicegather.api.command.ai.AiAssistantStartCommand;
import io.voicegather.api.command.ai.GatherUsingAiCommand;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.api.json.Json;
import io.voicegather.server.ai.assistants.AssistantDefinition;
import io.voicegather.server.ai.assistants.StoredAssistant;
import io.voicegather.server.ai.conversation.AssistantBrain;
import io.voicegather.server.ai.conversation.Brain;
import io.voicegather.server.ai.conversation.Conversation;
import io.voicegather.server.ai.conversation.ConversationSettings;
import io.voicegather.server.ai.conversation.LlmGatherBrain;
import io.voicegather.server.ai.conversation.SlotFillerBrain;
import io.voicegather.server.ai.conversation.Templates;
import io.voicegather.server.ai.conversation.ToolBox;
import io.voicegather.server.ai.conversation.UtteranceCapture;
import io.voicegather.server.ai.llm.LanguageModel;
import io.voicegather.server.ai.schema.ParametersSchema;
import io.voicegather.server.ai.slots.SlotFiller;
import io.voicegather.server.ai.stt.SpeechToText;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Builds the conversation a {@code gather_using_ai} or {@code ai_assistant_start} asks for: checks that the server
 * can hold it (a recogniser for spoken answers, a language model for an assistant), picks the brain, and hooks the
 * caller's audio up to it. Runs on the call's strand.
 */
final class ConversationStarter {
    /** What the assistant of an ai_assistant_start that names none is told (docs/ai-assistants.md). */
    static final String DEFAULT_ASSISTANT_INSTRUCTIONS = "You are a helpful voice assistant on a phone call. Answer"
            + " the caller briefly and clearly, in one or two short sentences, and ask when something is unclear.";
    private final AiServices ai;
    private final CallEvents events;
    private final PromptLoader prompts;
    private final ScheduledExecutorService timers;
    private final Clock clock;

    ConversationStarter(AiServices ai, CallEvents events, PromptLoader prompts, ScheduledExecutorService timers,
                        Clock clock) {
        this.ai = ai;
        this.events = events;
        this.prompts = prompts;
        this.timers = timers;
        this.clock = clock;
    }

    /** Refuses (422) what cannot run here, before anything on the call changes. */
    ParametersSchema checkGather(GatherUsingAiCommand command) {
        ParametersSchema schema = ParametersSchema.compile(command.parameters());
        if (ai.speechToText().isEmpty()) {
            List<String> asked = SlotFiller.askable(command.parameters());
            for (ParametersSchema.Field f : schema.fields()) {
                if (asked.contains(f.name()) && !SlotFiller.keypadAnswerable(f.schema())) {
                    throw new ApiException(ApiError.noSpeechRecogniser());
                }
            }
        }
        return schema;
    }

    /**
     * Refuses (422) what cannot run here and finds the assistant the command names.
     *
     * @return the stored assistant of that id; {@link AssistantDefinition} absent when the command defines the
     *         assistant inline (its {@code instructions} sent), which needs no stored one, or names none (the
     *         default assistant then runs)
     */
    Optional<AssistantDefinition> checkAssistant(AiAssistantStartCommand command) {
        if (ai.languageModel().isEmpty()) {
            throw new ApiException(ApiError.noLanguageModel());
        }
        if (ai.speechToText().isEmpty()) {
            throw new ApiException(ApiError.noSpeechRecogniser());
        }
        AiAssistant inline = command.assistant();
        if (inline.id() == null) {
            return Optional.empty();
        }
        Optional<AssistantDefinition> stored = ai.assistants().apply(inline.id()).map(StoredAssistant::definition);
        if (stored.isEmpty() && inline.instructions() == null) {
            throw new ApiException(ApiError.unknownAssistant(inline.id()));
        }
        return stored;
    }

    Conversation gather(Call call, GatherUsingAiCommand command, ParametersSchema schema, Consumer<Call> hangUp,
                        Runnable ended) {
        String id = UUID.randomUUID().toString();
        Optional<SpeechToText> stt = ai.speechToText();
        ObjectNode filled = Json.object();
        SlotFillerBrain slots = new SlotFillerBrain(command.parameters(), command.greeting(), ai.slotFiller(),
                ai.maxTries(), stt.isPresent(), filled);
        Brain brain = slots;
        AiAssistant assistant = command.assistant() == null ? AiAssistant.NONE : command.assistant();
        if (ai.languageModel().isPresent()) {
            LanguageModel llm = ai.languageModel().get();
            ToolBox tools = new ToolBox(assistant.tools(), Map.of(), ai.toolHttp(), ai.toolTimeout());
            brain = new LlmGatherBrain(llm, assistant.model(), command.parameters(), assistant.instructions(),
                    command.greeting(), tools, slots, schema::problem, filled, command.messageHistory());
        }
        ConversationSettings settings = new ConversationSettings(command.interruptionEnabled(),
                command.userResponseTimeoutMillis(), command.sendMessageHistoryUpdates(), command.sendPartialResults(),
                command.language(), command.gatherEndedSpeech(), ConversationSettings.DEFAULT_KEYPAD_INTER_DIGIT_MILLIS,
                ConversationSettings.DEFAULT_FALLBACK_SPEECH);
        SpeakCommand.Speech voice = voice(command.voice(), command.voiceSettings());
        ConversationFacts facts = ConversationFacts.of(id, null, stt.map(SpeechToText::modelName).orElse(null),
                command.voice());
        return attach(call, id, brain, settings, schema::validate, command.messageHistory(), voice, facts, hangUp,
                ended);
    }

    /**
     * @param definition what {@link #checkAssistant} found: the stored assistant, whose every field the command's
     *                   inline fields override
     */
    Conversation assistant(Call call, AiAssistantStartCommand command, Optional<AssistantDefinition> definition,
                           Consumer<Call> hangUp, Runnable ended) {
        String id = UUID.randomUUID().toString();
        AiAssistant inline = command.assistant();
        AiAssistant stored = definition.map(AssistantDefinition::assistant).orElse(AiAssistant.NONE);
        Map<String, String> variables = variables(stored.dynamicVariables(), inline.dynamicVariables());
        String instructions = firstNonNull(inline.instructions(), stored.instructions(), DEFAULT_ASSISTANT_INSTRUCTIONS);
        String greeting = firstNonNull(command.greeting(), inline.greeting(), stored.greeting());
        ToolBox tools = new ToolBox(inline.tools() != null ? inline.tools() : stored.tools(), variables, ai.toolHttp(),
                ai.toolTimeout());
        Brain brain = new AssistantBrain(ai.languageModel().orElseThrow(), firstNonNull(inline.model(), stored.model()),
                Templates.fill(instructions, variables), Templates.fill(greeting, variables), tools,
                command.messageHistory());
        boolean interruption = firstNonNull(command.interruptionEnabled(),
                definition.map(AssistantDefinition::interruptionEnabled).orElse(null), Boolean.TRUE);
        String language = firstNonNull(command.transcription() == null ? null : command.transcription().language(),
                definition.map(AssistantDefinition::transcriptionLanguage).orElse(null));
        ConversationSettings settings = new ConversationSettings(interruption,
                GatherUsingAiCommand.DEFAULT_USER_RESPONSE_TIMEOUT_MILLIS, command.sendMessageHistoryUpdates(), false,
                language, null, ConversationSettings.DEFAULT_KEYPAD_INTER_DIGIT_MILLIS,
                ConversationSettings.DEFAULT_FALLBACK_SPEECH);
        String voiceName = firstNonNull(command.voice(), inline.voice(),
                definition.map(AssistantDefinition::voice).orElse(null), GatherUsingAiCommand.DEFAULT_VOICE);
        SpeakCommand.Speech voice = voice(voiceName, firstNonNull(command.voiceSettings(), inline.voiceSettings(),
                stored.voiceSettings()));
        ConversationFacts facts = ConversationFacts.of(id, inline.id(),
                ai.speechToText().map(SpeechToText::modelName).orElse(null), voiceName);
        return attach(call, id, brain, settings, null, command.messageHistory(), voice, facts, hangUp, ended);
    }

    private Conversation attach(Call call, String id, Brain brain, ConversationSettings settings,
                                java.util.function.Function<ObjectNode, List<String>> validator,
                                List<io.voicegather.api.command.ai.AiMessage> history, SpeakCommand.Speech voice,
                                ConversationFacts facts, Consumer<Call> hangUp, Runnable ended) {
        SpeechToText stt = ai.speechToText().orElse(null);
        CallConversationHost host = new CallConversationHost(call, events, prompts, ai.builtInSpeech(), voice, stt,
                timers, clock, facts, hangUp, ended);
        Conversation conversation = new Conversation(id, brain, host, settings, validator, history);
        if (stt != null) {
            CallAudio audio = call.audio; // read here, on the strand, for the receive thread's listener below
            call.capture = new UtteranceCapture(ai.vad(), new UtteranceCapture.Listener() {
                @Override
                public void speechStarted() {
                    if (conversation.interruptibleNow()) {
                        audio.bargeIn(); // in the packet that confirmed speech
                    }
                    call.strand.execute(conversation::onSpeechStarted);
                }

                @Override
                public void utteranceEnded(short[] pcm) {
                    call.strand.execute(() -> conversation.onUtterance(pcm));
                }
            });
        }
        return conversation;
    }

    private static SpeakCommand.Speech voice(String voice, ObjectNode settings) {
        return new SpeakCommand.Speech(".", SpeakCommand.PayloadType.TEXT, voice, SpeakCommand.ServiceLevel.PREMIUM,
                null, settings);
    }

    private static Map<String, String> variables(ObjectNode stored, ObjectNode inline) {
        Map<String, String> out = new HashMap<>();
        for (ObjectNode vars : new ObjectNode[] {stored, inline}) {
            if (vars != null) {
                vars.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            }
        }
        return out;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
