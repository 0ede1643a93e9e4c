package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.media.MediaRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders media resources in Telnyx's shape: {@code {"data":{media_name, content_type, created_at, ...}}}. */
final class MediaJson {
    /** Always three fraction digits, so that clients parsing a fixed format never meet "…:39Z". */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private MediaJson() {
    }

    static byte[] one(MediaRecord r) {
        ObjectNode root = Json.object();
        fill(root.putObject("data"), r);
        return bytes(root);
    }

    static byte[] page(List<MediaRecord> records, long totalResults, long pageNumber, int pageSize) {
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        records.forEach(r -> fill(data.addObject(), r));
        root.putObject("meta")
                .put("total_pages", (totalResults + pageSize - 1) / pageSize)
                .put("total_results", totalResults)
                .put("page_number", pageNumber)
                .put("page_size", pageSize);
        return bytes(root);
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    private static void fill(ObjectNode o, MediaRecord r) {
        o.put("media_name", r.mediaName())
                .put("content_type", r.contentType())
                .put("created_at", time(r.createdAt()))
                .put("updated_at", time(r.updatedAt()))
                .put("expires_at", time(r.expiresAt()));
    }

    private static byte[] bytes(ObjectNode root) {
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }
}
