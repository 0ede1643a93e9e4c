package io.voicegather.server.config;

import io.voicegather.server.sip.SipAdmissionSettings;
import io.voicegather.server.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the server is told at start. Built by {@link ConfigLoader} from flags, environment and defaults.
 *
 * @param advertisedHost the address put in SDP and Contact headers (what phones send media and requests to)
 * @param database       the embedded SQLite database in the data folder, or a PostgreSQL server (a cluster's)
 * @param apiKeys        accepted Bearer keys; empty means one is generated and kept in the data folder
 * @param answerTimeout  a call not answered by the application within this time is rejected (480)
 * @param connectionId   the {@code connection_id} reported in webhooks
 * @param ai             speech-to-text and language-model providers
 * @param ttsCacheMaxBytes   budget for rendered speech kept in {@code <dataDir>/tts-cache}; 0 keeps none on disk
 * @param audioCacheMaxBytes budget for fetched prompts kept in {@code <dataDir>/audio-cache}; 0 keeps none on disk
 * @param cluster        this node's number and the other nodes' APIs, for forwarding a call's commands to its owner
 * @param drainTimeout   how long a draining server waits for its calls to end before it stops anyway
 * @param logFormat      how log lines are written to standard error
 * @param commandWait    how long a REST command waits for its call to start it before it is refused (503) unapplied
 * @param sipAdmission   who may reach SIP and how much: allow list, INVITE rate, unanswered calls, TCP caps
 * @param webhookMaxUncommitted events held in memory at most while the disk refuses writes (docs/webhooks.md)
 * @param audioUrlBlockPrivate  refuse audio_url whose address is not public (loopback, private, link-local...)
 * @param demo           run the demo application found on the class path and send webhooks to it (webhookUrl is null)
 * @param devPhonePort   the dev phone's WebSocket port on the HTTP host (docs/dev-phone.md); 0: no dev phone
 */
public record ServerConfig(String httpHost,
                           int httpPort,
                           String sipHost,
                           int sipPort,
                           String advertisedHost,
                           int rtpPortMin,
                           int rtpPortMax,
                           Duration rtpTimeout,
                           Duration answerTimeout,
                           Path dataDir,
                           DatabaseSettings database,
                           String webhookUrl,
                           String webhookFailoverUrl,
                           Duration webhookTimeout,
                           Duration webhookGiveUpAfter,
                           List<String> apiKeys,
                           TtsSettings tts,
                           String connectionId,
                           AiSettings ai,
                           long ttsCacheMaxBytes,
                           long audioCacheMaxBytes,
                           Duration commandWait,
                           SipAdmissionSettings sipAdmission,
                           LogFormat logFormat,
                           Duration drainTimeout,
                           ClusterSettings cluster,
                           int webhookMaxUncommitted,
                           boolean audioUrlBlockPrivate,
                           boolean demo,
                           int devPhonePort) {
}
