package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.media.MediaSamples;
import io.voicegather.server.store.media.MediaStore;
import io.voicegather.server.store.media.MediaStoreSettings;
import io.voicegather.server.store.media.MediaTestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** /v2/media over real HTTP against a real store in a temporary folder. */
class MediaHandlerHttpTest {
    private static final int MAX_MEDIA = 64 << 10;
    private static final String BOUNDARY = "----vgBoundary7MA4YWxk";

    @TempDir
    Path dir;
    private final MediaTestClock clock = new MediaTestClock();
    private Database db;
    private MediaStore store;
    private ApiServer server;
    private HttpServer origin;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    record Resp(int status, String contentType, byte[] raw, JsonNode json) {
        String code() {
            return json.get("errors").get(0).get("code").asText();
        }

        String pointer() {
            JsonNode src = json.get("errors").get(0).get("source");
            return src == null ? null : src.get("pointer").asText();
        }

        JsonNode data() {
            return json.get("data");
        }
    }

    @BeforeEach
    void start() throws IOException {
        startServer();
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        origin.createContext("/prompt.mp3", ex -> reply(ex, 200, MediaSamples.mp3(5000)));
        origin.createContext("/missing", ex -> reply(ex, 404, "nope".getBytes()));
        origin.createContext("/huge", ex -> reply(ex, 200, MediaSamples.wav(MAX_MEDIA)));
        origin.createContext("/slow", ex -> {
            try {
                Thread.sleep(8_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, MediaSamples.wav(10));
        });
        origin.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        origin.start();
    }

    private void startServer() throws IOException {
        db = Database.open(dir);
        store = new MediaStore(db, dir, clock, MediaStoreSettings.DEFAULT.withMaxMediaBytes(MAX_MEDIA)
                .withFetchTimeout(Duration.ofSeconds(2)));
        server = new ApiServer(InetAddress.getLoopbackAddress(), 0, new RecordingCallControl(),
                ApiKeys.anyOf(Set.of(TestApi.KEY)), () -> TestApi.PUBLIC_KEY, ApiServerLimits.DEFAULT, store);
        server.start();
    }

    private void stopServer() {
        server.close();
        store.close();
        db.close();
    }

    @AfterEach
    void stop() {
        stopServer();
        origin.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private String originUrl(String path) {
        return "http://127.0.0.1:" + origin.getAddress().getPort() + path;
    }

    private Resp send(String method, String rawPath, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + rawPath))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TestApi.KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = null;
        String ct = r.headers().firstValue("Content-Type").orElse(null);
        if (ct != null && ct.startsWith("application/json")) {
            json = Json.MAPPER.readTree(r.body());
        }
        return new Resp(r.statusCode(), ct, r.body(), json);
    }

    private Resp json(String method, String path, String body) throws Exception {
        return send(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A multipart/form-data body: text fields, then the file part when file is not null. */
    private static byte[] multipart(byte[] file, String... nameValues) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + nameValues[i]
                    + "\"\r\n\r\n" + nameValues[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"x.wav\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(file);
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private Resp upload(byte[] file, String... fields) throws Exception {
        return send("POST", "/v2/media", "multipart/form-data; boundary=" + BOUNDARY, multipart(file, fields));
    }

    @Test
    void multipartUploadThenRetrieveListDownloadDelete() throws Exception {
        byte[] wav = MediaSamples.wav(3000);
        Resp created = upload(wav, "media_name", "welcome.wav", "ttl_secs", "3600");
        assertThat(created.status()).as(new String(created.raw())).isEqualTo(201);
        JsonNode d = created.data();
        assertThat(d.get("media_name").asText()).isEqualTo("welcome.wav");
        assertThat(d.get("content_type").asText()).isEqualTo("audio/wav");
        assertThat(d.get("created_at").asText()).isEqualTo("2024-05-01T10:00:00.123Z");
        assertThat(d.get("updated_at").asText()).isEqualTo("2024-05-01T10:00:00.123Z");
        assertThat(d.get("expires_at").asText()).isEqualTo("2024-05-01T11:00:00.123Z");

        Resp got = send("GET", "/v2/media/welcome.wav", null, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.data()).isEqualTo(d);

        Resp list = send("GET", "/v2/media", null, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.data()).hasSize(1);
        assertThat(list.json().get("meta").get("total_results").asLong()).isEqualTo(1);

        Resp dl = send("GET", "/v2/media/welcome.wav/download", null, null);
        assertThat(dl.status()).isEqualTo(200);
        assertThat(dl.contentType()).isEqualTo("audio/wav");
        assertThat(dl.raw()).isEqualTo(wav);
        assertThat(store.read("welcome.wav")).hasValueSatisfying(b -> assertThat(b).isEqualTo(wav));

        Resp del = send("DELETE", "/v2/media/welcome.wav", null, null);
        assertThat(del.status()).isEqualTo(204);
        assertThat(del.raw()).isEmpty();
        assertThat(send("GET", "/v2/media/welcome.wav", null, null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/v2/media/welcome.wav", null, null).status()).isEqualTo(404);
    }

    @Test
    void uploadWithoutNameGetsAUuid() throws Exception {
        Resp r = upload(MediaSamples.mp3(300));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.data().get("media_name").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(r.data().get("content_type").asText()).isEqualTo("audio/mpeg");
        assertThat(r.data().get("expires_at").asText()).isEqualTo("2024-05-03T10:00:00.123Z"); // 2 days
    }

    @Test
    void mediaUrlIsFetched() throws Exception {
        Resp r = json("POST", "/v2/media", "{\"media_url\":\"" + originUrl("/prompt.mp3")
                + "\",\"media_name\":\"menu\",\"ttl_secs\":120}");
        assertThat(r.status()).as(new String(r.raw())).isEqualTo(201);
        assertThat(r.data().get("content_type").asText()).isEqualTo("audio/mpeg");
        assertThat(send("GET", "/v2/media/menu/download", null, null).raw()).isEqualTo(MediaSamples.mp3(5000));
    }

    @Test
    void badMediaUrlsAre422() throws Exception {
        Resp scheme = json("POST", "/v2/media", "{\"media_url\":\"file:///etc/passwd\"}");
        assertThat(scheme.status()).isEqualTo(422);
        assertThat(scheme.code()).isEqualTo("10015");
        assertThat(scheme.pointer()).isEqualTo("/media_url");
        for (String path : new String[]{"/missing", "/huge", "/slow"}) {
            Resp r = json("POST", "/v2/media", "{\"media_url\":\"" + originUrl(path) + "\"}");
            assertThat(r.status()).as(path).isEqualTo(422);
            assertThat(r.code()).as(path).isEqualTo("10424");
        }
        Resp missing = json("POST", "/v2/media", "{\"media_name\":\"x\"}");
        assertThat(missing.code()).isEqualTo("10004");
        assertThat(missing.pointer()).isEqualTo("/media_url");
        assertThat(store.list(Set.of(), 0, 10).totalResults()).isZero();
    }

    @Test
    void duplicateNameIs422With10409() throws Exception {
        assertThat(upload(MediaSamples.wav(10), "media_name", "dup").status()).isEqualTo(201);
        Resp again = upload(MediaSamples.wav(20), "media_name", "dup");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.code()).isEqualTo("10409");
        assertThat(again.pointer()).isEqualTo("/media_name");
        Resp viaUrl = json("POST", "/v2/media", "{\"media_url\":\"" + originUrl("/prompt.mp3")
                + "\",\"media_name\":\"dup\"}");
        assertThat(viaUrl.code()).isEqualTo("10409");
    }

    @Test
    void unknownNameIs404With10007() throws Exception {
        for (String p : new String[]{"/v2/media/nothing", "/v2/media/nothing/download"}) {
            Resp r = send("GET", p, null, null);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("10007");
        }
        assertThat(json("PUT", "/v2/media/nothing", "{\"ttl_secs\":5}").code()).isEqualTo("10007");
    }

    @Test
    void pathTraversalNamesAreRefused() throws Exception {
        for (String name : new String[]{"../x", "a/b", "..", ".x"}) {
            Resp r = upload(MediaSamples.wav(10), "media_name", name);
            assertThat(r.status()).as(name).isEqualTo(422);
            assertThat(r.code()).isEqualTo("10015");
            assertThat(r.pointer()).isEqualTo("/media_name");
        }
        for (String raw : new String[]{"/v2/media/..%2Fx", "/v2/media/a%2Fb", "/v2/media/%2E%2E",
                "/v2/media/..%2F..%2Fvoicegather.db/download"}) {
            Resp r = send("GET", raw, null, null);
            assertThat(r.status()).as(raw).isEqualTo(422);
            assertThat(r.code()).isEqualTo("10015");
        }
        assertThat(send("GET", "/v2/media/a/b/download", null, null).status()).isEqualTo(404);
        try (Stream<Path> files = Files.list(dir.resolve("media"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void oversizedUploadIs413() throws Exception {
        Resp r = upload(MediaSamples.wav(MAX_MEDIA)); // twice the limit in bytes
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.code()).isEqualTo("10413");
        Resp justOver = upload(MediaSamples.wav((MAX_MEDIA - 44) / 2 + 1));
        assertThat(justOver.status()).isEqualTo(413);
        assertThat(upload(MediaSamples.wav((MAX_MEDIA - 44) / 2)).status()).isEqualTo(201);
    }

    @Test
    void updateMovesTtlAndExpiryHidesMedia() throws Exception {
        upload(MediaSamples.wav(10), "media_name", "a", "ttl_secs", "60");
        upload(MediaSamples.wav(10), "media_name", "b", "ttl_secs", "60");
        clock.advance(Duration.ofSeconds(30));
        Resp u = json("PUT", "/v2/media/a", "{\"ttl_secs\":3600}");
        assertThat(u.status()).isEqualTo(200);
        assertThat(u.data().get("expires_at").asText()).isEqualTo("2024-05-01T11:00:30.123Z");
        assertThat(u.data().get("updated_at").asText()).isEqualTo("2024-05-01T10:00:30.123Z");
        clock.advance(Duration.ofSeconds(31));
        assertThat(send("GET", "/v2/media/a", null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/v2/media/b", null, null).status()).isEqualTo(404);
        assertThat(send("GET", "/v2/media/b/download", null, null).status()).isEqualTo(404);
        Resp list = send("GET", "/v2/media", null, null);
        assertThat(list.data()).hasSize(1);
        assertThat(store.purgeExpired()).isEqualTo(1);

        byte[] mp3 = MediaSamples.mp3(777);
        Resp replaced = send("PUT", "/v2/media/a", "multipart/form-data; boundary=" + BOUNDARY, multipart(mp3));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.data().get("content_type").asText()).isEqualTo("audio/mpeg");
        assertThat(send("GET", "/v2/media/a/download", null, null).raw()).isEqualTo(mp3);
    }

    @Test
    void listFiltersByContentType() throws Exception {
        upload(MediaSamples.wav(10), "media_name", "w");
        upload(MediaSamples.mp3(100), "media_name", "m");
        Resp wavs = send("GET", "/v2/media?filter%5Bcontent_type%5D%5B%5D=audio%2Fwav", null, null);
        assertThat(wavs.data()).extracting(n -> n.get("media_name").asText()).containsExactly("w");
        Resp underscore = send("GET", "/v2/media?filter[content_type][]=audio_mpeg", null, null);
        assertThat(underscore.data()).extracting(n -> n.get("media_name").asText()).containsExactly("m");
        Resp both = send("GET", "/v2/media?filter[content_type][]=audio/mpeg&filter[content_type][]=audio/wav"
                + "&page[size]=1&page[number]=2", null, null);
        assertThat(both.data()).hasSize(1);
        assertThat(both.json().get("meta").get("total_pages").asInt()).isEqualTo(2);
        assertThat(send("GET", "/v2/media?page[size]=0", null, null).code()).isEqualTo("10033");
    }

    @Test
    void badRequestsAreNever5xx() throws Exception {
        String mp = "multipart/form-data; boundary=" + BOUNDARY;
        Resp noBoundary = send("POST", "/v2/media", "multipart/form-data", multipart(MediaSamples.wav(10)));
        assertThat(noBoundary.status()).isEqualTo(400);
        assertThat(noBoundary.code()).isEqualTo("10028");
        assertThat(send("POST", "/v2/media", mp, "garbage".getBytes()).status()).isEqualTo(400);
        byte[] unterminated = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"media\"\r\n\r\nRIFF")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(send("POST", "/v2/media", mp, unterminated).status()).isEqualTo(400);
        byte[] noDisposition = ("--" + BOUNDARY + "\r\nX-A: b\r\n\r\nabc\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(send("POST", "/v2/media", mp, noDisposition).status()).isEqualTo(400);
        Resp noFile = upload(null, "media_name", "x");
        assertThat(noFile.status()).isEqualTo(422);
        assertThat(noFile.code()).isEqualTo("10004");
        Resp notAudio = upload("<html></html>".getBytes());
        assertThat(notAudio.status()).isEqualTo(422);
        assertThat(notAudio.pointer()).isEqualTo("/media");
        Resp badTtl = upload(MediaSamples.wav(10), "ttl_secs", "soon");
        assertThat(badTtl.code()).isEqualTo("10015");
        assertThat(badTtl.pointer()).isEqualTo("/ttl_secs");
        assertThat(send("POST", "/v2/media", "text/plain", "hi".getBytes()).status()).isEqualTo(415);
        assertThat(json("POST", "/v2/media", "{not json").status()).isEqualTo(400);
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] body = multipart(MediaSamples.wav(20), "media_name", "f" + i);
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            body = java.util.Arrays.copyOf(body, 1 + random.nextInt(body.length));
            Resp r = send("POST", "/v2/media", mp, body);
            assertThat(r.status()).as("mutant %d: %s", i, new String(r.raw())).isIn(201, 400, 422);
        }
    }

    @Test
    void authMethodAndRoutingFollowTheRestOfV2() throws Exception {
        HttpRequest noAuth = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v2/media"))
                .GET().build();
        assertThat(client.send(noAuth, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        Resp patch = send("PATCH", "/v2/media/x", null, null);
        assertThat(patch.status()).isEqualTo(405);
        assertThat(send("GET", "/v2/mediafoo", null, null).status()).isEqualTo(404);
        assertThat(send("GET", "/v2/public_key", null, null).status()).isEqualTo(200); // other routes unchanged
    }

    @Test
    void restartKeepsMedia() throws Exception {
        byte[] wav = MediaSamples.wav(1234);
        assertThat(upload(wav, "media_name", "kept").status()).isEqualTo(201);
        stopServer();
        startServer();
        Resp dl = send("GET", "/v2/media/kept/download", null, null);
        assertThat(dl.status()).isEqualTo(200);
        assertThat(dl.raw()).isEqualTo(wav);
    }
}
