# frozen_string_literal: true

# An IVR application written against the official Telnyx Ruby SDK, as a Telnyx customer would write it from the
# voice-gather guide. It receives the server's webhooks over HTTP, unwraps each with client.webhooks.unwrap (the
# SDK's Ed25519 check, then its typed models) and answers one call with the guide's eight client.calls.actions lines,
# verbatim but for the live call's id, each printed as the guide does. One JSON line goes to stdout per webhook and
# per SDK call, then a {"summary": ...} line; the JUnit test (RubySdkIvrTest) asserts on them.
#
# Environment: PORT (webhooks), BASE_URL, API_KEY, PUBLIC_KEY, AUDIO_FILE (a WAV served at /menu.wav), TIMEOUT_MS,
# MODE: "full" (the whole menu) or "no_llm" (a server without a language model: start_ai_assistant must be refused).

require "telnyx"
require "base64"
require "timeout"
require_relative "lib/webhook_listener"
require_relative "lib/typed_events"

$stdout.sync = true

class IvrApp
  # The real schema for gather_using_ai: one keypad-answerable field.
  AGE_SCHEMA = {type: "object", properties: {age: {type: "integer", description: "Your age"}}, required: ["age"]}.freeze

  def initialize(env)
    @port = Integer(env.fetch("PORT"))
    @mode = env.fetch("MODE", "full")
    @deadline = Time.now + Integer(env.fetch("TIMEOUT_MS", "120000")) / 1000.0
    @client = Telnyx::Client.new(api_key: env.fetch("API_KEY"), base_url: env.fetch("BASE_URL"),
                                 public_key: env.fetch("PUBLIC_KEY"))
    @audio_url = "http://127.0.0.1:#{@port}/menu.wav"
    @listener = WebhookListener.new(@port, "/menu.wav" => env.fetch("AUDIO_FILE", "/dev/null"))
    @calls = []
    @unexpected = []
    @events = []
    @tamper_rejected = 0
    @tamper_accepted = 0
    @conversation_ids = {}
    @step = :start
  end

  def run
    @listener.start
    emit("listening" => @port)
    until @step == :done
      remaining = @deadline - Time.now
      break if remaining <= 0

      request = begin
        Timeout.timeout(remaining) { @listener.requests.pop }
      rescue Timeout::Error
        break
      end

      handle(request)
    end
    emit("summary" => {"finished" => @step == :done, "mode" => @mode, "calls" => @calls, "unexpected" => @unexpected,
                       "events" => @events, "tamperRejected" => @tamper_rejected,
                       "tamperAccepted" => @tamper_accepted, "conversationIds" => @conversation_ids})
  end

  private

  def handle(request)
    event = @client.webhooks.unwrap(request.body, headers: request.headers)
    report = TypedEvents.check(event, request.body)
    @events << report
    emit("event" => report)
    tamper(request)
    react(report["type"], report["payload"])
  rescue StandardError => e
    @unexpected << "webhook: #{e.class}: #{e.message}"
    emit("error" => "#{e.class}: #{e.message}", "body" => request.body)
  end

  # A changed body and a moved timestamp must both fail the SDK's check.
  def tamper(request)
    changed = request.body.sub("call_control_id", "call_control_iD")
    moved = request.headers.merge("telnyx-timestamp" => (Integer(request.headers["telnyx-timestamp"]) + 1).to_s)
    [[changed, request.headers], [request.body, moved]].each do |body, headers|
      @client.webhooks.unwrap(body, headers: headers)
      @tamper_accepted += 1
    rescue Telnyx::Errors::WebhookVerificationError
      @tamper_rejected += 1
    end
  end

  def react(type, payload)
    call_control_id = payload["call_control_id"]
    @mode == "no_llm" ? react_without_llm(type, call_control_id) : react_full(type, payload, call_control_id)
  end

  def react_without_llm(type, call_control_id)
    case [@step, type]
    in [:start, "call.initiated"]
      sdk("answer", :ok) { client.calls.actions.answer(call_control_id) }
      @step = :answering
    in [:answering, "call.answered"]
      guide("start_ai_assistant", 422) do
        response = client.calls.actions.start_ai_assistant(call_control_id)

        puts(response)
        response
      end
      sleep(1) # the caller stays on the line a moment, as a menu would
      sdk("hangup", :ok) { client.calls.actions.hangup(call_control_id) }
      @step = :hanging_up
    in [:hanging_up, "call.hangup"]
      @step = :done
    else
      nil
    end
  end

  def react_full(type, payload, call_control_id)
    case [@step, type]
    in [:start, "call.initiated"]
      sdk("answer", :ok) { client.calls.actions.answer(call_control_id) }
      @step = :answering
    in [:answering, "call.answered"]
      guide("gather", :ok) do
        response = client.calls.actions.gather(call_control_id)

        puts(response)
        response
      end
      @step = :gather
    in [:gather, "call.gather.ended"]
      guide("gather_using_speak", :ok) do
        response = client.calls.actions.gather_using_speak(call_control_id, payload: "say this on call", voice: "male")

        puts(response)
        response
      end
      @step = :gather_using_speak
    in [:gather_using_speak, "call.gather.ended"]
      guide("gather_using_audio", 422) do
        response = client.calls.actions.gather_using_audio(call_control_id)

        puts(response)
        response
      end
      sdk("start_playback", :ok) do
        client.calls.actions.start_playback(call_control_id, audio_url: @audio_url, loop: "3",
                                                              client_state: Base64.strict_encode64("playback"))
      end
      @step = :playback
    in [:playback, "call.playback.started"]
      sdk("stop_playback", :ok) { client.calls.actions.stop_playback(call_control_id) }
    in [:playback, "call.playback.ended"]
      sdk("speak", :ok) do
        client.calls.actions.speak(call_control_id, payload: "This sentence is stopped before its end.",
                                                     voice: "female")
      end
      @step = :speak
    in [:speak, "call.speak.started"]
      sdk("stop_playback (the speech)", :ok) { client.calls.actions.stop_playback(call_control_id) }
    in [:speak, "call.speak.ended"]
      sdk("gather (to stop)", :ok) { client.calls.actions.gather(call_control_id, timeout_millis: 60_000) }
      guide("stop_gather", :ok) do
        response = client.calls.actions.stop_gather(call_control_id)

        puts(response)
        response
      end
      @step = :stop_gather
    in [:stop_gather, "call.gather.ended"]
      guide("gather_using_ai", 422) do
        response = client.calls.actions.gather_using_ai(
          call_control_id,
          parameters: {properties: "bar", required: "bar", type: "bar"}
        )

        puts(response)
        response
      end
      response = sdk("gather_using_ai (a real schema)", :ok) do
        client.calls.actions.gather_using_ai(call_control_id, parameters: AGE_SCHEMA, send_partial_results: true,
                                                               send_message_history_updates: true,
                                                               client_state: Base64.strict_encode64("aiGather"))
      end
      @conversation_ids["gather_using_ai"] = response&.data&.conversation_id
      @step = :gather_using_ai
    in [:gather_using_ai, "call.conversation.ended"]
      run_assistant(call_control_id)
      @step = :assistant
    in [:assistant, "call.conversation.ended"]
      sdk("hangup", :ok) { client.calls.actions.hangup(call_control_id) }
      @step = :hanging_up
    in [_, "call.hangup"]
      @step = :done
    else
      nil
    end
  end

  # The guide's three assistant lines, with one injected message in between that makes the default assistant speak.
  def run_assistant(call_control_id)
    response = guide("start_ai_assistant", :ok) do
      response = client.calls.actions.start_ai_assistant(call_control_id)

      puts(response)
      response
    end
    @conversation_ids["start_ai_assistant"] = response&.data&.conversation_id
    guide("add_ai_assistant_messages", :ok) do
      response = client.calls.actions.add_ai_assistant_messages(call_control_id)

      puts(response)
      response
    end
    sdk("add_ai_assistant_messages (a message, answered)", :ok) do
      client.calls.actions.add_ai_assistant_messages(
        call_control_id, messages: [{role: :system, content: "Greet the caller warmly."}], trigger_response: true
      )
    end
    sleep(3) # the assistant answers the message: the language model is asked and its reply said
    guide("stop_ai_assistant", :ok) do
      response = client.calls.actions.stop_ai_assistant(call_control_id)

      puts(response)
      response
    end
  end

  # The guide's lines call it "client"; each is written as the guide writes it (response = ...; puts(response)).
  def client = @client

  def guide(name, expected, &block) = sdk(name, expected, guide: true, &block)

  # Runs one SDK call and records its outcome: :ok, or the HTTP status of the error the SDK raised.
  def sdk(name, expected, guide: false)
    record = {"name" => name, "guide" => guide, "expected" => expected.to_s}
    response = yield
    record.merge!("outcome" => "ok", "response" => TypedEvents.plain(response.to_h))
    response
  rescue Telnyx::Errors::APIStatusError => e
    record.merge!("outcome" => e.status.to_s, "error" => e.body)
    nil
  ensure
    @calls << record
    @unexpected << "#{name}: expected #{expected}, got #{record["outcome"]}" if record["outcome"] != expected.to_s
    emit("sdk" => record)
  end

  def emit(hash) = puts(JSON.generate(hash))
end

IvrApp.new(ENV).run
