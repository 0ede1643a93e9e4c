/**
 * RTP media for every call of the server on two threads, whatever the number of calls.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>rtp-receive</b> ({@link io.voicegather.server.media.MediaEngine}): one Selector over every session's RTP
 *       and RTCP socket. Owns the reading of packets and, per session, the inbound decode buffer, the in-band DTMF
 *       detector and the receive counters ({@link io.voicegather.server.media.RtpStats}). Registers the sockets of
 *       new sessions. Calls {@link io.voicegather.server.media.MediaListener#onDigit} and {@code onAudio}.</li>
 *   <li><b>media-clock</b>: one tick per packet time (20 ms) on absolute time
 *       ({@link io.voicegather.server.media.TickSchedule}); each tick sends every started session's next packet.
 *       Owns, per session, the outgoing stream (sequence, timestamp, send buffer), the playback slot and the
 *       {@link io.voicegather.server.media.AudioSource} in it, the DTMF sender's current key, the inactivity
 *       check and the send counters. Calls {@code onRtpTimeout} and {@code AudioSource.finished}. Retires closed
 *       sessions after its tick.</li>
 *   <li><b>callers</b> (call strands, the SIP loop, HTTP workers): open, start, update, play, stop, send keys and
 *       close. They own nothing here: each request is a whole-value swap, a message the media threads pick up,
 *       or (close) the closing of the session's sockets. The receive thread is a caller too: a barge-in stops
 *       playback from inside {@code onAudio}.</li>
 * </ul>
 * No thread belongs to one call, and neither media thread blocks, allocates per packet (but for the JDK
 * selector's boxed file descriptor, see docs/configuration.md) or logs per packet.
 * Prompt audio is fetched and decoded before it gets here, on the {@code audio-fetch-N} and {@code mp3-decode}
 * threads of {@code media.play}, and handed over as a whole {@link io.voicegather.server.media.play.PcmAudio}.
 *
 * <h2>What crosses, and how</h2>
 * <pre>
 *   callers      open(): toRegister queue -----------------------------> rtp-receive registers the sockets
 *                start()/update(): Negotiated, one volatile record ----> both media threads
 *                play()/stopPlayback(): playback-change queue ---------> media-clock, top of its next tick
 *                sendDtmf(): the DTMF sender's request queue ----------> media-clock, a key at a time
 *                close(): closed flag; out of the clock's copy-on-write
 *                         array; into the toRetire queue --------------> media-clock retires it after the tick
 *
 *   rtp-receive  latched peer address, last packet time (volatile) ----> media-clock: where to send, time-out
 *                digits, inbound audio (MediaListener) ----------------> call strands, by their own hand-off
 *                receive counters (volatile, one writer) --------------> stats() on any thread
 *
 *   media-clock  onRtpTimeout, AudioSource.finished -------------------> call strands, by their own hand-off
 *                send counters (volatile, one writer) -----------------> stats() on any thread
 * </pre>
 * The RFC 4733 receiver is the one piece both media threads touch (packets on rtp-receive, the end-of-key check on
 * media-clock), under its own lock.
 *
 * <h2>Ordering</h2>
 * Changes a caller makes to one session take effect in the order made, at a packet boundary: a playback change at
 * the first tick after it was queued, a re-negotiation at the next packet of either thread. Nothing orders the
 * two media threads with each other beyond the volatile fields above.
 *
 * <h2>Lifecycle</h2>
 * See {@link io.voicegather.server.media.RtpSession} and {@link io.voicegather.server.media.MediaEngine} for what
 * close guarantees: after {@code RtpSession.close} only the clock's tick under way may still touch the session,
 * and every source in its playback slot hears its end once.
 */
package io.voicegather.server.media;
