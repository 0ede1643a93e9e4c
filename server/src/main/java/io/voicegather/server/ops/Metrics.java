package io.voicegather.server.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.call.CallService;
import io.voicegather.server.call.DigitCounts;
import io.voicegather.server.media.DigitSource;
import io.voicegather.server.media.MediaEngine;
import io.voicegather.server.media.RtpStats;
import io.voicegather.server.sip.SipAdmissionCounters;
import io.voicegather.server.webhook.Outbox;
import io.voicegather.server.webhook.WebhookDispatcher;
import io.voicegather.server.webhook.WebhookSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * The server's Prometheus metrics (docs/operations.md lists them). Two kinds: counters and histograms the server
 * pushes as things happen (calls and gathers ended, webhook attempts, command times), and values read from their
 * owners at scrape time (active calls, pending webhooks, digits, RTP, SIP admission), so that nothing on a hot path
 * does more than bump a counter. One instance per server, with a registry of its own. Thread-safe.
 */
public final class Metrics {
    /** Webhook latency from record to 2xx, and command time: milliseconds to a minute. */
    private static final double[] SECONDS_BUCKETS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter callsEnded = Counter.builder().name("voicegather_calls_total")
            .help("Calls ended, by the hangup_cause of their call.hangup").labelNames("result").register(registry);
    private final Counter gathersEnded = Counter.builder().name("voicegather_gathers_total")
            .help("Gathers ended, by the status of their call.gather.ended").labelNames("status").register(registry);
    private final Counter deliveries = Counter.builder().name("voicegather_webhook_deliveries_total")
            .help("Webhook delivery attempts, by outcome: delivered (2xx), retry (failed, tried again later),"
                    + " failed (the last attempt failed: given up)")
            .labelNames("outcome").register(registry);
    private final Histogram deliverySeconds = Histogram.builder().name("voicegather_webhook_delivery_seconds")
            .help("From an event's record to its 2xx, retries included").classicOnly()
            .classicUpperBounds(SECONDS_BUCKETS).register(registry);
    private final Histogram commandSeconds = Histogram.builder().name("voicegather_command_seconds")
            .help("Call commands from request to answer, by command").labelNames("command").classicOnly()
            .classicUpperBounds(SECONDS_BUCKETS).register(registry);

    /** For the console's chart: delivered webhooks and the sum of their record-to-2xx times, since the start. */
    private final LongAdder consoleDelivered = new LongAdder();
    private final LongAdder consoleDeliveryMillis = new LongAdder();
    private volatile IntSupplier activeCalls = () -> 0;

    /**
     * What the console's chart draws, now: active calls, and the running totals it turns into webhooks a second
     * and mean delivery latency between two reads.
     */
    public ObjectNode consoleStats() {
        ObjectNode s = Json.object();
        s.put("calls_active", activeCalls.getAsInt());
        s.put("webhooks_delivered", consoleDelivered.sum());
        s.put("delivery_millis_total", consoleDeliveryMillis.sum());
        return s;
    }

    /** The webhook sink the calls emit to: {@code outbox}, counting ended calls and gathers on the way. */
    public WebhookSink counting(WebhookSink outbox) {
        return new CountingSink(outbox, this);
    }

    /** Registers the values read at scrape time; call once, when the server's parts exist. */
    public void watch(CallService calls, Outbox outbox, WebhookDispatcher dispatcher, MediaEngine media,
                      SipAdmissionCounters sip) {
        dispatcher.observe(new WebhookDispatcher.DeliveryObserver() {
            @Override
            public void delivered(long recordedToDeliveredMillis) {
                deliveries.labelValues("delivered").inc();
                deliverySeconds.observe(recordedToDeliveredMillis / 1000.0);
                consoleDelivered.increment();
                consoleDeliveryMillis.add(recordedToDeliveredMillis);
            }

            @Override
            public void willRetry() {
                deliveries.labelValues("retry").inc();
            }

            @Override
            public void gaveUp() {
                deliveries.labelValues("failed").inc();
            }
        });
        activeCalls = calls::activeCalls;
        GaugeWithCallback.builder().name("voicegather_calls_active").help("Calls not yet ended, parked or answered")
                .callback(cb -> cb.call(calls.activeCalls())).register(registry);
        GaugeWithCallback.builder().name("voicegather_webhook_outbox_pending")
                .help("Webhook events not yet delivered or given up: waiting for their commit, or committed")
                .callback(cb -> cb.call(outbox.uncommittedCount() + dispatcher.pendingCount())).register(registry);
        GaugeWithCallback.builder().name("voicegather_webhook_outbox_uncommitted")
                .help("Webhook events waiting in memory for their commit (grows while the disk refuses writes;"
                        + " bounded by --webhook-max-uncommitted)")
                .callback(cb -> cb.call(outbox.uncommittedCount())).register(registry);
        CounterWithCallback.builder().name("voicegather_webhook_events_dropped_total")
                .help("Webhook events dropped because --webhook-max-uncommitted events already waited for the disk")
                .callback(cb -> cb.call(outbox.droppedCount())).register(registry);
        DigitCounts digits = calls.digitCounts();
        CounterWithCallback.builder().name("voicegather_dtmf_digits_total")
                .help("Keys reported by call.dtmf.received, by how they came: rfc4733, inband, sip_info")
                .labelNames("source").callback(cb -> {
                    for (DigitSource source : DigitSource.values()) {
                        cb.call(digits.of(source), source.name().toLowerCase(Locale.ROOT));
                    }
                }).register(registry);
        rtpCounter("voicegather_rtp_packets_total", "RTP packets, by direction (whole datagrams, in counts every"
                + " one read, used or dropped)", "direction", media, new String[] {"in", "out"},
                s -> s.packetsIn(), s -> s.packetsOut());
        rtpCounter("voicegather_rtp_dropped_packets_total", "Incoming RTP packets not used, by reason", "reason",
                media, new String[] {"malformed", "closed", "before_start", "own_ssrc", "unknown_payload_type"},
                s -> s.dropped().malformed(), s -> s.dropped().closed(), s -> s.dropped().beforeStart(),
                s -> s.dropped().ownSsrc(), s -> s.dropped().unknownPayloadType());
        CounterWithCallback.builder().name("voicegather_rtp_lost_packets_total")
                .help("Incoming RTP packets the network lost on the way, estimated from sequence number gaps")
                .callback(cb -> cb.call(media.totals().lostIn())).register(registry);
        CounterWithCallback.builder().name("voicegather_media_clock_skipped_ticks_total")
                .help("20 ms media ticks skipped because the media clock fell too far behind (should stay 0)")
                .callback(cb -> cb.call(media.skippedTicks())).register(registry);
        sipCounter(sip);
    }

    @SafeVarargs
    private void rtpCounter(String name, String help, String label, MediaEngine media, String[] values,
                            ToLongFunction<RtpStats>... readers) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> {
            RtpStats totals = media.totals();
            for (int i = 0; i < values.length; i++) {
                cb.call(readers[i].applyAsLong(totals), values[i]);
            }
        }).register(registry);
    }

    private void sipCounter(SipAdmissionCounters sip) {
        CounterWithCallback.builder().name("voicegather_sip_refused_total")
                .help("SIP traffic refused by admission (docs/robustness.md), by reason").labelNames("reason")
                .callback(cb -> {
                    cb.call(sip.datagramsNotAllowed() + sip.connectionsNotAllowed(), "not_allowed");
                    cb.call(sip.invitesOverSourceRate(), "over_source_rate");
                    cb.call(sip.invitesOverUnansweredCap(), "over_unanswered_cap");
                    cb.call(sip.invitesWhileNotTakingCalls(), "not_taking_calls");
                    cb.call(sip.connectionsOverTotalCap(), "connections_over_total_cap");
                    cb.call(sip.connectionsOverSourceCap(), "connections_over_source_cap");
                }).register(registry);
        GaugeWithCallback.builder().name("voicegather_sip_unanswered_calls")
                .help("INVITEs waiting for their final answer (capped by --sip-max-unanswered-calls)")
                .callback(cb -> cb.call(sip.unansweredCalls())).register(registry);
    }

    void callEnded(String hangupCause) {
        callsEnded.labelValues(hangupCause).inc();
    }

    void gatherEnded(String status) {
        gathersEnded.labelValues(status).inc();
    }

    /** A call command was answered after {@code nanos}; {@code command} is its action name (answer, gather, …). */
    public void commandAnswered(String command, long nanos) {
        commandSeconds.labelValues(command).observe(nanos / 1e9);
    }

    /** The Prometheus text exposition of every metric now. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
