/**
 * Webhooks: a call's events are recorded in the outbox table, then delivered, signed, to the application.
 *
 * <h2>Threads</h2>
 * <pre>
 *  call strands, timers ──emit──▶ [queue] ──▶ webhook-outbox-writer ──commit (one fsync per batch)──┐
 *  (never wait)                     ▲              │ also: bookkeeping, call records, lane refills   │
 *                                   │              ▼                                               ▼
 *                                   │        handed over in seq order ──▶ WebhookDispatcher lanes (one per call)
 *                                   │                                              │ ready lane, free slot
 *                                   │                                              ▼
 *                                   │                                  webhook-worker-N: build, sign (Ed25519Signer)
 *                                   │                                              │
 *                                   │                                              ▼
 *                                   └── delivered / retry / failed ◀── webhook-http (https: the JDK's HttpClient)
 *                                                                                   │ retry later
 *                                                                          webhook-timer: backoff delays
 * </pre>
 * <ul>
 *   <li><b>Emitters</b> (a call's strand, timers) build the envelope's {@code data} and queue the row; they never
 *       wait for the disk or the network. While the disk refuses writes the queue is bounded
 *       ({@code --webhook-max-uncommitted}): new calls and commands are refused from four fifths of it, an event
 *       past it is dropped and counted (docs/webhooks.md, "When the disk refuses writes").</li>
 *   <li><b>webhook-outbox-writer</b> owns the database connection's writes for this package: it commits whatever
 *       is queued in one transaction and only then hands new rows to the dispatcher, in seq order. A failed commit
 *       is retried with its events, never dropped.</li>
 *   <li><b>webhook-worker-N</b> builds and signs a request for a lane that is ready and has a request slot.</li>
 *   <li><b>webhook-http</b> ({@link io.voicegather.server.webhook.PlainHttpTransport}) sends to {@code http}
 *       targets over kept-alive connections, reads the response and records the outcome (queued writes, the
 *       lane's next event). {@code https} targets go through the JDK's HttpClient: its selector thread sends, and
 *       a <b>common pool</b> thread records the outcome. None of them touches the database.</li>
 *   <li><b>webhook-timer</b> waits out retry delays and puts the lane back in the ready queue.</li>
 *   <li><b>node-lease</b> (PostgreSQL only, {@link io.voicegather.server.cluster.LeaseKeeper}) renews the node's
 *       lease and claims dead nodes: it moves their lanes in its own transaction, then hands them to the dispatcher
 *       ({@link io.voicegather.server.webhook.WebhookDispatcher#adopt}) and emits their calls' hangups like any
 *       emitter. Workers read its verdict ({@link io.voicegather.server.cluster.NodeLease#holds}) before each
 *       request; the writer checks the lease in the database first in each transaction
 *       ({@link io.voicegather.server.webhook.WriteFence}).</li>
 * </ul>
 * What crosses between them: rows (immutable {@link io.voicegather.server.webhook.OutboxEntry}) through the
 * writer's queue and the lanes; a lane's fields are guarded by the lane itself; request slots are counters
 * ({@link io.voicegather.server.webhook.TargetSlots}).
 *
 * <h2>Ordering</h2>
 * One writer, first in first out, so a call's events commit in the order they were emitted; one event in progress
 * per call, so they arrive in that order with no gap. docs/webhooks.md states the promises to the application.
 */
package io.voicegather.server.webhook;
