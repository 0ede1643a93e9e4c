// A minimal voice application on the official Telnyx Node SDK, used as a conformance peer.
// It receives webhooks, verifies each with the SDK's own Ed25519 check (webhooks.unwrap), and drives calls:
// call.initiated -> answer, call.answered -> gather, call.gather.ended -> hangup.
// Every received webhook is printed as one JSON line; the last line is {"summary": ...}.
//
// Environment: BASE_URL, API_KEY, PUBLIC_KEY (Base64 raw Ed25519), GATHER (JSON params for gather),
// EXPECT_HANGUPS (stop after this many call.hangup), TIMEOUT_MS (stop anyway), PORT (0 = any).
const http = require('http');
const Telnyx = require('telnyx');

const client = new Telnyx({
  apiKey: process.env.API_KEY,
  baseURL: process.env.BASE_URL,
  publicKey: process.env.PUBLIC_KEY,
  maxRetries: 0,
});
const gatherParams = JSON.parse(process.env.GATHER || '{}');
const expectHangups = Number(process.env.EXPECT_HANGUPS || 1);
const timeoutMs = Number(process.env.TIMEOUT_MS || 60000);

const summary = { received: 0, verified: 0, rejected: 0, tamperRejected: 0, tamperAccepted: 0,
                  commandErrors: [], hangups: 0 };
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');

async function command(name, fn) {
  try {
    const res = await fn();
    print({ command: name, result: res && res.data ? res.data.result : res });
  } catch (e) {
    summary.commandErrors.push({ command: name, status: e.status, error: e.error || String(e) });
    print({ command: name, error: e.status || String(e), body: e.error });
  }
}

async function react(event) {
  const p = event.data.payload;
  const id = p.call_control_id;
  switch (event.data.event_type) {
    case 'call.initiated':
      await command('answer', () => client.calls.actions.answer(id, {
        client_state: Buffer.from('answered-by-node').toString('base64'),
        command_id: 'answer-' + id,
      }));
      break;
    case 'call.answered':
      await command('gather', () => client.calls.actions.gather(id, gatherParams));
      break;
    case 'call.gather.ended':
      await command('hangup', () => client.calls.actions.hangup(id, {}));
      break;
    case 'call.hangup':
      summary.hangups++;
      break;
  }
}

function finish() {
  print({ summary });
  process.exit(0);
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
    // A body changed by one character must be refused by the same check.
    try {
      await client.webhooks.unwrap(raw.replace('"event"', '"evenT"'), { headers: req.headers });
      summary.tamperAccepted++;
    } catch (e) {
      summary.tamperRejected++;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    print({ event_type: event.data.event_type, payload: event.data.payload, attempt: event.meta && event.meta.attempt });
    await react(event);
    if (summary.hangups >= expectHangups) setTimeout(finish, 200);
  });
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  print({ listening: server.address().port });
});
setTimeout(finish, timeoutMs);
