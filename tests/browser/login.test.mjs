// Logging in with both factors, logging out, wrong passwords and replayed codes.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, launchBrowser, newPage, enterPassword, submit, DEMO_PASSWORD } from './helpers.mjs';

describe('login and logout', { timeout: 120_000 }, () => {
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

  it('dr-tanaka logs in with password and TOTP, sees home, then logs out', async () => {
    const { context, page } = await newPage(browser, server);
    try {
      await page.goto('/login');
      await page.locator('#login_id').fill('dr-tanaka');
      await page.locator('#password').fill(DEMO_PASSWORD);
      const step1 = await submit(page, page.getByRole('button', { name: '次へ' }));
      assert.equal(step1.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/login/second-factor');

      await page.locator('#code').fill(await server.totpFor('dr-tanaka'));
      const step2 = await submit(page, page.getByRole('button', { name: 'ログイン' }));
      assert.equal(step2.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/');
      assert.equal(await page.locator('h1').textContent(), 'ホーム');
      assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
      assert.ok(await page.locator('.user-badge__name', { hasText: '田中 一郎' }).isVisible(),
        'the header shows the user name 田中 一郎');
      assert.ok(await page.getByText('田中 一郎').first().isVisible());

      const out = await submit(page, page.getByRole('button', { name: 'ログアウト' }));
      assert.equal(out.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.equal(await page.locator('h1').textContent(), 'ログイン');
      assert.ok(await page.locator('#login_id').isVisible());
      assert.equal(await page.getByRole('button', { name: 'ログアウト' }).count(), 0);

      // The session really ended: home now leads back to the login page.
      await page.goto('/');
      assert.equal(new URL(page.url()).pathname, '/login');
    } finally {
      await context.close();
    }
  });

  it('a wrong password shows the error summary and keeps the login ID', async () => {
    const { context, page } = await newPage(browser, server);
    try {
      const res = await enterPassword(page, 'cm-takahashi', 'not-the-password');
      assert.equal(res.status(), 401);
      assert.equal(new URL(page.url()).pathname, '/login');
      const summary = page.locator('.error-summary');
      assert.equal(await summary.getAttribute('role'), 'alert');
      assert.match(await summary.textContent(), /ログインIDまたはパスワードが正しくありません。/);
      assert.equal(await page.locator('#login_id').inputValue(), 'cm-takahashi');
      assert.equal(await page.locator('#password').inputValue(), '', 'the password is never sent back');
      assert.equal(await page.locator('#login_id').getAttribute('aria-invalid'), 'true');
    } finally {
      await context.close();
    }
  });

  it('a second-factor code is accepted only once (replay is refused)', async () => {
    const first = await newPage(browser, server);
    const second = await newPage(browser, server);
    try {
      const code = await server.totpFor('ph-sato');
      await enterPassword(first.page, 'ph-sato');
      await first.page.locator('#code').fill(code);
      await submit(first.page, first.page.getByRole('button', { name: 'ログイン' }));
      assert.equal(new URL(first.page.url()).pathname, '/');

      await enterPassword(second.page, 'ph-sato');
      assert.equal(new URL(second.page.url()).pathname, '/login/second-factor');
      await second.page.locator('#code').fill(code);
      const res = await submit(second.page, second.page.getByRole('button', { name: 'ログイン' }));
      assert.equal(res.status(), 401);
      assert.equal(new URL(second.page.url()).pathname, '/login/second-factor');
      assert.match(await second.page.locator('.error-summary').textContent(), /既に使用されています/);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  it('pages behind the login redirect an anonymous visitor to /login', async () => {
    const { context, page } = await newPage(browser, server);
    try {
      for (const path of ['/', '/account', '/admin/users', '/audit']) {
        await page.goto(path);
        assert.equal(new URL(page.url()).pathname, '/login', `${path} without a session`);
      }
    } finally {
      await context.close();
    }
  });
});

