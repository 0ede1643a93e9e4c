// Drives the dev phone in Debian's chromium: logs in, opens /phone from the console's link, calls NUMBER as CALLER
// and prints "answered" once the call is. With KEYS it then waits for speech in what it hears, presses those keys
// on the page's keypad and prints "keys sent". It waits for "hangup" on standard input, hangs up, and prints one
// JSON line of what it saw.
// Env: BASE_URL (http://127.0.0.1:port), API_KEY, CALLER, NUMBER, KEYS (optional), MIC_WAV (optional: a WAV file
// the fake microphone plays, in a loop; without it chromium's fake microphone beeps), SCREENSHOT (optional: a PNG
// path for the page as it looks in the call), CHROMIUM (default /usr/bin/chromium).
const puppeteer = require('puppeteer-core');
const readline = require('readline');

// lines are queued as they come: one may arrive before the script asks for it
const lines = readline.createInterface({ input: process.stdin });
const queued = [];
const waiting = [];
lines.on('line', line => (waiting.length ? waiting.shift()(line) : queued.push(line)));
const nextLine = () => new Promise(resolve => (queued.length ? resolve(queued.shift()) : waiting.push(resolve)));
const pause = ms => new Promise(resolve => setTimeout(resolve, ms));

(async () => {
  const base = process.env.BASE_URL;
  const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'];
  if (process.env.MIC_WAV) {
    args.push('--use-file-for-fake-audio-capture=' + process.env.MIC_WAV);
  }
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args,
  });
  const seen = {};
  try {
    const page = await browser.newPage();
    page.on('console', m => console.error('page: ' + m.text()));
    await page.setViewport({ width: 640, height: 640 });
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.type('#api_key', process.env.API_KEY);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/phone"]')]);
    seen.phoneUrl = new URL(page.url()).pathname;

    await page.$eval('#number', (el, v) => { el.value = v; }, process.env.NUMBER);
    await page.$eval('#caller', (el, v) => { el.value = v; }, process.env.CALLER);
    await page.click('#call');
    await page.waitForFunction(() => window.devPhone.states.includes('answered'), { timeout: 30000 });
    console.log('answered');
    if (process.env.KEYS) {
      // the prompt: at least half a second of speech heard before the keys
      await page.waitForFunction(() => window.devPhone.loudFrames >= 25, { timeout: 30000 });
      for (const key of process.env.KEYS) {
        await page.click(`#keypad button[data-key="${key}"]`);
        await pause(300); // a key is 100 ms of RFC 4733 packets; apart, so the page's log shows each
      }
      console.log('keys sent');
    }
    if (process.env.SCREENSHOT) {
      await page.screenshot({ path: process.env.SCREENSHOT });
    }
    await nextLine();
    await page.click('#hangup');
    await page.waitForFunction(() => window.devPhone.states.includes('ended'), { timeout: 20000 });
    seen.stats = await page.evaluate(() => window.devPhone);
    seen.stateText = await page.$eval('#state', el => el.textContent);
    seen.detail = await page.$eval('#detail', el => el.textContent);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(seen));
  lines.close();
})().catch(err => {
  console.error(err && err.stack || err);
  process.exit(1);
});
