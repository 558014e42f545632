// Everything needed to get in works with JavaScript switched off: plain forms, server-side
// validation, redirects.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, launchBrowser, newPage, submit, totpCode,
  DEMO_PASSWORD, PENDING_LOGIN_ID, PENDING_ACTIVATION_CODE,
} from './helpers.mjs';

describe('with JavaScript disabled', { timeout: 120_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const noJs = () => newPage(browser, server, { javaScriptEnabled: false });

  /** The page's own scripts (htmx) must not have run. */
  async function assertNoScripts(page) {
    assert.equal(await page.evaluate(() => typeof window.htmx), 'undefined', 'htmx did not run: JavaScript is off');
  }

  it('an empty password is refused with the Japanese error; the login ID stays; then both factors log in', async () => {
    const { context, page } = await noJs();
    try {
      await page.goto('/login');
      await assertNoScripts(page);
      await page.locator('#login_id').fill('pt-watanabe');
      const refused = await submit(page, page.getByRole('button', { name: '次へ' }));
      assert.equal(refused.status(), 422);
      assert.equal(new URL(page.url()).pathname, '/login');
      const summary = page.locator('.error-summary[role="alert"]');
      assert.ok(await summary.isVisible(), 'the error summary is shown');
      assert.match(await summary.textContent(), /入力内容を確認してください/);
      assert.match(await summary.textContent(), /パスワードを入力してください。/);
      assert.equal(await summary.locator('a[href="#password"]').count(), 1, 'the summary links to the field');
      assert.equal(await page.locator('#password-error').textContent(), 'パスワードを入力してください。');
      assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#login_id').inputValue(), 'pt-watanabe');

      // Now the real login, still without JavaScript.
      await page.locator('#password').fill(DEMO_PASSWORD);
      const step1 = await submit(page, page.getByRole('button', { name: '次へ' }));
      assert.equal(step1.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/login/second-factor');
      await page.locator('#code').fill(await server.totpFor('pt-watanabe'));
      const step2 = await submit(page, page.getByRole('button', { name: 'ログイン' }));
      assert.equal(step2.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/');
      assert.equal(await page.locator('h1').textContent(), 'ホーム');
      await assertNoScripts(page);
    } finally {
      await context.close();
    }
  });

  it('first login: activation code, authenticator enrolment, own password, home', async () => {
    const { context, page } = await noJs();
    try {
      await page.goto('/activate');
      await assertNoScripts(page);
      await page.locator('#login_id').fill(PENDING_LOGIN_ID);
      await page.locator('#activation_code').fill(PENDING_ACTIVATION_CODE);
      await submit(page, page.locator('main form[action="/activate"] button[type="submit"]'));
      assert.equal(new URL(page.url()).pathname, '/enrol/totp');
      assert.ok(await page.locator('figure.qr svg').isVisible(), 'the QR code is shown');

      const secret = await page.locator('#totp-secret').getAttribute('data-secret');
      assert.match(secret, /^[A-Z2-7]{16,}=*$/, 'a base32 secret');
      assert.equal(
        (await page.locator('#totp-secret code').textContent()).replace(/\s/g, ''),
        secret,
        'the secret shown for typing is the same secret',
      );
      await page.locator('#code').fill(totpCode(secret));
      await submit(page, page.locator('main form[action="/enrol/totp"] button[type="submit"]'));
      assert.equal(new URL(page.url()).pathname, '/account/password');
      assert.equal(await page.locator('#current_password').count(), 0, 'no current password on the first login');

      await page.locator('#new_password').fill('Sakura-Home-2026!');
      await page.locator('#new_password_confirmation').fill('Sakura-Home-2026!');
      const done = await submit(page, page.locator('main form[action="/account/password"] button[type="submit"]'));
      assert.equal(done.status(), 200);
      const url = new URL(page.url());
      assert.equal(url.pathname, '/');
      assert.equal(url.searchParams.get('notice'), 'welcome');
      assert.equal(await page.locator('h1').textContent(), 'ホーム');
      assert.ok(await page.getByRole('button', { name: 'ログアウト' }).isVisible());
    } finally {
      await context.close();
    }
  });
});
