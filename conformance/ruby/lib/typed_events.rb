# frozen_string_literal: true

require "json"

# What the IVR checks on every webhook, with the SDK's own types: the model each event type must unwrap to, that the
# match is exact (no field coerced loosely, none the wrong type), and which fields the SDK's model does not know.
module TypedEvents
  MODELS = {
    "call.initiated" => Telnyx::Models::CallInitiatedWebhookEvent,
    "call.answered" => Telnyx::Models::CallAnsweredWebhookEvent,
    "call.hangup" => Telnyx::Models::CallHangupWebhookEvent,
    "call.dtmf.received" => Telnyx::Models::CallDtmfReceivedWebhookEvent,
    "call.gather.ended" => Telnyx::Models::CallGatherEndedWebhookEvent,
    "call.playback.started" => Telnyx::Models::CallPlaybackStartedWebhookEvent,
    "call.playback.ended" => Telnyx::Models::CallPlaybackEndedWebhookEvent,
    "call.speak.started" => Telnyx::Models::CallSpeakStartedWebhookEvent,
    "call.speak.ended" => Telnyx::Models::CallSpeakEndedWebhookEvent,
    "call.ai_gather.ended" => Telnyx::Models::CallAIGatherEndedWebhookEvent,
    "call.ai_gather.partial_results" => Telnyx::Models::CallAIGatherPartialResultsWebhookEvent,
    "call.ai_gather.message_history_updated" => Telnyx::Models::CallAIGatherMessageHistoryUpdatedWebhookEvent,
    "call.conversation.ended" => Telnyx::Models::CallConversationEndedWebhookEvent
  }.freeze

  module_function

  # @return [Hash] type, model (the class unwrap chose), expected, exact, loose (how many fields matched only
  #   loosely or not at all), unknown (dotted paths of fields the model does not know), payload (every field read
  #   through its typed accessor; a mistyped one raises there)
  def check(event, body)
    raw = JSON.parse(body)
    type = raw.dig("data", "event_type")
    expected = MODELS[type]
    report = {"type" => type, "model" => event.class.name, "expected" => expected&.name}
    return report.merge("exact" => false) if expected.nil?

    state = Telnyx::Internal::Type::Converter.new_coerce_state
    Telnyx::Internal::Type::Converter.coerce(expected, JSON.parse(body, symbolize_names: true), state: state)
    loose = state[:exactness][:no] + state[:exactness][:maybe]
    report.merge("exact" => event.instance_of?(expected) && loose.zero?, "loose" => loose,
                 "unknown" => unknown_fields(expected, raw), "payload" => read_payload(event))
  end

  # Reads each field of data and data.payload through the model's accessor (BaseModel raises ConversionError on a
  # field that did not convert) and returns them as JSON-friendly values.
  def read_payload(event)
    data = event.data
    payload = data.payload
    fields = {"event_type" => data.event_type.to_s, "occurred_at" => data.occurred_at.iso8601(6), "id" => data.id}
    payload.class.fields.each_key do |name|
      value = payload.public_send(name)
      fields[name.to_s] = plain(value) unless value.nil?
    end
    # our documented extras (status_detail, gather_id, end_time), read as an application would: payload[:name]
    (payload.to_h.keys - payload.class.fields.keys).each { fields[_1.to_s] = plain(payload[_1]) }
    fields
  end

  def plain(value)
    case value
    when Telnyx::Internal::Type::BaseModel then value.to_h.transform_keys(&:to_s).transform_values { plain(_1) }
    when Array then value.map { plain(_1) }
    when Hash then value.to_h { |k, v| [k.to_s, plain(v)] }
    when Symbol then value.to_s
    when Time then value.iso8601(6)
    else value
    end
  end

  # Dotted paths of the JSON fields that the model (recursively) has no field for.
  def unknown_fields(model, json, prefix = "")
    return [] unless model.is_a?(Class) && model < Telnyx::Internal::Type::BaseModel && json.is_a?(Hash)

    json.flat_map do |key, value|
      field = model.fields.values.find { _1[:api_name].to_s == key }
      next ["#{prefix}#{key}"] if field.nil?

      target = field[:type]
      target = target.call if target.is_a?(Proc)
      if target.is_a?(Telnyx::Internal::Type::ArrayOf) && value.is_a?(Array)
        item = target.send(:item_type)
        value.flat_map { unknown_fields(item, _1, "#{prefix}#{key}[].") }.uniq
      else
        unknown_fields(target, value, "#{prefix}#{key}.")
      end
    end
  end
end
