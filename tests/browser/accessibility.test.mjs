// axe-core (WCAG 2.0/2.1 A and AA) on every page of the application, in the states a user sees
// them: empty, with an error summary, per role. This file has its own server and database, so
// the pending account (new-nurse) and the demo accounts' TOTP steps are its own.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, launchBrowser, newPage, enterPassword, login, submit, totpCode,
  AxeReport, expectNoAxeViolations, PENDING_LOGIN_ID, PENDING_ACTIVATION_CODE,
} from './helpers.mjs';

describe('accessibility (axe-core, WCAG 2.1 AA)', { timeout: 120_000 }, () => {
  let server;
  let browser;
  const contexts = [];
  const sessions = new Map();

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  /** A page in its own context; CSP is bypassed so axe-core can be injected. */
  async function freshPage(options = {}) {
    const { context, page } = await newPage(browser, server, { bypassCSP: true, ...options });
    contexts.push(context);
    return page;
  }

  /** A page logged in as `loginId` (both factors), created once and reused. */
  async function sessionOf(loginId) {
    if (!sessions.has(loginId)) {
      const page = await freshPage();
      await login(page, server, loginId);
      sessions.set(loginId, page);
    }
    return sessions.get(loginId);
  }

  async function visit(page, path, expectedStatus = 200) {
    const res = await page.goto(path);
    assert.equal(res.status(), expectedStatus, `GET ${path}`);
    assert.equal(new URL(page.url()).pathname, path.split('?')[0], `GET ${path} was not redirected`);
  }

  // ---- Anonymous pages ----

  it('/login', async () => {
    const page = await freshPage();
    await visit(page, '/login');
    await expectNoAxeViolations(page, '/login');
  });

  it('/login in English', async () => {
    const page = await freshPage({ locale: 'en-GB' });
    await visit(page, '/login');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await expectNoAxeViolations(page, '/login (English)');
  });

  it('/login after a failed submit (error summary)', async () => {
    const page = await freshPage();
    const res = await enterPassword(page, 'hh-ito', 'wrong-password-here');
    assert.equal(res.status(), 401);
    assert.ok(await page.locator('.error-summary').isVisible());
    await expectNoAxeViolations(page, '/login with error summary');
  });

  it('/activate', async () => {
    const page = await freshPage();
    await visit(page, '/activate');
    await expectNoAxeViolations(page, '/activate');
  });

  it('/activate after a failed submit (error summary)', async () => {
    const page = await freshPage();
    await visit(page, '/activate');
    const res = await submit(page, page.locator('main form[action="/activate"] button[type="submit"]'));
    assert.equal(res.status(), 422);
    assert.ok(await page.locator('.error-summary').isVisible());
    await expectNoAxeViolations(page, '/activate with error summary');
  });

  it('404 page (anonymous)', async () => {
    const page = await freshPage();
    await visit(page, '/no-such-page', 404);
    await expectNoAxeViolations(page, '404 page (anonymous)');
  });

  // ---- The login steps ----

  it('/login/second-factor, with and without an error', async () => {
    const axe = new AxeReport();
    const page = await freshPage();
    await enterPassword(page, 'city-admin');
    assert.equal(new URL(page.url()).pathname, '/login/second-factor');
    await axe.check(page, '/login/second-factor');

    const res = await submit(page, page.locator('main form[action="/login/second-factor"] button[type="submit"]'));
    assert.equal(res.status(), 422);
    assert.ok(await page.locator('.error-summary').isVisible());
    await axe.check(page, '/login/second-factor with error summary');

    await page.locator('#code').fill(await server.totpFor('city-admin'));
    await submit(page, page.locator('main form[action="/login/second-factor"] button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, '/');
    sessions.set('city-admin', page);
    axe.assertClean();
  });

  it('/enrol/totp and the first /account/password (pending account)', async () => {
    const axe = new AxeReport();
    const page = await freshPage();
    await visit(page, '/activate');
    await page.locator('#login_id').fill(PENDING_LOGIN_ID);
    await page.locator('#activation_code').fill(PENDING_ACTIVATION_CODE);
    await submit(page, page.locator('main form[action="/activate"] button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, '/enrol/totp');
    await axe.check(page, '/enrol/totp');

    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    await page.locator('#code').fill(totpCode(secret));
    await submit(page, page.locator('main form[action="/enrol/totp"] button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, '/account/password');
    await axe.check(page, '/account/password (first login)');

    await page.locator('#new_password').fill('Sakura-Home-2026!');
    await page.locator('#new_password_confirmation').fill('Sakura-Home-2026?');
    const res = await submit(page, page.locator('main form[action="/account/password"] button[type="submit"]'));
    assert.equal(res.status(), 422);
    assert.ok(await page.locator('.error-summary').isVisible());
    await axe.check(page, '/account/password (first login) with error summary');
    axe.assertClean();
  });

  // ---- City clerk ----

  it('/ for city-admin', async () => {
    const page = await sessionOf('city-admin');
    await visit(page, '/');
    await expectNoAxeViolations(page, '/ (city-admin)');
  });

  it('/admin/users', async () => {
    const page = await sessionOf('city-admin');
    await visit(page, '/admin/users');
    assert.ok((await page.locator('table tbody tr').count()) > 0, 'the account list has rows');
    await expectNoAxeViolations(page, '/admin/users');
  });

  it('/audit', async () => {
    const page = await sessionOf('city-admin');
    await visit(page, '/audit');
    await expectNoAxeViolations(page, '/audit');
  });

  it('/audit filtered', async () => {
    const page = await sessionOf('city-admin');
    await visit(page, '/audit?action=&actor=&result=failure&from=&to=');
    await expectNoAxeViolations(page, '/audit?result=failure');
  });

  it('/directory, all and searched', async () => {
    const page = await sessionOf('city-admin');
    await visit(page, '/directory');
    assert.ok((await page.locator('table tbody tr').count()) > 0, 'the directory has rows');
    await expectNoAxeViolations(page, '/directory');
    await visit(page, '/directory?q=' + encodeURIComponent('存在しない名前'));
    await expectNoAxeViolations(page, '/directory (no match)');
  });

  it('/account', async () => {
    const page = await sessionOf('city-admin');
    await visit(page, '/account');
    await expectNoAxeViolations(page, '/account');
  });

  it('/account/password, with and without an error', async () => {
    const axe = new AxeReport();
    const page = await sessionOf('city-admin');
    await visit(page, '/account/password');
    assert.equal(await page.locator('#current_password').count(), 1);
    await axe.check(page, '/account/password');

    const res = await submit(page, page.locator('main form[action="/account/password"] button[type="submit"]'));
    assert.equal(res.status(), 422);
    assert.ok(await page.locator('.error-summary').isVisible());
    await axe.check(page, '/account/password with error summary');
    axe.assertClean();
  });

  // ---- Association clerk and professional ----

  it('/ for assoc-admin', async () => {
    const page = await sessionOf('assoc-admin');
    await visit(page, '/');
    await expectNoAxeViolations(page, '/ (assoc-admin)');
  });

  it('/ for a professional (dr-tanaka)', async () => {
    const page = await sessionOf('dr-tanaka');
    await visit(page, '/');
    await expectNoAxeViolations(page, '/ (dr-tanaka)');
  });

  it('/ for a professional in English', async () => {
    const axe = new AxeReport();
    const page = await sessionOf('dr-tanaka');
    await visit(page, '/');
    await submit(page, page.locator('header form[action="/language"] button[type="submit"]'));
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await axe.check(page, '/ (dr-tanaka, English)');
    await submit(page, page.locator('header form[action="/language"] button[type="submit"]'));
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    axe.assertClean();
  });

  it('403 page (a professional opening /audit)', async () => {
    const page = await sessionOf('dr-tanaka');
    await visit(page, '/audit', 403);
    await expectNoAxeViolations(page, '403 page');
  });

  it('404 page (logged in)', async () => {
    const page = await sessionOf('dr-tanaka');
    await visit(page, '/no-such-page', 404);
    await expectNoAxeViolations(page, '404 page (logged in)');
  });
});
