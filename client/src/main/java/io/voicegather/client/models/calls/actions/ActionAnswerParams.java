package io.voicegather.client.models.calls.actions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/answer}. Answers an incoming call; call.answered
 * follows.
 */
public final class ActionAnswerParams extends ActionParams {
    /** Values of {@code webhook_url_method}. */
    public enum WebhookUrlMethod {
        POST("POST"),
        GET("GET");

        private final String value;

        WebhookUrlMethod(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    /** Values of {@code webhook_urls_method}. */
    public enum WebhookUrlsMethod {
        POST("POST"),
        GET("GET");

        private final String value;

        WebhookUrlsMethod(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    /** Values of {@code record}. */
    public enum Record {
        RECORD_FROM_ANSWER("record-from-answer");

        private final String value;

        Record(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    private ActionAnswerParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public Optional<String> webhookUrl() {
        return get("webhook_url", String.class);
    }

    public Optional<String> webhookUrlMethod() {
        return get("webhook_url_method", String.class);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, String>> webhookUrls() {
        return Optional.ofNullable((Map<String, String>) body().get("webhook_urls"));
    }

    public Optional<String> webhookUrlsMethod() {
        return get("webhook_urls_method", String.class);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, WebhookRetriesPolicy>> webhookRetriesPolicies() {
        return Optional.ofNullable((Map<String, WebhookRetriesPolicy>) body().get("webhook_retries_policies"));
    }

    @SuppressWarnings("unchecked")
    public Optional<List<CustomHeader>> customHeaders() {
        return Optional.ofNullable((List<CustomHeader>) body().get("custom_headers"));
    }

    @SuppressWarnings("unchecked")
    public Optional<List<SipHeader>> sipHeaders() {
        return Optional.ofNullable((List<SipHeader>) body().get("sip_headers"));
    }

    public Optional<String> billingGroupId() {
        return get("billing_group_id", String.class);
    }

    public Optional<String> record() {
        return get("record", String.class);
    }

    public Optional<String> recordChannels() {
        return get("record_channels", String.class);
    }

    public Optional<String> recordFormat() {
        return get("record_format", String.class);
    }

    public Optional<Integer> recordMaxLength() {
        return get("record_max_length", Integer.class);
    }

    public Optional<Integer> recordTimeoutSecs() {
        return get("record_timeout_secs", Integer.class);
    }

    public Optional<String> recordTrack() {
        return get("record_track", String.class);
    }

    public Optional<String> recordTrim() {
        return get("record_trim", String.class);
    }

    public Optional<String> recordCustomFileName() {
        return get("record_custom_file_name", String.class);
    }

    public Optional<String> streamUrl() {
        return get("stream_url", String.class);
    }

    public Optional<String> streamTrack() {
        return get("stream_track", String.class);
    }

    public Optional<Boolean> sendSilenceWhenIdle() {
        return get("send_silence_when_idle", Boolean.class);
    }

    public Optional<String> preferredCodecs() {
        return get("preferred_codecs", String.class);
    }

    public Optional<Boolean> transcription() {
        return get("transcription", Boolean.class);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> transcriptionConfig() {
        return Optional.ofNullable((Map<String, Object>) body().get("transcription_config"));
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> soundModifications() {
        return Optional.ofNullable((Map<String, Object>) body().get("sound_modifications"));
    }

    public Optional<CallAssistantRequest> assistant() {
        return get("assistant", CallAssistantRequest.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionAnswerParams, Builder> {
        private Builder() {
        }

        /** Overrides the webhook URL for every later webhook of this call. */
        public Builder webhookUrl(String webhookUrl) {
            return put("webhook_url", webhookUrl);
        }

        public Builder webhookUrlMethod(WebhookUrlMethod webhookUrlMethod) {
            return put("webhook_url_method", webhookUrlMethod == null ? null : webhookUrlMethod.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder webhookUrlMethod(String webhookUrlMethod) {
            return put("webhook_url_method", webhookUrlMethod);
        }

        public Builder webhookUrls(Map<String, String> webhookUrls) {
            return put("webhook_urls", webhookUrls == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(webhookUrls)));
        }

        public Builder webhookUrlsMethod(WebhookUrlsMethod webhookUrlsMethod) {
            return put("webhook_urls_method", webhookUrlsMethod == null ? null : webhookUrlsMethod.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder webhookUrlsMethod(String webhookUrlsMethod) {
            return put("webhook_urls_method", webhookUrlsMethod);
        }

        public Builder webhookRetriesPolicies(Map<String, WebhookRetriesPolicy> webhookRetriesPolicies) {
            return put("webhook_retries_policies", webhookRetriesPolicies == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(webhookRetriesPolicies)));
        }

        public Builder customHeaders(List<CustomHeader> customHeaders) {
            return put("custom_headers", customHeaders == null ? null : List.copyOf(customHeaders));
        }

        public Builder sipHeaders(List<SipHeader> sipHeaders) {
            return put("sip_headers", sipHeaders == null ? null : List.copyOf(sipHeaders));
        }

        public Builder billingGroupId(String billingGroupId) {
            return put("billing_group_id", billingGroupId);
        }

        public Builder record(Record record) {
            return put("record", record == null ? null : record.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder record(String record) {
            return put("record", record);
        }

        public Builder recordChannels(String recordChannels) {
            return put("record_channels", recordChannels);
        }

        public Builder recordFormat(String recordFormat) {
            return put("record_format", recordFormat);
        }

        public Builder recordMaxLength(int recordMaxLength) {
            return put("record_max_length", recordMaxLength);
        }

        public Builder recordTimeoutSecs(int recordTimeoutSecs) {
            return put("record_timeout_secs", recordTimeoutSecs);
        }

        public Builder recordTrack(String recordTrack) {
            return put("record_track", recordTrack);
        }

        public Builder recordTrim(String recordTrim) {
            return put("record_trim", recordTrim);
        }

        public Builder recordCustomFileName(String recordCustomFileName) {
            return put("record_custom_file_name", recordCustomFileName);
        }

        public Builder streamUrl(String streamUrl) {
            return put("stream_url", streamUrl);
        }

        public Builder streamTrack(String streamTrack) {
            return put("stream_track", streamTrack);
        }

        public Builder sendSilenceWhenIdle(boolean sendSilenceWhenIdle) {
            return put("send_silence_when_idle", sendSilenceWhenIdle);
        }

        public Builder preferredCodecs(String preferredCodecs) {
            return put("preferred_codecs", preferredCodecs);
        }

        public Builder transcription(boolean transcription) {
            return put("transcription", transcription);
        }

        public Builder transcriptionConfig(Map<String, Object> transcriptionConfig) {
            return put("transcription_config", transcriptionConfig == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(transcriptionConfig)));
        }

        public Builder soundModifications(Map<String, Object> soundModifications) {
            return put("sound_modifications", soundModifications == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(soundModifications)));
        }

        public Builder assistant(CallAssistantRequest assistant) {
            return put("assistant", assistant);
        }

        @Override
        public ActionAnswerParams build() {
            return new ActionAnswerParams(this);
        }
    }
}
