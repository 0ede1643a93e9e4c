package io.voicegather.api.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DtmfKeyTest {
    /** Each key with its RFC 4733 event code and its keypad row and column (Q.23). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "1, 1, 0, 0", "2, 2, 0, 1", "3, 3, 0, 2", "A, 12, 0, 3",
            "4, 4, 1, 0", "5, 5, 1, 1", "6, 6, 1, 2", "B, 13, 1, 3",
            "7, 7, 2, 0", "8, 8, 2, 1", "9, 9, 2, 2", "C, 14, 2, 3",
            "*, 10, 3, 0", "0, 0, 3, 1", "'#', 11, 3, 2", "D, 15, 3, 3"})
    void everyKeyHasItsEventCodeAndKeypadPlace(char key, int event, int row, int column) {
        assertThat(DtmfKey.isKey(key)).isTrue();
        assertThat(DtmfKey.eventCode(key)).isEqualTo(event);
        assertThat(DtmfKey.fromEventCode(event)).isEqualTo(key);
        assertThat(DtmfKey.keypadPosition(key)).isEqualTo(row * 4 + column);
        assertThat(DtmfKey.atKeypadPosition(row * 4 + column)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(chars = {'a', 'd', 'E', 'w', 'W', ' ', '\0', 'x'})
    void otherCharactersAreNotKeys(char c) {
        assertThat(DtmfKey.isKey(c)).isFalse();
        assertThat(DtmfKey.eventCode(c)).isEqualTo(-1);
        assertThat(DtmfKey.keypadPosition(c)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 16, 17, 255})
    void eventsOutside0To15AreNotKeys(int code) {
        assertThat(DtmfKey.fromEventCode(code)).isEqualTo(DtmfKey.NONE);
        assertThat(DtmfKey.atKeypadPosition(code)).isEqualTo(DtmfKey.NONE);
    }
}
