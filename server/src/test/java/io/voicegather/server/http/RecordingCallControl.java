package io.voicegather.server.http;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CallStatus;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.SendDtmfCommand;
import io.voicegather.api.command.GatherCommand;
import io.voicegather.api.command.GatherUsingAudioCommand;
import io.voicegather.api.command.GatherUsingSpeakCommand;
import io.voicegather.api.command.HangupCommand;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.PlaybackStopCommand;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.api.command.ai.AiAssistantAddMessagesCommand;
import io.voicegather.api.command.ai.AiAssistantStartCommand;
import io.voicegather.api.command.ai.GatherUsingAiCommand;
import io.voicegather.server.call.CallControl;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A CallControl that records what reaches it and can be told to fail or to block. */
final class RecordingCallControl implements CallControl {
    /** One received call: the operation name, the decoded id and the command record (or client_state). */
    record Received(String operation, String callControlId, Object command) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile RuntimeException failWith;
    volatile CountDownLatch blockUntil;
    final CountDownLatch entered = new CountDownLatch(1);

    void reset() {
        received.clear();
        failWith = null;
        blockUntil = null;
    }

    Received last() {
        return received.isEmpty() ? null : received.get(received.size() - 1);
    }

    private void record(String operation, String id, Object command) {
        received.add(new Received(operation, id, command));
        entered.countDown();
        CountDownLatch latch = blockUntil;
        if (latch != null) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException e = failWith;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void answer(String id, AnswerCommand command) {
        record("answer", id, command);
    }

    @Override
    public void hangup(String id, HangupCommand command) {
        record("hangup", id, command);
    }

    @Override
    public void gather(String id, GatherCommand command) {
        record("gather", id, command);
    }

    @Override
    public void gatherStop(String id, CommandMeta meta) {
        record("gather_stop", id, meta);
    }

    @Override
    public void clientStateUpdate(String id, String clientState) {
        record("client_state_update", id, clientState);
    }

    @Override
    public void gatherUsingAudio(String id, GatherUsingAudioCommand command) {
        record("gather_using_audio", id, command);
    }

    @Override
    public void gatherUsingSpeak(String id, GatherUsingSpeakCommand command) {
        record("gather_using_speak", id, command);
    }

    @Override
    public void playbackStart(String id, PlaybackStartCommand command) {
        record("playback_start", id, command);
    }

    @Override
    public void playbackStop(String id, PlaybackStopCommand command) {
        record("playback_stop", id, command);
    }

    @Override
    public void speak(String id, SpeakCommand command) {
        record("speak", id, command);
    }

    @Override
    public void sendDtmf(String id, SendDtmfCommand command) {
        record("send_dtmf", id, command);
    }

    /** What gather_using_ai and ai_assistant_start answer as the conversation_id. */
    static final String CONVERSATION_ID = "0424805b-adc1-4ff8-9f95-e1de6883ecbe";

    @Override
    public String gatherUsingAi(String id, GatherUsingAiCommand command) {
        record("gather_using_ai", id, command);
        return CONVERSATION_ID;
    }

    @Override
    public String aiAssistantStart(String id, AiAssistantStartCommand command) {
        record("ai_assistant_start", id, command);
        return CONVERSATION_ID;
    }

    @Override
    public void aiAssistantStop(String id, CommandMeta meta) {
        record("ai_assistant_stop", id, meta);
    }

    @Override
    public void aiAssistantAddMessages(String id, AiAssistantAddMessagesCommand command) {
        record("ai_assistant_add_messages", id, command);
    }

    @Override
    public CallStatus retrieve(String id) {
        record("retrieve", id, null);
        return new CallStatus(id, "leg-1", "session-1", true, "c3RhdGU=", "2024-01-01T00:00:00Z", null, null);
    }
}
