package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty overlapping calls: four SIPp processes, each placing five calls that all press that process's own digits.
 * The app reacts to webhooks only (answer and gather on call.initiated, hangup on call.gather.ended), as a real
 * app would. Every call must end with exactly its own digits: none lost, none crossed between calls.
 */
class ConcurrentCallsEndToEndTest {
    private static final int PROCESSES = 4;
    private static final int CALLS_PER_PROCESS = 5;
    private static final int CALLS = PROCESSES * CALLS_PER_PROCESS;
    private static final int MEDIA_PORTS_PER_PROCESS = 8 * CALLS_PER_PROCESS + 8;
    private static final List<String> DIGITS = List.of("13579", "24680", "97531", "86420");

    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(2 * CALLS + 40);

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void twentyConcurrentCalls() throws Exception {
        ExecutorService app = Executors.newFixedThreadPool(8);
        List<String> commandFailures = new CopyOnWriteArrayList<>();
        Map<String, String> callerOf = new ConcurrentHashMap<>();
        Map<String, String> gatherIdOf = new ConcurrentHashMap<>();   // gather_id is at most 40 characters
        Set<String> handled = ConcurrentHashMap.newKeySet();
        AtomicInteger peakActive = new AtomicInteger();
        server.hooks.onEvent(e -> {
            if (!handled.add(E2eServer.eventId(e))) {
                return;   // a repeated delivery (at least once): already acted on
            }
            String from = e.payload().path("from").asText();
            if (!from.startsWith("crowd")) {
                return;
            }
            String id = e.callControlId();
            switch (e.eventType()) {
                case "call.initiated" -> {
                    callerOf.put(id, from);
                    peakActive.accumulateAndGet(server.server.activeCalls(), Math::max);
                    String gatherId = "g-" + gatherIdOf.size() + "-" + from;
                    gatherIdOf.put(id, gatherId);
                    app.execute(() -> run(commandFailures, () -> {
                        server.command(id, "answer", body());
                        server.command(id, "gather", body().put("gather_id", gatherId)
                                .put("initial_timeout_millis", 15000).put("inter_digit_timeout_millis", 15000));
                    }));
                }
                case "call.gather.ended" -> app.execute(() -> run(commandFailures, () -> server.hangup(id)));
                default -> { }
            }
        });
        List<Sipp.Running> phones = new ArrayList<>();
        try {
            // one block for all processes, so that no two of them can be given overlapping media ports
            int mediaBase = QuietPorts.forPhone(PROCESSES * MEDIA_PORTS_PER_PROCESS);
            for (int p = 0; p < PROCESSES; p++) {
                // a folder per process: each start writes its scenario file, which another SIPp may be reading
                Path own = Files.createDirectories(dir.resolve("crowd" + p));
                Path pcap = SippCaller.keys().digits(DIGITS.get(p) + "#").silence(200)
                        .write(own.resolve("crowd" + p + ".pcap"));
                phones.add(Sipp.uac("uac_wait_bye.xml", server.sipTarget(), own).caller("crowd" + p)
                        .callIdPrefix("crowd" + p).mediaPort(mediaBase + p * MEDIA_PORTS_PER_PROCESS).pcap(pcap)
                        .calls(CALLS_PER_PROCESS).args("-r", "5", "-rp", "1000", "-l", "" + CALLS_PER_PROCESS)
                        .recvTimeout(Duration.ofSeconds(25)).timeout(Duration.ofSeconds(60)).start());
            }
            for (Sipp.Running phone : phones) {
                Sipp.Result result = phone.await();
                assertThat(result.successfulCalls()).as(() -> result.describe() + "\napp failures: "
                        + commandFailures + "\nwebhooks per call:\n" + webhooksPerCall()
                        + server.rtpRangeSockets()).isEqualTo(CALLS_PER_PROCESS);
                SippCaller.assertSucceeded(result, CALLS_PER_PROCESS);
            }
            org.awaitility.Awaitility.await().atMost(E2eServer.WAIT).until(() -> crowd("call.hangup").size() == CALLS);
        } finally {
            phones.forEach(Sipp.Running::close);
            server.hooks.onEvent(e -> { });
            app.shutdown();
            app.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(commandFailures).isEmpty();
        assertThat(peakActive.get()).as("calls up at the same time").isGreaterThanOrEqualTo(8);
        assertThat(callerOf).hasSize(CALLS);
        assertThat(crowd("call.initiated")).hasSize(CALLS);   // one event id per call, however often delivered
        List<WebhookReceiver.Event> ended = crowd("call.gather.ended");
        assertThat(ended).hasSize(CALLS);
        assertThat(ended).extracting(WebhookReceiver.Event::callControlId).doesNotHaveDuplicates();
        for (WebhookReceiver.Event e : ended) {
            String id = e.callControlId();
            String expected = DIGITS.get(callerOf.get(id).charAt(5) - '0');
            assertThat(e.payload().path("status").asText()).as(e.payload().toString()).isEqualTo("valid");
            assertThat(e.payload().path("digits").asText()).as(e.payload().toString()).isEqualTo(expected);
            assertThat(e.payload().path("gather_id").asText()).isEqualTo(gatherIdOf.get(id));
            assertThat(server.dtmfDigits(id)).isEqualTo(expected + "#");
            assertThat(server.events(id, "call.hangup")).hasSize(1);
        }
        assertThat(server.server.activeCalls()).isZero();
        server.assertAllSignaturesValid();
    }

    /** The crowd's events of one type, repeats of the same delivery dropped. */
    private List<WebhookReceiver.Event> crowd(String eventType) {
        Set<String> seen = new HashSet<>();
        return server.hooks.events().stream().filter(e -> e.eventType().equals(eventType)
                && e.payload().path("from").asText().startsWith("crowd") && seen.add(E2eServer.eventId(e))).toList();
    }

    /** For failure messages: each crowd call with the events it received, with digits and gather statuses. */
    private String webhooksPerCall() {
        StringBuilder b = new StringBuilder();
        crowd("call.initiated").forEach(init -> {
            b.append(init.payload().path("from").asText()).append(' ').append(init.callControlId()).append(':');
            server.events(init.callControlId()).forEach(e -> b.append(' ').append(e.eventType())
                    .append(e.payload().has("digit") ? "=" + e.payload().path("digit").asText() : "")
                    .append(e.payload().has("status") ? "=" + e.payload().path("status").asText() : ""));
            b.append('\n');
        });
        return b.toString();
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs an app reaction; a failure is recorded for the test thread (an exception here would be lost). */
    private static void run(List<String> failures, Step step) {
        try {
            step.run();
        } catch (Throwable t) {
            failures.add(t.toString());
        }
    }
}
