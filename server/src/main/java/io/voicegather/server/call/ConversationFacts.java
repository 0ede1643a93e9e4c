package io.voicegather.server.call;

/**
 * The fixed facts of one conversation reported in {@code call.conversation.ended}. The TTS fields come from the
 * requested voice string ({@code Provider.Model.VoiceId}), which is what the application chose and recognises.
 */
record ConversationFacts(String conversationId, String assistantId, String sttModel, String ttsProvider,
                         String ttsModelId, String ttsVoiceId) {

    static ConversationFacts of(String conversationId, String assistantId, String sttModel, String voice) {
        String provider = null;
        String model = null;
        String voiceId = voice;
        if (voice != null) {
            String[] parts = voice.split("\\.", 3);
            if (parts.length == 3) {
                provider = parts[0];
                model = parts[1];
                voiceId = parts[2];
            } else if (parts.length == 2) {
                provider = parts[0];
                voiceId = parts[1];
            } else {
                provider = "basic";
            }
        }
        return new ConversationFacts(conversationId, assistantId, sttModel, provider, model, voiceId);
    }
}
