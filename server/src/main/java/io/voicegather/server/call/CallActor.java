package io.voicegather.server.call;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CallStatus;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.DtmfKey;
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
import io.voicegather.server.ai.assistants.AssistantDefinition;
import io.voicegather.server.ai.conversation.UtteranceCapture;
import io.voicegather.server.ai.schema.ParametersSchema;
import io.voicegather.server.gather.GatherMachine;
import io.voicegather.server.gather.GatherSpec;
import io.voicegather.server.gather.PromptedGatherSpec;
import io.voicegather.server.media.DigitSource;
import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.dtmf.DtmfSender;
import io.voicegather.server.sip.InviteSession;
import io.voicegather.server.sip.sdp.SdpAnswer;
import io.voicegather.server.webhook.WebhookTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One call: its state, and everything that changes it — REST commands, keys, timers, SIP and media events — applied
 * one at a time in the order they reached the call.
 *
 * <p>Threading: the methods under "from any thread" only queue work on the call's {@link Strand}, with two exceptions
 * that their comments explain (a re-INVITE's SDP, and the caller's audio); every other method runs on the strand (the
 * {@link CommandGate} runs the commands there). The {@link Call}, {@link CallGather} and {@link CallConversation}
 * are changed nowhere else.
 *
 * <p>Ordering: work runs in the order it was queued. A key is judged by the time it arrived, stamped before it was
 * queued, so a busy strand neither turns a key just before a deadline into a timeout nor lets one press through twice;
 * everything else reads the clock when the strand gets to it.
 *
 * <p>Lifecycle: parked until answered, or until the answer timeout rejects it; ended once, by whichever comes first of
 * hangup, BYE, CANCEL, a missing ACK, the RTP timeout, and shutdown. An ended call refuses commands (90018) and ignores keys.
 */
final class CallActor {
    private static final Logger log = LoggerFactory.getLogger(CallActor.class);

    /** What every call's actor uses and none owns. */
    record Shared(CallEvents events, CallRecords records, PromptLoader prompts, ConversationStarter conversations,
                  CallRegistry registry, ScheduledExecutorService timers, Clock clock, String advertisedHost,
                  WebhookTarget defaultTarget, Duration answerTimeout, CallMediaOpener mediaOpener,
                  DigitCounts digitCounts) {
    }

    private final Call call;
    private final Shared shared;
    private final CallEvents events;
    private final CallRecords records;
    private final Clock clock;
    private final CallGather gather;
    private final CallConversation conversation;

    CallActor(Call call, Shared shared) {
        this.call = call;
        this.shared = shared;
        this.events = shared.events();
        this.records = shared.records();
        this.clock = shared.clock();
        this.gather = new CallGather(call, events, shared.timers(), clock);
        this.conversation = new CallConversation(call, shared.conversations(), gather, this::assistantHangup);
    }

    String callControlId() {
        return call.callControlId;
    }

    /** The call's ids and parties: final fields, so any thread may ask. */
    CallFacts facts() {
        return new CallFacts(call.callLegId, call.callSessionId, call.from, call.to, call.sip.callId());
    }

    InviteSession session() {
        return call.sip;
    }

    /** The id of the last conversation started on this call, or null. */
    String lastConversationId() {
        return call.lastConversationId;
    }

    // ---------------------------------------------------------------- from any thread: queue on the strand

    /** Queues work on the call's strand, behind everything already queued. */
    void queue(Runnable work) {
        call.strand.execute(work);
    }

    /** The call is known: record it, report call.initiated, and start the answer timeout. */
    void parked() {
        queue(() -> {
            records.opened(call); // before call.initiated: a call whose events were recorded has a record
            events.initiated(call, call.startTime);
        });
        shared.timers().schedule(() -> queue(this::answerTimedOut), shared.answerTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A key, with the time its packet or INFO arrived, stamped by the thread that read it. */
    void digitArrived(char digit, DigitSource source, long arrivalMillis) {
        queue(() -> onDigit(digit, source, arrivalMillis));
    }

    void rtpTimedOut() {
        queue(() -> {
            if (call.state == CallState.ANSWERED) {
                log.info("call {}: no RTP for the configured time, hanging up", call.callControlId);
                call.sip.bye();
                end(HangupReason.RTP_TIMEOUT);
            }
        });
    }

    /** The caller's side has ended the call (BYE, CANCEL, or no ACK). */
    void endedBySip(HangupReason reason) {
        queue(() -> end(reason));
    }

    /**
     * A re-INVITE, answered on the SIP thread, which waits for the SDP; the media follows the new answer on the strand,
     * once the call is answered. An offerless re-INVITE gets the SDP answered last.
     *
     * @return the SDP answer, or null to refuse the offer
     */
    String reinvited(String offerSdp) {
        if (offerSdp == null) {
            return call.negotiated.sdp();
        }
        Optional<SdpAnswer> answer = SdpOffers.answer(call.negotiator, offerSdp, shared.advertisedHost(),
                call.media.localPort());
        answer.ifPresent(a -> queue(() -> {
            call.negotiated = a;
            if (call.state == CallState.ANSWERED) {
                startMedia();
            }
        }));
        return answer.map(SdpAnswer::sdp).orElse(null);
    }

    /** The caller's audio, on the media receive thread: cut into utterances there for a listening conversation. */
    void audioArrived(short[] pcm, int offset, int length) {
        UtteranceCapture capture = call.capture;
        if (capture != null) {
            capture.process(pcm, offset, length); // the conversation's voice activity timers run on their own clock
        }
    }

    /** Ends the call for a shutdown (BYE, or 480 before answer); completes once ended. */
    CompletableFuture<Object> shutdown() {
        return call.strand.submit(() -> {
            if (call.state == CallState.PARKED) {
                call.sip.reject(480, "Temporarily Unavailable");
            } else if (call.state == CallState.ANSWERED) {
                call.sip.bye();
            }
            end(HangupReason.SHUTDOWN);
            return null;
        });
    }

    // ---------------------------------------------------------------- commands (on the strand, via the CommandGate)

    void answer(AnswerCommand command) {
        requireNotEnded();
        if (call.state == CallState.ANSWERED) {
            return; // answering an answered call changes nothing
        }
        openMedia(); // first: when no port is free the answer is refused and nothing else changes
        applyClientState(command.meta());
        WebhookTarget defaultTarget = shared.defaultTarget();
        String failover = defaultTarget == null ? null : defaultTarget.failoverUrl();
        if (command.webhookUrl() != null) {
            String method = command.webhookUrlMethod() == null ? "POST" : command.webhookUrlMethod();
            call.webhookTarget = new WebhookTarget(command.webhookUrl(), method, failover);
        }
        call.eventRoutes = AnswerOptions.eventRoutes(command, failover);
        call.sip.answer(call.negotiated.sdp(), AnswerOptions.headers(command));
        startMedia();
        call.audio = new CallAudio(call.media, call.strand);
        call.player = new CallPlayer(call.audio, call.strand, playerReports());
        call.state = CallState.ANSWERED;
        records.answered(call);
        events.answered(call, clock.instant());
    }

    void hangup(HangupCommand command) {
        requireNotEnded();
        applyClientState(command.meta());
        if (call.state == CallState.PARKED) {
            call.sip.reject(480, "Temporarily Unavailable");
            end(HangupReason.APP_REJECT);
        } else {
            call.sip.bye();
            end(HangupReason.APP_HANGUP);
        }
    }

    void gather(GatherCommand command) {
        requireAnswered();
        conversation.takeLineForGather();
        applyClientState(command.meta());
        GatherSpec spec = new GatherSpec(command.minimumDigits(), command.maximumDigits(),
                command.timeoutMillis(), command.initialTimeoutMillis(), command.interDigitTimeoutMillis(),
                terminator(command.terminatingDigit()), command.validDigits(), command.gatherId());
        gather.startPlain(RunningGather.plain(new GatherMachine(spec, clock.millis())));
    }

    void gatherUsingAudio(GatherUsingAudioCommand command) {
        requireAnswered();
        conversation.takeLineForGather();
        applyClientState(command.meta());
        PlaybackStartCommand.Audio main = command.prompt();
        PlaybackStartCommand.Audio invalid = command.invalidPrompt();
        PromptedGatherSpec spec = new PromptedGatherSpec(command.minimumDigits(), command.maximumDigits(),
                command.timeoutMillis(), command.interDigitTimeoutMillis(), terminator(command.terminatingDigit()),
                command.validDigits(), command.maximumTries(), invalid != null, UUID.randomUUID().toString());
        gather.startPrompted(spec, shared.prompts().audio(main, true),
                invalid == null ? null : shared.prompts().audio(invalid, true), main, invalid);
    }

    void gatherUsingSpeak(GatherUsingSpeakCommand command) {
        requireAnswered();
        conversation.takeLineForGather();
        applyClientState(command.meta());
        PromptedGatherSpec spec = new PromptedGatherSpec(command.minimumDigits(), command.maximumDigits(),
                command.timeoutMillis(), command.interDigitTimeoutMillis(), terminator(command.terminatingDigit()),
                command.validDigits(), command.maximumTries(), command.invalidPrompt() != null,
                UUID.randomUUID().toString());
        gather.startPrompted(spec, shared.prompts().speech(command.prompt()),
                command.invalidPrompt() == null ? null : shared.prompts().speech(command.invalidPrompt()), null, null);
    }

    void gatherStop(CommandMeta meta) {
        requireAnswered();
        applyClientState(meta);
        gather.cancel();
        conversation.stopGather();
    }

    void playbackStart(PlaybackStartCommand command) {
        requireAnswered();
        applyClientState(command.meta());
        PlaybackStartCommand.Audio audio = command.audio();
        call.player.add(new CallPlayer.Item(CallPlayer.Kind.PLAYBACK,
                shared.prompts().audio(audio, command.cacheAudio()), command.loop(), audio.audioUrl(),
                audio.mediaName()), stopName(command.stop()));
    }

    void playbackStop(PlaybackStopCommand command) {
        requireAnswered();
        applyClientState(command.meta());
        call.player.stop(stopName(command.stop()));
    }

    void speak(SpeakCommand command) {
        requireAnswered();
        applyClientState(command.meta());
        call.player.add(new CallPlayer.Item(CallPlayer.Kind.SPEAK, shared.prompts().speech(command.speech()),
                command.loop(), null, null), stopName(command.stop()));
    }

    /**
     * Queues the keys on the call's media stream: they follow any send_dtmf still sounding, a playing prompt pauses
     * under them, and hangup drops them. Nothing is reported by webhook. A command that would leave more than
     * {@link DtmfSender#MAX_PENDING} keys and pauses waiting is refused whole (90063).
     */
    void sendDtmf(SendDtmfCommand command) {
        requireAnswered();
        int waiting = call.audio.dtmfPending();
        if (!call.audio.sendDtmf(command.digits(), command.durationMillis())) {
            throw new ApiException(ApiError.tooManyDtmfKeysQueued(waiting, command.digits().length(),
                    DtmfSender.MAX_PENDING));
        }
        applyClientState(command.meta()); // only once the keys are accepted: a refused command changes nothing
    }

    String gatherUsingAi(GatherUsingAiCommand command) {
        requireAnswered();
        ParametersSchema schema = shared.conversations().checkGather(command);
        conversation.takeLineForGather();
        applyClientState(command.meta());
        gather.cancel();
        return conversation.startGather(command, schema);
    }

    String aiAssistantStart(AiAssistantStartCommand command) {
        requireAnswered();
        conversation.refuseIfAssistantRunning();
        Optional<AssistantDefinition> stored = shared.conversations().checkAssistant(command);
        applyClientState(command.meta());
        gather.cancel();
        return conversation.startAssistant(command, stored);
    }

    void aiAssistantStop(CommandMeta meta) {
        requireAnswered();
        applyClientState(meta);
        conversation.stopAssistant();
    }

    void aiAssistantAddMessages(AiAssistantAddMessagesCommand command) {
        requireAnswered();
        conversation.requireAssistant();
        applyClientState(command.meta());
        conversation.addMessages(command);
    }

    void clientStateUpdate(String clientState) {
        requireNotEnded();
        call.clientState = clientState;
        records.clientStateSet(call);
    }

    CallStatus status() {
        Long duration = call.endTime == null ? null : Duration.between(call.startTime, call.endTime).toSeconds();
        return new CallStatus(call.callControlId, call.callLegId, call.callSessionId,
                call.state != CallState.ENDED, call.clientState, call.startTime.toString(),
                call.endTime == null ? null : call.endTime.toString(), duration);
    }

    // ---------------------------------------------------------------- on the strand

    private void answerTimedOut() {
        if (call.state == CallState.PARKED) {
            log.info("call {} was not answered in {} s, rejecting it", call.callControlId,
                    shared.answerTimeout().toSeconds());
            call.sip.reject(480, "Temporarily Unavailable");
            end(HangupReason.ANSWER_TIMEOUT);
        }
    }

    private void onDigit(char digit, DigitSource source, long arrivalMillis) {
        if (!DtmfKey.isKey(digit)) {
            log.debug("call {}: ignored key '{}' from {}", call.callControlId, digit, source);
            return;
        }
        if (call.state != CallState.ANSWERED) {
            return; // keys before answer or after the end belong to no one
        }
        if (!call.digits.accept(digit, source, arrivalMillis)) {
            return; // the same press, already reported from another source
        }
        events.dtmfReceived(call, digit, Instant.ofEpochMilli(arrivalMillis));
        shared.digitCounts().count(source);
        conversation.onKey(digit);
        gather.onDigit(digit, arrivalMillis);
    }

    /** Takes the RTP port pair and answers the offer for it; only now, so that a parked call holds no port. */
    private void openMedia() {
        if (call.media != null) {
            return; // an earlier answer took the pair and then failed: it is still this call's
        }
        CallMediaOpener.Opened opened = shared.mediaOpener().open(call, new CallMediaRoute(this));
        call.media = opened.rtp();
        call.negotiated = opened.answer();
    }

    /** Starts (or, after a re-INVITE, redirects) the call's RTP as negotiated. */
    private void startMedia() {
        SdpAnswer a = call.negotiated;
        call.media.start(a.remoteRtp(), Codec.valueOf(a.codecName()), a.payloadType(), a.telephoneEventPayloadType());
    }

    private void assistantHangup() {
        if (call.state == CallState.ANSWERED) {
            call.sip.bye();
            end(HangupReason.APP_HANGUP);
        }
    }

    private void end(HangupReason reason) {
        if (call.state == CallState.ENDED) {
            return;
        }
        if (call.player != null) {
            call.player.stopAll("call_hangup"); // first, so that nothing queued starts when the gather ends
        }
        gather.hangup();
        conversation.callEnded(reason);
        if (call.media != null) {
            call.media.close();
        }
        call.state = CallState.ENDED;
        call.endTime = clock.instant();
        shared.registry().ended(this);
        events.hangup(call, reason, call.endTime);
        records.ended(call); // after the hangup: a crash in between repeats the hangup rather than losing it
        shared.registry().forgetLater(this);
    }

    private CallPlayer.Reports playerReports() {
        return new CallPlayer.Reports() {
            @Override
            public void started(CallPlayer.Item item) {
                if (item.kind() == CallPlayer.Kind.SPEAK) {
                    events.speakStarted(call, clock.instant());
                } else {
                    events.playbackStarted(call, item.mediaUrl(), item.mediaName(), clock.instant());
                }
            }

            @Override
            public void ended(CallPlayer.Item item, String status, String detail) {
                if (item.kind() == CallPlayer.Kind.SPEAK) {
                    events.speakEnded(call, status, detail, clock.instant());
                } else {
                    events.playbackEnded(call, item.mediaUrl(), item.mediaName(), status, detail, clock.instant());
                }
            }
        };
    }

    private void requireNotEnded() {
        if (call.state == CallState.ENDED) {
            throw new ApiException(ApiError.callEnded());
        }
    }

    private void requireAnswered() {
        requireNotEnded();
        if (call.state != CallState.ANSWERED) {
            throw new ApiException(ApiError.notAnswered());
        }
    }

    private void applyClientState(CommandMeta meta) {
        if (meta.clientState() != null) {
            call.clientState = meta.clientState();
            records.clientStateSet(call);
        }
    }

    private static String stopName(PlaybackStopCommand.Stop stop) {
        return stop == null ? null : stop.wireName();
    }

    private static char terminator(String terminatingDigit) {
        return terminatingDigit == null || terminatingDigit.isEmpty() ? 0 : terminatingDigit.charAt(0);
    }
}
