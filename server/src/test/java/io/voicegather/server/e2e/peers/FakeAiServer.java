package io.voicegather.server.e2e.peers;

import io.voicegather.server.ai.llm.ToolCall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable stand-in for an OpenAI-compatible AI provider (JDK HttpServer on 127.0.0.1, ephemeral port):
 * <ul>
 *   <li>{@code POST /v1/audio/transcriptions}: multipart form with a WAV {@code file}; answers {@code {"text": ...}}
 *       from a queue of {@link Reply replies}, then from a function of the request (default: empty text).</li>
 *   <li>{@code POST /v1/chat/completions}: answers a {@code chat.completion} document (content, tool calls, JSON
 *       content) from a queue, then from a function of the request JSON (default: the text {@code OK}).</li>
 *   <li>{@code POST /v1/audio/speech}: answers an 8 kHz mono 16-bit WAV, a soft 440 Hz tone (or silence) lasting
 *       {@link #speechMillis(String)} for the input text, so prompts are audible and finite.</li>
 * </ul>
 * Any reply can instead be an HTTP error, a body that is not JSON, or come after a delay (longer than a client's
 * timeout, to test timeouts). Every request is recorded, parsed, before it is answered, and can be awaited.
 * Thread-safe.
 */
public final class FakeAiServer implements AutoCloseable {
    public static final int SPEECH_RATE = 8000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One scripted answer. Success replies: {@link #text}, {@link #json}, {@link #toolCall}/{@link #toolCalls}
     * (chat only; for transcription only the text counts; for speech any success means "the WAV"). Failures:
     * {@link #status}, {@link #raw}. Any reply can be {@link #delayed}.
     */
    public static final class Reply {
        private final int status;
        private final String rawBody;
        private final String text;
        private final List<ToolCall> toolCalls;
        private final String model;
        private final Duration delay;

        private Reply(int status, String rawBody, String text, List<ToolCall> toolCalls, String model, Duration delay) {
            this.status = status;
            this.rawBody = rawBody;
            this.text = text;
            this.toolCalls = List.copyOf(toolCalls);
            this.model = model;
            this.delay = delay;
        }

        /** A transcript, or a chat answer whose content is this text. */
        public static Reply text(String text) {
            return new Reply(200, null, text, List.of(), null, Duration.ZERO);
        }

        /** A chat answer whose content is this JSON (a JsonNode, or JSON text), as a json_schema answer is. */
        public static Reply json(Object json) {
            String content = json instanceof JsonNode node ? node.toString() : String.valueOf(json);
            return text(content);
        }

        /** A chat answer with one tool call (id generated), arguments given as JSON text, and no content. */
        public static Reply toolCall(String name, String argumentsJson) {
            return toolCalls(new ToolCall(null, name, argumentsJson));
        }

        /** A chat answer with these tool calls (a null id is replaced by a generated one), and no content. */
        public static Reply toolCalls(ToolCall... calls) {
            return new Reply(200, null, null, Arrays.asList(calls), null, Duration.ZERO);
        }

        /** An HTTP error with an OpenAI-style body {@code {"error": {"message": ...}}}. */
        public static Reply status(int status) {
            return status(status, "{\"error\":{\"message\":\"fake failure " + status + "\",\"type\":\"server_error\"}}");
        }

        /** An HTTP status with exactly this body. */
        public static Reply status(int status, String body) {
            return new Reply(status, body, null, List.of(), null, Duration.ZERO);
        }

        /** A 200 answer with exactly this body (e.g. garbage that is not JSON). */
        public static Reply raw(String body) {
            return status(200, body);
        }

        /** The same reply, sent only after this delay. */
        public Reply delayed(Duration delay) {
            return new Reply(status, rawBody, text, toolCalls, model, delay);
        }

        /** The same chat reply, naming this model (default: the model asked for). */
        public Reply withModel(String model) {
            return new Reply(status, rawBody, text, toolCalls, model, delay);
        }

        /** This reply's text with these tool calls added. */
        public Reply withToolCalls(ToolCall... calls) {
            return new Reply(status, rawBody, text, Arrays.asList(calls), model, delay);
        }

        boolean isFailure() {
            return rawBody != null;
        }

        @Override
        public String toString() {
            return rawBody != null ? "Reply[" + status + " " + rawBody + "]" : "Reply[text=" + text + ", tools="
                    + toolCalls + (delay.isZero() ? "" : ", after " + delay) + "]";
        }
    }

    /**
     * A transcription request as received.
     *
     * @param sampleRate     from the WAV header (0 when the file was not a readable WAV)
     * @param durationMillis length of the audio
     * @param samples        the first channel's samples when 16-bit PCM, else empty
     * @param fileProblem    why the file was refused (answered 400), or null when it was a readable WAV
     * @param fields         every text field of the form
     */
    public record SttRequest(int sampleRate, int channels, int bitsPerSample, long durationMillis, short[] samples,
                             String fileName, String fileContentType, String model, String language,
                             String responseFormat, String authorization, Map<String, String> fields,
                             String fileProblem) {
    }

    /** A chat completion request: its whole JSON body and Authorization header. */
    public record ChatRequest(JsonNode body, String authorization) {
        public String model() {
            return body.path("model").asText(null);
        }

        public JsonNode messages() {
            return body.path("messages");
        }

        /** The content of the last message with this role, or null. */
        public String lastContent(String role) {
            String found = null;
            for (JsonNode m : messages()) {
                if (role.equals(m.path("role").asText()) && m.path("content").isTextual()) {
                    found = m.get("content").asText();
                }
            }
            return found;
        }
    }

    /** A speech request: input text, voice, model, response_format, the whole JSON body. */
    public record SpeechRequest(String input, String voice, String model, String responseFormat, JsonNode body,
                                String authorization) {
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Object lock = new Object();
    private final Deque<Reply> sttQueue = new ArrayDeque<>();
    private final Deque<Reply> chatQueue = new ArrayDeque<>();
    private final Deque<Reply> speechQueue = new ArrayDeque<>();
    private final List<SttRequest> sttRequests = new ArrayList<>();
    private final List<ChatRequest> chatRequests = new ArrayList<>();
    private final List<SpeechRequest> speechRequests = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<SttRequest, Reply> sttFunction = r -> Reply.text("");
    private volatile Function<JsonNode, Reply> chatFunction = r -> Reply.text("OK");
    private volatile boolean speechSilent;

    private FakeAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-ai-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/v1/audio/transcriptions", ex -> handle(ex, this::transcription));
        server.createContext("/v1/chat/completions", ex -> handle(ex, this::chat));
        server.createContext("/v1/audio/speech", ex -> handle(ex, this::speech));
        server.start();
    }

    public static FakeAiServer start() throws IOException {
        return new FakeAiServer();
    }

    /** {@code http://127.0.0.1:port}, the value for {@code --stt-url}, {@code --llm-url} and {@code --tts-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public URI baseUri() {
        return URI.create(baseUrl());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- scripting

    /** Transcripts answered in order, before the default. */
    public FakeAiServer enqueueTranscripts(String... texts) {
        Arrays.stream(texts).map(Reply::text).forEach(this::enqueueStt);
        return this;
    }

    /** Transcription replies answered in order, before the default. */
    public FakeAiServer enqueueStt(Reply... replies) {
        synchronized (lock) {
            sttQueue.addAll(Arrays.asList(replies));
        }
        return this;
    }

    /** What transcription requests get once the queue is empty (default: empty text). */
    public FakeAiServer onTranscription(Function<SttRequest, Reply> answer) {
        this.sttFunction = Objects.requireNonNull(answer);
        return this;
    }

    /** Every transcription request gets this text once the queue is empty. */
    public FakeAiServer defaultTranscript(String text) {
        return onTranscription(r -> Reply.text(text));
    }

    /** Chat answers with this content, in order, before the default. */
    public FakeAiServer enqueueChatTexts(String... texts) {
        Arrays.stream(texts).map(Reply::text).forEach(this::enqueueChat);
        return this;
    }

    /** Chat replies answered in order, before the default. */
    public FakeAiServer enqueueChat(Reply... replies) {
        synchronized (lock) {
            chatQueue.addAll(Arrays.asList(replies));
        }
        return this;
    }

    /** What chat requests get once the queue is empty, from the request JSON (default: the text {@code OK}). */
    public FakeAiServer onChat(Function<JsonNode, Reply> answer) {
        this.chatFunction = Objects.requireNonNull(answer);
        return this;
    }

    /** Speech replies in order: failures and delays as scripted; any success reply means the usual WAV. */
    public FakeAiServer enqueueSpeech(Reply... replies) {
        synchronized (lock) {
            speechQueue.addAll(Arrays.asList(replies));
        }
        return this;
    }

    /** Speech answers silence instead of the tone (same length). */
    public FakeAiServer speechSilent(boolean silent) {
        this.speechSilent = silent;
        return this;
    }

    /** Length of the speech answered for a text: 60 ms a character, at least 300 ms, at most 20 s. */
    public static long speechMillis(String text) {
        int chars = text == null ? 0 : text.strip().length();
        return Math.max(300, Math.min(20_000, 60L * chars));
    }

    // ---- what was received

    public List<SttRequest> sttRequests() {
        synchronized (lock) {
            return List.copyOf(sttRequests);
        }
    }

    public List<ChatRequest> chatRequests() {
        synchronized (lock) {
            return List.copyOf(chatRequests);
        }
    }

    public List<SpeechRequest> speechRequests() {
        synchronized (lock) {
            return List.copyOf(speechRequests);
        }
    }

    /** The n-th transcription request (1-based), waiting for it up to timeout. */
    public SttRequest awaitSttRequest(int n, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitNth(sttRequests, n, timeout, "transcription");
    }

    /** The n-th chat request (1-based), waiting for it up to timeout. */
    public ChatRequest awaitChatRequest(int n, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitNth(chatRequests, n, timeout, "chat");
    }

    /** The n-th speech request (1-based), waiting for it up to timeout. */
    public SpeechRequest awaitSpeechRequest(int n, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitNth(speechRequests, n, timeout, "speech");
    }

    private <T> T awaitNth(List<T> list, int n, Duration timeout, String what)
            throws InterruptedException, TimeoutException {
        if (n < 1) {
            throw new IllegalArgumentException("n counts from 1");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (list.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no " + what + " request #" + n + " within " + timeout + "; received "
                            + list.size());
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return list.get(n - 1);
        }
    }

    /** Stops answering; requests being delayed are dropped. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    // ---- handlers

    /** What to answer: status, content type, body, and a delay before answering. */
    private record Answer(int status, String contentType, byte[] body, Duration delay) {
        static Answer json(int status, String json, Duration delay) {
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8), delay);
        }

        static Answer error(int status, String message) {
            ObjectNode root = JSON.createObjectNode();
            root.putObject("error").put("message", message).put("type", "invalid_request_error");
            return json(status, root.toString(), Duration.ZERO);
        }
    }

    private interface Endpoint {
        Answer answer(HttpExchange exchange, byte[] body) throws IOException;
    }

    private void handle(HttpExchange ex, Endpoint endpoint) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Answer answer;
            try {
                answer = "POST".equals(ex.getRequestMethod()) ? endpoint.answer(ex, body)
                        : Answer.error(405, "use POST");
            } catch (RuntimeException e) { // a test's answer function failed: say so rather than drop the line
                answer = Answer.error(500, "fake server script failed: " + e);
            }
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    return; // closing
                }
            }
            ex.getResponseHeaders().set("Content-Type", answer.contentType());
            ex.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            ex.getResponseBody().write(answer.body());
        } catch (IOException e) {
            // the client went away (it timed out): nothing to answer
        }
    }

    private Answer transcription(HttpExchange ex, byte[] body) {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        Map<String, Part> parts = Part.parse(contentType, body);
        Map<String, String> fields = new LinkedHashMap<>();
        parts.forEach((name, part) -> {
            if (part.fileName == null) {
                fields.put(name, new String(part.content, StandardCharsets.UTF_8));
            }
        });
        Part file = parts.get("file");
        String problem = null;
        WavInfo wav = null;
        if (parts.isEmpty()) {
            problem = "not a multipart/form-data body";
        } else if (file == null) {
            problem = "no 'file' field";
        } else {
            try {
                wav = WavInfo.parse(file.content);
            } catch (IllegalArgumentException e) {
                problem = "file is not a WAV: " + e.getMessage();
            }
        }
        SttRequest request = new SttRequest(wav == null ? 0 : wav.sampleRate, wav == null ? 0 : wav.channels,
                wav == null ? 0 : wav.bits, wav == null ? 0 : wav.durationMillis(),
                wav == null ? new short[0] : wav.samples,
                file == null ? null : file.fileName, file == null ? null : file.contentType,
                fields.get("model"), fields.get("language"), fields.get("response_format"),
                ex.getRequestHeaders().getFirst("Authorization"), Map.copyOf(fields), problem);
        Reply reply;
        synchronized (lock) {
            sttRequests.add(request);
            lock.notifyAll();
            reply = problem == null ? sttQueue.poll() : null;
        }
        if (problem != null) {
            return Answer.error(400, problem);
        }
        if (reply == null) {
            reply = sttFunction.apply(request);
        }
        if (reply.isFailure()) {
            return Answer.json(reply.status, reply.rawBody, reply.delay);
        }
        ObjectNode root = JSON.createObjectNode().put("text", reply.text == null ? "" : reply.text);
        return Answer.json(200, root.toString(), reply.delay);
    }

    private Answer chat(HttpExchange ex, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return Answer.error(400, "body is not a JSON object");
        }
        boolean valid = json.path("messages").isArray();
        Reply reply;
        synchronized (lock) {
            chatRequests.add(new ChatRequest(json, ex.getRequestHeaders().getFirst("Authorization")));
            lock.notifyAll();
            reply = valid ? chatQueue.poll() : null;
        }
        if (!valid) {
            return Answer.error(400, "messages is required");
        }
        if (reply == null) {
            reply = chatFunction.apply(json);
        }
        if (reply.isFailure()) {
            return Answer.json(reply.status, reply.rawBody, reply.delay);
        }
        ObjectNode root = JSON.createObjectNode();
        int id = ids.incrementAndGet();
        root.put("id", "chatcmpl-fake-" + id);
        root.put("object", "chat.completion");
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", reply.model != null ? reply.model : json.path("model").asText("fake-model"));
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (reply.text == null) {
            message.putNull("content");
        } else {
            message.put("content", reply.text);
        }
        if (!reply.toolCalls.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            int n = 0;
            for (ToolCall call : reply.toolCalls) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id() != null ? call.id() : "call_fake_" + id + "_" + (++n));
                c.put("type", "function");
                c.putObject("function").put("name", call.name())
                        .put("arguments", call.argumentsJson() == null ? "{}" : call.argumentsJson());
            }
        }
        choice.put("finish_reason", reply.toolCalls.isEmpty() ? "stop" : "tool_calls");
        root.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
        return Answer.json(200, root.toString(), reply.delay);
    }

    private Answer speech(HttpExchange ex, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return Answer.error(400, "body is not a JSON object");
        }
        SpeechRequest request = new SpeechRequest(json.path("input").asText(null), json.path("voice").asText(null),
                json.path("model").asText(null), json.path("response_format").asText(null), json,
                ex.getRequestHeaders().getFirst("Authorization"));
        boolean valid = request.input() != null && !request.input().isBlank();
        Reply reply;
        synchronized (lock) {
            speechRequests.add(request);
            lock.notifyAll();
            reply = valid ? speechQueue.poll() : null;
        }
        if (!valid) {
            return Answer.error(400, "input is required");
        }
        if (reply != null && reply.isFailure()) {
            return Answer.json(reply.status, reply.rawBody, reply.delay);
        }
        byte[] wav = speechWav(speechMillis(request.input()), speechSilent);
        return new Answer(200, "audio/wav", wav, reply == null ? Duration.ZERO : reply.delay);
    }

    /** A 8 kHz mono 16-bit WAV: a 440 Hz tone at about -16 dBFS with 10 ms fades, or silence. */
    static byte[] speechWav(long millis, boolean silent) {
        int n = (int) (millis * SPEECH_RATE / 1000);
        int fade = SPEECH_RATE / 100;
        short[] pcm = new short[n];
        if (!silent) {
            for (int i = 0; i < n; i++) {
                double envelope = Math.min(1.0, Math.min(i, n - 1 - i) / (double) fade);
                pcm[i] = (short) Math.round(5000 * envelope * Math.sin(2 * Math.PI * 440 * i / SPEECH_RATE));
            }
        }
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SPEECH_RATE).putInt(SPEECH_RATE * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
        b.asShortBuffer().put(pcm);
        return b.array();
    }

    /** One part of a multipart/form-data body. */
    private record Part(String fileName, String contentType, byte[] content) {
        static Map<String, Part> parse(String contentType, byte[] body) {
            Map<String, Part> parts = new LinkedHashMap<>();
            String boundary = boundary(contentType);
            if (boundary == null) {
                return parts;
            }
            byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
            int at = indexOf(body, delimiter, 0);
            while (at >= 0) {
                int start = at + delimiter.length;
                if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                    break; // closing delimiter
                }
                start += 2; // CRLF after the delimiter
                int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), start);
                if (next < 0) {
                    break;
                }
                int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
                if (headersEnd < 0 || headersEnd > next) {
                    break;
                }
                String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
                byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next);
                String name = null;
                String fileName = null;
                String type = null;
                for (String line : headers.split("\r\n")) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-disposition:")) {
                        name = parameter(line, "name");
                        fileName = parameter(line, "filename");
                    } else if (lower.startsWith("content-type:")) {
                        type = line.substring(line.indexOf(':') + 1).strip();
                    }
                }
                if (name != null) {
                    parts.put(name, new Part(fileName, type, content));
                }
                at = next + 2;
            }
            return parts;
        }

        private static String boundary(String contentType) {
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                return null;
            }
            for (String p : contentType.split(";")) {
                String s = p.strip();
                if (s.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                    String b = s.substring("boundary=".length());
                    return b.startsWith("\"") && b.endsWith("\"") && b.length() > 1 ? b.substring(1, b.length() - 1) : b;
                }
            }
            return null;
        }

        private static String parameter(String header, String name) {
            for (String p : header.split(";")) {
                String s = p.strip();
                if (s.startsWith(name + "=")) {
                    String v = s.substring(name.length() + 1);
                    return v.startsWith("\"") && v.endsWith("\"") && v.length() > 1 ? v.substring(1, v.length() - 1) : v;
                }
            }
            return null;
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** The format and samples of a RIFF WAV. */
    private record WavInfo(int sampleRate, int channels, int bits, int dataBytes, short[] samples) {
        long durationMillis() {
            int frameBytes = Math.max(1, channels * bits / 8);
            return sampleRate == 0 ? 0 : (long) (dataBytes / frameBytes) * 1000 / sampleRate;
        }

        static WavInfo parse(byte[] file) {
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            if (file.length < 12 || !"RIFF".equals(ascii(file, 0)) || !"WAVE".equals(ascii(file, 8))) {
                throw new IllegalArgumentException("no RIFF/WAVE header");
            }
            int format = -1;
            int channels = 0;
            int rate = 0;
            int bits = 0;
            int pos = 12;
            while (pos + 8 <= file.length) {
                String id = ascii(file, pos);
                int size = b.getInt(pos + 4);
                int data = pos + 8;
                if (size < 0 || data + size > file.length) {
                    if (!"data".equals(id)) {
                        throw new IllegalArgumentException("chunk " + id + " runs past the end");
                    }
                    size = file.length - data;
                }
                if ("fmt ".equals(id)) {
                    format = b.getShort(data) & 0xffff;
                    channels = b.getShort(data + 2) & 0xffff;
                    rate = b.getInt(data + 4);
                    bits = b.getShort(data + 14) & 0xffff;
                } else if ("data".equals(id)) {
                    if (format < 0) {
                        throw new IllegalArgumentException("data before fmt");
                    }
                    short[] samples = new short[0];
                    if (format == 1 && bits == 16 && channels > 0) {
                        samples = new short[size / 2 / channels];
                        for (int i = 0; i < samples.length; i++) {
                            samples[i] = b.getShort(data + i * 2 * channels);
                        }
                    }
                    return new WavInfo(rate, channels, bits, size, samples);
                }
                pos = data + size + (size & 1);
            }
            throw new IllegalArgumentException("no data chunk");
        }

        private static String ascii(byte[] b, int at) {
            return new String(b, at, 4, StandardCharsets.US_ASCII);
        }
    }
}
