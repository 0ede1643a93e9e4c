package io.voicegather.server.call;

import io.voicegather.server.media.ManualClockSession;
import io.voicegather.server.media.play.PcmAudio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one owner of a call's outgoing audio, on a real RTP session whose clock is the test: each clip ends exactly
 * once (completed, stopped by its owner without a report, or cut), and an owner can stop only its own clip.
 * Reports run inline here (the strand is the test's thread).
 */
class CallAudioTest {
    /** Two packets of a loud square wave: audible, and over after two ticks. */
    private static final PcmAudio TWO_PACKETS = tone(320);
    private static final PcmAudio LONG = tone(160 * 50);

    private final Object player = "player";
    private final Object gather = "gather";
    private final List<String> heard = new ArrayList<>();
    private ManualClockSession rtp;
    private CallAudio audio;

    @BeforeEach
    void open() throws IOException {
        rtp = ManualClockSession.ignoringWhatItHears();
        rtp.start();
        audio = new CallAudio(rtp.session, Runnable::run);
    }

    @AfterEach
    void close() throws IOException {
        rtp.close();
    }

    @Test
    void aClipThatRunsOutIsReportedCompletedOnce() throws IOException {
        audio.play(player, TWO_PACKETS, 1, done -> heard.add("player " + done));
        assertThat(audible(rtp.tick())).isTrue();
        assertThat(audible(rtp.tick())).isTrue();
        tick(3);
        assertThat(heard).containsExactly("player true");
        assertThat(audio.isPlaying(player)).isFalse();
    }

    @Test
    void anOwnerStopsItsClipWithoutAReport() throws IOException {
        audio.play(player, LONG, 1, done -> heard.add("player " + done));
        assertThat(audible(rtp.tick())).isTrue();
        assertThat(audio.isPlaying(player)).isTrue();
        audio.stop(player);
        assertThat(audible(rtp.tick())).as("silence from the next packet").isFalse();
        tick(3);
        assertThat(heard).isEmpty();
        assertThat(audio.isPlaying(player)).isFalse();
    }

    @Test
    void anotherOwnersStopLeavesTheClipPlaying() throws IOException {
        audio.play(player, LONG, 1, done -> heard.add("player " + done));
        rtp.tick();
        audio.stop(gather); // e.g. a gather ending after the playback that followed it started
        assertThat(audible(rtp.tick())).isTrue();
        assertThat(heard).isEmpty();
        assertThat(audio.isPlaying(player)).isTrue();
    }

    @Test
    void aClipReplacedByAnothersIsReportedCutAndTheNewOnePlaysToItsEnd() throws IOException {
        audio.play(player, LONG, 1, done -> heard.add("player " + done));
        rtp.tick();
        audio.play(gather, TWO_PACKETS, 1, done -> heard.add("gather " + done));
        assertThat(audio.isPlaying(gather)).isTrue();
        assertThat(audio.isPlaying(player)).isFalse();
        tick(5);
        assertThat(heard).containsExactly("player false", "gather true");
        audio.stop(player); // its clip is long over: nothing happens
        assertThat(heard).hasSize(2);
    }

    @Test
    void aBargeInCutsTheClipAndItsOwnerHearsIt() throws IOException {
        audio.play(player, LONG, 1, done -> heard.add("player " + done));
        rtp.tick();
        audio.bargeIn();
        assertThat(audible(rtp.tick())).isFalse();
        assertThat(heard).containsExactly("player false");
        assertThat(audio.isPlaying(player)).isFalse();
    }

    @Test
    void aClipPlaysAsManyTimesAsAsked() throws IOException {
        audio.play(player, TWO_PACKETS, 3, done -> heard.add("player " + done));
        for (int n = 0; n < 6; n++) {
            assertThat(audible(rtp.tick())).as("packet %d", n).isTrue();
        }
        tick(2);
        assertThat(heard).containsExactly("player true");
    }

    private void tick(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            rtp.tick();
        }
    }

    /** PCMU silence is 0xFF (or 0x7F); a loud tone is anything else. */
    private static boolean audible(byte[] payload) {
        if (payload == null) {
            return false;
        }
        for (byte b : payload) {
            if (b != (byte) 0xFF && b != (byte) 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static PcmAudio tone(int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) ((i / 4) % 2 == 0 ? 12000 : -12000);
        }
        return PcmAudio.of(Arrays.copyOf(pcm, samples));
    }
}
