package io.voicegather.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.api.json.Json;
import io.voicegather.server.media.play.AudioUrlGuard;
import io.voicegather.server.store.media.MediaFetcher;
import io.voicegather.server.store.media.MediaNames;
import io.voicegather.server.store.media.MediaRecord;
import io.voicegather.server.store.media.MediaStore;
import io.voicegather.server.store.media.MediaStoreException;
import io.voicegather.server.store.media.StoredMedia;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Telnyx's Media Storage API under /v2/media (docs/media-storage.md). Same order of checks and error shape as the
 * rest of /v2: overload (429), auth (401), route (404), method (405), then the request. Uploads may be as large as
 * the store's maximum media size plus room for the multipart framing.
 */
final class MediaHandler implements HttpHandler {
    static final String BASE = "/v2/media";
    /** Room for multipart headers, boundaries and the small text fields next to the file. */
    static final int FRAMING_ALLOWANCE = 64 << 10;
    static final int DEFAULT_PAGE_SIZE = 25;
    static final int MAX_PAGE_SIZE = 250;
    private static final Logger LOG = LoggerFactory.getLogger(MediaHandler.class);

    private enum Route { COLLECTION, ITEM, DOWNLOAD }

    private record Answer(int status, String contentType, byte[] body) {
    }

    private final MediaStore store;
    private final MediaFetcher fetcher;
    private final Predicate<String> apiKeyCheck;

    /** @param urlGuard judges every media_url host, as it does audio_url's (--audio-url-block-private) */
    MediaHandler(MediaStore store, Predicate<String> apiKeyCheck, AudioUrlGuard urlGuard) {
        this.store = store;
        this.fetcher = new MediaFetcher(store.settings(), urlGuard);
        this.apiKeyCheck = apiKeyCheck;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            Answer answer;
            try {
                answer = dispatch(exchange);
            } catch (ApiException e) {
                answer = error(exchange, e.errors());
            } catch (MediaStoreException e) {
                answer = error(exchange, List.of(MediaErrors.from(e)));
            } catch (RuntimeException | StackOverflowError e) {
                LOG.error("unexpected failure handling {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), e);
                answer = error(exchange, List.of(HttpErrors.internal()));
            }
            send(exchange, answer);
        } catch (IOException e) {
            LOG.debug("I/O error on media exchange: {}", e.toString());
        }
    }

    private Answer dispatch(HttpExchange exchange) throws IOException {
        ResourceGate.admit(exchange, apiKeyCheck);
        String path = exchange.getRequestURI().getRawPath();
        String rest = path.startsWith(BASE) ? path.substring(BASE.length()) : null;
        if (rest == null || !(rest.isEmpty() || rest.startsWith("/"))) {
            throw new ApiException(HttpErrors.notFound()); // e.g. /v2/mediafoo, which only shares the prefix
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1); // one trailing slash is tolerated, as elsewhere
        }
        String[] s = rest.isEmpty() ? new String[0] : rest.substring(1).split("/", -1);
        Route route;
        if (s.length == 0) {
            route = Route.COLLECTION;
        } else if (s.length == 1 && !s[0].isEmpty()) {
            route = Route.ITEM;
        } else if (s.length == 2 && !s[0].isEmpty() && s[1].equals("download")) {
            route = Route.DOWNLOAD;
        } else {
            throw new ApiException(HttpErrors.notFound());
        }
        String method = exchange.getRequestMethod();
        String allowed = allowed(route);
        ResourceGate.checkMethod(exchange, method, allowed);
        if (route == Route.COLLECTION) {
            return method.equals("GET") ? list(exchange.getRequestURI().getRawQuery()) : create(exchange);
        }
        String name = decodeName(s[0]);
        if (route == Route.DOWNLOAD) {
            StoredMedia media = store.readWithType(name).orElseThrow(() -> notFound(name));
            return new Answer(200, media.contentType(), media.bytes());
        }
        return switch (method) {
            case "GET" -> new Answer(200, null, MediaJson.one(store.find(name).orElseThrow(() -> notFound(name))));
            case "PUT" -> update(exchange, name);
            case "DELETE" -> {
                if (!store.delete(name)) {
                    throw notFound(name);
                }
                yield new Answer(204, null, null);
            }
            default -> throw new IllegalStateException("unrouted method " + method);
        };
    }

    private Answer create(HttpExchange exchange) throws IOException {
        MediaRequestParser.MediaUpload up = MediaRequestParser.parse(
                exchange.getRequestHeaders().getFirst("Content-Type"), readBody(exchange), true,
                store.settings().maxTtlSecs());
        if (up.url() != null && up.mediaName() != null && store.find(up.mediaName()).isPresent()) {
            // refuse before the download rather than after it; create() checks again atomically
            throw new MediaStoreException(MediaStoreException.Reason.DUPLICATE_NAME,
                    "A media named '" + up.mediaName() + "' already exists.");
        }
        byte[] content = up.content() != null ? up.content() : fetcher.fetch(up.url());
        return new Answer(201, null, MediaJson.one(store.create(up.mediaName(), content, up.ttlSecs())));
    }

    private Answer update(HttpExchange exchange, String name) throws IOException {
        MediaRequestParser.MediaUpload up = MediaRequestParser.parse(
                exchange.getRequestHeaders().getFirst("Content-Type"), readBody(exchange), false,
                store.settings().maxTtlSecs());
        if (store.find(name).isEmpty()) {
            throw notFound(name); // before any download
        }
        byte[] content = up.content() != null ? up.content() : up.url() != null ? fetcher.fetch(up.url()) : null;
        MediaRecord r = store.update(name, content, up.ttlSecs());
        return new Answer(200, null, MediaJson.one(r));
    }

    private Answer list(String rawQuery) {
        Set<String> types = new LinkedHashSet<>();
        Map<String, List<String>> query = QueryParameters.parse(rawQuery);
        long pageNumber = QueryParameters.page(query, "number", 1, 1_000_000);
        int pageSize = (int) QueryParameters.page(query, "size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        for (String key : List.of("filter[content_type][]", "filter[content_type]")) {
            // other parameters are ignored, as unknown body fields are
            for (String value : query.getOrDefault(key, List.of())) {
                for (String t : value.split(",")) {
                    if (!t.isBlank()) {
                        types.add(normaliseContentType(t));
                    }
                }
            }
        }
        MediaStore.Page page = store.list(types, (pageNumber - 1) * pageSize, pageSize);
        return new Answer(200, null, MediaJson.page(page.records(), page.totalResults(), pageNumber, pageSize));
    }

    /** "audio/wav" or Telnyx's underscore spelling "audio_wav". */
    private static String normaliseContentType(String t) {
        String s = t.strip().toLowerCase(Locale.ROOT);
        return s.indexOf('/') < 0 ? s.replaceFirst("_", "/") : s;
    }

    /** A path segment as a media name: percent-decoded, then held to the naming rule (so "a%2Fb" is refused). */
    private static String decodeName(String raw) {
        String name;
        try {
            name = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(MediaErrors.invalidName("The media_name in the path has a malformed escape."));
        }
        if (!MediaNames.isValid(name)) {
            throw new ApiException(MediaErrors.invalidName("The media_name in the path is not a valid name: it must"
                    + " be 1 to " + MediaNames.MAX_LENGTH + " characters from A-Z, a-z, 0-9, '.', '_' and '-',"
                    + " starting with a letter or digit."));
        }
        return name;
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        int max = (int) Math.min(Integer.MAX_VALUE - 8, (long) store.settings().maxMediaBytes() + FRAMING_ALLOWANCE);
        return RequestBodies.read(exchange.getRequestBody(), exchange.getRequestHeaders().getFirst("Content-Length"),
                max);
    }

    private static ApiException notFound(String name) {
        return new ApiException(MediaErrors.notFound("No media named '" + name + "' exists."));
    }

    private static String allowed(Route route) {
        return switch (route) {
            case COLLECTION -> "GET, POST";
            case ITEM -> "GET, PUT, DELETE";
            case DOWNLOAD -> "GET";
        };
    }

    private static Answer error(HttpExchange exchange, List<ApiError> errors) {
        ApiError first = errors.get(0);
        ResourceGate.addErrorHeaders(exchange, first);
        return new Answer(first.status(), null, Json.errorBody(errors).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, Answer a) throws IOException {
        if (a.body() == null) {
            exchange.sendResponseHeaders(a.status(), -1); // 204: no body, no Content-Type
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", a.contentType() == null ? "application/json" : a.contentType());
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(a.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(a.status(), a.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(a.body());
        }
    }
}
