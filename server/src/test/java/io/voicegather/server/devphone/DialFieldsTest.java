package io.voicegather.server.devphone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The number called and the caller id go into SIP URIs as typed, so only what a user part takes plainly passes. */
class DialFieldsTest {
    @ParameterizedTest
    @ValueSource(strings = {"+15550100", "dev-phone", "alice.smith", "*98", "A_1", "12345678901234567890123456789012"})
    void aNumberOrNameAUserPartTakesAsIsPasses(String value) {
        assertThat(DialFields.problem("number", value)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "bob@example.com", "x;tag=1", "<sip:x>", "caf\u00e9", "1\r\nVia: x", "#",
            "123456789012345678901234567890123"})
    void anythingElseIsRefusedWithTheReason(String value) {
        assertThat(DialFields.problem("caller id", value))
                .isEqualTo("caller id takes 1 to 32 of the characters 0-9 A-Z a-z + . _ * -");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void emptyIsRefused(String value) {
        assertThat(DialFields.problem("number", value)).isEqualTo("number is empty");
    }
}
