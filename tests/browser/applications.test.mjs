// The clerks' back office: the city office's queue, keying in paper form 4 (with and without
// JavaScript), the steps on an application and its history, axe-core on every page and state,
// and the offices kept apart (the association clerk never sees the city's applications). This
// file has its own server and database, so the queue starts empty and the receipt numbers are
// its own.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, launchBrowser, newPage, login, submit, AxeReport, expectNoAxeViolations,
} from './helpers.mjs';

/** Today in Japan (the office's date), as the paper form takes it: YYYY-MM-DD. */
function todayInJapan() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

const TODAY = todayInJapan();
const YEAR = TODAY.slice(0, 4);
/** A city office receipt number (S-2026-0001); the year is the receipt date's. */
const RECEIPT = new RegExp(`^S-${YEAR}-\\d{4}$`);

/** A valid paper form 4 (one applicant), by input name; booleans are check boxes. */
const VALID_FORM4 = Object.freeze({
  channel: 'post',
  received_on: TODAY,
  application_date: TODAY,
  org_name: 'やわた在宅クリニック',
  org_kana: 'ヤワタザイタククリニック',
  org_kind: 'clinic',
  org_postcode: '272-0021',
  org_address: '市川市八幡4-5-6',
  org_phone: '047-300-1234',
  org_representative: '八幡 太郎',
  manager_name: '八幡 花子',
  manager_phone: '047-300-1234',
  manager_email: 'jimu@yawata.example.jp',
  applicant_1_name: '八幡 太郎',
  applicant_1_kana: 'ヤワタ タロウ',
  applicant_1_profession: 'doctor',
  applicant_1_email: 'taro@yawata.example.jp',
  applicant_1_device: 'pc',
  applicant_1_work_device: true,
  notice_to: 'organisation',
  pledge_1: true,
  pledge_2: true,
  pledge_3: true,
  pledge_4: true,
  pledge_5: true,
});

/** The control of `name` in the page's form (a radio button: the one with `value`). */
function control(page, name, value) {
  const radio = name === 'notice_to';
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

/** Asserts that the form on the page shows `values` (what was typed came back). */
async function assertFormShows(page, values) {
  for (const [name, value] of Object.entries(values)) {
    const el = control(page, name, value);
    const type = await el.getAttribute('type');
    if (type === 'checkbox') {
      assert.equal(await el.isChecked(), value, `${name} is ${value ? '' : 'not '}checked`);
    } else if (type === 'radio') {
      assert.ok(await el.isChecked(), `${name}=${value} is checked`);
    } else {
      assert.equal(await el.inputValue(), value, `${name} keeps its value`);
    }
  }
}

/** The actions (3rd column) of the history table of the detail page, oldest first. */
async function historyActions(page) {
  const cells = page.locator('section[aria-labelledby="history-title"] table tbody tr td:nth-child(3)');
  return (await cells.allTextContents()).map((s) => s.trim());
}

/** The status shown at the top of the detail page. */
async function detailStatus(page) {
  return (await page.locator('main > dl.definition dd strong').first().textContent()).trim();
}

const DETAIL_PATH = /^\/applications\/(\d+)$/;

describe('applications (the city office back office)', { timeout: 180_000 }, () => {
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

  /**
   * Keys in a valid form 4 (with `overrides`) as the clerk on `page`; ends on the new
   * application's detail page. Returns { id, receipt }.
   */
  async function keyInForm4(page, overrides = {}) {
    await visit(page, '/applications/new/form4');
    await fillForm(page, { ...VALID_FORM4, ...overrides });
    const res = await submit(page, page.getByRole('button', { name: '受け付ける' }));
    assert.equal(res.status(), 200, 'a valid form 4 is received');
    const match = DETAIL_PATH.exec(new URL(page.url()).pathname);
    assert.ok(match, `the clerk lands on the detail page (at ${page.url()})`);
    const receipt = (await page.locator('h1').textContent()).replace(/^申請\s*/, '').trim();
    assert.match(receipt, RECEIPT);
    return { id: Number(match[1]), receipt };
  }

  // ---- Accessibility (the same rule set and report as accessibility.test.mjs) ----

  describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
    let application;

    it('/applications (empty queue)', async () => {
      const page = await sessionOf('city-admin');
      await visit(page, '/applications');
      assert.ok(await page.locator('#queue-rows .empty-state').isVisible(), 'the queue is empty');
      await expectNoAxeViolations(page, '/applications (empty)');
    });

    it('/applications/new', async () => {
      const page = await sessionOf('city-admin');
      await visit(page, '/applications/new');
      assert.equal(await page.locator('main a[href="/applications/new/form4"]').count(), 1);
      assert.equal(await page.locator('main a[href="/applications/new/form6"]').count(), 1);
      await expectNoAxeViolations(page, '/applications/new');
    });

    it('/applications/new/form4, clean and after a failed submit', async () => {
      const axe = new AxeReport();
      const page = await sessionOf('city-admin');
      await visit(page, '/applications/new/form4');
      await axe.check(page, '/applications/new/form4');

      const res = await submit(page, page.getByRole('button', { name: '受け付ける' }));
      assert.equal(res.status(), 422);
      assert.equal(new URL(page.url()).pathname, '/applications/new/form4');
      assert.ok(await page.locator('.error-summary').isVisible());
      assert.ok((await page.locator('.field__error').count()) > 1, 'the empty form has field errors');
      await axe.check(page, '/applications/new/form4 with error summary');
      axe.assertClean();
    });

    it('/applications/new/form6', async () => {
      const page = await sessionOf('city-admin');
      await visit(page, '/applications/new/form6');
      assert.equal(await page.locator('main form select[name="reason"]').count(), 1);
      await expectNoAxeViolations(page, '/applications/new/form6');
    });

    it('the detail page of a new application', async () => {
      const page = await sessionOf('city-admin');
      application = await keyInForm4(page);
      // Steps that cannot be undone or tell the submitter something open a confirmation page.
      assert.ok(await page.getByRole('link', { name: '却下する' }).isVisible());
      assert.ok(await page.getByRole('button', { name: '審査を始める' }).isVisible());
      await expectNoAxeViolations(page, `/applications/${application.id}`);
    });

    it('/applications with one application', async () => {
      assert.ok(application, 'the application of the previous test exists');
      const page = await sessionOf('city-admin');
      await visit(page, '/applications');
      assert.equal(await page.locator('#queue-rows table tbody tr').count(), 1);
      assert.ok(await page.getByRole('link', { name: application.receipt }).isVisible());
      await expectNoAxeViolations(page, '/applications (one application)');
    });

    it('the detail page after a failed step (却下する with a blank reason)', async () => {
      assert.ok(application, 'the application of an earlier test exists');
      const page = await sessionOf('city-admin');
      await visit(page, `/applications/${application.id}`);
      // 却下する opens its confirmation page: what happens, the reason, the one button.
      await submit(page, page.getByRole('link', { name: '却下する' }));
      assert.equal(new URL(page.url()).pathname, `/applications/${application.id}/rejection`);
      assert.match(await page.locator('main').textContent(), /取り消せません/);
      await expectNoAxeViolations(page, `/applications/${application.id}/rejection`);
      // A reason of spaces only is empty to the server (it trims): refused, input kept.
      await page.locator('#reason-rejection').fill('   ');
      const res = await submit(page, page.locator('main form.confirm').getByRole('button', { name: '却下する' }));
      assert.equal(res.status(), 422);
      assert.equal(new URL(page.url()).pathname, `/applications/${application.id}/rejection`);
      assert.ok(await page.locator('.error-summary').isVisible());
      assert.equal(await page.locator('.error-summary a[href="#reason-rejection"]').count(), 1);
      assert.match(await page.locator('.error-summary').textContent(), /理由：入力してください/, 'the summary names the field');
      assert.equal(await page.locator('#reason-rejection').getAttribute('aria-invalid'), 'true');
      await expectNoAxeViolations(page, `/applications/${application.id}/rejection with error summary`);
      await visit(page, `/applications/${application.id}`);
      assert.equal(await detailStatus(page), '受付', 'nothing changed');
    });
  });

  // ---- Without JavaScript ----

  describe('with JavaScript disabled', () => {
    it('the city clerk keys in form 4, fixes the errors, reviews and approves it; the queue lists it', async () => {
      const { context, page } = await newPage(browser, server, { javaScriptEnabled: false });
      try {
        await login(page, server, 'city-admin');

        // From the queue to the paper form, by links.
        await page.goto('/applications');
        assert.equal(await page.evaluate(() => typeof window.htmx), 'undefined', 'htmx did not run: JavaScript is off');
        await submit(page, page.getByRole('link', { name: '紙の申請書を入力する' }));
        assert.equal(new URL(page.url()).pathname, '/applications/new');
        await submit(page, page.locator('main a[href="/applications/new/form4"]'));
        assert.equal(new URL(page.url()).pathname, '/applications/new/form4');
        assert.equal(await page.locator('#received_on').inputValue(), TODAY, 'the receipt date defaults to today');

        // A short postcode and a missing pledge: refused, with reasons, and nothing typed is lost.
        const wrong = { ...VALID_FORM4, org_postcode: '27200', pledge_3: false };
        await fillForm(page, wrong);
        const refused = await submit(page, page.getByRole('button', { name: '受け付ける' }));
        assert.equal(refused.status(), 422);
        assert.equal(new URL(page.url()).pathname, '/applications/new/form4');
        const summary = page.locator('.error-summary[role="alert"]');
        assert.ok(await summary.isVisible(), 'the error summary is shown');
        assert.match(await summary.textContent(), /入力内容を確認してください/);
        assert.match(await summary.textContent(), /郵便番号は7桁/);
        assert.match(await summary.textContent(), /誓約事項を確認し、チェックを入れてください。/);
        assert.equal(await summary.locator('a[href="#org_postcode"]').count(), 1, 'the summary links to the postcode');
        assert.equal(await summary.locator('a[href="#pledge_3"]').count(), 1, 'the summary links to the pledge');
        assert.match(await page.locator('#org_postcode-error').textContent(), /郵便番号は7桁/);
        assert.equal(await page.locator('#org_postcode').getAttribute('aria-invalid'), 'true');
        assert.equal(await page.locator('#pledge_3').getAttribute('aria-invalid'), 'true');
        assert.equal(await summary.locator('li').count(), 2, 'only the two mistakes are reported');
        await assertFormShows(page, wrong);

        // Fixed: received, and the clerk lands on the detail page with a receipt number.
        await fillForm(page, { org_postcode: '272-0021', pledge_3: true });
        const received = await submit(page, page.getByRole('button', { name: '受け付ける' }));
        assert.equal(received.status(), 200);
        const match = DETAIL_PATH.exec(new URL(page.url()).pathname);
        assert.ok(match, `the detail page (at ${page.url()})`);
        const receipt = (await page.locator('h1').textContent()).replace(/^申請\s*/, '').trim();
        assert.match(receipt, RECEIPT);
        const submitted = page.locator('section[aria-labelledby="submitted-title"]');
        assert.match(await submitted.textContent(), /やわた在宅クリニック \(ヤワタザイタククリニック\)/);
        assert.match(await submitted.textContent(), /〒272-0021 市川市八幡4-5-6/);
        assert.match(await submitted.locator('table tbody').textContent(), /八幡 太郎/);
        assert.equal(await detailStatus(page), '受付');
        assert.deepEqual(await historyActions(page), ['受付']);

        // The steps, as plain forms.
        const review = await submit(page, page.getByRole('button', { name: '審査を始める' }));
        assert.equal(review.status(), 200);
        assert.equal(new URL(page.url()).pathname, match[0]);
        assert.equal(await detailStatus(page), '審査中');
        assert.equal(await page.getByRole('button', { name: '審査を始める' }).count(), 0, 'a review starts once');

        // 承認する asks first (it creates the accounts), with JavaScript off too.
        await submit(page, page.getByRole('link', { name: '承認する' }));
        assert.equal(new URL(page.url()).pathname, `${match[0]}/approval`);
        assert.match(await page.locator('main').textContent(), /アカウントを作成します/);
        const approval = await submit(page, page.locator('main form.confirm').getByRole('button', { name: '承認する' }));
        assert.equal(approval.status(), 200);
        assert.equal(new URL(page.url()).pathname, match[0]);
        assert.match(await page.locator('main').textContent(), /承認しました/);
        assert.equal(await page.locator('.error-summary').count(), 0, 'the approval was not refused');
        assert.equal(await detailStatus(page), '承認');
        assert.deepEqual(await historyActions(page), ['受付', '審査を始める', '承認する']);
        const history = page.locator('section[aria-labelledby="history-title"] table tbody tr');
        assert.match(await history.nth(1).textContent(), /city-admin/);
        assert.match(await history.nth(1).textContent(), /審査中/);
        assert.match(await history.nth(2).textContent(), /承認/);

        // The queue lists it.
        await submit(page, page.getByRole('link', { name: '申請の一覧に戻る' }));
        assert.equal(new URL(page.url()).pathname, '/applications');
        const row = page.locator('#queue-rows table tbody tr', { has: page.getByRole('link', { name: receipt }) });
        assert.equal(await row.count(), 1, `the queue has a row for ${receipt}`);
        assert.match(await row.textContent(), /やわた在宅クリニック/);
        assert.match(await row.textContent(), /承認/);
        assert.equal(await row.getByRole('link', { name: receipt }).getAttribute('href'), match[0]);
      } finally {
        await context.close();
      }
    });
  });

  // ---- One office does not see the other's applications ----

  describe('office separation', () => {
    it("the association clerk neither lists nor opens the city's application", async () => {
      const city = await sessionOf('city-admin');
      const { id, receipt } = await keyInForm4(city, {
        org_name: 'みなみ八幡薬局',
        org_kana: 'ミナミヤワタヤッキョク',
        org_kind: 'pharmacy',
      });
      await visit(city, '/applications');
      assert.ok(await city.getByRole('link', { name: receipt }).isVisible(), 'the city clerk lists it');

      const assoc = await sessionOf('assoc-admin');
      await visit(assoc, '/applications');
      assert.equal(await assoc.locator(`main a[href="/applications/${id}"]`).count(), 0, 'no link to it');
      assert.equal(await assoc.getByText(receipt).count(), 0, 'its receipt number is not shown');
      assert.equal(await assoc.getByText('みなみ八幡薬局').count(), 0, 'its organisation is not shown');

      await visit(assoc, `/applications/${id}`, 404);
      assert.equal(await assoc.getByText('みなみ八幡薬局').count(), 0);

      // Nor can it take a step on it (with its own valid CSRF token).
      await visit(assoc, '/applications');
      const token = await assoc.locator('input[name="csrf_token"]').first().getAttribute('value');
      const res = await assoc.request.post(`/applications/${id}/approval`, {
        form: { csrf_token: token },
        maxRedirects: 0,
      });
      assert.equal(res.status(), 404, 'POST /applications/{id}/approval by the association clerk');
      await visit(city, `/applications/${id}`);
      assert.equal(await detailStatus(city), '受付', 'the application is unchanged');
    });
  });
});
