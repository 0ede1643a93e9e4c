package io.voicegather.server.http;

import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query string, decoded: {@code filter[leg_id]=x&page[size]=2} (brackets percent-encoded or not). The
 * one place the API reads query parameters, with the errors every list endpoint gives.
 */
final class QueryParameters {
    private QueryParameters() {
    }

    /**
     * Name to values, in order; a name may come more than once ({@code filter[content_type][]=a&…[]=b}). A
     * malformed percent-escape is 400 10028.
     */
    static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
                    .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    /** The last value given for {@code name}, or null. */
    static String last(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    /** A whole number from {@code min} to {@code max}; anything else is 422 10033 naming {@code key}. */
    static long integer(String key, String value, long min, long max) {
        try {
            long v = Long.parseLong(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(ApiError.outOfRange(key, min, max));
    }

    /**
     * The page number or size: {@code page[number]} as the SDKs send it for the first page, or {@code page_number}
     * as their pagers send it for the next ones ({@code name} is "number" or "size"); {@code fallback} when absent.
     */
    static long page(Map<String, List<String>> query, String name, long fallback, long max) {
        String plain = "page_" + name;
        String bracketed = "page[" + name + "]";
        String key = query.containsKey(plain) ? plain : bracketed;
        String value = last(query, key);
        return value == null ? fallback : integer(key, value, 1, max);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(new ApiError(400, "10028", "Invalid query string",
                    "The query string has a malformed percent-escape.", null));
        }
    }
}
