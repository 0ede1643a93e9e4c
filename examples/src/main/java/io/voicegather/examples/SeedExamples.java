package io.voicegather.examples;

import io.voicegather.client.VoicegatherClient;
import io.voicegather.client.models.calls.actions.ActionAddAiAssistantMessagesResponse;
import io.voicegather.client.models.calls.actions.ActionGatherResponse;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAiParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAiResponse;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAudioResponse;
import io.voicegather.client.models.calls.actions.ActionGatherUsingSpeakParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingSpeakResponse;
import io.voicegather.client.models.calls.actions.ActionStartAiAssistantResponse;
import io.voicegather.client.models.calls.actions.ActionStopAiAssistantResponse;
import io.voicegather.client.models.calls.actions.ActionStopGatherResponse;

import java.util.Map;

/**
 * The Java counterpart of every example of the voice-gather guide, one method each, in the guide's order.
 * Each takes a client (see {@link #main}) and a call_control_id, and prints the response as the guide does.
 */
public final class SeedExamples {
    private SeedExamples() {
    }

    /** Setup: the API key comes from TELNYX_API_KEY (and the server from TELNYX_BASE_URL). */
    public static void main(String[] args) {
        VoicegatherClient client = VoicegatherClient.fromEnv();
        String callControlId = args.length > 0 ? args[0] : "call_control_id";
        gather(client, callControlId);
    }

    /** Add messages to AI Assistant. */
    public static void addAiAssistantMessages(VoicegatherClient client, String callControlId) {
        ActionAddAiAssistantMessagesResponse response =
                client.calls().actions().addAiAssistantMessages(callControlId);
        System.out.println(response);
    }

    /** Start AI Assistant. */
    public static void startAiAssistant(VoicegatherClient client, String callControlId) {
        ActionStartAiAssistantResponse response = client.calls().actions().startAiAssistant(callControlId);
        System.out.println(response);
    }

    /** Stop AI Assistant. */
    public static void stopAiAssistant(VoicegatherClient client, String callControlId) {
        ActionStopAiAssistantResponse response = client.calls().actions().stopAiAssistant(callControlId);
        System.out.println(response);
    }

    /** Gather stop. */
    public static void stopGather(VoicegatherClient client, String callControlId) {
        ActionStopGatherResponse response = client.calls().actions().stopGather(callControlId);
        System.out.println(response);
    }

    /** Gather using AI: {@code parameters} is required. */
    public static void gatherUsingAi(VoicegatherClient client, String callControlId) {
        ActionGatherUsingAiResponse response = client.calls().actions().gatherUsingAi(callControlId,
                ActionGatherUsingAiParams.builder()
                        .parameters(Map.of("properties", "bar", "required", "bar", "type", "bar"))
                        .build());
        System.out.println(response);
    }

    /** Gather using audio. */
    public static void gatherUsingAudio(VoicegatherClient client, String callControlId) {
        ActionGatherUsingAudioResponse response = client.calls().actions().gatherUsingAudio(callControlId);
        System.out.println(response);
    }

    /** Gather using speak: {@code payload} and {@code voice} are required. */
    public static void gatherUsingSpeak(VoicegatherClient client, String callControlId) {
        ActionGatherUsingSpeakResponse response = client.calls().actions().gatherUsingSpeak(callControlId,
                ActionGatherUsingSpeakParams.builder().payload("say this on call").voice("male").build());
        System.out.println(response);
    }

    /** Gather. */
    public static void gather(VoicegatherClient client, String callControlId) {
        ActionGatherResponse response = client.calls().actions().gather(callControlId);
        System.out.println(response);
    }
}
