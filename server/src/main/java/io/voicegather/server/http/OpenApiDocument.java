package io.voicegather.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 description of this API (resource {@code /openapi.json}), served at GET /v2/openapi.json.
 * Read once, on first use; the bytes are shared and never modified.
 */
final class OpenApiDocument {
    static final String RESOURCE = "/openapi.json";

    private OpenApiDocument() {
    }

    static byte[] bytes() {
        return Holder.BYTES;
    }

    /** Lazy holder: the document is loaded by the first request that asks for it, not at server start. */
    private static final class Holder {
        private static final byte[] BYTES = load();

        private static byte[] load() {
            try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
