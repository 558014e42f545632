// Shared pieces of the browser tests: starting a throw-away renkei server (own temp dir, own
// SQLite database, demo data), launching the system Chromium through playwright-core, TOTP
// codes (RFC 6238) and the axe-core check.

import { spawn, execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = resolve(here, '..', '..');
export const RENKEI_BIN = process.env.RENKEI_BIN || join(REPO_ROOT, 'target', 'debug', 'renkei');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const AXE_PATH = require.resolve('axe-core/axe.min.js');

// ---- Demo data (see `renkei seed-demo`) ---------------------------------------------------------

export const DEMO_PASSWORD = 'renkei-demo-2026';
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const PENDING_LOGIN_ID = 'new-nurse';
export const PENDING_ACTIVATION_CODE = 'DEMO-CODE-2026';

// ---- TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s) ------------------------------------------------

export const TOTP_STEP_SECONDS = 30;

function base32Decode(input) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totpStep(nowMs = Date.now()) {
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);
}

/** The 6-digit code of `secret` (base32) for the time step `step`. */
export function totpCode(secret, step = totpStep()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, '0');
}

// ---- The server -------------------------------------------------------------------------------

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

function run(bin, args, options) {
  return new Promise((resolveRun, reject) => {
    execFile(bin, args, options, (err, stdout, stderr) => {
      if (err) {
        err.message += `\nstdout:\n${stdout}\nstderr:\n${stderr}`;
        reject(err);
      } else {
        resolveRun({ stdout, stderr });
      }
    });
  });
}

/** GET without keep-alive (a pooled socket would keep the test process alive for seconds). */
function httpStatus(url) {
  return new Promise((resolveStatus, reject) => {
    const req = httpGet(url, { agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolveStatus(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * Starts `renkei serve` on a free port with its own temp dir and SQLite database, seeded with
 * the demo municipality. Returns { baseURL, tmp, totpFor(loginId, secret?), stop() }.
 */
export async function startServer() {
  const tmp = await mkdtemp(join(tmpdir(), 'renkei-browser-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${tmp}/renkei.sqlite3`,
    PORT: String(port),
    RENKEI__HTTP__PUBLIC_URL: baseURL,
    RENKEI__DATA_DIR: join(tmp, 'data'),
    RUST_LOG: 'warn',
  };
  try {
    await run(RENKEI_BIN, ['seed-demo'], { cwd: tmp, env, timeout: 30_000 });
    // Benchmarks add bulk data (bench/lowend.sh: vitals for the 90-day graph).
    if (process.env.RENKEI_SEED_SCALE) {
      await run(RENKEI_BIN, ['seed-scale', ...process.env.RENKEI_SEED_SCALE.split(' ')], { cwd: tmp, env, timeout: 120_000 });
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }

  const log = [];
  const child = spawn(RENKEI_BIN, ['serve'], { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk) => {
    log.push(chunk.toString());
    if (log.length > 500) log.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let stopping = false;
  let exited = false;
  const exitedPromise = new Promise((res) => child.on('exit', (code, signal) => {
    exited = true;
    if (!stopping) {
      process.stderr.write(`renkei serve exited unexpectedly (code ${code}, signal ${signal}); its output:\n${log.join('')}\n`);
    }
    res();
  }));
  // If this test process dies without running `after`, do not leave the server behind.
  const killOnExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.on('exit', killOnExit);

  const stop = async () => {
    stopping = true;
    process.off('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exitedPromise.then(() => false), sleep(5_000, true, { ref: false })]);
      if (timedOut && !exited) {
        child.kill('SIGKILL');
        await exitedPromise;
      }
    }
    if (process.env.RENKEI_KEEP_TMP) {
      process.stderr.write(`keeping ${tmp}\n`);
    } else {
      await rm(tmp, { recursive: true, force: true });
    }
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`renkei serve exited before it became healthy:\n${log.join('')}`);
    }
    try {
      if ((await httpStatus(`${baseURL}/healthz`)) === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`renkei serve did not answer /healthz with 200 within 30 s:\n${log.join('')}`);
    }
    await sleep(100);
  }

  // A code is accepted once per account and 30 s step; remember which steps were used here.
  const lastStep = new Map();
  const totpFor = async (loginId, secret = DEMO_TOTP_SECRET) => {
    const used = lastStep.get(loginId);
    let step = totpStep();
    if (used !== undefined && step <= used) {
      const nextStepMs = (used + 1) * TOTP_STEP_SECONDS * 1000;
      await sleep(nextStepMs - Date.now() + 200);
      step = totpStep();
    }
    lastStep.set(loginId, step);
    return totpCode(secret, step);
  };

  return { baseURL, tmp, port, totpFor, stop, log: () => log.join('') };
}

// ---- The browser ------------------------------------------------------------------------------

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
}

/**
 * A fresh browser context (own cookies) on the server. Japanese by default, as the users'
 * browsers are; `options` go to browser.newContext (javaScriptEnabled, bypassCSP, ...).
 */
export async function newPage(browser, server, options = {}) {
  const context = await browser.newContext({
    baseURL: server.baseURL,
    locale: 'ja-JP',
    ...options,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  page.runsScripts = options.javaScriptEnabled !== false;
  if (page.runsScripts) {
    // The page's scripts load after its load event (views/src/layout.rs): a navigation is done
    // when they have run too, so a test can use htmx and offline.js right away.
    for (const name of ['goto', 'reload']) {
      const original = page[name].bind(page);
      page[name] = async (...args) => {
        const res = await original(...args);
        await scriptsReady(page);
        return res;
      };
    }
  }
  return { context, page };
}

/** Waits until the page's deferred scripts have run (at once for a page that has none). */
export async function scriptsReady(page) {
  await page.waitForFunction(() => document.readyState === 'complete'
    && (document.documentElement.dataset.scripts === 'ready' || !document.querySelector('script[data-load]')));
}

// ---- Flows ------------------------------------------------------------------------------------

/**
 * Clicks a control that submits a form (or follows a link) and waits until the resulting
 * document (after any redirects) has loaded. Returns that document's response.
 */
export async function submit(page, control) {
  const main = page.mainFrame();
  const responsePromise = page.waitForResponse((r) => {
    const req = r.request();
    return req.isNavigationRequest() && req.frame() === main && (r.status() < 300 || r.status() >= 400);
  });
  const committed = page.waitForEvent('framenavigated', { predicate: (f) => f === main });
  await control.click();
  const [response] = await Promise.all([responsePromise, committed]);
  await page.waitForLoadState('load');
  if (page.runsScripts) await scriptsReady(page);
  return response;
}

/** Step 1 of the login: ID and password. Returns the response of the page shown next. */
export async function enterPassword(page, loginId, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.locator('#login_id').fill(loginId);
  await page.locator('#password').fill(password);
  return submit(page, page.locator('main form[action="/login"] button[type="submit"]'));
}

/** Both factors; ends on the home page. */
export async function login(page, server, loginId) {
  const first = await enterPassword(page, loginId);
  assert.equal(first.status(), 200, `password step for ${loginId}`);
  assert.equal(new URL(page.url()).pathname, '/login/second-factor');
  await page.locator('#code').fill(await server.totpFor(loginId));
  const second = await submit(page, page.locator('main form[action="/login/second-factor"] button[type="submit"]'));
  assert.equal(second.status(), 200, `second factor for ${loginId}`);
  assert.equal(new URL(page.url()).pathname, '/', `${loginId} should end on the home page`);
  return second;
}

// ---- Accessibility ----------------------------------------------------------------------------

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Diagnostics only: RENKEI_AXE_DISABLE_RULES=rule-id,rule-id switches rules off, to see what
// else is wrong while a known violation waits for its fix. Never set in CI.
const AXE_DISABLED = (process.env.RENKEI_AXE_DISABLE_RULES || '').split(',').map((r) => r.trim()).filter(Boolean);

/** Runs axe-core on the current page (the context must have bypassCSP: true). */
export async function axeViolations(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  const options = {
    runOnly: { type: 'tag', values: AXE_TAGS },
    resultTypes: ['violations'],
    rules: Object.fromEntries(AXE_DISABLED.map((id) => [id, { enabled: false }])),
  };
  const result = await page.evaluate((opts) => window.axe.run(document, opts), options);
  return result.violations;
}

export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      target: ${n.target.join(' ')}\n        html: ${n.html.slice(0, 240)}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      return `  - ${v.id} (impact: ${v.impact}) ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/**
 * Collects axe results over the pages of one test, so that every page is checked even when an
 * earlier one fails; `assertClean()` at the end fails with the id, impact and targets of each
 * violation on each page.
 */
export class AxeReport {
  constructor() {
    this.failures = [];
  }

  async check(page, label) {
    const violations = await axeViolations(page);
    if (violations.length > 0) {
      const msg = `axe: ${violations.length} violation(s) on ${label} (${new URL(page.url()).pathname}):\n${formatViolations(violations)}`;
      process.stderr.write(`${msg}\n`);
      this.failures.push(msg);
    }
  }

  assertClean() {
    if (this.failures.length > 0) assert.fail(this.failures.join('\n'));
  }
}

/** Asserts that axe finds no violation on the current page. */
export async function expectNoAxeViolations(page, label) {
  const report = new AxeReport();
  await report.check(page, label);
  report.assertClean();
}

export { sleep };
