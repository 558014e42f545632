// Offline entry (guide §1 オフライン登録): Chromium is taken offline, a 連絡帳 post and an entry
// of vitals are typed, kept on the device and listed as 未送信; when the connection returns they
// are sent — from two open tabs at once, so each is sent twice — and the room has exactly one of
// each. Logging out leaves nothing on the device. The vitals page with its graphs passes axe. This
// file has its own server and database.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, launchBrowser, newPage, login, submit, expectNoAxeViolations, sleep, scriptsReady,
} from './helpers.mjs';

describe('offline entry: kept as 未送信, sent once when the connection returns', { timeout: 120_000 }, () => {
  let server;
  let browser;
  let context;
  let page;
  let room;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server, { bypassCSP: true }));
    await login(page, server, 'dr-tanaka');
    await page.goto('/rooms');
    room = await page.locator('main a.room-list__link', { hasText: '八幡 正' }).getAttribute('href');
    assert.match(room, /^\/rooms\/\d+$/);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('the vitals page with a graph has no axe violations', async () => {
    await page.goto(`${room}/vitals`);
    const form = page.locator('main form.vitals-form');
    await form.locator('#temperature').fill('37.9');
    await form.locator('#pulse').fill('92');
    const res = await submit(page, form.getByRole('button', { name: '記録する', exact: true }));
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('main svg.graph__svg').count() >= 2, true, 'graphs are drawn');
    await expectNoAxeViolations(page, `${room}/vitals`);
    // A malformed value: the message next to the field, the value kept.
    await page.locator('main form.vitals-form #temperature').fill('36,5');
    const bad = await submit(page, page.locator('main form.vitals-form').getByRole('button', { name: '記録する', exact: true }));
    assert.equal(bad.status(), 422);
    assert.match(await page.locator('#temperature-error').textContent(), /小数点/);
    assert.equal(await page.locator('#temperature').inputValue(), '36,5');
    await expectNoAxeViolations(page, `${room}/vitals (error)`);
  });

  it('a post and vitals typed offline are listed as 未送信 and each arrives once', async () => {
    // Two tabs of the same session: the timeline and the vitals.
    await page.goto(room);
    const vitalsTab = await context.newPage();
    await vitalsTab.goto(`${room}/vitals`);
    await scriptsReady(vitalsTab);
    await context.setOffline(true);

    const subject = `オフラインの記録 ${Date.now()}`;
    await page.locator('main details.composer > summary').click();
    const composer = page.locator('main details.composer form');
    await composer.locator('#subject').fill(subject);
    await composer.locator('#body').fill('訪問先で電波が届かない間に書きました。');
    await composer.getByRole('button', { name: '書き込む', exact: true }).click();
    const unsent = page.locator('#unsent');
    await unsent.waitFor({ state: 'visible' });
    assert.match(await unsent.textContent(), /未送信（1件）/);
    assert.match(await unsent.textContent(), new RegExp(subject));
    assert.equal(await composer.locator('#subject').inputValue(), '', 'the form is ready for the next entry');

    const vitals = vitalsTab.locator('main form.vitals-form');
    await vitals.locator('#temperature').fill('38.4');
    await vitals.locator('#spo2').fill('94');
    await vitals.getByRole('button', { name: '記録する', exact: true }).click();
    await vitalsTab.locator('#unsent').waitFor({ state: 'visible' });
    await vitalsTab.waitForFunction(() => /未送信（2件）/.test(document.getElementById('unsent').textContent));
    // The other tab sees the same list.
    await page.waitForFunction(() => /未送信（2件）/.test(document.getElementById('unsent').textContent));

    // The connection returns: both tabs send what is kept (each entry twice, one key each).
    await context.setOffline(false);
    await page.waitForFunction(() => document.getElementById('unsent').hidden, null, { timeout: 20_000 });
    await vitalsTab.waitForFunction(() => document.getElementById('unsent').hidden, null, { timeout: 20_000 });
    await sleep(500);

    await page.goto(room);
    const posts = await page.locator('main article.post', { hasText: subject }).count();
    assert.equal(posts, 1, 'exactly one post');
    await vitalsTab.goto(`${room}/vitals`);
    const rows = await vitalsTab.locator('main table.table--vitals tbody tr', { hasText: '38.4' }).count();
    assert.equal(rows, 1, 'exactly one entry of vitals');
    await vitalsTab.close();
  });

  it('nothing kept offline stays on the device after logout', async () => {
    // Another account's entries (a session that ended without a logout) are wiped on the next page.
    await page.goto(room);
    await page.evaluate(() => localStorage.setItem('renkei.unsent', JSON.stringify([
      { user: 'someone-else', kind: 'post', action: '/rooms/1/posts', key: 'k0', label: 'x', saved: 'now', fields: [] },
    ])));
    await page.reload();
    assert.equal(await page.evaluate(() => localStorage.getItem('renkei.unsent')), null);
    assert.equal(await page.locator('#unsent').isHidden(), true);
    await page.goto(room);
    // An entry kept on the device that is not sent before the logout (another account's).
    await page.evaluate(() => localStorage.setItem('renkei.unsent', JSON.stringify([
      { user: 'someone-else', kind: 'post', action: '/rooms/1/posts', key: 'k', label: 'x', saved: 'now', fields: [] },
    ])));
    assert.ok(await page.evaluate(async () => (await caches.keys()).length) > 0, 'the assets are cached while logged in');
    await submit(page, page.locator('form[action="/logout"] button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.evaluate(() => localStorage.getItem('renkei.unsent')), null);
    assert.equal(await page.evaluate(async () => (await caches.keys()).length), 0, 'no cached pages');
  });
});
