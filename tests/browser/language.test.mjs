// Switching the display language from the header; the choice is kept on the account.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, launchBrowser, newPage, login, submit } from './helpers.mjs';

/** The header's language switch. Its accessible name is an aria-label, so find it by its text. */
function languageButton(page, text) {
  return page.locator('header form[action="/language"] button[type="submit"]', { hasText: text });
}

describe('language switch', { timeout: 120_000 }, () => {
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

  it('ns-suzuki switches to English; it persists on reload and on /account; then back to 日本語', async () => {
    const { context, page } = await newPage(browser, server);
    try {
      await login(page, server, 'ns-suzuki');
      assert.equal(await page.locator('h1').textContent(), 'ホーム');
      assert.equal(await page.locator('html').getAttribute('lang'), 'ja');

      await submit(page, languageButton(page, 'English'));
      assert.equal(new URL(page.url()).pathname, '/', 'the switch returns to the same page');
      assert.equal(await page.locator('h1').textContent(), 'Home');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.ok(await page.getByRole('button', { name: 'Log out' }).isVisible());
      assert.ok(await languageButton(page, '日本語').isVisible());

      await page.reload();
      assert.equal(await page.locator('h1').textContent(), 'Home');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');

      await page.goto('/account');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.locator('h1').textContent(), 'Account settings');
      assert.ok(await page.locator('input[type="radio"][name="lang"][value="en"]').isChecked());
      assert.ok(!(await page.locator('input[type="radio"][name="lang"][value="ja"]').isChecked()));

      // Kept on the account, not only in the cookie: without the cookie it is still English.
      await context.clearCookies({ name: 'renkei_lang' });
      await page.goto('/');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.locator('h1').textContent(), 'Home');

      await submit(page, languageButton(page, '日本語'));
      assert.equal(await page.locator('h1').textContent(), 'ホーム');
      assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
      assert.ok(await languageButton(page, 'English').isVisible());
      await page.reload();
      assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    } finally {
      await context.close();
    }
  });

  it('an anonymous visitor can switch the login page to English (kept in a cookie)', async () => {
    const { context, page } = await newPage(browser, server);
    try {
      await page.goto('/login');
      assert.equal(await page.locator('h1').textContent(), 'ログイン');
      await submit(page, languageButton(page, 'English'));
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.locator('h1').textContent(), 'Log in');
      await page.reload();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      await submit(page, languageButton(page, '日本語'));
      assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    } finally {
      await context.close();
    }
  });
});
