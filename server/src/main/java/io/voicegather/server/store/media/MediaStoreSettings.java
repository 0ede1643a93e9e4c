package io.voicegather.server.store.media;

import java.time.Duration;

/**
 * Limits of the media store.
 *
 * @param maxMediaBytes       largest stored file (upload or fetched); Telnyx allows 20 MB
 * @param defaultTtlSecs      lifetime when ttl_secs is not given (Telnyx: 2 days)
 * @param maxTtlSecs          largest ttl_secs (Telnyx: 630720000, 20 years)
 * @param fetchConnectTimeout connect timeout for media_url
 * @param fetchTimeout        whole-response timeout for media_url
 * @param purgeInterval       how often expired media are deleted from disk
 */
public record MediaStoreSettings(int maxMediaBytes, long defaultTtlSecs, long maxTtlSecs,
                                 Duration fetchConnectTimeout, Duration fetchTimeout, Duration purgeInterval) {
    public static final MediaStoreSettings DEFAULT = new MediaStoreSettings(20 << 20, 172_800, 630_720_000,
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1));

    public MediaStoreSettings {
        if (maxMediaBytes < 1 || defaultTtlSecs < 1 || maxTtlSecs < defaultTtlSecs) {
            throw new IllegalArgumentException("invalid media limits");
        }
        if (fetchConnectTimeout.isNegative() || fetchConnectTimeout.isZero() || fetchTimeout.isNegative()
                || fetchTimeout.isZero() || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
    }

    public MediaStoreSettings withMaxMediaBytes(int bytes) {
        return new MediaStoreSettings(bytes, defaultTtlSecs, maxTtlSecs, fetchConnectTimeout, fetchTimeout,
                purgeInterval);
    }

    public MediaStoreSettings withFetchTimeout(Duration timeout) {
        return new MediaStoreSettings(maxMediaBytes, defaultTtlSecs, maxTtlSecs, fetchConnectTimeout, timeout,
                purgeInterval);
    }
}
