package io.voicegather.server.call;

import io.voicegather.server.media.DigitSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.voicegather.server.media.DigitSource.INBAND;
import static io.voicegather.server.media.DigitSource.RFC4733;
import static io.voicegather.server.media.DigitSource.SIP_INFO;
import static org.assertj.core.api.Assertions.assertThat;

class DigitDeduplicatorTest {
    /** A digit as it arrives: key, source, time in ms. */
    record In(char digit, DigitSource source, long at) {
    }

    record Case(String name, String reported, In... inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("one source, distinct keys", "123",
                        new In('1', RFC4733, 0), new In('2', RFC4733, 200), new In('3', RFC4733, 400)),
                new Case("one source never suppresses itself, even the same key quickly", "55",
                        new In('5', INBAND, 0), new In('5', INBAND, 90)),
                new Case("events and tones of one press give one digit", "7",
                        new In('7', RFC4733, 0), new In('7', INBAND, 35)),
                new Case("tones first, then events", "7",
                        new In('7', INBAND, 0), new In('7', RFC4733, 20)),
                new Case("all three forms of one press give one digit", "9",
                        new In('9', RFC4733, 0), new In('9', INBAND, 30), new In('9', SIP_INFO, 40)),
                new Case("the same key pressed twice, both forms each time, gives two digits", "44",
                        new In('4', RFC4733, 0), new In('4', INBAND, 30),
                        new In('4', RFC4733, 250), new In('4', INBAND, 280)),
                new Case("second press's events arrive before the first press's tones are matched", "44",
                        new In('4', RFC4733, 0), new In('4', RFC4733, 150),
                        new In('4', INBAND, 160), new In('4', INBAND, 290)),
                new Case("different keys from different sources are never merged", "12",
                        new In('1', RFC4733, 0), new In('2', INBAND, 10)),
                new Case("outside the window it is a new press", "33",
                        new In('3', RFC4733, 0), new In('3', INBAND, 301)),
                new Case("at the window's edge it is the same press", "3",
                        new In('3', RFC4733, 0), new In('3', INBAND, 300)),
                new Case("forms handed over out of arrival order are one press", "8",
                        new In('8', INBAND, 1040), new In('8', RFC4733, 1000)),
                new Case("out of arrival order and more than the window apart, two presses", "88",
                        new In('8', INBAND, 1400), new In('8', RFC4733, 1000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsOneDigitPerPress(Case c) {
        DigitDeduplicator dedup = new DigitDeduplicator();
        StringBuilder reported = new StringBuilder();
        for (In in : c.inputs()) {
            if (dedup.accept(in.digit(), in.source(), in.at())) {
                reported.append(in.digit());
            }
        }
        assertThat(reported.toString()).isEqualTo(c.reported());
    }
}
