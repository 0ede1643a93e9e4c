package io.voicegather.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.voicegather.api.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of a media upload: an input is a Content-Type header value, a line feed, and the
 * body, handed to {@link MediaRequestParser#parse} as POST and as PUT (so the multipart parser, the boundary and
 * parameter readers, and the upload's field checks all run). The contract: an upload or an {@link ApiException}
 * with complete Telnyx-shaped 4xx errors; a stored upload's bytes are a copy of a slice of the body.
 */
@Tag("fuzz-target")
class MediaMultipartFuzzTargetTest {
    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "multipart.dict")
    void upload(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String contentType = newline < 0 ? "multipart/form-data; boundary=b"
                : new String(input, 0, newline, StandardCharsets.ISO_8859_1);
        byte[] body = newline < 0 ? input : Arrays.copyOfRange(input, newline + 1, input.length);
        for (boolean creating : new boolean[]{true, false}) {
            try {
                MediaRequestParser.MediaUpload upload = MediaRequestParser.parse(contentType, body, creating, 86_400);
                if (upload.content() != null) {
                    assertThat(upload.content().length).isLessThanOrEqualTo(body.length);
                }
                if (upload.ttlSecs() != null) {
                    assertThat(upload.ttlSecs()).isBetween(1L, 86_400L);
                }
            } catch (ApiException e) {
                CommandParsersFuzzTargetTest.assertTelnyxShaped(e);
            }
        }
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
