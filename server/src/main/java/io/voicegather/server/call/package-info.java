/**
 * The calls: one {@link io.voicegather.server.call.CallActor} per call applies everything that happens to it, in
 * order, on the call's {@link io.voicegather.server.call.Strand}; every other thread only stamps and routes.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>call-N</b> (the strand pool, shared by all calls): runs each call's strand, one task of a call at a
 *       time. The actor owns the {@link io.voicegather.server.call.Call} and what hangs off it: the running gather and
 *       its timer ({@link io.voicegather.server.call.CallGather}), the conversation holding the line
 *       ({@link io.voicegather.server.call.CallConversation}), the player, the key de-duplicator, the state, the
 *       client state and the webhook routes. Events are emitted to the webhook sink from here. Everything the call
 *       sends (playbacks, speech, gather prompts, an assistant's replies, send_dtmf keys) goes out through its one
 *       {@link io.voicegather.server.call.CallAudio}, where each clip has an owner and only its owner stops it.</li>
 *   <li><b>SIP loop</b> ({@code SipServer}): INVITE, BYE, CANCEL, ACK timeout, re-INVITE, INFO. Finds the actor in
 *       the {@link io.voicegather.server.call.CallRegistry}, stamps an INFO key with the clock, queues the rest.
 *       Builds a new call ({@link io.voicegather.server.call.CallSetup}) and answers a re-INVITE's SDP itself, since
 *       the loop waits for it; the new SDP reaches the media on the strand.</li>
 *   <li><b>rtp-receive</b>: keys, already stamped with their packet's arrival, routed by
 *       {@link io.voicegather.server.call.CallMediaRoute}. The caller's audio is cut into utterances here, not on the
 *       strand; a confirmed speech start stops the playback at once (barge-in, {@code CallAudio.bargeIn}) and queues
 *       the rest.</li>
 *   <li><b>media-clock</b>: RTP timeout, and the end of a played source; both only queue on the strand.</li>
 *   <li><b>http-worker-N</b>: REST commands, through the {@link io.voicegather.server.call.CommandGate}: queued on
 *       the strand, then the worker waits a bounded time for the strand to start it (applied or not, never both), and
 *       once started, for its end.</li>
 *   <li><b>call-timers</b>: answer timeout, gather deadlines, conversation timers, forgetting ended calls. A timer
 *       only queues work on its call; the work checks on the strand that it still applies.</li>
 *   <li><b>prompt-N</b>, audio fetch and speech synthesis: complete a prompt's audio, which is queued on the strand
 *       before it is played.</li>
 *   <li><b>provider HTTP threads</b> (recogniser, language model, tools): complete a conversation's transcript or
 *       reply, which is queued on the strand.</li>
 * </ul>
 * Nothing but the strand reads or writes a call's state, except the few volatile fields of {@code Call} whose comments
 * name their other reader. Only the HTTP workers wait for a call, and for a bounded time before it starts their
 * command.
 *
 * <h2>What crosses, and how</h2>
 * <pre>
 *   SIP loop ───── BYE/CANCEL/ACK timeout, INFO key (stamped), new SDP ──┐
 *   rtp-receive ── key (stamped at arrival), speech start, utterance ────┤
 *   media-clock ── RTP timeout, source finished ─────────────────────────┤
 *   call-timers ── answer timeout, gather deadline, conversation timer ──┼──► strand of the call ──► CallActor
 *   prompt-N ───── prompt audio ready ───────────────────────────────────┤      (one task at a time)     │
 *   provider HTTP ─ transcript, reply ───────────────────────────────────┤                               │
 *   http-worker ── command ── CommandGate (command_id, bounded wait) ────┘ ◄── result or refusal ────────┤
 *                                                                                                        ▼
 *               CallAudio ──► RtpSession (play, stop, send keys) · RtpSession close · InviteSession (answer, BYE)
 *                                                                                           · webhook sink
 * </pre>
 *
 * <h2>Ordering</h2>
 * A call's work runs in the order it was queued, whoever queued it. A key is judged by the time it arrived, stamped
 * before any queue, so a busy strand neither turns a key just before a deadline into a timeout nor lets one press
 * through twice; everything else reads the clock when the strand gets to it. Both times come from the same clock.
 *
 * <h2>Lifecycle</h2>
 * A call is registered parked, answered or rejected by the answer timeout, and ended once; it then leaves the SIP
 * side of the registry at once and its call_control_id after ten minutes, during which commands are refused as
 * ended. Shutdown ends every live call on its strand and waits briefly for each.
 */
package io.voicegather.server.call;
