// The room's pages on a low-end profile: Chromium with the CPU throttled 6× and the network of
// DevTools' "Slow 3G" (2,000 ms latency, 50,000 bytes/s each way). A first visit is a device
// that has never loaded the assets (empty cache, no renkei_assets cookie): the page carries its
// style sheet and loads its scripts after the load event. For each tab of the demo
// patient room (every feature on; 270 entries of vitals over 90 days from seed-scale), the time
// until usable — the load event: HTML, CSS and the deferred scripts in, the page drawn and
// interactive — on a first visit (empty cache) and a repeat visit (assets cached), and the bytes
// transferred. Run by bench/lowend.sh.

import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login } from '../tests/browser/helpers.mjs';

const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const CPU = Number(process.env.CPU_THROTTLE || 6);

const server = await startServer();
const browser = await launchBrowser();
const results = [];
try {
  // Service workers are blocked: the throttling below would not apply to their fetches.
  const { context, page } = await newPage(browser, server, { serviceWorkers: 'block' });
  await login(page, server, 'dr-tanaka');
  await page.goto('/rooms');
  const room = await page.locator('main a.room-list__link', { hasText: '八幡 正' }).getAttribute('href');
  assert.match(room, /^\/rooms\/\d+$/);
  const tabs = [
    ['連絡帳', room],
    ['療養のポイント', `${room}/care-points`],
    ['バイタル (90日)', `${room}/vitals?days=90`],
    ['おくすり情報', `${room}/medication`],
    ['患者情報', `${room}/patient`],
    ['カレンダー', `${room}/calendar`],
    ['担当者', `${room}/members`],
  ];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');

  async function visit(path, cold) {
    if (cold) {
      // A device that has never loaded this build's assets: empty cache, and without the
      // cookie that says it has them (the session cookie stays: the user is logged in).
      await context.clearCookies({ name: 'renkei_assets' });
      await cdp.send('Network.clearBrowserCache');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    } else {
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
    await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
    const res = await page.goto(path, { waitUntil: 'load', timeout: 60_000 });
    assert.equal(res.status(), 200, path);
    const t = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      // Bytes over the network: the document and what it loaded (0 for what came from cache).
      const bytes = [n, ...performance.getEntriesByType('resource')]
        .reduce((sum, e) => sum + (e.transferSize || 0), 0);
      return { load: n.loadEventEnd, dcl: n.domContentLoadedEventEnd, bytes };
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    return t;
  }

  for (const [label, path] of tabs) {
    const cold = await visit(path, true);
    // Warm the asset cache once more at full speed, then measure the repeat visit.
    await page.goto(path);
    const warm = await visit(path, false);
    results.push({ label, cold, warm });
  }
} finally {
  await browser.close();
  await server.stop();
}

const ms = (x) => String(Math.round(x)).padStart(6);
console.log(`\nlow-end profile: CPU ×${CPU}, Slow 3G (2,000 ms latency, 50,000 B/s); time until usable = load event`);
console.log(`${'tab'.padEnd(18)} first visit: load ms   DCL ms    bytes | repeat visit: load ms   DCL ms    bytes`);
for (const r of results) {
  console.log(`${r.label.padEnd(18)} ${ms(r.cold.load)} ${ms(r.cold.dcl)} ${String(r.cold.bytes).padStart(8)} | ${ms(r.warm.load)} ${ms(r.warm.dcl)} ${String(r.warm.bytes).padStart(8)}`);
}
const worstWarm = Math.max(...results.map((r) => r.warm.load));
const worstCold = Math.max(...results.map((r) => r.cold.load));
console.log(`worst first visit ${Math.round(worstCold)} ms (goal ≤ 3,000 ms), worst repeat visit ${Math.round(worstWarm)} ms (goal ≤ 2,500 ms)`);
console.log('bytes: everything the visit transferred, the scripts loaded after the load event included');
