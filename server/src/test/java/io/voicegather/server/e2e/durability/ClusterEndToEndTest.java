package io.voicegather.server.e2e.durability;

import io.voicegather.server.call.CallIds;
import io.voicegather.server.e2e.durability.PinnedPortReceiver.Delivery;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.voicegather.server.e2e.durability.Cluster.accepted;
import static io.voicegather.server.e2e.durability.Cluster.callId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster as an application sees it, every part real: three server JVMs on one PostgreSQL behind Kamailio,
 * SIPp phones calling Kamailio and pressing keys (RFC 4733 events in their pcap), one webhook endpoint for all
 * nodes. The app sends every command of a call (answer, gather, hangup) to a node that does not own it (the owner
 * is the node named in the call_control_id), so each one is forwarded.
 * <ul>
 *     <li>30 calls land on at least two nodes; each one's commands, all sent to another node, work: every gather
 *     ends {@code valid} with the caller's digits and every call gets its call.hangup.</li>
 *     <li>A node drained (POST /admin/drain) while it has a live call finishes that call (its gather, started
 *     before the drain, ends with the caller's digits after it) and takes no new one: calls placed after the
 *     drain all land on the other nodes; once idle, the drained node exits by itself.</li>
 * </ul>
 */
class ClusterEndToEndTest {
    private static final String API_KEY = "cluster-key";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int NODES = 3;
    /** The first calls: PHONES phones of CALLS_PER_PHONE calls each, each phone its own digits. */
    private static final int PHONES = 5;
    private static final int CALLS_PER_PHONE = 6;
    private static final List<String> DIGITS = List.of("12", "34", "56", "78", "90");
    /**
     * Silence before the first key, after the ACK: the margin for the app to start its gather (two forwarded
     * commands) before any key comes, on a loaded machine.
     */
    private static final int LEAD_MS = 3000;
    /** The calls live across the drain wait longer before their keys, so that their gathers end after it. */
    private static final int STAYER_LEAD_MS = 10_000;
    private static final int STAYERS = 3;
    private static final int LATECOMERS = 6;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService commands = Executors.newFixedThreadPool(4);
    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    /** The drained node, once drained (0 before): no more commands go through it, it will exit. */
    private volatile int drained;

    @TempDir
    Path dir;

    /** One command the app sent: to which node, for a call owned by which node, and the answer. */
    record Sent(String callControlId, String action, int owner, int sentTo, int status, String body) {
    }

    @Test
    @Timeout(value = 360, unit = TimeUnit.SECONDS)
    void callsSpreadOverNodesAnyNodeTakesTheirCommandsAndADrainedNodeFinishesItsCallsButTakesNoNewOnes()
            throws Exception {
        List<Sipp.Running> phones = new ArrayList<>();
        try (Cluster cluster = Cluster.start(dir, "cluster_e2e", API_KEY, NODES, 64, WAIT)) {
            PinnedPortReceiver app = cluster.app();
            app.onEvent(d -> commands.execute(() -> onEvent(cluster, d)));

            // 30 calls, about 3 a second, each answered, gathered and hung up through a node that does not own it
            for (int k = 0; k < PHONES; k++) {
                Path pcap = keys(LEAD_MS, DIGITS.get(k)).write(dir.resolve("keys-" + k + ".pcap"));
                phones.add(cluster.call("phone" + k, "uac_wait_bye.xml", pcap, CALLS_PER_PHONE,
                        Duration.ofSeconds(60), Duration.ofSeconds(150), "-r", "1", "-rp", "1500"));
            }
            for (Sipp.Running phone : phones) {
                assertSucceeded(phone.await(), CALLS_PER_PHONE, cluster);
            }
            Map<String, String> first = new LinkedHashMap<>();
            for (int k = 0; k < PHONES; k++) {
                first.putAll(initiated(app, "phone" + k, DIGITS.get(k)));
            }
            assertThat(first).as("one call.initiated per call").hasSize(PHONES * CALLS_PER_PHONE);
            assertThat(first.keySet().stream().map(CallIds::nodeOf).distinct()).as("calls on several nodes")
                    .hasSizeGreaterThanOrEqualTo(2).allMatch(n -> n >= 1 && n <= NODES);
            awaitHangups(app, first.keySet());
            assertGathersAndForwardedCommands(app, first);

            // calls up on every node; one node is drained while its call waits for the caller's keys
            Path stayerPcap = keys(STAYER_LEAD_MS, "21").write(dir.resolve("stayer.pcap"));
            Sipp.Running stayerPhone = cluster.call("stayer", "uac_wait_bye.xml", stayerPcap, STAYERS,
                    Duration.ofSeconds(60), Duration.ofSeconds(150), "-r", "10");
            phones.add(stayerPhone);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).alias("the stayers' gathers started")
                    .until(() -> initiated(app, "stayer", "21").size() == STAYERS && initiated(app, "stayer", "21")
                            .keySet().stream().allMatch(id -> commandWorked(id, "gather")));
            Map<String, String> stayers = initiated(app, "stayer", "21");
            int victim = CallIds.nodeOf(stayers.keySet().iterator().next());
            List<String> victimCalls = stayers.keySet().stream().filter(id -> CallIds.nodeOf(id) == victim).toList();

            drained = victim;
            HttpResponse<String> drain = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + cluster.ports(victim).http() + "/admin/drain"))
                    .header("Authorization", "Bearer " + API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(drain.statusCode()).as(drain.body()).isEqualTo(202);
            assertThat(victimCalls).as("the drained node's calls were still waiting for their keys")
                    .allMatch(id -> events(app, id, "call.gather.ended").isEmpty());

            // new calls while the drained node still has its call: they all go to the other nodes
            Path latecomerPcap = keys(LEAD_MS, "43").write(dir.resolve("latecomer.pcap"));
            Sipp.Running latecomerPhone = cluster.call("latecomer", "uac_wait_bye.xml", latecomerPcap, LATECOMERS,
                    Duration.ofSeconds(60), Duration.ofSeconds(150), "-r", "2");
            phones.add(latecomerPhone);
            assertSucceeded(latecomerPhone.await(), LATECOMERS, cluster);
            assertSucceeded(stayerPhone.await(), STAYERS, cluster);
            Map<String, String> latecomers = initiated(app, "latecomer", "43");
            assertThat(latecomers).hasSize(LATECOMERS);
            assertThat(latecomers.keySet()).as("no new call on the drained node %d", victim)
                    .noneMatch(id -> CallIds.nodeOf(id) == victim);
            Map<String, String> second = new LinkedHashMap<>(stayers);
            second.putAll(latecomers);
            awaitHangups(app, second.keySet());
            // the drained node's calls went on: their gathers, started before the drain, ended with their keys
            assertGathersAndForwardedCommands(app, second);
            assertThat(victimCalls).isNotEmpty();

            Integer exit = cluster.server(victim).awaitExit(WAIT);
            assertThat(exit).as("the drained node, idle, exits by itself").isEqualTo(0);
            assertThat(failures).as("the app's commands").isEmpty();
            System.out.println("calls per node " + perNode(first.keySet()) + "; node " + victim + " drained with "
                    + victimCalls.size() + " live call(s); after the drain, calls per node "
                    + perNode(latecomers.keySet()));
            cluster.passed();
        } finally {
            for (Sipp.Running phone : phones) {
                phone.close();
            }
            commands.shutdownNow();
        }
    }

    private static Map<Integer, Long> perNode(Collection<String> ids) {
        return ids.stream().collect(Collectors.groupingBy(CallIds::nodeOf, TreeMap::new, Collectors.counting()));
    }

    /** RFC 4733 keys of 100 ms with 150 ms gaps after leadMs of silence, then "#" ending the gather. */
    private static RtpPcapWriter keys(int leadMs, String digits) {
        return new RtpPcapWriter().toneMs(100).gapMs(150).silence(leadMs).digits(digits + "#").silence(200);
    }

    /** The app: answers and gathers every new call, hangs it up when its gather ends, never through its owner. */
    private void onEvent(Cluster cluster, Delivery d) {
        if (!handled.add(d.id())) {
            return; // delivered again (at least once): already acted on
        }
        try {
            String id = callId(d);
            switch (d.eventType()) {
                case "call.initiated" -> {
                    send(cluster, id, "answer", "{}");
                    send(cluster, id, "gather", "{\"maximum_digits\":10,\"terminating_digit\":\"#\","
                            + "\"initial_timeout_millis\":60000,\"inter_digit_timeout_millis\":10000}");
                }
                case "call.gather.ended" -> send(cluster, id, "hangup", "{}");
                default -> {
                }
            }
        } catch (Exception | AssertionError e) {
            failures.add(e);
        }
    }

    private void send(Cluster cluster, String id, String action, String body) throws Exception {
        int owner = CallIds.nodeOf(id);
        List<Integer> others = cluster.nodes().stream().filter(n -> n != owner && n != drained).toList();
        int to = others.get(Math.floorMod(turn.getAndIncrement(), others.size()));
        ApiClient.Response r = cluster.api(to).action(id, action, body);
        sent.add(new Sent(id, action, owner, to, r.status(), r.body()));
    }

    private boolean commandWorked(String id, String action) {
        return sent.stream().anyMatch(s -> s.callControlId().equals(id) && s.action().equals(action)
                && s.status() == 200);
    }

    /** call_control_id to the digits its caller presses, for the calls of one phone (From user), in order. */
    private static Map<String, String> initiated(PinnedPortReceiver app, String caller, String digits) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Delivery d : app.deliveries()) {
            if (d.rejectReason() == null && d.eventType().equals("call.initiated")
                    && caller.equals(d.payload().path("from").asText())) {
                out.put(callId(d), digits);
            }
        }
        return out;
    }

    private static List<Delivery> events(PinnedPortReceiver app, String id, String type) {
        return accepted(app, id).stream().filter(d -> d.eventType().equals(type)).toList();
    }

    private static void awaitHangups(PinnedPortReceiver app, Iterable<String> ids) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).alias("every call's call.hangup")
                .until(() -> {
                    for (String id : ids) {
                        if (events(app, id, "call.hangup").isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /**
     * Each call's gather ended valid with its caller's digits, and its three commands were each sent once to a node
     * that does not own the call and answered 200.
     */
    private void assertGathersAndForwardedCommands(PinnedPortReceiver app, Map<String, String> calls) {
        for (Map.Entry<String, String> call : calls.entrySet()) {
            String id = call.getKey();
            List<Delivery> ended = events(app, id, "call.gather.ended");
            assertThat(ended).as("gather of %s", id).isNotEmpty();
            assertThat(ended).as("gather of %s", id).allSatisfy(d -> {
                assertThat(d.payload().path("status").asText()).isEqualTo("valid");
                assertThat(d.payload().path("digits").asText()).isEqualTo(call.getValue());
            });
            List<Sent> commandsOfCall = sent.stream().filter(s -> s.callControlId().equals(id)).toList();
            assertThat(commandsOfCall).extracting(Sent::action).as("commands of %s", id)
                    .containsExactlyInAnyOrder("answer", "gather", "hangup");
            assertThat(commandsOfCall).as("commands of %s", id).allSatisfy(s -> {
                assertThat(s.sentTo()).as("sent to a node that does not own the call").isNotEqualTo(s.owner());
                assertThat(s.status()).as(s.action() + ": " + s.body()).isEqualTo(200);
            });
        }
    }

    private static void assertSucceeded(Sipp.Result r, int calls, Cluster cluster) {
        assertThat(r.exitCode()).as(r.describe() + cluster.front().log()).isZero();
        assertThat(r.successfulCalls()).as(r.describe()).isEqualTo(calls);
        assertThat(r.failedCalls()).as(r.describe()).isZero();
    }
}
