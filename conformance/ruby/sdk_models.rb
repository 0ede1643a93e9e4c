# frozen_string_literal: true

# Prints, as one JSON object, the Telnyx Ruby SDK's models for the commands this server accepts and the events it
# emits: for each, its fields with their JSON type, whether they may be null, their enum values and nested fields.
# The drift guard (RubySdkDriftGuardTest) compares the server's openapi.json with it.

require "telnyx"
require "json"

COMMANDS = {
  "answer" => Telnyx::Models::Calls::ActionAnswerParams,
  "client_state_update" => Telnyx::Models::Calls::ActionUpdateClientStateParams,
  "gather" => Telnyx::Models::Calls::ActionGatherParams,
  "gather_stop" => Telnyx::Models::Calls::ActionStopGatherParams,
  "gather_using_audio" => Telnyx::Models::Calls::ActionGatherUsingAudioParams,
  "gather_using_speak" => Telnyx::Models::Calls::ActionGatherUsingSpeakParams,
  "hangup" => Telnyx::Models::Calls::ActionHangupParams,
  "playback_start" => Telnyx::Models::Calls::ActionStartPlaybackParams,
  "playback_stop" => Telnyx::Models::Calls::ActionStopPlaybackParams,
  "speak" => Telnyx::Models::Calls::ActionSpeakParams,
  "send_dtmf" => Telnyx::Models::Calls::ActionSendDtmfParams,
  "gather_using_ai" => Telnyx::Models::Calls::ActionGatherUsingAIParams,
  "ai_assistant_start" => Telnyx::Models::Calls::ActionStartAIAssistantParams,
  "ai_assistant_stop" => Telnyx::Models::Calls::ActionStopAIAssistantParams,
  "ai_assistant_add_messages" => Telnyx::Models::Calls::ActionAddAIAssistantMessagesParams
}.freeze

EVENTS = {
  "call.initiated" => Telnyx::Models::CallInitiated::Payload,
  "call.answered" => Telnyx::Models::CallAnswered::Payload,
  "call.hangup" => Telnyx::Models::CallHangup::Payload,
  "call.dtmf.received" => Telnyx::Models::CallDtmfReceived::Payload,
  "call.gather.ended" => Telnyx::Models::CallGatherEnded::Payload,
  "call.playback.started" => Telnyx::Models::CallPlaybackStarted::Payload,
  "call.playback.ended" => Telnyx::Models::CallPlaybackEnded::Payload,
  "call.speak.started" => Telnyx::Models::CallSpeakStarted::Payload,
  "call.speak.ended" => Telnyx::Models::CallSpeakEnded::Payload,
  "call.ai_gather.ended" => Telnyx::Models::CallAIGatherEnded::Payload,
  "call.ai_gather.partial_results" => Telnyx::Models::CallAIGatherPartialResults::Payload,
  "call.ai_gather.message_history_updated" => Telnyx::Models::CallAIGatherMessageHistoryUpdated::Payload,
  "call.conversation.ended" => Telnyx::Models::CallConversationEnded::Payload
}.freeze

# Only what a request body carries: the SDK's own call options and the id in the path are left out.
NOT_IN_BODY = %w[request_options call_control_id].freeze

def describe(type, depth = 0, skip: [])
  type = type.call if type.is_a?(Proc)
  return {"type" => "any"} if depth > 8

  if type.is_a?(Class) && type < Telnyx::Internal::Type::BaseModel
    {"type" => "object", "fields" => fields(type, depth, skip)}
  elsif type.is_a?(Class)
    {"type" => scalar(type)}
  elsif type.is_a?(Telnyx::Internal::Type::ArrayOf)
    {"type" => "array", "items" => describe(type.send(:item_type), depth + 1)}
  elsif type.is_a?(Telnyx::Internal::Type::HashOf)
    {"type" => "object", "values" => describe(type.send(:item_type), depth + 1)}
  elsif type.is_a?(Module) && type.singleton_class.include?(Telnyx::Internal::Type::Enum)
    {"type" => "enum", "values" => type.values.map(&:to_s)}
  elsif type.is_a?(Module) && type.singleton_class.include?(Telnyx::Internal::Type::Union)
    {"type" => "union", "variants" => type.send(:known_variants).map { describe(_2.call, depth + 1) }}
  elsif type == Telnyx::Internal::Type::Unknown
    {"type" => "any"}
  elsif type == Telnyx::Internal::Type::Boolean
    {"type" => "boolean"}
  else
    {"type" => "any", "ruby" => type.inspect}
  end
end

def scalar(klass)
  if klass <= String then "string"
  elsif klass <= Integer then "integer"
  elsif klass <= Float then "number"
  elsif klass <= Time || klass <= Date then "string"
  elsif klass <= Telnyx::Internal::Type::Unknown then "any"
  elsif klass <= Telnyx::Internal::Type::Boolean then "boolean"
  elsif klass <= NilClass then "null"
  else "any"
  end
end

def fields(model, depth, skip)
  model.fields.each_with_object({}) do |(_, field), out|
    name = field[:api_name].to_s
    next if skip.include?(name)

    out[name] = describe(field[:type], depth + 1).merge("nullable" => field[:nilable] ? true : false)
  end
end

puts JSON.generate(
  "sdk" => Telnyx::VERSION,
  "commands" => COMMANDS.transform_values { describe(_1, skip: NOT_IN_BODY) },
  "events" => EVENTS.transform_values { describe(_1) }
)
