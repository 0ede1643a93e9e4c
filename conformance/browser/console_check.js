// Drives the console in Debian's chromium: a wrong key is refused; the right key shows the call CALLER placed, and
// its timeline holds the gather command and the call.gather.ended webhook. Prints one JSON line of what it saw.
// Env: BASE_URL (http://127.0.0.1:port), API_KEY, CALLER, CHROMIUM (default /usr/bin/chromium), SCREENSHOT (a PNG
// path: where to save the console as it looks at the end).
const puppeteer = require('puppeteer-core');

(async () => {
  const base = process.env.BASE_URL;
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const seen = {};
  try {
    const page = await browser.newPage();
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.type('#api_key', 'not-the-key');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    seen.wrongKeyMessage = await page.$eval('#message', el => el.textContent);
    seen.wrongKeyUrl = new URL(page.url()).pathname;

    await page.goto(base + '/', { waitUntil: 'load' });
    await page.type('#api_key', process.env.API_KEY);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    seen.loggedInUrl = new URL(page.url()).pathname;

    const caller = process.env.CALLER;
    await page.waitForFunction(c => [...document.querySelectorAll('#calls tbody tr')]
      .some(tr => tr.textContent.includes(c)), { timeout: 20000 }, caller);
    seen.callRow = await page.$$eval('#calls tbody tr', (rows, c) =>
      rows.find(tr => tr.textContent.includes(c)).textContent, caller);
    await page.$$eval('#calls tbody tr', (rows, c) => rows.find(tr => tr.textContent.includes(c)).click(), caller);
    await page.waitForFunction(() => [...document.querySelectorAll('#timeline tbody tr')]
      .some(tr => tr.textContent.includes('call.gather.ended')), { timeout: 20000 });
    // the SIP summary joins the timeline on the next refresh after the call is selected
    await page.waitForFunction(() => [...document.querySelectorAll('#timeline tbody tr')]
      .some(tr => tr.children[1].textContent === 'sip'), { timeout: 20000 });
    seen.sip = await page.$$eval('#timeline tbody tr', rows => rows
      .filter(tr => tr.children[1].textContent === 'sip').map(tr => tr.children[2].textContent));
    seen.timeline = await page.$$eval('#timeline tbody tr', rows => rows.map(tr =>
      tr.children[1].textContent + ' ' + tr.children[2].textContent));
    seen.gatherDetails = await page.$$eval('#timeline tbody tr', rows => rows
      .filter(tr => tr.children[2].textContent === 'call.gather.ended').map(tr => tr.children[3].textContent)[0]);
    seen.hangupDeliveries = await page.$$eval('#timeline tbody tr', rows => rows
      .filter(tr => tr.children[2].textContent === 'call.hangup')
      .map(tr => [...tr.querySelectorAll('.delivery')].map(d => d.textContent))[0] || []);
    // replay the gather's end: the server sends that webhook again
    const replayStatus = page.waitForResponse(r => r.url().endsWith('/console/api/replay'));
    await page.$$eval('#timeline tbody tr', rows => rows
      .find(tr => tr.children[2].textContent === 'call.gather.ended').querySelector('button.replay').click());
    seen.replayStatus = (await replayStatus).status();
    // the charts draw a point a second: after two, the rate and latency have values too
    await page.waitForFunction(() => document.getElementById('v-rate').textContent !== '', { timeout: 10000 });
    seen.chartCalls = await page.$eval('#v-calls', el => el.textContent);
    if (process.env.SCREENSHOT) {
      await page.setViewport({ width: 1280, height: 720 });
      await new Promise(resolve => setTimeout(resolve, 1500)); // a redraw at the new size
      await page.screenshot({ path: process.env.SCREENSHOT });
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(seen));
})().catch(err => {
  console.error(err && err.stack || err);
  process.exit(1);
});
