// Drives the dev phone in Debian's chromium (fake microphone): logs in, opens /phone from the console's link,
// calls as CALLER, waits for the answer and for speech in what it hears, presses 1 2 3 #, prints "keys sent",
// waits for "hangup" on standard input, hangs up, and prints one JSON line of what it saw.
// Env: BASE_URL (http://127.0.0.1:port), API_KEY, CALLER, NUMBER, CHROMIUM (default /usr/bin/chromium).
const puppeteer = require('puppeteer-core');
const readline = require('readline');

const lines = readline.createInterface({ input: process.stdin });
const nextLine = () => new Promise(resolve => lines.once('line', resolve));

(async () => {
  const base = process.env.BASE_URL;
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
  });
  const seen = {};
  try {
    const page = await browser.newPage();
    page.on('console', m => console.error('page: ' + m.text()));
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.type('#api_key', process.env.API_KEY);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/phone"]')]);
    seen.phoneUrl = new URL(page.url()).pathname;

    await page.$eval('#number', (el, v) => { el.value = v; }, process.env.NUMBER);
    await page.$eval('#caller', (el, v) => { el.value = v; }, process.env.CALLER);
    await page.click('#call');
    await page.waitForFunction(() => window.devPhone.states.includes('answered'), { timeout: 30000 });
    // the prompt: at least half a second of speech heard
    await page.waitForFunction(() => window.devPhone.loudFrames >= 25, { timeout: 30000 });
    for (const key of ['1', '2', '3', '#']) {
      await page.click(`#keypad button[data-key="${key}"]`);
      await new Promise(r => setTimeout(r, 400)); // a key is 100 ms of RFC 4733 packets
    }
    console.log('keys sent');
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
