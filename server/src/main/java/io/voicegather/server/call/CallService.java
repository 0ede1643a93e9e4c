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
import io.voicegather.server.ai.conversation.Conversation;
import io.voicegather.server.ai.conversation.UtteranceCapture;
import io.voicegather.server.ai.assistants.AssistantDefinition;
import io.voicegather.server.ai.schema.ParametersSchema;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.server.gather.GatherMachine;
import io.voicegather.server.gather.GatherOutcome;
import io.voicegather.server.gather.GatherSpec;
import io.voicegather.server.gather.PromptedGatherMachine;
import io.voicegather.server.gather.PromptedGatherSpec;
import io.voicegather.server.media.DigitSource;
import io.voicegather.server.media.MediaEngine;
import io.voicegather.server.media.MediaListener;
import io.voicegather.server.media.RtpSession;
import io.voicegather.server.media.dtmf.DtmfSender;
import io.voicegather.server.media.play.PcmAudio;
import io.voicegather.server.sip.ExtraHeader;
import io.voicegather.server.sip.InviteSession;
import io.voicegather.server.sip.SipCallHandler;
import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.sip.sdp.SdpAnswer;
import io.voicegather.server.sip.sdp.SdpNegotiationException;
import io.voicegather.server.sip.sdp.SdpNegotiator;
import io.voicegather.server.webhook.PrimaryRetries;
import io.voicegather.server.webhook.WebhookSink;
import io.voicegather.server.webhook.WebhookTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where SIP, media and REST commands meet. Each call's events run on that call's {@link Strand}; this class
 * only routes them there and holds the registry.
 *
 * <p>Time: a key carries the time it arrived, stamped on the thread that read it (the media engine's arrival clock,
 * or {@link #onInfoDigit} on the SIP thread) and is judged by it; everything else reads the injected clock when it
 * runs on the strand. Both must be the same clock ("When a key arrived" in docs/gather-semantics.md).
 */
public final class CallService implements CallControl, SipCallHandler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallService.class);
    /** How long a REST command waits for its call to get to it, unless configured otherwise. */
    public static final Duration DEFAULT_COMMAND_WAIT = CommandGate.DEFAULT_COMMAND_WAIT;

    private final MediaEngine media;
    private final String advertisedHost;
    private final CallEvents events;
    private final Executor strandPool;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final CommandGate gate;
    private final WebhookTarget defaultTarget;
    private final Duration answerTimeout;
    private final PromptLoader prompts;
    private final ConversationStarter conversations;
    private final CallRecords records;
    private final CallRegistry registry;

    public CallService(MediaEngine media, String advertisedHost, WebhookSink webhooks, String connectionId,
                       WebhookTarget defaultTarget, Duration answerTimeout, PromptLoader prompts, Executor strandPool,
                       ScheduledExecutorService timers, Clock clock) {
        this(media, advertisedHost, webhooks, connectionId, defaultTarget, answerTimeout, prompts, strandPool, timers,
                clock, AiServices.offline(null));
    }

    /** @param ai what voice AI conversations use (recogniser, language model, fallback voice, assistants) */
    public CallService(MediaEngine media, String advertisedHost, WebhookSink webhooks, String connectionId,
                       WebhookTarget defaultTarget, Duration answerTimeout, PromptLoader prompts, Executor strandPool,
                       ScheduledExecutorService timers, Clock clock, AiServices ai) {
        this(media, advertisedHost, webhooks, connectionId, defaultTarget, answerTimeout, prompts, strandPool, timers,
                clock, ai, DEFAULT_COMMAND_WAIT, CallRecords.NONE);
    }

    /**
     * @param commandWait how long a REST command waits for its call's strand to start it; past that it is answered
     *                    503 (90064) and never applied
     * @param records     where each call's durable record is kept, so that a crash cannot end a call silently
     */
    public CallService(MediaEngine media, String advertisedHost, WebhookSink webhooks, String connectionId,
                       WebhookTarget defaultTarget, Duration answerTimeout, PromptLoader prompts, Executor strandPool,
                       ScheduledExecutorService timers, Clock clock, AiServices ai, Duration commandWait,
                       CallRecords records) {
        this.media = media;
        this.advertisedHost = advertisedHost;
        this.events = new CallEvents(webhooks, connectionId);
        this.defaultTarget = defaultTarget;
        this.answerTimeout = answerTimeout;
        this.prompts = prompts;
        this.strandPool = strandPool;
        this.timers = timers;
        this.clock = clock;
        this.gate = new CommandGate(commandWait, clock);
        this.registry = new CallRegistry(timers);
        this.conversations = new ConversationStarter(ai, events, prompts, timers, clock);
        this.records = records;
    }

    /** Number of calls not yet ended. */
    public int activeCalls() {
        return registry.liveCount();
    }

    // ---------------------------------------------------------------- SIP side (SIP thread: route, never block)

    @Override
    public void onInvite(InviteSession session) {
        if (session.offerSdp() == null) {
            session.reject(488, "Not Acceptable Here"); // offerless INVITE: we only answer offers
            return;
        }
        CallMediaListener listener = new CallMediaListener();
        RtpSession rtp;
        try {
            rtp = media.open(listener);
        } catch (IOException | RuntimeException e) {
            log.warn("no RTP port for call {}: {}", session.callId(), e.toString());
            session.reject(503, "Service Unavailable");
            return;
        }
        SdpNegotiator negotiator = new SdpNegotiator();
        Optional<SdpAnswer> answer = negotiate(negotiator, session.offerSdp(), rtp.localPort());
        if (answer.isEmpty()) {
            rtp.close();
            session.reject(488, "Not Acceptable Here");
            return;
        }
        Instant now = clock.instant();
        Call call = new Call(CallIds.newCallControlId(), CallIds.newUuid(), CallIds.newUuid(),
                SipUris.user(session.fromUri()), SipUris.user(session.toUri()),
                session.fromDisplayName() != null ? session.fromDisplayName() : SipUris.user(session.fromUri()),
                session, rtp, negotiator, answer.get(), new Strand(strandPool), now, defaultTarget);
        listener.call = call;
        registry.add(call);
        session.ringing();
        call.strand.execute(() -> {
            records.opened(call); // before call.initiated: a call whose events were recorded has a record
            events.initiated(call, now);
        });
        timers.schedule(() -> call.strand.execute(() -> {
            if (call.state == CallState.PARKED) {
                log.info("call {} was not answered in {} s, rejecting it", call.callControlId, answerTimeout.toSeconds());
                call.sip.reject(480, "Temporarily Unavailable");
                end(call, HangupReason.ANSWER_TIMEOUT);
            }
        }), answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onAck(InviteSession session) {
        // nothing to do: media started when we answered
    }

    @Override
    public void onBye(InviteSession session) {
        onSession(session, call -> end(call, HangupReason.CALLER_BYE));
    }

    @Override
    public void onCancel(InviteSession session) {
        onSession(session, call -> end(call, HangupReason.CALLER_CANCEL));
    }

    @Override
    public void onAckTimeout(InviteSession session) {
        onSession(session, call -> end(call, HangupReason.ACK_TIMEOUT));
    }

    @Override
    public String onReinvite(InviteSession session, String offerSdp) {
        Call call = registry.bySession(session);
        if (call == null) {
            return null;
        }
        if (offerSdp == null) {
            return call.negotiated.sdp();
        }
        Optional<SdpAnswer> answer = negotiate(call.negotiator, offerSdp, call.media.localPort());
        answer.ifPresent(a -> call.strand.execute(() -> {
            call.negotiated = a;
            if (call.state == CallState.ANSWERED) {
                startMedia(call);
            }
        }));
        return answer.map(SdpAnswer::sdp).orElse(null);
    }

    @Override
    public void onInfoDigit(InviteSession session, char digit, int durationMillis) {
        long arrivalMillis = clock.millis(); // on the SIP thread that read the INFO, before any queue
        onSession(session, call -> onDigit(call, digit, DigitSource.SIP_INFO, arrivalMillis));
    }

    private void onSession(InviteSession session, java.util.function.Consumer<Call> action) {
        Call call = registry.bySession(session);
        if (call != null) {
            call.strand.execute(() -> action.accept(call));
        }
    }

    /** Media events of one call, routed to its strand. */
    private final class CallMediaListener implements MediaListener {
        volatile Call call;

        @Override
        public void onDigit(char digit, DigitSource source, long arrivalMillis) {
            Call c = call;
            if (c != null) {
                c.strand.execute(() -> CallService.this.onDigit(c, digit, source, arrivalMillis));
            }
        }

        @Override
        public void onAudio(short[] pcm, int offset, int length, long arrivalMillis) {
            // the conversation's voice activity timers still run on their own clock
            Call c = call;
            UtteranceCapture capture = c == null ? null : c.capture;
            if (capture != null) {
                capture.process(pcm, offset, length);
            }
        }

        @Override
        public void onRtpTimeout() {
            Call c = call;
            if (c != null) {
                c.strand.execute(() -> {
                    if (c.state == CallState.ANSWERED) {
                        log.info("call {}: no RTP for the configured time, hanging up", c.callControlId);
                        c.sip.bye();
                        end(c, HangupReason.RTP_TIMEOUT);
                    }
                });
            }
        }
    }

    // ---------------------------------------------------------------- REST side (HTTP threads: wait for the strand)

    @Override
    public void answer(String callControlId, AnswerCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireNotEnded(call);
            if (call.state == CallState.ANSWERED) {
                return null; // answering an answered call changes nothing
            }
            applyClientState(call, command.meta());
            String failover = defaultTarget == null ? null : defaultTarget.failoverUrl();
            if (command.webhookUrl() != null) {
                String method = command.webhookUrlMethod() == null ? "POST" : command.webhookUrlMethod();
                call.webhookTarget = new WebhookTarget(command.webhookUrl(), method, failover);
            }
            call.eventRoutes = eventRoutes(command, failover);
            call.sip.answer(call.negotiated.sdp(), answerHeaders(command));
            startMedia(call);
            call.player = new CallPlayer(call.media, call.strand, playerReports(call));
            call.state = CallState.ANSWERED;
            records.answered(call);
            events.answered(call, clock.instant());
            return null;
        });
    }

    /** answer's webhook_urls and webhook_retries_policies; mapped URLs keep the application's failover URL. */
    private static EventRoutes eventRoutes(AnswerCommand command, String failoverUrl) {
        if (command.webhookUrls().isEmpty() && command.webhookRetriesPolicies().isEmpty()) {
            return EventRoutes.NONE;
        }
        Map<String, PrimaryRetries> retries = new HashMap<>();
        command.webhookRetriesPolicies().forEach((type, delays) -> retries.put(type, new PrimaryRetries(delays)));
        return new EventRoutes(command.webhookUrls(), command.webhookUrlsMethod(), failoverUrl, retries);
    }

    /** custom_headers then sip_headers, in request order, for the 200 OK. */
    private static List<ExtraHeader> answerHeaders(AnswerCommand command) {
        if (command.customHeaders().isEmpty() && command.sipHeaders().isEmpty()) {
            return List.of();
        }
        List<ExtraHeader> out = new ArrayList<>(command.customHeaders().size() + command.sipHeaders().size());
        for (AnswerCommand.Header h : command.customHeaders()) {
            out.add(new ExtraHeader(h.name(), h.value()));
        }
        for (AnswerCommand.Header h : command.sipHeaders()) {
            out.add(new ExtraHeader(h.name(), h.value()));
        }
        return out;
    }

    @Override
    public void hangup(String callControlId, HangupCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireNotEnded(call);
            applyClientState(call, command.meta());
            if (call.state == CallState.PARKED) {
                call.sip.reject(480, "Temporarily Unavailable");
                end(call, HangupReason.APP_REJECT);
            } else {
                call.sip.bye();
                end(call, HangupReason.APP_HANGUP);
            }
            return null;
        });
    }

    @Override
    public void gather(String callControlId, GatherCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            takeLineForGather(call);
            applyClientState(call, command.meta());
            cancelRunningGather(call);
            char terminator = command.terminatingDigit() == null || command.terminatingDigit().isEmpty()
                    ? 0 : command.terminatingDigit().charAt(0);
            GatherSpec spec = new GatherSpec(command.minimumDigits(), command.maximumDigits(),
                    command.timeoutMillis(), command.initialTimeoutMillis(), command.interDigitTimeoutMillis(),
                    terminator, command.validDigits(), command.gatherId());
            call.gather = RunningGather.plain(new GatherMachine(spec, clock.millis()));
            armGatherTimer(call);
            return null;
        });
    }

    @Override
    public void gatherUsingAudio(String callControlId, GatherUsingAudioCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            takeLineForGather(call);
            applyClientState(call, command.meta());
            PlaybackStartCommand.Audio main = command.prompt();
            PlaybackStartCommand.Audio invalid = command.invalidPrompt();
            PromptedGatherSpec spec = new PromptedGatherSpec(command.minimumDigits(), command.maximumDigits(),
                    command.timeoutMillis(), command.interDigitTimeoutMillis(), terminator(command.terminatingDigit()),
                    command.validDigits(), command.maximumTries(), invalid != null, UUID.randomUUID().toString());
            startPromptedGather(call, spec, prompts.audio(main, true),
                    invalid == null ? null : prompts.audio(invalid, true), main, invalid);
            return null;
        });
    }

    @Override
    public void gatherUsingSpeak(String callControlId, GatherUsingSpeakCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            takeLineForGather(call);
            applyClientState(call, command.meta());
            PromptedGatherSpec spec = new PromptedGatherSpec(command.minimumDigits(), command.maximumDigits(),
                    command.timeoutMillis(), command.interDigitTimeoutMillis(), terminator(command.terminatingDigit()),
                    command.validDigits(), command.maximumTries(), command.invalidPrompt() != null,
                    UUID.randomUUID().toString());
            startPromptedGather(call, spec, prompts.speech(command.prompt()),
                    command.invalidPrompt() == null ? null : prompts.speech(command.invalidPrompt()), null, null);
            return null;
        });
    }

    @Override
    public void playbackStart(String callControlId, PlaybackStartCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            applyClientState(call, command.meta());
            PlaybackStartCommand.Audio audio = command.audio();
            call.player.add(new CallPlayer.Item(CallPlayer.Kind.PLAYBACK, prompts.audio(audio, command.cacheAudio()),
                    command.loop(), audio.audioUrl(), audio.mediaName()), stopName(command.stop()));
            return null;
        });
    }

    @Override
    public void playbackStop(String callControlId, PlaybackStopCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            applyClientState(call, command.meta());
            call.player.stop(stopName(command.stop()));
            return null;
        });
    }

    @Override
    public void speak(String callControlId, SpeakCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            applyClientState(call, command.meta());
            call.player.add(new CallPlayer.Item(CallPlayer.Kind.SPEAK, prompts.speech(command.speech()),
                    command.loop(), null, null), stopName(command.stop()));
            return null;
        });
    }

    /**
     * Queues the keys on the call's media stream: they follow any send_dtmf still sounding, a playing prompt pauses
     * under them, and hangup drops them. Nothing is reported by webhook. A command that would leave more than
     * {@link DtmfSender#MAX_PENDING} keys and pauses waiting is refused whole (90063).
     */
    @Override
    public void sendDtmf(String callControlId, SendDtmfCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            int waiting = call.media.dtmfPending();
            if (!call.media.sendDtmf(command.digits(), command.durationMillis())) {
                throw new ApiException(ApiError.tooManyDtmfKeysQueued(waiting, command.digits().length(),
                        DtmfSender.MAX_PENDING));
            }
            applyClientState(call, command.meta()); // only once the keys are accepted: a refused command changes nothing
            return null;
        });
    }

    private static String stopName(PlaybackStopCommand.Stop stop) {
        return stop == null ? null : stop.wireName();
    }

    private static char terminator(String terminatingDigit) {
        return terminatingDigit == null || terminatingDigit.isEmpty() ? 0 : terminatingDigit.charAt(0);
    }

    /** A gather with a prompt: it takes the line from queued playbacks until it ends. */
    private void startPromptedGather(Call call, PromptedGatherSpec spec, CompletableFuture<PcmAudio> main,
                                     CompletableFuture<PcmAudio> invalid, PlaybackStartCommand.Audio mainAudio,
                                     PlaybackStartCommand.Audio invalidAudio) {
        cancelRunningGather(call);
        call.player.suspend();
        PromptedGather[] self = new PromptedGather[1];
        PromptedGather gather = new PromptedGather(new PromptedGatherMachine(spec), main, invalid, call.media,
                call.strand, clock::millis, new PromptedGather.Owner() {
            @Override
            public void deadlineChanged() {
                if (call.gather == self[0]) {
                    armGatherTimer(call);
                }
            }

            @Override
            public void ended(GatherOutcome outcome) {
                if (call.gather == self[0]) {
                    finishGather(call, Optional.of(outcome));
                }
            }

            @Override
            public void promptStarted(boolean isInvalid) {
                PlaybackStartCommand.Audio a = isInvalid ? invalidAudio : mainAudio;
                if (a != null) { // audio prompts report like playbacks; spoken prompts do not
                    events.playbackStarted(call, a.audioUrl(), a.mediaName(), clock.instant());
                }
            }

            @Override
            public void promptEnded(boolean isInvalid, String status, String detail) {
                PlaybackStartCommand.Audio a = isInvalid ? invalidAudio : mainAudio;
                if (a != null) {
                    events.playbackEnded(call, a.audioUrl(), a.mediaName(), status, detail, clock.instant());
                }
            }
        });
        self[0] = gather;
        call.gather = gather;
        Optional<GatherOutcome> outcome = gather.start();
        if (outcome.isPresent()) {
            finishGather(call, outcome);
        } else {
            armGatherTimer(call);
        }
    }

    private void cancelRunningGather(Call call) {
        if (call.gather != null) {
            finishGather(call, call.gather.cancel(clock.millis())); // a new gather replaces the running one
        }
    }

    private CallPlayer.Reports playerReports(Call call) {
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
                    events.speakEnded(call, status, clock.instant());
                } else {
                    events.playbackEnded(call, item.mediaUrl(), item.mediaName(), status, detail, clock.instant());
                }
            }
        };
    }

    @Override
    public void gatherStop(String callControlId, CommandMeta meta) {
        onCall(callControlId, meta, call -> {
            requireAnswered(call);
            applyClientState(call, meta);
            cancelRunningGather(call);
            if (call.conversation != null && call.conversation.isGather()) {
                call.conversation.stop("gather_stop");
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- voice AI

    @Override
    public String gatherUsingAi(String callControlId, GatherUsingAiCommand command) {
        return orLastConversation(callControlId, onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            ParametersSchema schema = conversations.checkGather(command);
            takeLineForGather(call);
            applyClientState(call, command.meta());
            cancelRunningGather(call);
            return begin(call, conversations.gather(call, command, schema, this::assistantHangup,
                    () -> conversationOver(call)));
        }));
    }

    @Override
    public String aiAssistantStart(String callControlId, AiAssistantStartCommand command) {
        return orLastConversation(callControlId, onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            if (call.conversation != null && !call.conversation.isGather()) {
                throw new ApiException(ApiError.aiAssistantAlreadyRunning());
            }
            Optional<AssistantDefinition> stored = conversations.checkAssistant(command);
            applyClientState(call, command.meta());
            cancelRunningGather(call);
            if (call.conversation != null) {
                call.conversation.stop("replaced");
            }
            return begin(call, conversations.assistant(call, command, stored, this::assistantHangup,
                    () -> conversationOver(call)));
        }));
    }

    @Override
    public void aiAssistantStop(String callControlId, CommandMeta meta) {
        onCall(callControlId, meta, call -> {
            requireAnswered(call);
            applyClientState(call, meta);
            if (call.conversation != null && !call.conversation.isGather()) {
                call.conversation.stop("assistant_stop");
            }
            return null; // stopping what is not running changes nothing
        });
    }

    @Override
    public void aiAssistantAddMessages(String callControlId, AiAssistantAddMessagesCommand command) {
        onCall(callControlId, command.meta(), call -> {
            requireAnswered(call);
            if (call.conversation == null || call.conversation.isGather()) {
                throw new ApiException(ApiError.noAiAssistantRunning());
            }
            applyClientState(call, command.meta());
            call.conversation.addMessages(command.messages(), command.triggerResponse());
            return null;
        });
    }

    /** A gather command takes the line: refused while an assistant talks, and it replaces an AI gather. */
    private static void takeLineForGather(Call call) {
        if (call.conversation == null) {
            return;
        }
        if (!call.conversation.isGather()) {
            throw new ApiException(ApiError.aiAssistantAlreadyRunning());
        }
        call.conversation.stop("replaced");
    }

    private String orLastConversation(String callControlId, String started) {
        if (started != null) {
            return started;
        }
        Call call = registry.byId(callControlId);
        return call == null ? null : call.lastConversationId;
    }

    private String begin(Call call, Conversation conversation) {
        call.lastConversationId = conversation.id();
        call.player.suspend(); // the conversation owns the line; queued playbacks wait for its end
        call.conversation = conversation;
        conversation.start();
        return conversation.id();
    }

    /** The conversation has reported its end: the line is free again. */
    private void conversationOver(Call call) {
        call.capture = null;
        call.conversation = null;
        if (call.player != null && call.state == CallState.ANSWERED && call.gather == null) {
            call.player.resume();
        }
    }

    private void assistantHangup(Call call) {
        if (call.state == CallState.ANSWERED) {
            call.sip.bye();
            end(call, HangupReason.APP_HANGUP);
        }
    }

    @Override
    public void clientStateUpdate(String callControlId, String clientState) {
        onCall(callControlId, CommandMeta.NONE, call -> {
            requireNotEnded(call);
            call.clientState = clientState;
            records.clientStateSet(call);
            return null;
        });
    }

    @Override
    public CallStatus retrieve(String callControlId) {
        return onCall(callControlId, CommandMeta.NONE, call -> {
            Long duration = call.endTime == null ? null
                    : Duration.between(call.startTime, call.endTime).toSeconds();
            return new CallStatus(call.callControlId, call.callLegId, call.callSessionId,
                    call.state != CallState.ENDED, call.clientState, call.startTime.toString(),
                    call.endTime == null ? null : call.endTime.toString(), duration);
        });
    }

    /** Runs a command on the call through the {@link CommandGate} and waits for it. */
    private <T> T onCall(String callControlId, CommandMeta meta, Function<Call, T> command) {
        Call call = registry.byId(callControlId);
        if (call == null) {
            throw new ApiException(ApiError.invalidCallControlId(callControlId));
        }
        return gate.run(call, meta, command);
    }

    private static void requireNotEnded(Call call) {
        if (call.state == CallState.ENDED) {
            throw new ApiException(ApiError.callEnded());
        }
    }

    private static void requireAnswered(Call call) {
        requireNotEnded(call);
        if (call.state != CallState.ANSWERED) {
            throw new ApiException(ApiError.notAnswered());
        }
    }

    private void applyClientState(Call call, CommandMeta meta) {
        if (meta.clientState() != null) {
            call.clientState = meta.clientState();
            records.clientStateSet(call);
        }
    }

    private Optional<SdpAnswer> negotiate(SdpNegotiator negotiator, String offer, int localRtpPort) {
        try {
            return Optional.of(negotiator.answer(offer, advertisedHost, localRtpPort));
        } catch (SdpNegotiationException e) {
            log.info("SDP offer refused: {}", e.getMessage());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- on the strand

    /** Starts (or, after a re-INVITE, redirects) the call's RTP as negotiated. */
    private static void startMedia(Call call) {
        SdpAnswer a = call.negotiated;
        call.media.start(a.remoteRtp(), Codec.valueOf(a.codecName()), a.payloadType(), a.telephoneEventPayloadType());
    }

    /**
     * A key press, judged by when its packet arrived, not by when this strand got to it: a busy strand (a slow
     * webhook commit, a long command) must neither turn a key just before a deadline into a timeout nor let one
     * press through twice.
     */
    private void onDigit(Call call, char digit, DigitSource source, long arrivalMillis) {
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
        if (call.conversation != null) {
            call.conversation.onKey(digit);
        }
        if (call.gather != null) {
            Optional<GatherOutcome> outcome = call.gather.onDigit(digit, arrivalMillis);
            if (outcome.isPresent()) {
                finishGather(call, outcome);
            } else {
                armGatherTimer(call);
            }
        }
    }

    private void armGatherTimer(Call call) {
        if (call.gatherTimer != null) {
            call.gatherTimer.cancel(false);
            call.gatherTimer = null;
        }
        RunningGather gather = call.gather;
        if (gather == null || gather.nextDeadline() == Long.MAX_VALUE) {
            return;
        }
        long delay = Math.max(0, gather.nextDeadline() - clock.millis());
        call.gatherTimer = timers.schedule(() -> call.strand.execute(() -> onGatherTimer(call, gather)),
                delay, TimeUnit.MILLISECONDS);
    }

    private void onGatherTimer(Call call, RunningGather gather) {
        if (call.gather != gather) {
            return; // a timer of a gather that has already ended
        }
        Optional<GatherOutcome> outcome = gather.onTimer(clock.millis());
        if (outcome.isPresent()) {
            finishGather(call, outcome);
        } else {
            armGatherTimer(call);
        }
    }

    private void finishGather(Call call, Optional<GatherOutcome> outcome) {
        if (call.gatherTimer != null) {
            call.gatherTimer.cancel(false);
            call.gatherTimer = null;
        }
        call.gather = null;
        outcome.ifPresent(o -> events.gatherEnded(call, o, clock.instant()));
        if (call.player != null && call.state == CallState.ANSWERED) {
            call.player.resume(); // playbacks queued during a prompted gather now play
        }
    }

    private void end(Call call, HangupReason reason) {
        if (call.state == CallState.ENDED) {
            return;
        }
        if (call.player != null) {
            call.player.stopAll("call_hangup"); // first, so that nothing queued starts when the gather ends
        }
        if (call.gather != null) {
            finishGather(call, call.gather.hangup(clock.millis()));
        }
        if (call.conversation != null) {
            call.conversation.stop(reason.conversationEndReason());
        }
        call.media.close();
        call.state = CallState.ENDED;
        call.endTime = clock.instant();
        registry.ended(call);
        events.hangup(call, reason, call.endTime);
        records.ended(call); // after the hangup: a crash in between repeats the hangup rather than losing it
    }

    /** Hangs up every live call (BYE, or 480 before answer) and waits briefly for their webhooks to be recorded. */
    @Override
    public void close() {
        var waits = new ArrayList<java.util.concurrent.CompletableFuture<Object>>();
        for (Call call : registry.live()) {
            waits.add(call.strand.submit(() -> {
                if (call.state == CallState.PARKED) {
                    call.sip.reject(480, "Temporarily Unavailable");
                } else if (call.state == CallState.ANSWERED) {
                    call.sip.bye();
                }
                end(call, HangupReason.SHUTDOWN);
                return null;
            }));
        }
        for (var w : waits) {
            try {
                w.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("call did not close in time: {}", e.toString());
            }
        }
    }
}
