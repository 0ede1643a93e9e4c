package io.voicegather.server.call;

import io.voicegather.server.sip.InviteSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The calls this server knows: by call_control_id for REST commands, by SIP session for SIP events. An ended call
 * leaves the session map at once but stays known by id for {@link #RETAIN_ENDED}, so that GET and late commands get
 * "ended" rather than "unknown".
 *
 * <p>Threading: any thread; both maps are concurrent. {@link #ended} is called on the call's strand,
 * {@link #shutDownLive} on the thread closing the server.
 */
final class CallRegistry {
    private static final Logger log = LoggerFactory.getLogger(CallRegistry.class);
    /** How long an ended call stays known by its call_control_id. */
    static final Duration RETAIN_ENDED = Duration.ofMinutes(10);

    private final Map<String, CallActor> byId = new ConcurrentHashMap<>();
    private final Map<InviteSession, CallActor> bySession = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;

    CallRegistry(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    void add(CallActor call) {
        byId.put(call.callControlId(), call);
        bySession.put(call.session(), call);
    }

    /** The call, live or ended within the retention, or null. */
    CallActor byId(String callControlId) {
        return byId.get(callControlId);
    }

    /** The live call of a SIP session, or null. */
    CallActor bySession(InviteSession session) {
        return bySession.get(session);
    }

    /** The call has ended: SIP no longer reaches it. */
    void ended(CallActor call) {
        bySession.remove(call.session());
    }

    /** The ended call's id is forgotten once the retention has passed. */
    void forgetLater(CallActor call) {
        Runnable forget = () -> byId.remove(call.callControlId());
        timers.schedule(forget, RETAIN_ENDED.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every live call on its own strand (BYE, or 480 before answer), all at once, then waits up to {@code wait}
     * for each to have ended; a call stuck on its strand is left behind rather than holding up the shutdown.
     */
    void shutDownLive(Duration wait) {
        List<CompletableFuture<Object>> ends = new ArrayList<>();
        for (CallActor call : List.copyOf(bySession.values())) {
            ends.add(call.shutdown());
        }
        for (CompletableFuture<Object> end : ends) {
            try {
                end.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.debug("call did not close in time: {}", e.toString());
            }
        }
    }

    int liveCount() {
        return bySession.size();
    }
}
