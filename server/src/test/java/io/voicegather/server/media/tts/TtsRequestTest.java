package io.voicegather.server.media.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TtsRequestTest {

    @Test
    void forSpeakReadsEveryPromptField() {
        TtsRequest request = TtsRequest.forSpeak("<speak>Hi<break time=\"1s\"/>there</speak>", "ssml",
                "Azure.en-GB-SoniaNeural", "fr-FR", Map.of("type", "telnyx", "voice_speed", 1.2));
        assertThat(request.segments()).containsExactly(new SpeechSegment.Text("Hi"), new SpeechSegment.Pause(1000),
                new SpeechSegment.Text("there"));
        assertThat(request.voice().gender()).isEqualTo(VoiceChoice.Gender.FEMALE);
        assertThat(request.language()).isEqualTo("fr-FR");
        assertThat(request.rate()).isEqualTo(1.2);
    }

    @Test
    void forSpeakDefaultsToText() {
        TtsRequest request = TtsRequest.forSpeak("<b>Hi</b>", null, "male", null, null);
        assertThat(request.segments()).containsExactly(new SpeechSegment.Text("<b>Hi</b>"));
        assertThat(request.rate()).isEqualTo(1.0);
        assertThat(request.language()).isNull();
    }

    @Test
    void forSpeakRejectsBadSsmlAndPayloadType() {
        assertThatThrownBy(() -> TtsRequest.forSpeak("<speak>", "ssml", "male", null, null))
                .isInstanceOf(SsmlException.class);
        assertThatThrownBy(() -> TtsRequest.forSpeak("hi", "html", "male", null, null))
                .isInstanceOf(IllegalArgumentException.class).isNotInstanceOf(SsmlException.class);
    }

    @Test
    void rateIsClampedForEnginesAndBadRatesMeanNormal() {
        VoiceChoice v = VoiceChoice.defaultVoice();
        assertThat(new TtsRequest(List.of(), v, null, 0.1).clampedRate()).isEqualTo(0.5);
        assertThat(new TtsRequest(List.of(), v, null, 5).clampedRate()).isEqualTo(2.0);
        assertThat(new TtsRequest(List.of(), v, null, Double.NaN).rate()).isEqualTo(1.0);
        assertThat(new TtsRequest(List.of(), v, null, -1).rate()).isEqualTo(1.0);
    }

    @Test
    void segmentsKeyIsUnambiguous() {
        VoiceChoice v = VoiceChoice.defaultVoice();
        TtsRequest a = new TtsRequest(List.of(new SpeechSegment.Text("a b"), new SpeechSegment.Text("c")), v, null, 1);
        TtsRequest b = new TtsRequest(List.of(new SpeechSegment.Text("a"), new SpeechSegment.Text("b c")), v, null, 1);
        assertThat(a.segmentsKey()).isNotEqualTo(b.segmentsKey());
    }
}
