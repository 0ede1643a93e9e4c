package io.voicegather.server.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Base64TextTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "YQ==", "YWI=", "YWJj", "+/+/", "-_-_", "YQ", "YWI", "_-8", "aGVsbG8gd29ybGQ="})
    void accepts(String s) {
        assertThat(Base64Text.isValid(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Y", "YQ=", "YQ===", "=", "==", "Y===", "YW=j", "YWJj\n", "YW Jj", " YWJj", "+/-_",
            "YQ+", "+/A", "@@@@", "YWJj\r\n", "YQ==YQ==", "Y\u00e9Jj", "YWJ\t"})
    void refuses(String s) {
        assertThat(Base64Text.isValid(s)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 31, 32, 33, 100})
    void acceptsWhatTheJdkEncodersProduce(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        assertThat(Base64Text.isValid(Base64.getEncoder().encodeToString(b))).isTrue();
        assertThat(Base64Text.isValid(Base64.getUrlEncoder().encodeToString(b))).isTrue();
        assertThat(Base64Text.isValid(Base64.getUrlEncoder().withoutPadding().encodeToString(b))).isTrue();
        assertThat(Base64Text.isValid(Base64.getMimeEncoder(4, new byte[]{'\n'}).encodeToString(b)))
                .isEqualTo(length <= 3);
    }
}
