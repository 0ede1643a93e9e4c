package io.voicegather.server.call;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.HangupCommand;
import io.voicegather.api.error.ApiException;
import io.voicegather.server.media.MediaEngine;
import io.voicegather.server.sip.ManualScheduler;
import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.WebhookTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A call takes its RTP port pair when it is answered, not when its INVITE arrives: on a real media engine with two
 * pairs, three parked calls hold none; answering takes one each, and an answer finding none is refused (503 90065)
 * with the call still parked, to be answered once a pair is free.
 */
class MediaAtAnswerTest {
    private final ManualScheduler timers = new ManualScheduler();
    private final HeldPool strands = new HeldPool();
    private final RecordedWebhooks webhooks = new RecordedWebhooks();
    private final List<TestPhone> phones = new ArrayList<>();
    private MediaEngine media;
    private CallService calls;

    @AfterEach
    void stop() throws Exception {
        if (calls != null) {
            calls.close();
        }
        strands.close();
        if (media != null) {
            media.close();
        }
        for (TestPhone p : phones) {
            p.close();
        }
    }

    @Test
    void parkedCallsHoldNoPortAndAnAnswerWithoutOneLeavesTheCallParked() throws Exception {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(15000);
        media = new MediaEngine(InetAddress.getLoopbackAddress(), base, base + 3, Duration.ofMinutes(10),
                MediaEngine.USUAL_PACKET_TIME, Clock.systemUTC()); // two port pairs
        media.start();
        calls = new CallService(media, webhooks, new ShortPrompts(), AiServices.offline(null), CallRecords.NONE,
                new CallSettings("127.0.0.1", "media-at-answer",
                        new WebhookTarget("http://127.0.0.1:9/not-delivered", "POST", null), Duration.ofMinutes(1)),
                strands, timers, Clock.systemUTC());

        String first = place();
        String second = place();
        String third = place();
        assertThat(media.portsInUse()).as("three parked calls").isZero();

        calls.answer(first, answer());
        calls.answer(second, answer());
        assertThat(media.portsInUse()).isEqualTo(2);
        assertThat(phones.get(0).rejectedWith()).isZero();

        assertThatThrownBy(() -> calls.answer(third, answer())).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.errors().get(0).code()).isEqualTo("90065");
        });
        assertThat(calls.retrieve(third).isAlive()).as("still parked").isTrue();
        assertThat(phones.get(2).rejectedWith()).as("the INVITE is still unanswered").isZero();
        assertThat(webhooks.ofType("call.answered")).extracting(e -> e.payload().get("call_control_id").asText())
                .containsExactlyInAnyOrder(first, second);

        calls.hangup(first, new HangupCommand(CommandMeta.NONE));
        assertThat(media.portsInUse()).as("an ended call gives its pair back").isEqualTo(1);
        calls.answer(third, answer());
        assertThat(media.portsInUse()).isEqualTo(2);
        webhooks.await("the third call answered", l -> webhooks.ofType("call.answered").size() == 3);
    }

    private static AnswerCommand answer() {
        return new AnswerCommand(CommandMeta.NONE, null, null);
    }

    /** A new parked call; its call_control_id. */
    private String place() throws Exception {
        TestPhone phone = new TestPhone();
        phones.add(phone);
        int before = webhooks.ofType("call.initiated").size();
        calls.onInvite(phone);
        webhooks.await("call.initiated", l -> webhooks.ofType("call.initiated").size() == before + 1);
        List<OutgoingEvent> initiated = webhooks.ofType("call.initiated");
        return initiated.get(initiated.size() - 1).payload().get("call_control_id").asText();
    }
}
