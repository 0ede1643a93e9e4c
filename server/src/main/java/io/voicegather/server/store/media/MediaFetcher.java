package io.voicegather.server.store.media;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.voicegather.server.store.media.MediaStoreException.Reason.FETCH_FAILED;
import static io.voicegather.server.store.media.MediaStoreException.Reason.INVALID_URL;

/**
 * Downloads a media_url: http and https only, redirects followed (the JDK client never leaves http/https),
 * connect and whole-response timeouts, and at most maxMediaBytes read (more is FETCH_FAILED). Thread-safe.
 */
public final class MediaFetcher {
    private static final int MAX_URL_LENGTH = 2048;

    private final HttpClient client;
    private final MediaStoreSettings settings;

    public MediaFetcher(MediaStoreSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.fetchConnectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
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
     * The body of a 2xx answer; FETCH_FAILED or TOO_LARGE otherwise. Blocks at most the fetch timeout, which
     * covers the whole exchange (a server that answers at once and then trickles bytes is cut off too).
     */
    public byte[] fetch(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.fetchTimeout()).GET().build();
        LimitedBodySubscriber[] body = new LimitedBodySubscriber[1];
        int[] status = new int[1];
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            status[0] = info.statusCode();
            if (info.statusCode() / 100 != 2) {
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
            response = future.get(settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
        if (status[0] / 100 != 2) {
            throw new MediaStoreException(FETCH_FAILED, "media_url answered HTTP " + status[0] + ".");
        }
        if (response.body() == null) {
            throw tooLarge(); // a declared Content-Length over the limit
        }
        return response.body();
    }

    private MediaStoreException tooLarge() {
        // FETCH_FAILED, not TOO_LARGE: the request itself was small; it is the remote file that is refused
        return new MediaStoreException(FETCH_FAILED, "media_url content exceeds " + settings.maxMediaBytes() + " bytes.");
    }
}
