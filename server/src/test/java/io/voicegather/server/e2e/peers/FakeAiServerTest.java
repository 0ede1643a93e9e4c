package io.voicegather.server.e2e.peers;

import io.voicegather.server.ai.llm.ToolCall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake provider, driven by a plain HTTP client so its own behaviour is checked independently of ours. */
class FakeAiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeAiServer fake;

    @BeforeEach
    void start() throws Exception {
        fake = FakeAiServer.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void baseUrlIsLoopbackWithTheEphemeralPort() {
        assertThat(fake.baseUrl()).isEqualTo("http://127.0.0.1:" + fake.port());
        assertThat(fake.port()).isPositive();
        assertThat(fake.baseUri()).isEqualTo(URI.create(fake.baseUrl()));
    }

    @Test
    void transcriptionsAnswerTheQueueThenTheDefaultAndRecordTheWav() throws Exception {
        fake.enqueueTranscripts("first", "second").defaultTranscript("again");
        short[] half = new short[4000];                            // 500 ms at 8 kHz
        half[10] = 1234;
        assertThat(text(postStt(wav(half, 8000, 1), "whisper-1", "en"))).isEqualTo("first");
        assertThat(text(postStt(wav(new short[16000], 16000, 1), "m2", null))).isEqualTo("second");
        assertThat(text(postStt(wav(new short[800], 8000, 1), "m3", null))).isEqualTo("again");

        FakeAiServer.SttRequest first = fake.awaitSttRequest(1, WAIT);
        assertThat(first.sampleRate()).isEqualTo(8000);
        assertThat(first.channels()).isEqualTo(1);
        assertThat(first.bitsPerSample()).isEqualTo(16);
        assertThat(first.durationMillis()).isEqualTo(500);
        assertThat(first.samples()).hasSize(4000);
        assertThat(first.samples()[10]).isEqualTo((short) 1234);
        assertThat(first.model()).isEqualTo("whisper-1");
        assertThat(first.language()).isEqualTo("en");
        assertThat(first.responseFormat()).isEqualTo("json");
        assertThat(first.fileName()).isEqualTo("a.wav");
        assertThat(first.fileProblem()).isNull();
        assertThat(first.authorization()).isEqualTo("Bearer k");
        FakeAiServer.SttRequest second = fake.awaitSttRequest(2, WAIT);
        assertThat(second.sampleRate()).isEqualTo(16000);
        assertThat(second.durationMillis()).isEqualTo(1000);
        assertThat(second.language()).isNull();
        assertThat(fake.sttRequests()).hasSize(3);
    }

    @Test
    void aFunctionCanAnswerFromTheRequest() throws Exception {
        fake.onTranscription(r -> FakeAiServer.Reply.text(r.durationMillis() + " ms"));
        assertThat(text(postStt(wav(new short[2400], 8000, 1), "m", null))).isEqualTo("300 ms");
    }

    @Test
    void scriptedFailuresAreAnsweredAsScripted() throws Exception {
        fake.enqueueStt(FakeAiServer.Reply.status(503), FakeAiServer.Reply.raw("<html>oops"),
                FakeAiServer.Reply.status(429, "slow down"));
        HttpResponse<String> a = postStt(wav(new short[80], 8000, 1), "m", null);
        assertThat(a.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(a.body()).path("error").path("message").asText()).contains("503");
        HttpResponse<String> b = postStt(wav(new short[80], 8000, 1), "m", null);
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(b.body()).isEqualTo("<html>oops");
        HttpResponse<String> c = postStt(wav(new short[80], 8000, 1), "m", null);
        assertThat(c.statusCode()).isEqualTo(429);
        assertThat(c.body()).isEqualTo("slow down");
    }

    @Test
    void aDelayedReplyOutlastsAShortClientTimeout() throws Exception {
        fake.enqueueStt(FakeAiServer.Reply.text("late").delayed(Duration.ofSeconds(5)));
        HttpRequest request = sttRequest(wav(new short[80], 8000, 1), "m", null).timeout(Duration.ofMillis(300)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(fake.awaitSttRequest(1, WAIT).model()).isEqualTo("m");
    }

    @Test
    void aFileThatIsNotAWavIsRefusedAndRecorded() throws Exception {
        HttpResponse<String> r = postStt("not audio".getBytes(StandardCharsets.UTF_8), "m", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fake.awaitSttRequest(1, WAIT).fileProblem()).contains("not a WAV");
    }

    @Test
    void chatAnswersQueuedTextToolCallsAndJsonThenTheFunction() throws Exception {
        fake.enqueueChat(FakeAiServer.Reply.text("hello").withModel("llama3.1:8b"),
                FakeAiServer.Reply.toolCall("lookup", "{\"id\":7}"),
                FakeAiServer.Reply.json(JSON.readTree("{\"age\":42}")),
                FakeAiServer.Reply.toolCalls(new ToolCall("call_9", "a", "{}"), new ToolCall(null, "b", "{\"x\":1}")));
        fake.onChat(req -> FakeAiServer.Reply.text("echo " + req.path("messages").size()));

        JsonNode one = postChat("{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(one.path("model").asText()).isEqualTo("llama3.1:8b");
        assertThat(one.path("choices").path(0).path("message").path("content").asText()).isEqualTo("hello");
        assertThat(one.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");

        JsonNode two = postChat("{\"model\":\"m2\",\"messages\":[]}");
        assertThat(two.path("model").asText()).isEqualTo("m2");
        JsonNode message = two.path("choices").path(0).path("message");
        assertThat(message.path("content").isNull()).isTrue();
        assertThat(message.path("tool_calls").path(0).path("type").asText()).isEqualTo("function");
        assertThat(message.path("tool_calls").path(0).path("id").asText()).isNotBlank();
        assertThat(message.path("tool_calls").path(0).path("function").path("name").asText()).isEqualTo("lookup");
        assertThat(message.path("tool_calls").path(0).path("function").path("arguments").asText()).isEqualTo("{\"id\":7}");
        assertThat(two.path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");

        JsonNode three = postChat("{\"model\":\"m3\",\"messages\":[]}");
        assertThat(JSON.readTree(three.path("choices").path(0).path("message").path("content").asText())
                .path("age").asInt()).isEqualTo(42);

        JsonNode four = postChat("{\"model\":\"m4\",\"messages\":[]}");
        JsonNode calls = four.path("choices").path(0).path("message").path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.path(0).path("id").asText()).isEqualTo("call_9");
        assertThat(calls.path(1).path("id").asText()).isNotBlank().isNotEqualTo("call_9");

        JsonNode five = postChat("{\"model\":\"m5\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
                + "{\"role\":\"user\",\"content\":\"u\"}]}");
        assertThat(five.path("choices").path(0).path("message").path("content").asText()).isEqualTo("echo 2");

        FakeAiServer.ChatRequest recorded = fake.awaitChatRequest(5, WAIT);
        assertThat(recorded.model()).isEqualTo("m5");
        assertThat(recorded.lastContent("user")).isEqualTo("u");
        assertThat(recorded.body().path("messages")).hasSize(2);
        assertThat(fake.chatRequests()).hasSize(5);
    }

    @Test
    void chatFailuresAndABodyThatIsNotJson() throws Exception {
        fake.enqueueChat(FakeAiServer.Reply.status(500));
        HttpResponse<String> failed = send("/v1/chat/completions", "application/json",
                "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThat(failed.statusCode()).isEqualTo(500);
        HttpResponse<String> garbage = send("/v1/chat/completions", "application/json",
                "{nope".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.statusCode()).isEqualTo(400);
    }

    @Test
    void speechIsAWavToneWhoseLengthFollowsTheText() throws Exception {
        byte[] short1 = postSpeech("Hi.", "alloy");
        String sentence = "Please say your date of birth after the tone, then press pound.";
        byte[] long1 = postSpeech(sentence, "nova");
        assertThat(wavMillis(short1)).isEqualTo(FakeAiServer.speechMillis("Hi.")).isEqualTo(300);
        assertThat(wavMillis(long1)).isEqualTo(60L * sentence.length()).isGreaterThan(wavMillis(short1));
        assertThat(rate(long1)).isEqualTo(8000);
        assertThat(peak(long1)).isGreaterThan(3000);

        fake.speechSilent(true);
        assertThat(peak(postSpeech("quiet please", "onyx"))).isZero();

        FakeAiServer.SpeechRequest second = fake.awaitSpeechRequest(2, WAIT);
        assertThat(second.input()).startsWith("Please say");
        assertThat(second.voice()).isEqualTo("nova");
        assertThat(second.model()).isEqualTo("tts-1");
        assertThat(second.responseFormat()).isEqualTo("wav");
        assertThat(FakeAiServer.speechMillis("x".repeat(10_000))).isEqualTo(20_000);
    }

    @Test
    void speechFailuresCanBeScripted() throws Exception {
        fake.enqueueSpeech(FakeAiServer.Reply.status(502));
        HttpResponse<String> r = send("/v1/audio/speech", "application/json",
                "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(postSpeech("hi", "alloy")).hasSizeGreaterThan(44);
    }

    @Test
    void awaitingARequestThatNeverComesTimesOut() {
        assertThatThrownBy(() -> fake.awaitChatRequest(1, Duration.ofMillis(100)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("chat request #1");
    }

    // ---- helpers

    private HttpResponse<String> postStt(byte[] file, String model, String language) throws Exception {
        return http.send(sttRequest(file, model, language).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder sttRequest(byte[] file, String model, String language) {
        String boundary = "b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model
                + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (language != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\n"
                    + language + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"response_format\"\r\n\r\njson\r\n--"
                + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/audio/transcriptions"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer k")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private static String text(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("text").asText();
    }

    private JsonNode postChat(String json) throws Exception {
        HttpResponse<String> r = send("/v1/chat/completions", "application/json", json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private byte[] postSpeech(String input, String voice) throws Exception {
        String json = JSON.createObjectNode().put("model", "tts-1").put("input", input).put("voice", voice)
                .put("response_format", "wav").toString();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/audio/speech"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/wav");
        return r.body();
    }

    private HttpResponse<String> send(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] wav(short[] samples, int rate, int channels) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(rate).putInt(rate * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16)
                .put("data".getBytes()).putInt(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    private static int rate(byte[] wav) {
        return ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(24);
    }

    private static long wavMillis(byte[] wav) {
        int dataBytes = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(40);
        return dataBytes / 2 * 1000L / rate(wav);
    }

    private static int peak(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int peak = 0;
        for (int i = 44; i + 1 < wav.length; i += 2) {
            peak = Math.max(peak, Math.abs(b.getShort(i)));
        }
        return peak;
    }
}
