package io.voicegather.server.call;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.GatherCommand;
import io.voicegather.api.command.GatherUsingAudioCommand;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.server.e2e.QuietPorts;
import io.voicegather.server.media.MediaEngine;
import io.voicegather.server.sip.ManualScheduler;
import io.voicegather.server.store.media.MediaTestClock;
import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.WebhookTarget;

import java.net.InetAddress;
import java.time.Duration;

/**
 * One answered call on a real {@link CallService} and a real {@link MediaEngine}, with time in the test's hands: a
 * clock that stamps packets and dates processing, timers that run only when the test moves them, and a
 * strand pool the test can hold. A real phone socket sends the keys.
 *
 * <p>Lifecycle: {@link #start()} places and answers the call (time 0); {@link #close()} ends everything.
 */
final class CallUnderTest implements AutoCloseable {
    /** How long a call waits parked for answer. */
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(1);
    /** Stamps packets and dates processing; times in this class are milliseconds after {@link #origin}. */
    private final MediaTestClock clock = new MediaTestClock();
    final long origin = clock.millis();
    private long now;
    final ManualScheduler timers = new ManualScheduler();
    final HeldPool strands = new HeldPool();
    final RecordedWebhooks webhooks = new RecordedWebhooks();
    final TestPhone phone;
    private final MediaEngine media;
    final CallService calls;
    String callControlId;

    CallUnderTest() throws Exception {
        this(CallSettings.DEFAULT_COMMAND_WAIT);
    }

    /** @param commandWait how long a command waits for the call before it is refused unapplied */
    CallUnderTest(Duration commandWait) throws Exception {
        int base = QuietPorts.forServer(20); // a band busy neighbours leave alone
        media = new MediaEngine(InetAddress.getLoopbackAddress(), base, base + 19, Duration.ofMinutes(10),
                MediaEngine.USUAL_PACKET_TIME, clock);
        media.start();
        phone = new TestPhone();
        calls = new CallService(media, webhooks, new ShortPrompts(), AiServices.offline(null), CallRecords.NONE,
                new CallSettings("127.0.0.1", "call-under-test",
                        new WebhookTarget("http://127.0.0.1:9/not-delivered", "POST", null), ANSWER_TIMEOUT, commandWait),
                strands, timers, clock);
    }

    /** Places the call and answers it, at time 0. */
    CallUnderTest start() throws Exception {
        place();
        calls.answer(callControlId, new AnswerCommand(CommandMeta.NONE, null, null));
        return this;
    }

    /** Places the call and leaves it parked, unanswered, at time 0. */
    CallUnderTest place() throws Exception {
        calls.onInvite(phone);
        OutgoingEvent initiated = webhooks.awaitFirst("call.initiated");
        callControlId = initiated.payload().get("call_control_id").asText();
        return this;
    }

    /** Time moves to {@code millis} for everything: stamps, processing and the timer thread. */
    void at(long millis) {
        clockOnlyAt(millis);
        timers.advanceTo(millis);
    }

    /** Time moves for stamps and processing, but the timer thread lags: timers falling due now have not run yet. */
    void clockOnlyAt(long millis) {
        clock.advance(Duration.ofMillis(millis - now));
        now = millis;
    }

    /** A plain gather with the defaults except the given timeouts. */
    void gather(long initialTimeoutMillis, long interDigitTimeoutMillis) {
        gather(CommandMeta.NONE, initialTimeoutMillis, interDigitTimeoutMillis);
    }

    void gather(CommandMeta meta, long initialTimeoutMillis, long interDigitTimeoutMillis) {
        calls.gather(callControlId, new GatherCommand(meta, GatherCommand.DEFAULT_MINIMUM_DIGITS,
                GatherCommand.DEFAULT_MAXIMUM_DIGITS, GatherCommand.DEFAULT_TIMEOUT_MILLIS, initialTimeoutMillis,
                interDigitTimeoutMillis, GatherCommand.DEFAULT_TERMINATING_DIGIT, GatherCommand.DEFAULT_VALID_DIGITS,
                "g-arrival"));
    }

    /** A gather_using_audio whose prompt is {@link ShortPrompts}' (one try, the given no-input wait). */
    void gatherUsingAudio(long timeoutMillis) {
        calls.gatherUsingAudio(callControlId, new GatherUsingAudioCommand(CommandMeta.NONE,
                new PlaybackStartCommand.Audio("http://127.0.0.1:9/prompt.wav", null, null, PlaybackStartCommand.AudioType.WAV), null,
                GatherCommand.DEFAULT_MINIMUM_DIGITS, GatherCommand.DEFAULT_MAXIMUM_DIGITS, 1, timeoutMillis,
                GatherCommand.DEFAULT_INTER_DIGIT_TIMEOUT_MILLIS, GatherCommand.DEFAULT_TERMINATING_DIGIT,
                GatherCommand.DEFAULT_VALID_DIGITS));
    }

    /** Sends one key from the phone. */
    @FunctionalInterface
    interface Press {
        void send() throws Exception;
    }

    /**
     * A key that arrives at {@code arrivalMillis} while the call is busy; the call gets to it at
     * {@code processedMillis}, after the timers due by then have fired (their tasks queue behind the key).
     */
    void keyProcessedLate(long arrivalMillis, Press press, long processedMillis) throws Exception {
        at(arrivalMillis); // timers due by then run first, so the only task handed over while held is the key's
        strands.hold();
        press.send();
        strands.awaitHandOff();
        at(processedMillis);
        strands.release();
    }

    /** A key by SIP INFO: stamped and handed to the strand on this thread, as the SIP thread does. */
    void info(char key) {
        calls.onInfoDigit(phone, key, 100);
    }

    @Override
    public void close() throws Exception {
        calls.close();
        strands.close();
        media.close();
        phone.close();
    }
}
