// What professionals send from inside and what organisations send from outside: the choice and
// the forms at /submissions (forms 7 and 8 as a pair, with the signed scan), 利用者間メール
// (/mail: inbox, sent box, composer, one message), the anonymous 電子申請 (/apply, its forms and
// its receipt page), the association clerk's paper forms 7, 8 and 9, /rooms/admin, and the city
// clerk's paper form 5. axe-core on each page and its error state; the flows with JavaScript on
// (form 7+8 with a PDF) and off (a message with a mistake, then sent and read; form 6 from
// outside). This file has its own server and database, so the queues and mail boxes start with
// the demo data only and the receipt numbers are its own.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, launchBrowser, newPage, login, submit, AxeReport, expectNoAxeViolations,
} from './helpers.mjs';

/** A day in Japan (the office's date), `daysAgo` days before today: YYYY-MM-DD. */
function dayInJapan(daysAgo = 0) {
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' });
  return fmt.format(new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000));
}

/** A city office receipt number (S-2026-0001). */
const RECEIPT = /^S-\d{4}-\d{4}$/;

/** Forms 7 and 8 for a new registrant, as the visiting nurse fills them in (by input name). */
const FORM7_8 = Object.freeze({
  reg_name: '国府台 清',
  reg_kana: 'コウノダイ キヨシ',
  reg_birth_date: '昭和20年1月2日',
  reg_sex: 'male',
  reg_address: '市川市国府台2-2-2',
  signer: 'self',
  consent_on: dayInJapan(2),
  coordinator_name: '鈴木 由美',
  coordinator_org: '市川訪問看護ステーション',
  coordinator_phone: '047-300-0002',
  member_1_action: 'add',
  member_1_login_id: 'ns-suzuki',
  member_1_name: '鈴木 由美',
  member_1_role: 'visiting_nursing',
  digital_consent: true,
});

/** Form 6 sent from outside: one account to stop. */
const FORM6 = Object.freeze({
  org_name: 'ヘルパーステーションいちかわ',
  account_1_login_id: 'hh-ito',
  account_1_name: '伊藤 真理',
  reason: 'retirement',
  last_day: '令和8年11月30日',
  contact_email: 'jimu@example.jp',
});

/** The signed consent form, scanned: a (tiny) PDF. */
const CONSENT_PDF = Object.freeze({
  name: '同意書.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
});

/** The control of `name` in the page's form (a radio button: the one with `value`). */
function control(page, name, value) {
  const radio = name === 'to_kind';
  return page.locator(radio
    ? `main form input[type="radio"][name="${name}"][value="${value}"]`
    : `main form [name="${name}"]`);
}

/** Fills the form on the page: text, selects, check boxes and radio buttons by name. */
async function fillForm(page, values) {
  for (const [name, value] of Object.entries(values)) {
    const el = control(page, name, value);
    assert.equal(await el.count(), 1, `the form has one control ${name}`);
    const tag = await el.evaluate((e) => e.tagName.toLowerCase());
    const type = await el.getAttribute('type');
    if (tag === 'select') {
      await el.selectOption(value);
    } else if (type === 'checkbox') {
      await el.setChecked(value);
    } else if (type === 'radio') {
      await el.check();
    } else {
      await el.fill(value);
    }
  }
}

/** Asserts the error summary is shown (role=alert, the Japanese heading) and returns it. */
async function errorSummary(page) {
  const summary = page.locator('.error-summary[role="alert"]');
  assert.ok(await summary.isVisible(), 'the error summary is shown');
  assert.match(await summary.textContent(), /入力内容を確認してください/);
  return summary;
}

describe('submissions, 利用者間メール and 電子申請', { timeout: 180_000 }, () => {
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

  /** The page's own scripts (htmx) must not have run. */
  async function assertNoScripts(page) {
    assert.equal(await page.evaluate(() => typeof window.htmx), 'undefined', 'htmx did not run: JavaScript is off');
  }

  // ---- Accessibility (the same rule set and report as accessibility.test.mjs) ----

  describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
    // Anonymous: 電子申請.

    it('/apply (anonymous)', async () => {
      const page = await freshPage();
      await visit(page, '/apply');
      assert.equal(await page.locator('main a[href="/apply/form4"]').count(), 1);
      assert.equal(await page.locator('main a[href="/apply/form6"]').count(), 1);
      await expectNoAxeViolations(page, '/apply');
    });

    it('/apply/form4 and /apply/form6 (anonymous)', async () => {
      const axe = new AxeReport();
      const page = await freshPage();
      await visit(page, '/apply/form4');
      assert.equal(await page.locator('main form[action="/apply/form4"]').count(), 1);
      await axe.check(page, '/apply/form4');
      await visit(page, '/apply/form6');
      assert.equal(await page.locator('main form select[name="reason"]').count(), 1);
      await axe.check(page, '/apply/form6');
      axe.assertClean();
    });

    it('/apply/form6 after an empty submit (error summary)', async () => {
      const page = await freshPage();
      await visit(page, '/apply/form6');
      const res = await submit(page, page.getByRole('button', { name: 'この内容で送信する' }));
      assert.equal(res.status(), 422);
      assert.equal(new URL(page.url()).pathname, '/apply/form6');
      await errorSummary(page);
      assert.ok((await page.locator('.field__error').count()) > 1, 'the empty form has field errors');
      await expectNoAxeViolations(page, '/apply/form6 with error summary');
    });

    it('/apply/received/S-2026-0001', async () => {
      const page = await freshPage();
      await visit(page, '/apply/received/S-2026-0001');
      assert.equal((await page.locator('main .receipt-number strong').textContent()).trim(), 'S-2026-0001');
      await expectNoAxeViolations(page, '/apply/received/S-2026-0001');
    });

    // Association clerk: paper forms 7, 8, 9 and the rooms.

    it('/applications/new/form7, form8 and form9 (assoc-admin)', async () => {
      const axe = new AxeReport();
      const page = await sessionOf('assoc-admin');
      for (const form of ['form7', 'form8', 'form9']) {
        await visit(page, `/applications/new/${form}`);
        assert.equal(await page.locator(`main form[action="/applications/new/${form}"]`).count(), 1);
        await axe.check(page, `/applications/new/${form}`);
      }
      axe.assertClean();
    });

    it('/applications/new/form8 after an empty submit (error summary)', async () => {
      const page = await sessionOf('assoc-admin');
      await visit(page, '/applications/new/form8');
      const res = await submit(page, page.getByRole('button', { name: '受け付ける' }));
      assert.equal(res.status(), 422);
      assert.equal(new URL(page.url()).pathname, '/applications/new/form8');
      await errorSummary(page);
      assert.ok((await page.locator('.field__error').count()) > 1, 'the empty form has field errors');
      await expectNoAxeViolations(page, '/applications/new/form8 with error summary');
    });

    it('/rooms/admin and the first room on it (assoc-admin)', async () => {
      const axe = new AxeReport();
      const page = await sessionOf('assoc-admin');
      await visit(page, '/rooms/admin');
      const first = page.locator('main table tbody tr a[href^="/rooms/admin/"]').first();
      assert.ok(await first.isVisible(), 'the association administers at least one room');
      await axe.check(page, '/rooms/admin');

      const href = await first.getAttribute('href');
      assert.match(href, /^\/rooms\/admin\/\d+$/);
      const res = await submit(page, first);
      assert.equal(res.status(), 200);
      assert.equal(new URL(page.url()).pathname, href);
      await axe.check(page, href);
      axe.assertClean();
    });

    // City clerk: paper form 5.

    it('/applications/new/form5 (city-admin)', async () => {
      const page = await sessionOf('city-admin');
      await visit(page, '/applications/new/form5');
      assert.equal(await page.locator('main form[action="/applications/new/form5"]').count(), 1);
      await expectNoAxeViolations(page, '/applications/new/form5');
    });

    // A professional: mail and submissions.

    it('/mail and /mail/new (ns-suzuki)', async () => {
      const axe = new AxeReport();
      const page = await sessionOf('ns-suzuki');
      await visit(page, '/mail');
      await axe.check(page, '/mail');
      await visit(page, '/mail/new');
      assert.equal(await page.locator('main form[action="/mail"]').count(), 1);
      await axe.check(page, '/mail/new');
      axe.assertClean();
    });

    it('/mail/new after an empty submit (error summary)', async () => {
      const page = await sessionOf('ns-suzuki');
      await visit(page, '/mail/new');
      const res = await submit(page, page.locator('main form[action="/mail"] button[type="submit"]:not([name="op"])'));
      assert.equal(res.status(), 422);
      await errorSummary(page);
      await expectNoAxeViolations(page, '/mail/new with error summary');
    });

    it('/submissions, /submissions/form7_8 and /submissions/room_membership (ns-suzuki)', async () => {
      const axe = new AxeReport();
      const page = await sessionOf('ns-suzuki');
      await visit(page, '/submissions');
      assert.equal(await page.locator('main a[href="/submissions/form7_8"]').count(), 1);
      await axe.check(page, '/submissions');
      await visit(page, '/submissions/form7_8');
      assert.equal(await page.locator('#attachment[type="file"]').count(), 1);
      await axe.check(page, '/submissions/form7_8');
      await visit(page, '/submissions/room_membership');
      assert.equal(await page.locator('main form[action="/submissions/room_membership"]').count(), 1);
      await axe.check(page, '/submissions/room_membership');
      axe.assertClean();
    });
  });

  // ---- With JavaScript ----

  describe('with JavaScript', () => {
    it('the nurse sends forms 7 and 8 with the signed scan; the association gets the mail and a pair in its queue', async () => {
      const nurse = await sessionOf('ns-suzuki');
      await visit(nurse, '/submissions/form7_8');
      assert.notEqual(await nurse.evaluate(() => typeof window.htmx), 'undefined', 'htmx ran: JavaScript is on');
      // By in-system mail only with 電子化同意 and the scan: without them, refused with both reasons.
      await fillForm(nurse, { ...FORM7_8, digital_consent: false });
      const refused = await submit(nurse, nurse.getByRole('button', { name: 'この内容で送信する' }));
      assert.equal(refused.status(), 422);
      assert.equal(new URL(nurse.url()).pathname, '/submissions/form7_8');
      const summary = await errorSummary(nurse);
      assert.equal(await summary.locator('a[href="#digital_consent"]').count(), 1, 'the summary asks for the consent');
      assert.equal(await summary.locator('a[href="#attachment"]').count(), 1, 'the summary asks for the scan');
      assert.equal(await summary.locator('li').count(), 2, 'only the consent and the scan are missing');
      assert.equal(await nurse.locator('#reg_name').inputValue(), FORM7_8.reg_name, 'what was typed is kept');

      await fillForm(nurse, FORM7_8);
      await nurse.setInputFiles('#attachment', CONSENT_PDF);
      const sent = await submit(nurse, nurse.getByRole('button', { name: 'この内容で送信する' }));
      assert.equal(sent.status(), 200);
      const url = new URL(nurse.url());
      assert.equal(url.pathname, '/submissions', `the nurse lands on /submissions (at ${nurse.url()})`);
      assert.equal(url.searchParams.get('notice'), 'form_sent');
      assert.equal(await nurse.locator('.error-summary').count(), 0, 'the forms were not refused');
      assert.match(await nurse.locator('main .notice[role="status"]').textContent(), /申請・届出を送りました。/);
      const mine = nurse.locator('section[aria-labelledby="mine-title"] table tbody tr');
      assert.equal(await mine.count(), 2, 'the nurse lists the two forms sent');
      const forms = (await mine.locator('td:nth-child(2)').allTextContents()).map((s) => s.trim()).sort();
      assert.deepEqual(forms, ['様式第7号 個人情報取り扱い同意書', '様式第8号 担当者届出書']);
      for (const text of await mine.allTextContents()) assert.match(text, /受付/);

      // The association clerk: one unread message with the guide's subject and the scan, ...
      const clerk = await sessionOf('assoc-admin');
      await visit(clerk, '/mail');
      const subject = '【同意書および担当者届出】市川訪問看護ステーション';
      const message = clerk.locator('main table tbody tr', { hasText: subject });
      assert.equal(await message.count(), 1, `the inbox lists "${subject}"`);
      assert.match(await message.locator('td').nth(0).textContent(), /未読/);
      assert.equal((await message.locator('td').nth(1).textContent()).trim(), '鈴木 由美');
      assert.equal((await message.locator('td').nth(4).textContent()).trim(), '1', 'one attachment');

      // ... and two applications in its queue, marked as the pair, for the new registrant.
      await visit(clerk, '/applications');
      const pairRows = clerk.locator('#queue-rows table tbody tr', { hasText: '様式7・8の組' });
      assert.equal(await pairRows.count(), 2, 'the queue shows the two forms as a pair');
      for (const text of await pairRows.allTextContents()) {
        assert.match(text, /国府台 清/);
        assert.match(text, /利用者間メール/);
      }
    });
  });

  // ---- Without JavaScript ----

  describe('with JavaScript disabled', () => {
    it('a message with no subject comes back with the body kept; sent, it is unread in the inbox and opens', async () => {
      const subject = '訪問日程のご相談';
      const body = '来週の訪問日程について、火曜日の午後でご都合はいかがでしょうか。';
      const sender = await newPage(browser, server, { javaScriptEnabled: false });
      const reader = await newPage(browser, server, { javaScriptEnabled: false });
      try {
        const { page } = sender;
        await login(page, server, 'ns-suzuki');
        await visit(page, '/mail/new');
        await assertNoScripts(page);
        assert.ok(await control(page, 'to_kind', 'user').isChecked(), 'a user is the addressee by default');
        // The addressee is found by name (「探す」 reloads the form with the people found,
        // keeping what was typed) and chosen from the results.
        await fillForm(page, { to_search: '田中', body });
        const found = await submit(page, page.locator('main form[action="/mail"] button[name="op"][value="find"]'));
        assert.equal(found.status(), 200);
        assert.equal(await page.locator('#body').inputValue(), body, 'the body is kept while searching');
        const doctorChoice = page.locator('#recipient-results label.radio', { hasText: '田中 一郎' });
        assert.equal(await doctorChoice.count(), 1, 'the search finds the doctor');
        await doctorChoice.locator('input[name="to_user"]').check();
        const send = page.locator('main form[action="/mail"] button[type="submit"]:not([name="op"])');

        const refused = await submit(page, send);
        assert.equal(refused.status(), 422);
        assert.equal(new URL(page.url()).pathname, '/mail');
        const summary = await errorSummary(page);
        assert.equal(await summary.locator('a[href="#subject"]').count(), 1, 'the summary links to the subject');
        assert.equal(await summary.locator('li').count(), 1, 'only the subject is reported');
        assert.equal(await page.locator('#subject').getAttribute('aria-invalid'), 'true');
        assert.equal(await page.locator('#body').inputValue(), body, 'the body is kept');
        assert.ok(await doctorChoice.locator('input[name="to_user"]').isChecked(), 'the addressee is kept');
        assert.ok(await control(page, 'to_kind', 'user').isChecked(), 'the kind of addressee is kept');

        await fillForm(page, { subject });
        const sent = await submit(page, send);
        assert.equal(sent.status(), 200);
        assert.equal(new URL(page.url()).pathname, '/mail/sent');
        assert.match(await page.locator('main').textContent(), /メールを送信しました。/);
        const sentRow = page.locator('main table tbody tr', { hasText: subject });
        assert.equal(await sentRow.count(), 1, 'the sent box lists the message');

        // The doctor reads it.
        const doctor = reader.page;
        await login(doctor, server, 'dr-tanaka');
        await visit(doctor, '/mail');
        await assertNoScripts(doctor);
        const row = doctor.locator('main table tbody tr', { hasText: subject });
        assert.equal(await row.count(), 1, 'the inbox lists the message');
        assert.match(await row.locator('td').first().textContent(), /未読/);
        assert.match(await row.textContent(), /鈴木 由美/, 'from the nurse');

        const opened = await submit(doctor, row.getByRole('link', { name: subject }));
        assert.equal(opened.status(), 200);
        assert.match(new URL(doctor.url()).pathname, /^\/mail\/\d+$/);
        assert.equal((await doctor.locator('#body-title').textContent()).trim(), subject);
        assert.equal((await doctor.locator('.message-body').textContent()).trim(), body);
      } finally {
        await sender.context.close();
        await reader.context.close();
      }
    });

    it('an organisation sends form 6 by 電子申請 without logging in and gets a receipt number', async () => {
      const { context, page } = await newPage(browser, server, { javaScriptEnabled: false });
      try {
        await visit(page, '/apply');
        await assertNoScripts(page);
        await submit(page, page.locator('main a[href="/apply/form6"]'));
        assert.equal(new URL(page.url()).pathname, '/apply/form6');
        await fillForm(page, FORM6);

        const res = await submit(page, page.getByRole('button', { name: 'この内容で送信する' }));
        assert.equal(res.status(), 200);
        assert.equal(await page.locator('.error-summary').count(), 0, 'the form was not refused');
        const match = /^\/apply\/received\/(S-\d{4}-\d{4})$/.exec(new URL(page.url()).pathname);
        assert.ok(match, `the receipt page (at ${page.url()})`);
        assert.match(match[1], RECEIPT);
        assert.equal((await page.locator('main .receipt-number strong').textContent()).trim(), match[1]);
        assert.equal((await page.locator('h1').textContent()).trim(), '電子申請を受け付けました');
      } finally {
        await context.close();
      }
    });
  });
});
