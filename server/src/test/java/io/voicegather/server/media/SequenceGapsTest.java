package io.voicegather.server.media;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The packets lost on the way, from one stream's sequence numbers, row by row. */
class SequenceGapsTest {
    @ParameterizedTest(name = "{0} -> {1} lost")
    @CsvSource(delimiter = '|', value = {
            // packets as ssrc:seq, in arrival order | lost
            "1:10 1:11 1:12 1:13                     | 0",   // none missing
            "1:10 1:12 1:13                          | 1",   // one gap
            "1:10 1:15                               | 4",
            "1:65534 1:65535 1:0 1:1                 | 0",   // the sequence wraps
            "1:65535 1:2                             | 2",   // a gap across the wrap
            "1:10 1:12 1:11 1:13                     | 1",   // reordered: the late one changes nothing
            "1:10 1:11 1:11 1:12                     | 0",   // duplicated
            "1:10 1:5000                             | 0",   // a jump of 3,000 or more: a restarted stream
            "1:10 1:3009                             | 2998", // just under: lost
            "1:10 2:500 2:502                        | 1",   // a new SSRC starts over
            "1:10                                    | 0",
    })
    void rows(String packets, long lost) {
        SequenceGaps gaps = new SequenceGaps();
        for (String p : packets.trim().split("\\s+")) {
            String[] ssrcAndSeq = p.split(":");
            gaps.onPacket(Integer.parseInt(ssrcAndSeq[0]), Integer.parseInt(ssrcAndSeq[1]));
        }
        assertThat(gaps.lost()).isEqualTo(lost);
    }
}
