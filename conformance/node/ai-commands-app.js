// A voice application on the official Telnyx Node SDK that drives the voice AI commands on one real call, through
// the SDK's own methods:
//
//   call.initiated            answer
//   call.answered             gatherUsingAI (a JSON Schema {type, properties, required}; the caller answers on the
//                             keypad: 29# for the integer field, 1 for the boolean one)
//   call.ai_gather.ended      kept (status, result, message_history)
//   (before the call)         ai.assistants.create (name, instructions, greeting), then ai.assistants.retrieve
//   call.conversation.ended   (reason gather_completed) startAIAssistant (only the created assistant's id, message
//                             history updates), then addAIAssistantMessages with trigger_response
//   history updated           once the assistant has answered the injected message: stopAIAssistant
//   call.conversation.ended   (reason assistant_stop) hangup; on call.hangup: done
//
// Every webhook is verified with the SDK's client.webhooks.unwrap (Ed25519, the server's public key); a copy with
// one body character changed and a copy with a shifted timestamp must both be refused.
// Output: one JSON line per event and per SDK call; the last line is {"summary": ...}.
//
// Environment: BASE_URL, API_KEY, PUBLIC_KEY (Base64 raw Ed25519), PORT (0 = any), TIMEOUT_MS (stop anyway),
// INJECTED_REPLY (what the language model answers to the injected message; the app stops the assistant once the
// message history holds it).
const http = require('http');
const Telnyx = require('telnyx');

const client = new Telnyx({
  apiKey: process.env.API_KEY,
  baseURL: process.env.BASE_URL,
  publicKey: process.env.PUBLIC_KEY,
  maxRetries: 0,
});
const timeoutMs = Number(process.env.TIMEOUT_MS || 90000);
const injectedReply = process.env.INJECTED_REPLY || 'As a VIP you also get free delivery.';

const PARAMETERS = {
  type: 'object',
  properties: {
    age: { type: 'integer', description: 'Your age' },
    member: { type: 'boolean', description: 'Are you a member?' },
  },
  required: ['age', 'member'],
};

const summary = {
  received: 0, verified: 0, rejected: 0, tamperRejected: 0, tamperAccepted: 0,
  calls: [],              // every SDK call: {name, phase, ok, ...}
  unexpected: [],         // the SDK calls whose outcome was not the expected one
  eventTypes: [],         // event types in arrival order
  phases: [],             // phases reached in order
  conversationIds: {},    // SDK call name -> data.conversation_id of its response
  partialResults: [],     // partial_results of each call.ai_gather.partial_results
  aiGatherEnded: null,    // {status, result, message_history, client_state}
  conversationEnded: [],  // {phase, reason, conversation_id, client_state} of each call.conversation.ended
  assistantHistory: null, // the message history that made the app stop the assistant
  assistantId: null,      // the id ai.assistants.create answered
  finished: false,
};
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s) => (s == null ? null : Buffer.from(s, 'base64').toString('utf8'));

let phase = 'ringing';
const enter = (p) => { phase = p; summary.phases.push(p); };

/** Runs one SDK call that must resolve; returns its data or null. */
async function expectOk(name, fn, check) {
  const entry = { name, phase, expect: 'resolve' };
  try {
    const res = await fn();
    entry.ok = true;
    const problem = check ? check(res) : null;
    if (problem) {
      entry.ok = false;
      entry.problem = problem;
    }
    entry.result = res && res.data ? res.data : res;
  } catch (e) {
    entry.ok = false;
    entry.status = e.status;
    entry.errorClass = e.constructor && e.constructor.name;
    entry.body = e.error || String(e);
  }
  summary.calls.push(entry);
  if (!entry.ok) summary.unexpected.push(entry);
  print({ command: name, phase: entry.phase, ok: entry.ok, status: entry.status, errorClass: entry.errorClass,
          problem: entry.problem, result: entry.result, body: entry.body });
  return entry.ok ? entry.result : null;
}

/** The check for gatherUsingAI and startAIAssistant: the response carries the new conversation's id. */
const withConversationId = (name) => (r) => {
  const cid = r && r.data && r.data.conversation_id;
  summary.conversationIds[name] = cid || null;
  return typeof cid === 'string' && cid.length > 0 ? null : 'no data.conversation_id: ' + JSON.stringify(r);
};

let assistantStopSent = false;

// One webhook at a time, in arrival order, so the phases advance deterministically.
let chain = Promise.resolve();

async function react(event) {
  const type = event.data.event_type;
  const p = event.data.payload;
  const id = p.call_control_id;
  switch (type) {
    case 'call.initiated':
      enter('answering');
      await expectOk('answer', () => client.calls.actions.answer(id, { client_state: b64('answered') }));
      break;
    case 'call.answered':
      enter('aiGather');
      await expectOk('gatherUsingAI', () => client.calls.actions.gatherUsingAI(id, {
        parameters: PARAMETERS,
        greeting: 'Hello.',
        gather_ended_speech: 'Thank you.',
        send_partial_results: true,
        user_response_timeout_ms: 20000,
        client_state: b64('aiGather'),
      }), withConversationId('gatherUsingAI'));
      break;
    case 'call.ai_gather.partial_results':
      summary.partialResults.push(p.partial_results);
      break;
    case 'call.ai_gather.ended':
      if (phase === 'aiGather') {
        summary.aiGatherEnded = { status: p.status, result: p.result, message_history: p.message_history,
                                  conversation_id: p.conversation_id, client_state: unb64(p.client_state) };
      }
      break;
    case 'call.ai_gather.message_history_updated':
      if (phase === 'assistant' && !assistantStopSent && (p.message_history || [])
          .some((m) => m.role === 'assistant' && m.content === injectedReply)) {
        assistantStopSent = true;
        summary.assistantHistory = p.message_history;
        enter('assistantStopping');
        await expectOk('stopAIAssistant', () => client.calls.actions.stopAIAssistant(id, {
          client_state: b64('assistantStop'),
        }));
      }
      break;
    case 'call.conversation.ended':
      summary.conversationEnded.push({ phase, reason: p.reason, conversation_id: p.conversation_id,
                                       assistant_id: p.assistant_id, client_state: unb64(p.client_state) });
      if (phase === 'aiGather') {
        enter('assistant');
        await expectOk('startAIAssistant', () => client.calls.actions.startAIAssistant(id, {
          assistant: { id: summary.assistantId },
          send_message_history_updates: true,
          client_state: b64('assistant'),
        }), withConversationId('startAIAssistant'));
        await expectOk('addAIAssistantMessages', () => client.calls.actions.addAIAssistantMessages(id, {
          messages: [{ role: 'system', content: 'The caller is a VIP customer.' }],
          trigger_response: true,
        }));
      } else if (phase === 'assistantStopping') {
        enter('hangingUp');
        await expectOk('hangup', () => client.calls.actions.hangup(id, { client_state: b64('hangup') }));
      }
      break;
    case 'call.hangup':
      enter('ended');
      summary.hangup = { hangup_cause: p.hangup_cause, hangup_source: p.hangup_source };
      summary.finished = true;
      setTimeout(finish, 200);
      break;
  }
}

let done = false;
function finish() {
  if (done) return;
  done = true;
  print({ summary });
  process.exit(0);
}

/** Must be refused by unwrap; counts the outcome. */
async function expectTamperRefused(body, headers) {
  try {
    await client.webhooks.unwrap(body, { headers });
    summary.tamperAccepted++;
  } catch (e) {
    // Refused by the signature check itself, not by some unrelated failure.
    if (e && e.name === 'TelnyxWebhookVerificationError') summary.tamperRejected++;
    else summary.tamperOtherError = String(e && e.stack);
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    summary.received++;
    let event;
    try {
      event = await client.webhooks.unwrap(raw, { headers: req.headers });
      summary.verified++;
    } catch (e) {
      summary.rejected++;
      print({ rejected: String(e && e.message), raw });
      res.writeHead(400).end();
      return;
    }
    await expectTamperRefused(raw.replace('"event_type"', '"event_typE"'), req.headers);
    const ts = Number(req.headers['telnyx-timestamp']);
    await expectTamperRefused(raw, { ...req.headers, 'telnyx-timestamp': String(ts - 1) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    const p = event.data.payload;
    summary.eventTypes.push(event.data.event_type);
    chain = chain.then(() => {
      print({ event_type: event.data.event_type, phase, status: p.status, reason: p.reason, digit: p.digit,
              result: p.result, partial_results: p.partial_results, client_state: unb64(p.client_state) });
      return react(event);
    }).catch((e) => print({ reactError: String(e && e.stack) }));
  });
});
// The assistant the call will name by id, created through the SDK's assistants API before the call starts.
async function createAssistant() {
  const created = await expectOk('createAssistant', () => client.ai.assistants.create({
    name: 'Support',
    instructions: 'You help callers with their orders.',
    greeting: 'Hello, this is support.',
  }), (a) => (a && typeof a.id === 'string' && a.name === 'Support' && typeof a.created_at === 'string'
    ? null : 'not an assistant: ' + JSON.stringify(a)));
  summary.assistantId = created && created.id;
  await expectOk('retrieveAssistant', () => client.ai.assistants.retrieve(summary.assistantId),
    (a) => (a && a.id === summary.assistantId && a.instructions === 'You help callers with their orders.'
      ? null : 'not the created assistant: ' + JSON.stringify(a)));
}

createAssistant().then(() => server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  print({ listening: server.address().port });
}));
setTimeout(finish, timeoutMs);
