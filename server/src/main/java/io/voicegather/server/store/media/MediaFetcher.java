package io.voicegather.server.store.media;

import io.voicegather.server.media.play.AudioUrlGuard;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.voicegather.server.store.media.MediaStoreException.Reason.FETCH_FAILED;
import static io.voicegather.server.store.media.MediaStoreException.Reason.INVALID_URL;

/**
 * Downloads a media_url: http and https only, redirects followed by hand (never from https down to http) so that
 * the address guard ({@code --audio-url-block-private}, the one audio_url has) judges every host before its request,
 * connect and whole-download timeouts, and at most maxMediaBytes read (more is FETCH_FAILED). Thread-safe; blocks
 * the calling thread (the media uploads' own).
 */
public final class MediaFetcher {
    private static final int MAX_URL_LENGTH = 2048;
    /** As many as the JDK client's own redirect policy follows. */
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient client;
    private final MediaStoreSettings settings;
    private final AudioUrlGuard guard;

    public MediaFetcher(MediaStoreSettings settings) {
        this(settings, AudioUrlGuard.OFF);
    }

    public MediaFetcher(MediaStoreSettings settings, AudioUrlGuard guard) {
        this.settings = settings;
        this.guard = guard;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.fetchConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Checks the URL's form without fetching it; throws INVALID_URL. */
    public static URI parse(String url) {
        URI uri;
        try {
            if (url.length() > MAX_URL_LENGTH) {
                throw new URISyntaxException(url.substring(0, 64), "longer than " + MAX_URL_LENGTH + " characters");
            }
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new MediaStoreException(INVALID_URL, "media_url is not a valid URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new MediaStoreException(INVALID_URL, "media_url must be an http or https URL.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new MediaStoreException(INVALID_URL, "media_url must name a host.");
        }
        return uri;
    }

    /**
     * The body of a 2xx answer; INVALID_URL when the guard refuses the host as written, FETCH_FAILED or TOO_LARGE
     * otherwise. Blocks at most the fetch timeout, which covers the whole exchange, redirects included (a server
     * that answers at once and then trickles bytes is cut off too).
     */
    public byte[] fetch(URI uri) {
        String literal = guard.literalRefusal(uri.toString());
        if (literal != null) {
            throw new MediaStoreException(INVALID_URL, "media_url " + literal + ".");
        }
        long deadline = System.nanoTime() + settings.fetchTimeout().toNanos();
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            String refusal = guard.resolvedRefusal(current.getHost());
            if (refusal != null) {
                throw new MediaStoreException(FETCH_FAILED, "media_url " + refusal + ".");
            }
            Answer answer = exchange(current, deadline);
            if (answer.location() == null) {
                return answer.body();
            }
            if (redirects >= MAX_REDIRECTS) {
                throw new MediaStoreException(FETCH_FAILED, "media_url redirected more than " + MAX_REDIRECTS
                        + " times.");
            }
            current = redirectTarget(current, answer.location());
        }
    }

    /** A 2xx body, or where a redirect points (body null). */
    private record Answer(byte[] body, String location) {
    }

    private Answer exchange(URI uri, long deadline) {
        long leftMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(leftMillis)).GET().build();
        LimitedBodySubscriber[] body = new LimitedBodySubscriber[1];
        int[] status = new int[1];
        String[] location = new String[1];
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            status[0] = info.statusCode();
            if (info.statusCode() / 100 != 2) {
                location[0] = info.headers().firstValue("Location").orElse(null);
                return HttpResponse.BodySubscribers.replacing(null);
            }
            OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
            if (declared.isPresent() && declared.getAsLong() > settings.maxMediaBytes()) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            synchronized (body) {
                body[0] = new LimitedBodySubscriber(settings.maxMediaBytes());
                return body[0];
            }
        };
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, handler);
        HttpResponse<byte[]> response;
        try {
            response = future.get(leftMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            synchronized (body) {
                if (body[0] != null) {
                    body[0].cancel();
                }
            }
            throw new MediaStoreException(FETCH_FAILED, "media_url did not deliver within "
                    + settings.fetchTimeout().toMillis() + " ms.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LimitedBodySubscriber.TooLargeException
                    || cause != null && cause.getCause() instanceof LimitedBodySubscriber.TooLargeException) {
                throw tooLarge();
            }
            String why = cause == null ? "unknown error" : cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage());
            throw new MediaStoreException(FETCH_FAILED, "media_url could not be fetched: " + why + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new MediaStoreException(FETCH_FAILED, "media_url fetch was interrupted.");
        }
        if (REDIRECTS.contains(status[0]) && location[0] != null) {
            return new Answer(null, location[0]);
        }
        if (status[0] / 100 != 2) {
            throw new MediaStoreException(FETCH_FAILED, "media_url answered HTTP " + status[0] + ".");
        }
        if (response.body() == null) {
            throw tooLarge(); // a declared Content-Length over the limit
        }
        return new Answer(response.body(), null);
    }

    /** Where a redirect leads, relative to the URL that answered it; http(s) only, never https down to http. */
    private static URI redirectTarget(URI from, String location) {
        URI to;
        try {
            to = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new MediaStoreException(FETCH_FAILED, "media_url redirected to an invalid URL.");
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        boolean downgrade = from.getScheme().equalsIgnoreCase("https") && scheme.equals("http");
        if (!(scheme.equals("http") || scheme.equals("https")) || downgrade || to.getHost() == null) {
            throw new MediaStoreException(FETCH_FAILED, "media_url redirected to " + to
                    + ", which is not followed (http or https only, never from https down to http).");
        }
        return to;
    }

    private MediaStoreException tooLarge() {
        // FETCH_FAILED, not TOO_LARGE: the request itself was small; it is the remote file that is refused
        return new MediaStoreException(FETCH_FAILED, "media_url content exceeds " + settings.maxMediaBytes() + " bytes.");
    }
}
