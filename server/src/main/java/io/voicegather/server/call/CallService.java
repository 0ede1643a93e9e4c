package io.voicegather.server.call;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CallStatus;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.GatherCommand;
import io.voicegather.api.command.GatherUsingAudioCommand;
import io.voicegather.api.command.GatherUsingSpeakCommand;
import io.voicegather.api.command.HangupCommand;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.PlaybackStopCommand;
import io.voicegather.api.command.SendDtmfCommand;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.api.command.ai.AiAssistantAddMessagesCommand;
import io.voicegather.api.command.ai.AiAssistantStartCommand;
import io.voicegather.api.command.ai.GatherUsingAiCommand;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.server.media.DigitSource;
import io.voicegather.server.media.MediaEngine;
import io.voicegather.server.sip.InviteSession;
import io.voicegather.server.sip.SipCallHandler;
import io.voicegather.server.webhook.WebhookSink;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where SIP, media and REST commands meet: a router that finds the call's {@link CallActor} in the
 * {@link CallRegistry} and hands it the event, or the command through the {@link CommandGate}. No call state lives
 * here; the thread map is in the package documentation.
 *
 * <p>Time: a key carries the time it arrived, stamped on the thread that read it (the media engine's arrival clock,
 * or {@link #onInfoDigit} on the SIP thread) and is judged by it; everything else reads the injected clock when it
 * runs on the call's strand. Both must be the same clock ("When a key arrived" in docs/gather-semantics.md).
 */
public final class CallService implements CallControl, SipCallHandler, AutoCloseable {
    /** How long shutdown waits for each call to end and record its hangup. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);

    private final Clock clock;
    private final WebhookSink webhooks;
    private final CallRegistry registry;
    private final CommandGate gate;
    private final CallSetup setup;
    private final DigitCounts digitCounts = new DigitCounts();

    /**
     * @param ai      what voice AI conversations use (recogniser, language model, fallback voice, assistants)
     * @param records where each call's durable record is kept, so that a crash cannot end a call silently
     * @param strands the small shared pool the calls' strands run on
     * @param timers  the answer timeouts, gather and conversation timers; a timer only queues work on its call
     * @param clock   dates events and judges keys; the media engine must stamp packets with the same clock
     */
    public CallService(MediaEngine media, WebhookSink webhooks, PromptLoader prompts, AiServices ai,
                       CallRecords records, CallSettings settings, Executor strands, ScheduledExecutorService timers,
                       Clock clock) {
        this.clock = clock;
        this.webhooks = webhooks;
        this.registry = new CallRegistry(timers);
        this.gate = new CommandGate(settings.commandWait(), clock);
        CallEvents events = new CallEvents(webhooks, settings.connectionId());
        CallActor.Shared shared = new CallActor.Shared(events, records, prompts,
                new ConversationStarter(ai, events, prompts, timers, clock), registry, timers, clock,
                settings.advertisedHost(), settings.defaultTarget(), settings.answerTimeout(),
                new CallMediaOpener(media, settings.advertisedHost()), digitCounts);
        this.setup = new CallSetup(strands, shared, settings.nodeId());
    }

    /** The ids and parties of a call this node has (live or recently ended), or null. Any thread. */
    public CallFacts facts(String callControlId) {
        CallActor actor = registry.byId(callControlId);
        return actor == null ? null : actor.facts();
    }

    /** Keys reported since the start, by source, for monitoring. */
    public DigitCounts digitCounts() {
        return digitCounts;
    }

    /** Number of calls not yet ended. */
    public int activeCalls() {
        return registry.liveCount();
    }

    // ---------------------------------------------------------------- SIP side (SIP thread: route, never block)

    @Override
    public void onInvite(InviteSession session) {
        setup.accept(session).ifPresent(actor -> {
            registry.add(actor);
            session.ringing();
            actor.parked();
        });
    }

    @Override
    public void onAck(InviteSession session) {
        // nothing to do: media started when we answered
    }

    @Override
    public void onBye(InviteSession session) {
        onSession(session, actor -> actor.endedBySip(HangupReason.CALLER_BYE));
    }

    @Override
    public void onCancel(InviteSession session) {
        onSession(session, actor -> actor.endedBySip(HangupReason.CALLER_CANCEL));
    }

    @Override
    public void onAckTimeout(InviteSession session) {
        onSession(session, actor -> actor.endedBySip(HangupReason.ACK_TIMEOUT));
    }

    @Override
    public String onReinvite(InviteSession session, String offerSdp) {
        CallActor actor = registry.bySession(session);
        return actor == null ? null : actor.reinvited(offerSdp);
    }

    @Override
    public void onInfoDigit(InviteSession session, char digit, int durationMillis) {
        long arrivalMillis = clock.millis(); // on the SIP thread that read the INFO, before any queue
        onSession(session, actor -> actor.digitArrived(digit, DigitSource.SIP_INFO, arrivalMillis));
    }

    private void onSession(InviteSession session, Consumer<CallActor> route) {
        CallActor actor = registry.bySession(session);
        if (actor != null) {
            route.accept(actor);
        }
    }

    // ---------------------------------------------------------------- REST side (HTTP threads: wait for the call)

    @Override
    public void answer(String callControlId, AnswerCommand command) {
        onCall(callControlId, command.meta(), actor -> actor.answer(command));
    }

    @Override
    public void hangup(String callControlId, HangupCommand command) {
        // taken even while events cannot be recorded: it ends the call and every event it would still emit
        onCallAlways(callControlId, command.meta(), actor -> actor.hangup(command));
    }

    @Override
    public void gather(String callControlId, GatherCommand command) {
        onCall(callControlId, command.meta(), actor -> actor.gather(command));
    }

    @Override
    public void gatherUsingAudio(String callControlId, GatherUsingAudioCommand command) {
        onCall(callControlId, command.meta(), actor -> actor.gatherUsingAudio(command));
    }

    @Override
    public void gatherUsingSpeak(String callControlId, GatherUsingSpeakCommand command) {
        onCall(callControlId, command.meta(), actor -> actor.gatherUsingSpeak(command));
    }

    @Override
    public void gatherStop(String callControlId, CommandMeta meta) {
        onCall(callControlId, meta, actor -> actor.gatherStop(meta));
    }

    @Override
    public void playbackStart(String callControlId, PlaybackStartCommand command) {
        onCall(callControlId, command.meta(), actor -> actor.playbackStart(command));
    }

    @Override
    public void playbackStop(String callControlId, PlaybackStopCommand command) {
        onCall(callControlId, command.meta(), actor -> actor.playbackStop(command));
    }

    @Override
    public void speak(String callControlId, SpeakCommand command) {
        onCall(callControlId, command.meta(), actor -> actor.speak(command));
    }

    @Override
    public void sendDtmf(String callControlId, SendDtmfCommand command) {
        onCall(callControlId, command.meta(), actor -> actor.sendDtmf(command));
    }

    @Override
    public String gatherUsingAi(String callControlId, GatherUsingAiCommand command) {
        return orLastConversation(callControlId,
                ask(callControlId, command.meta(), actor -> actor.gatherUsingAi(command)));
    }

    @Override
    public String aiAssistantStart(String callControlId, AiAssistantStartCommand command) {
        return orLastConversation(callControlId,
                ask(callControlId, command.meta(), actor -> actor.aiAssistantStart(command)));
    }

    @Override
    public void aiAssistantStop(String callControlId, CommandMeta meta) {
        onCall(callControlId, meta, actor -> actor.aiAssistantStop(meta));
    }

    @Override
    public void aiAssistantAddMessages(String callControlId, AiAssistantAddMessagesCommand command) {
        onCall(callControlId, command.meta(), actor -> actor.aiAssistantAddMessages(command));
    }

    @Override
    public void clientStateUpdate(String callControlId, String clientState) {
        onCallAlways(callControlId, CommandMeta.NONE, actor -> actor.clientStateUpdate(clientState)); // no event
    }

    @Override
    public CallStatus retrieve(String callControlId) {
        return queue(callControlId, CommandMeta.NONE, CallActor::status).await();
    }

    /** A repeated conversation command answers the conversation_id of the one its first sending started. */
    private String orLastConversation(String callControlId, String started) {
        if (started != null) {
            return started;
        }
        CallActor actor = registry.byId(callControlId);
        return actor == null ? null : actor.lastConversationId();
    }

    /** A command that answers nothing and makes the call emit events (see {@link #ask}). */
    private void onCall(String callControlId, CommandMeta meta, Consumer<CallActor> command) {
        ask(callControlId, meta, actor -> {
            command.accept(actor);
            return null;
        });
    }

    /** A command that answers nothing, taken even while events cannot be recorded (unlike {@link #ask}). */
    private void onCallAlways(String callControlId, CommandMeta meta, Consumer<CallActor> command) {
        queue(callControlId, meta, actor -> {
            command.accept(actor);
            return null;
        }).await();
    }

    /**
     * A command that makes the call emit events, run through the {@link CommandGate}, with what it answers. Refused
     * unapplied (503 90066) while the events not yet recorded are near the outbox's memory bound.
     */
    private <T> T ask(String callControlId, CommandMeta meta, Function<CallActor, T> command) {
        if (!webhooks.hasRoomForCommands() && registry.byId(callControlId) != null) {
            throw new ApiException(ApiError.eventsNotRecorded());
        }
        return queue(callControlId, meta, command).await();
    }

    /** Queues a command on the call through the {@link CommandGate}, behind everything already queued there. */
    <T> CommandGate.Queued<T> queue(String callControlId, CommandMeta meta, Function<CallActor, T> command) {
        CallActor actor = registry.byId(callControlId);
        if (actor == null) {
            throw new ApiException(ApiError.invalidCallControlId(callControlId));
        }
        return gate.queue(actor, meta, command);
    }

    // ---------------------------------------------------------------- shutdown

    /** Hangs up every live call (BYE, or 480 before answer) and waits briefly for their webhooks to be recorded. */
    @Override
    public void close() {
        registry.shutDownLive(SHUTDOWN_WAIT);
    }
}
