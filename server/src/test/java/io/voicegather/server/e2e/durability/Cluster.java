package io.voicegather.server.e2e.durability;

import io.voicegather.server.call.CallIds;
import io.voicegather.server.e2e.durability.PinnedPortReceiver.Delivery;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.Kamailio;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.PostgresServer;
import io.voicegather.server.webhook.SigningKeys;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole cluster for an end-to-end test, every part real: a fresh database on the shared PostgreSQL, N server
 * JVMs ({@link ServerProcess}, node ids 1 to N, each listing all of them in --cluster-nodes), Kamailio in front of
 * them (probing every second) and one webhook endpoint ({@link PinnedPortReceiver}) for all nodes, which verifies
 * with the cluster's one signing key. Node 1 starts first: it seeds that key. {@link #close()} stops everything and,
 * unless the test called {@link #passed()}, prints every node's output.
 */
final class Cluster implements AutoCloseable {
    private final DatabaseSettings db;
    private final PinnedPortReceiver app;
    private final Map<Integer, ServerPorts> ports;
    private final Map<Integer, ServerProcess> servers = new LinkedHashMap<>();
    private final String apiKey;
    private Kamailio front;
    private boolean passed;

    private Cluster(DatabaseSettings db, PinnedPortReceiver app, Map<Integer, ServerPorts> ports, String apiKey) {
        this.db = db;
        this.app = app;
        this.ports = ports;
        this.apiKey = apiKey;
    }

    /**
     * Starts the cluster in dir: nodes servers with rtpPorts RTP ports each, the flags every node gets (data
     * folder, ports, API key, webhook URL, node id and list, database) and then moreFlags; returns once every node
     * has printed its start banner with the cluster's key and Kamailio answers.
     */
    static Cluster start(Path dir, String databasePrefix, String apiKey, int nodes, int rtpPorts, Duration wait,
                         String... moreFlags) throws Exception {
        Sipp.requirePcapPlayback();
        Kamailio.requireInstalled();
        DatabaseSettings db = PostgresServer.shared().createDatabase(databasePrefix + "_" + System.nanoTime());
        // the cluster's signing key, made before any node starts (node 1 seeds it from its data folder), so that
        // the endpoint can listen before the nodes take ports
        String publicKey = SigningKeys.loadOrCreate(dir.resolve("node-1")).publicKeyBase64();
        Map<Integer, ServerPorts> ports = new LinkedHashMap<>();
        StringBuilder list = new StringBuilder();
        for (int n = 1; n <= nodes; n++) {
            ports.put(n, ServerPorts.free(rtpPorts));
            list.append(n == 1 ? "" : ",").append(n).append("=http://127.0.0.1:").append(ports.get(n).http());
        }
        Cluster cluster = new Cluster(db, PinnedPortReceiver.start(0, publicKey), ports, apiKey);
        try {
            for (int n = 1; n <= nodes; n++) { // node 1 first: it seeds the cluster's signing key
                List<String> flags = new ArrayList<>(ports.get(n).flags(dir.resolve("node-" + n), apiKey,
                        "--webhook-url", "http://127.0.0.1:" + cluster.app.port() + "/hooks", "--node-id",
                        Integer.toString(n), "--cluster-nodes", list.toString(), "--database-url", db.url(),
                        "--database-user", db.user(), "--database-password", db.password()));
                flags.addAll(List.of(moreFlags));
                ServerProcess server = ServerProcess.start(flags, dir.resolve("node-" + n + ".log"));
                cluster.servers.put(n, server);
                assertThat(server.awaitStarted(wait)).as("one key for the cluster").isEqualTo(publicKey);
            }
            List<String> sipTargets = ports.values().stream().map(p -> "127.0.0.1:" + p.sip()).toList();
            cluster.front = Kamailio.start(dir.resolve("kamailio"), sipTargets, 1);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    DatabaseSettings db() {
        return db;
    }

    /** The webhook endpoint of every node. */
    PinnedPortReceiver app() {
        return app;
    }

    /** Kamailio, where phones send their calls. */
    Kamailio front() {
        return front;
    }

    /** The node numbers, 1 to N. */
    Set<Integer> nodes() {
        return ports.keySet();
    }

    ServerPorts ports(int node) {
        return ports.get(node);
    }

    ServerProcess server(int node) {
        return servers.get(node);
    }

    /** A REST client of one node, with the cluster's API key. */
    ApiClient api(int node) {
        return ports.get(node).api(apiKey);
    }

    /** The test got to its end: close() need not print the nodes' output. */
    void passed() {
        passed = true;
    }

    /**
     * A SIPp phone calling Kamailio from its own SIP port, with the From user caller and Call-IDs starting with it;
     * calls of the scenario, media ports for them, playing pcap, 500 ms plain pauses, waiting up to recvTimeout
     * for a request or answer, then any further SIPp arguments (e.g. a call rate).
     */
    Sipp.Running call(String caller, String scenario, Path pcap, int calls, Duration recvTimeout,
                      Duration timeout, String... args) throws Exception {
        return Sipp.uac(scenario, front.target(), pcap.getParent().resolve(caller)).caller(caller)
                .localPort(FreePorts.udpAndTcp()).mediaPort(FreePorts.block(4 * calls + 4)).pcap(pcap)
                .callIdPrefix(caller).calls(calls).pause(Duration.ofMillis(500)).recvTimeout(recvTimeout)
                .timeout(timeout).args(args).start();
    }

    static String callId(Delivery d) {
        return d.payload().path("call_control_id").asText();
    }

    /** The node that owns the call of an event: the one named in its call_control_id. */
    static int nodeOf(Delivery d) {
        return CallIds.nodeOf(callId(d));
    }

    /** The accepted (well signed, not refused) deliveries of one call, in arrival order. */
    static List<Delivery> accepted(PinnedPortReceiver app, String callControlId) {
        return app.deliveries().stream().filter(d -> d.rejectReason() == null && d.payload() != null
                && callControlId.equals(callId(d))).toList();
    }

    /** The first column of every row of a query on the cluster's database. */
    static List<String> rows(DatabaseSettings db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Override
    public void close() throws Exception {
        if (!passed) { // the nodes' logs, for the report of a failure
            servers.forEach((n, server) -> System.out.println("---- node " + n + "\n" + server.output()));
        }
        if (front != null) {
            front.close();
        }
        app.close();
        for (ServerProcess server : servers.values()) {
            server.close();
        }
    }
}
