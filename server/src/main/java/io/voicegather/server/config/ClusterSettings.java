package io.voicegather.server.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This node's number in a cluster and where the others' APIs are. The node's number is written into every
 * call_control_id it makes, so any node can tell a call's owner from its id and forward the call's commands there
 * (docs/cluster.md). A single server is node 0 with no peers, and forwards nothing.
 *
 * @param nodeId this node, 0–65535
 * @param peers  every node's API base (scheme, host, port: {@code http://10.0.0.12:8080}) by its number; may list
 *               this node too
 * @param lease  how this node keeps its lease on a shared PostgreSQL (unused on SQLite)
 */
public record ClusterSettings(int nodeId, Map<Integer, URI> peers, NodeLeaseSettings lease) {
    public static final ClusterSettings SINGLE = new ClusterSettings(0, Map.of());
    public static final int MAX_NODE_ID = 0xFFFF;

    public ClusterSettings {
        if (nodeId < 0 || nodeId > MAX_NODE_ID) {
            throw new IllegalArgumentException("--node-id must be 0-" + MAX_NODE_ID + ", not " + nodeId);
        }
        peers = Map.copyOf(peers);
        java.util.Objects.requireNonNull(lease, "lease");
    }

    public ClusterSettings(int nodeId, Map<Integer, URI> peers) {
        this(nodeId, peers, NodeLeaseSettings.DEFAULT);
    }

    /** The API base of node {@code id} when it is another node of the cluster; null otherwise. */
    public URI otherNode(int id) {
        return id == nodeId ? null : peers.get(id);
    }

    /** {@code --cluster-nodes}: comma-separated {@code N=http://host:port}; empty for none. */
    static Map<Integer, URI> parsePeers(String value) {
        Map<Integer, URI> out = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String item : value.split(",")) {
            String entry = item.trim();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--cluster-nodes: '" + entry + "' is not N=http://host:port");
            }
            int id;
            try {
                id = Integer.parseInt(entry.substring(0, eq).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--cluster-nodes: '" + entry + "' does not start with a node number");
            }
            if (id < 0 || id > MAX_NODE_ID) {
                throw new IllegalArgumentException("--cluster-nodes: node " + id + " is not 0-" + MAX_NODE_ID);
            }
            URI uri;
            try {
                uri = URI.create(entry.substring(eq + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cluster-nodes: '" + entry + "' has no valid URL");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                throw new IllegalArgumentException("--cluster-nodes: '" + entry
                        + "' must be http(s)://host:port, without a path");
            }
            if (out.put(id, uri) != null) {
                throw new IllegalArgumentException("--cluster-nodes: node " + id + " is listed twice");
            }
        }
        return out;
    }
}
