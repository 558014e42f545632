// The room calendar in a browser: month → next month in place with htmx (the URL follows), the
// same links without JavaScript, an event entered through the form, and axe-core on the month,
// the event form with an error, the event page and my calendar. Own server and database.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, launchBrowser, newPage, login, submit, expectNoAxeViolations,
} from './helpers.mjs';

describe('calendar: month, week and list with htmx and without', { timeout: 120_000 }, () => {
  let server;
  let browser;
  const contexts = [];
  let room;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function session(js) {
    const { context, page } = await newPage(browser, server, { bypassCSP: true, javaScriptEnabled: js });
    contexts.push(context);
    await login(page, server, 'dr-tanaka');
    await page.goto('/rooms');
    room = await page.locator('main a.room-list__link', { hasText: '八幡 正' }).getAttribute('href');
    return page;
  }

  it('an event entered through the form shows in the month, with htmx navigation', async () => {
    const page = await session(true);
    await page.goto(`${room}/calendar?view=month&date=2026-11-01`);
    assert.match(await page.locator('.calendar-nav__period').textContent(), /2026年11月/);
    await expectNoAxeViolations(page, `${room}/calendar (month)`);

    await page.goto(`${room}/calendar/new?date=2026-11-24`);
    await page.locator('#kind').selectOption('care_conference');
    await page.locator('#start').fill('14:00');
    await page.locator('#end').fill('13:00');
    const bad = await submit(page, page.getByRole('button', { name: '保存して参加者に知らせる' }));
    assert.equal(bad.status(), 422);
    assert.match(await page.locator('#end-error').textContent(), /終了時刻は開始時刻より後に/);
    await expectNoAxeViolations(page, 'event form (error)');
    await page.locator('#end').fill('15:00');
    const ok = await submit(page, page.getByRole('button', { name: '保存して参加者に知らせる' }));
    assert.equal(ok.status(), 200);
    assert.match(new URL(page.url()).pathname, /\/calendar\/\d+$/);
    await expectNoAxeViolations(page, 'event page');

    await page.goto(`${room}/calendar?view=month&date=2026-10-01`);
    // 次へ is swapped in place by htmx: same document, new month, the URL pushed.
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.locator('.calendar-nav a', { hasText: '次へ' }).click();
    await page.waitForFunction(() => /2026年11月/.test(document.querySelector('.calendar-nav__period').textContent));
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load');
    assert.match(page.url(), /date=2026-11-01/);
    assert.match(await page.locator('#calendar').textContent(), /サービス担当者会議/);

    await page.goto('/calendar?view=list&date=2026-11-20');
    assert.match(await page.locator('main').textContent(), /八幡 正/);
    await expectNoAxeViolations(page, '/calendar (list)');
  });

  it('without JavaScript the same links load the pages', async () => {
    const page = await session(false);
    await page.goto(`${room}/calendar?view=week&date=2026-11-24`);
    await submit(page, page.locator('.calendar-nav a', { hasText: '次へ' }));
    assert.match(page.url(), /view=week&date=2026-11-29/);
    await submit(page, page.locator('nav.period a', { hasText: '一覧' }));
    assert.match(page.url(), /view=list/);
  });
});
