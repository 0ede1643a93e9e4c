// A voice application on the official Telnyx Node SDK that drives, on one real call, every call command the
// server implements, through the SDK's own methods:
//
//   call.initiated      gather (must reject: 422 90034, not answered yet), answer with the per-call options as the
//                       SDK's ActionAnswerParams types them: webhook_urls (call.dtmf.received to this app's second
//                       listener, MAPPED_PORT), webhook_urls_method GET, webhook_retries_policies, custom_headers,
//                       sip_headers (User-to-User)
//   call.answered       updateClientState, retrieveStatus (is_alive, client_state), sendDtmf (and one refused for a
//                       bad key: 422 10015), gatherUsingSpeak (payload, voice)
//   gather ended        gatherUsingAudio (audio_url served by this app), then gather, then gather + stopGather
//   stopped gather      startPlayback (loop "infinity"); on call.playback.started: stopPlayback
//   playback ended      speak; on call.speak.ended: hangup
//   call.hangup         speak (must reject: 422 90018, the call has ended), retrieveStatus (is_alive false)
//
// The caller presses a key every second or so, so each gather with maximum_digits 1 ends on the next key.
// Every webhook is verified with the SDK's client.webhooks.unwrap (Ed25519, the server's public key); a copy with
// one body character changed and a copy with a shifted timestamp must both be refused.
// Output: one JSON line per event and per SDK call; the last line is {"summary": ...}.
//
// The mapped listener answers its first request 503 (the retry policy brings the event again), then reads each GET
// delivery as an SDK user would: the envelope is the `webhook` query parameter, verified with the same unwrap.
//
// Environment: BASE_URL, API_KEY, PUBLIC_KEY (Base64 raw Ed25519), PORT (0 = any), MAPPED_PORT (the second
// listener), TIMEOUT_MS (stop anyway).
const http = require('http');
const Telnyx = require('telnyx');

const client = new Telnyx({
  apiKey: process.env.API_KEY,
  baseURL: process.env.BASE_URL,
  publicKey: process.env.PUBLIC_KEY,
  maxRetries: 0,
});
const timeoutMs = Number(process.env.TIMEOUT_MS || 90000);
const VOICE = 'female';

const summary = {
  received: 0, verified: 0, rejected: 0, tamperRejected: 0, tamperAccepted: 0,
  calls: [],            // every SDK call: {name, phase, expect, ok, status, code, errorClass}
  unexpected: [],       // the SDK calls whose outcome was not the expected one
  eventTypes: [],       // event types in arrival order
  phases: [],           // phases reached in order
  gatherEnded: {},      // phase -> {status, digits, client_state}
  mapped: {             // the second listener, target of webhook_urls
    requests: 0, failedOnPurpose: 0, verified: 0, rejected: 0, tamperRejected: 0, tamperAccepted: 0,
    methods: [], eventTypes: [], digits: [], attempts: [], withBody: 0, notes: [],
  },
  finished: false,
};
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s) => (s == null ? null : Buffer.from(s, 'base64').toString('utf8'));

let phase = 'ringing';
let port = 0;
const enter = (p) => { phase = p; summary.phases.push(p); };
const promptUrl = () => `http://127.0.0.1:${port}/prompt.wav`;
const mappedPort = Number(process.env.MAPPED_PORT);
const mappedUrl = `http://127.0.0.1:${mappedPort}/mapped?app=all-commands`;

/** Runs one SDK call that must resolve; returns its result or null. */
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
  record(entry);
  return entry.ok ? entry.result : null;
}

/** Runs one SDK call that must reject with the SDK's typed error class, HTTP status and Telnyx error code. */
async function expectError(name, fn, errorClass, status, code) {
  const entry = { name, phase, expect: `${errorClass.name} ${status} ${code}` };
  try {
    entry.result = await fn();
    entry.ok = false;
    entry.problem = 'resolved but should have been rejected';
  } catch (e) {
    entry.status = e.status;
    entry.errorClass = e.constructor && e.constructor.name;
    entry.code = e.error && e.error.errors && e.error.errors[0] && e.error.errors[0].code;
    entry.ok = e instanceof errorClass && e.status === status && entry.code === code;
    if (!entry.ok) entry.body = e.error || String(e);
  }
  record(entry);
}

function record(entry) {
  summary.calls.push(entry);
  if (!entry.ok) summary.unexpected.push(entry);
  print({ command: entry.name, phase: entry.phase, ok: entry.ok, expect: entry.expect,
          status: entry.status, code: entry.code, errorClass: entry.errorClass, problem: entry.problem,
          body: entry.body });
}

// One webhook at a time, in arrival order, so the phases advance deterministically.
let chain = Promise.resolve();

async function react(event) {
  const type = event.data.event_type;
  const p = event.data.payload;
  const id = p.call_control_id;
  switch (type) {
    case 'call.initiated':
      await expectError('gather before answer', () => client.calls.actions.gather(id, { maximum_digits: 1 }),
        Telnyx.UnprocessableEntityError, 422, '90034');
      enter('answering');
      // The per-call options exactly as the SDK's ActionAnswerParams types them: webhook_urls maps an event type to
      // an array of URLs.
      await expectOk('answer', () => client.calls.actions.answer(id, {
        client_state: b64('answered'), command_id: 'answer-' + id,
        webhook_urls: { 'call.dtmf.received': [mappedUrl] },
        webhook_urls_method: 'GET',
        webhook_retries_policies: { 'call.dtmf.received': { retries_ms: [200, 400] } },
        custom_headers: [{ name: 'X-Tenant', value: 'acme; region=eu' }],
        sip_headers: [{ name: 'User-to-User', value: '56a390f3d2b7310023a2;encoding=hex' }],
      }));
      break;
    case 'call.answered':
      enter('answered');
      await expectOk('updateClientState', () => client.calls.actions.updateClientState(id, {
        client_state: b64('state-updated'),
      }));
      // The status shows the call alive, with the client_state just set.
      await expectOk('retrieveStatus', () => client.calls.retrieveStatus(id),
        (r) => (r.data && r.data.is_alive === true && unb64(r.data.client_state) === 'state-updated' ? null
          : 'expected is_alive true and client_state state-updated: ' + JSON.stringify(r.data)));
      // Keys to the caller (RFC 4733, as SIPp offered telephone-event); no webhooks follow them.
      await expectOk('sendDtmf', () => client.calls.actions.sendDtmf(id, {
        digits: '1w#', duration_millis: 100, command_id: 'dtmf-' + id,
      }));
      await expectError('sendDtmf bad key', () => client.calls.actions.sendDtmf(id, { digits: '12x' }),
        Telnyx.UnprocessableEntityError, 422, '10015');
      enter('speakGather');
      await expectOk('gatherUsingSpeak', () => client.calls.actions.gatherUsingSpeak(id, {
        payload: 'say this on call', voice: VOICE, maximum_digits: 1, client_state: b64('speakGather'),
      }));
      break;
    case 'call.gather.ended':
      summary.gatherEnded[phase] = { status: p.status, digits: p.digits, client_state: unb64(p.client_state) };
      if (phase === 'speakGather') {
        enter('audioGather');
        await expectOk('gatherUsingAudio', () => client.calls.actions.gatherUsingAudio(id, {
          audio_url: promptUrl(), maximum_digits: 1, client_state: b64('audioGather'),
        }));
      } else if (phase === 'audioGather') {
        enter('plainGather');
        await expectOk('gather', () => client.calls.actions.gather(id, {
          maximum_digits: 1, client_state: b64('plainGather'),
        }));
      } else if (phase === 'plainGather') {
        enter('stoppedGather');
        await expectOk('gather (to be stopped)', () => client.calls.actions.gather(id, {
          maximum_digits: 64, terminating_digit: '', timeout_millis: 60000, inter_digit_timeout_millis: 60000,
          client_state: b64('stoppedGather'),
        }));
        await expectOk('stopGather', () => client.calls.actions.stopGather(id, {
          client_state: b64('stoppedGather'),
        }));
      } else if (phase === 'stoppedGather') {
        enter('playback');
        await expectOk('startPlayback', () => client.calls.actions.startPlayback(id, {
          audio_url: promptUrl(), audio_type: 'wav', loop: 'infinity', client_state: b64('playback'),
        }));
      }
      break;
    case 'call.playback.started':
      if (phase === 'playback') {
        await expectOk('stopPlayback', () => client.calls.actions.stopPlayback(id, { stop: 'all' }));
      }
      break;
    case 'call.playback.ended':
      if (phase === 'playback') {
        summary.playbackEnded = { status: p.status };
        enter('speak');
        await expectOk('speak', () => client.calls.actions.speak(id, {
          payload: 'Thank you. Goodbye.', voice: VOICE, client_state: b64('speak'),
        }));
      }
      break;
    case 'call.speak.ended':
      if (phase === 'speak') {
        summary.speakEnded = { status: p.status };
        enter('hangingUp');
        await expectOk('hangup', () => client.calls.actions.hangup(id, { client_state: b64('hangup') }));
      }
      break;
    case 'call.hangup':
      enter('ended');
      summary.hangup = { hangup_cause: p.hangup_cause, hangup_source: p.hangup_source };
      await expectError('speak after hangup', () => client.calls.actions.speak(id, {
        payload: 'too late', voice: VOICE,
      }), Telnyx.UnprocessableEntityError, 422, '90018');
      // As with Telnyx, an ended call can still be looked up for a while: it reports is_alive false.
      await expectOk('retrieveStatus after hangup', () => client.calls.retrieveStatus(id),
        (r) => (r.data && r.data.is_alive === false ? null : 'is_alive is not false: ' + JSON.stringify(r.data)));
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

/** An 8 kHz 16-bit mono WAV: one second of a 440 Hz tone. */
function promptWav() {
  const rate = 8000;
  const samples = rate;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    buf.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / rate)), 44 + i * 2);
  }
  return buf;
}
const WAV = promptWav();

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/prompt.wav') {
    summary.promptFetches = (summary.promptFetches || 0) + 1;
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': WAV.length }).end(WAV);
    return;
  }
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
    // The same check must refuse a body changed by one character and a signature replayed with another timestamp.
    await expectTamperRefused(raw.replace('"event_type"', '"event_typE"'), req.headers);
    const ts = Number(req.headers['telnyx-timestamp']);
    await expectTamperRefused(raw, { ...req.headers, 'telnyx-timestamp': String(ts - 1) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    const p = event.data.payload;
    summary.eventTypes.push(event.data.event_type);
    chain = chain.then(() => {
      print({ event_type: event.data.event_type, phase, status: p.status, digit: p.digit, digits: p.digits,
              client_state: unb64(p.client_state) });
      return react(event);
    }).catch((e) => print({ reactError: String(e && e.stack) }));
  });
});
// The URL of webhook_urls, delivered by GET: the envelope JSON is the `webhook` query parameter and the signature
// covers timestamp|envelope, so the SDK's unwrap checks the decoded parameter with the request's headers.
const mapped = http.createServer((req, res) => {
  const m = summary.mapped;
  m.requests++;
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    if (Buffer.concat(chunks).length > 0) m.withBody++;
    if (m.requests === 1) {
      m.failedOnPurpose++;
      res.writeHead(503).end();
      return;
    }
    m.methods.push(req.method);
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname !== '/mapped' || url.searchParams.get('app') !== 'all-commands') {
      m.notes.push('unexpected target ' + req.url.slice(0, 80));
    }
    const envelope = url.searchParams.get('webhook');
    let event;
    try {
      event = await client.webhooks.unwrap(envelope, { headers: req.headers });
      m.verified++;
    } catch (e) {
      m.rejected++;
      print({ mappedRejected: String(e && e.message), url: req.url });
      res.writeHead(400).end();
      return;
    }
    for (const tampered of [envelope.replace('"event_type"', '"event_typE"'), envelope]) {
      const headers = tampered === envelope
        ? { ...req.headers, 'telnyx-timestamp': String(Number(req.headers['telnyx-timestamp']) - 1) } : req.headers;
      try {
        await client.webhooks.unwrap(tampered, { headers });
        m.tamperAccepted++;
      } catch (e) {
        if (e && e.name === 'TelnyxWebhookVerificationError') m.tamperRejected++;
        else m.notes.push('tamper check failed otherwise: ' + String(e));
      }
    }
    m.eventTypes.push(event.data.event_type);
    m.digits.push(event.data.payload.digit);
    m.attempts.push(event.meta && event.meta.attempt);
    print({ mapped_event_type: event.data.event_type, method: req.method, digit: event.data.payload.digit,
            attempt: event.meta && event.meta.attempt });
    res.writeHead(200).end();
  });
});

server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  port = server.address().port;
  mapped.listen(mappedPort, '127.0.0.1', () => print({ listening: port, mapped: mapped.address().port }));
});
setTimeout(finish, timeoutMs);
