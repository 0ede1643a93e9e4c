package io.voicegather.server.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --node-id and --cluster-nodes, row by row: what is taken, and what is refused with which message. */
class ClusterSettingsTest {
    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // --node-id | --cluster-nodes | the other nodes found, or the start of the refusal
            "0     | ''                                              | {}",
            "1     | 1=http://10.0.0.1:8080,2=http://10.0.0.2:8080   | {2=http://10.0.0.2:8080}",
            "2     | ' 1 = http://h1:8080 , 2=http://h2:9090/ '      | {1=http://h1:8080}",
            "65535 | 0=https://a.example:443                         | {0=https://a.example:443}",
            "65536 | ''                                              | ! --node-id must be 0-65535, not 65536",
            "-1    | ''                                              | ! --node-id must be 0-65535",
            "one   | ''                                              | ! --node-id must be a number",
            "1     | 2                                               | ! --cluster-nodes: '2' is not N=http://host:port",
            "1     | x=http://h:1                                    | ! --cluster-nodes: 'x=http://h:1' does not start with a node number",
            "1     | 70000=http://h:1                                | ! --cluster-nodes: node 70000 is not 0-65535",
            "1     | 2=ftp://h:1                                     | ! --cluster-nodes: '2=ftp://h:1' must be http(s)://host:port",
            "1     | 2=http://h:1/v2                                 | ! --cluster-nodes: '2=http://h:1/v2' must be http(s)://host:port",
            "1     | 2=http://h:1,2=http://h:2                       | ! --cluster-nodes: node 2 is listed twice",
    })
    void rows(String nodeId, String nodes, String expected) {
        String[] args = {"--node-id", nodeId, "--cluster-nodes", nodes};
        if (expected.startsWith("!")) {
            assertThatThrownBy(() -> ConfigLoader.load(args, Map.of())).hasMessageStartingWith(expected.substring(2));
            return;
        }
        ClusterSettings cluster = ConfigLoader.load(args, Map.of()).cluster();
        StringBuilder others = new StringBuilder("{");
        cluster.peers().keySet().stream().sorted().filter(id -> cluster.otherNode(id) != null).forEach(id ->
                others.append(others.length() > 1 ? ", " : "").append(id).append('=')
                        .append(cluster.otherNode(id).toString().replaceAll("/$", "")));
        assertThat(others.append('}').toString()).isEqualTo(expected);
    }
}
