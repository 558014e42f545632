// Printing アカウント発行通知: the city clerk keys in paper form 4 with three applicants, reviews
// and approves it; the three letters wait at /letters; the clerk makes one print batch, the
// in-process worker issues the codes and renders the PDF; the PDF is downloaded and read as a
// person would (the text on page 1 with pdftotext, and the address block rendered at 72 dpi must
// sit inside the 長形3号 envelope window); then the clerk marks the batch mailed, the PDF is gone
// and the application is complete. axe-core on /letters and the batch page in each state. This
// file has its own server and database, so the queue starts empty.
//
// Needs poppler-utils (pdftotext, pdfinfo, pdftoppm); .ci/browser.sh installs it.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  startServer, launchBrowser, newPage, login, submit, AxeReport, expectNoAxeViolations, sleep,
} from './helpers.mjs';

const exec = promisify(execFile);

/** Today in Japan (the office's date), as the paper form takes it: YYYY-MM-DD. */
function todayInJapan() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

const TODAY = todayInJapan();

const ORG_NAME = 'ぎょうとく訪問看護ステーション';
/** Typed in full width, as clerks often do; the server keeps it as 272-0133. */
const ORG_POSTCODE_TYPED = '２７２０１３３';
const ORG_POSTCODE = '272-0133';
/** Long enough to wrap onto a second line in the address block. */
const ORG_ADDRESS = '千葉県市川市行徳駅前2丁目3番4号 ぎょうとく駅前メディカルビル5階';

const APPLICANTS = Object.freeze([
  { name: '行徳 みどり', kana: 'ギョウトク ミドリ', profession: 'visiting_nurse', email: 'midori@gyotoku.example.jp', device: 'tablet' },
  { name: '妙典 健一', kana: 'ミョウデン ケンイチ', profession: 'physical_therapist', email: 'kenichi@gyotoku.example.jp', device: 'pc' },
  { name: '南 さくら', kana: 'ミナミ サクラ', profession: 'care_manager', email: 'sakura@gyotoku.example.jp', device: 'smartphone' },
]);

/** A valid paper form 4 with the three applicants, by input name; booleans are check boxes. */
const FORM4 = Object.freeze({
  channel: 'post',
  received_on: TODAY,
  application_date: TODAY,
  org_name: ORG_NAME,
  org_kana: 'ギョウトクホウモンカンゴステーション',
  org_kind: 'visiting_nurse_station',
  org_postcode: ORG_POSTCODE_TYPED,
  org_address: ORG_ADDRESS,
  org_phone: '047-355-1234',
  org_representative: '行徳 一郎',
  manager_name: '行徳 みどり',
  manager_phone: '047-355-1234',
  manager_email: 'jimu@gyotoku.example.jp',
  ...Object.fromEntries(APPLICANTS.flatMap((a, i) => [
    [`applicant_${i + 1}_name`, a.name],
    [`applicant_${i + 1}_kana`, a.kana],
    [`applicant_${i + 1}_profession`, a.profession],
    [`applicant_${i + 1}_email`, a.email],
    [`applicant_${i + 1}_device`, a.device],
    [`applicant_${i + 1}_work_device`, true],
  ])),
  notice_to: 'organisation',
  pledge_1: true,
  pledge_2: true,
  pledge_3: true,
  pledge_4: true,
  pledge_5: true,
});

/** The sending office (config/: municipality.city_office). */
const CITY_OFFICE = '市川市 福祉部 地域包括支援課';
const CITY_PHONE = '047-712-8521';
/** A 認証コード as printed: three groups of four, no 0/O/1/I. */
const ACTIVATION_CODE = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/;

// ---- The sheet: A4, and the 長形3号 window (mm from the top-left corner) ----

const DPI = 72;
const PX_PER_MM = DPI / 25.4;
const PAGE_MM = { w: 210, h: 297 };
const WINDOW_MM = { left: 23, top: 14, right: 113, bottom: 59 };
/** The region of the address side above the first fold; the issuer block starts at 125 mm. */
const ADDRESS_REGION_MM = { right: 120, bottom: 99 };
const DARK = 128;

/** The control of `name` in the page's form (a radio button: the one with `value`). */
function control(page, name, value) {
  return page.locator(name === 'notice_to'
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

/** The status shown at the top of the application's detail page. */
async function detailStatus(page) {
  return (await page.locator('main > dl.definition dd strong').first().textContent()).trim();
}

/** Parses a binary PGM (P5, maxval 255): { width, height, pixels }. */
function parsePgm(buf) {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  assert.ok(header, `a binary PGM (P5), starts with ${JSON.stringify(buf.subarray(0, 16).toString('latin1'))}`);
  const [all, w, h, max] = header;
  assert.equal(Number(max), 255, 'PGM maxval');
  const width = Number(w);
  const height = Number(h);
  const pixels = buf.subarray(all.length);
  assert.equal(pixels.length, width * height, 'PGM data length');
  return { width, height, pixels };
}

/** Bounding box (px, inclusive) of the dark pixels with x < maxX and y < maxY; null if none. */
function darkBox({ width, height, pixels }, maxX, maxY) {
  let box = null;
  for (let y = 0; y < Math.min(height, maxY); y += 1) {
    for (let x = 0; x < Math.min(width, maxX); x += 1) {
      if (pixels[y * width + x] >= DARK) continue;
      if (!box) {
        box = { left: x, top: y, right: x, bottom: y };
      } else {
        box.left = Math.min(box.left, x);
        box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y);
        box.bottom = Math.max(box.bottom, y);
      }
    }
  }
  return box;
}

const mm = (px) => Math.round((px / PX_PER_MM) * 10) / 10;

describe('letters (printing アカウント発行通知)', { timeout: 240_000 }, () => {
  let server;
  let browser;
  let work;
  let failed = false;
  const contexts = [];
  let page;

  /** What the earlier steps found, for the later ones. */
  let application;
  let batch;
  let pdfFile;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'renkei-letters-'));
    server = await startServer();
    browser = await launchBrowser();
    // CSP is bypassed so axe-core can be injected.
    const fresh = await newPage(browser, server, { bypassCSP: true });
    contexts.push(fresh.context);
    page = fresh.page;
    await login(page, server, 'city-admin');
  });

  afterEach((t) => {
    // Keep the temp dir (PDF, renderings) when any test failed.
    if (t.passed === false) failed = true;
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    if (failed || process.env.RENKEI_KEEP_TMP) {
      process.stderr.write(`letters: keeping ${work} (the PDF, page 1 as PNG and PGM, pdftotext output)\n`);
    } else if (work) {
      await rm(work, { recursive: true, force: true });
    }
  });

  async function visit(path, expectedStatus = 200) {
    const res = await page.goto(path);
    assert.equal(res.status(), expectedStatus, `GET ${path}`);
    assert.equal(new URL(page.url()).pathname, path, `GET ${path} was not redirected`);
  }

  /** Runs `fn`; on failure, remembers it (the temp dir is kept) and adds `hint` to the error. */
  async function withHint(hint, fn) {
    try {
      return await fn();
    } catch (err) {
      failed = true;
      err.message += `\n${hint()}`;
      throw err;
    }
  }

  it('the city clerk keys in form 4 with three applicants, reviews and approves it', async () => {
    await visit('/applications/new/form4');
    // Two applicant rows to start with; a third is added in place (htmx), nothing typed lost.
    await fillForm(page, { applicant_1_name: APPLICANTS[0].name });
    await page.getByRole('button', { name: '利用者の欄を1つ増やす' }).click();
    await page.locator('[name="applicant_3_name"]').waitFor();
    assert.equal(await page.locator('[name="applicant_1_name"]').inputValue(), APPLICANTS[0].name, 'the first row is kept');
    await fillForm(page, FORM4);
    const received = await submit(page, page.getByRole('button', { name: '受け付ける' }));
    assert.equal(received.status(), 200, 'a valid form 4 is received');
    const match = /^\/applications\/(\d+)$/.exec(new URL(page.url()).pathname);
    assert.ok(match, `the clerk lands on the detail page (at ${page.url()})`);
    assert.equal(await detailStatus(page), '受付');

    const review = await submit(page, page.getByRole('button', { name: '審査を始める' }));
    assert.equal(review.status(), 200);
    assert.equal(await detailStatus(page), '審査中');

    await submit(page, page.getByRole('link', { name: '承認する' }));
    const approval = await submit(page, page.locator('main form.confirm').getByRole('button', { name: '承認する' }));
    assert.equal(approval.status(), 200);
    assert.equal(await page.locator('.error-summary').count(), 0, 'the approval was not refused');
    assert.equal(await detailStatus(page), '承認');
    application = { id: Number(match[1]), path: match[0] };
  });

  it('/letters lists the three letters, all chosen', async () => {
    assert.ok(application, 'the application of the first test was approved');
    await visit('/letters');
    const boxes = page.locator('main form[action="/letters/batches"] input[type="checkbox"][name="letter"]');
    assert.equal(await boxes.count(), 3, 'one letter per applicant');
    for (let i = 0; i < 3; i += 1) {
      assert.ok(await boxes.nth(i).isChecked(), `letter ${i + 1} is chosen by default`);
    }
    const rows = page.locator('section[aria-labelledby="queued-title"] table tbody tr');
    for (const [i, a] of APPLICANTS.entries()) {
      const text = await rows.nth(i).textContent();
      assert.ok(text.includes(a.name), `row ${i + 1} is ${a.name}: ${text}`);
      assert.ok(text.includes(ORG_NAME), `row ${i + 1} names the organisation`);
    }
    await expectNoAxeViolations(page, '/letters (three letters waiting)');
  });

  it('one print batch; the worker renders it and the PDF downloads', async () => {
    assert.ok(application, 'the letters are waiting');
    const axe = new AxeReport();
    await visit('/letters');
    const made = await submit(page, page.getByRole('button', { name: '選んだ通知を1つのPDFにまとめる' }));
    assert.equal(made.status(), 200);
    const match = /^\/letters\/batches\/(\d+)$/.exec(new URL(page.url()).pathname);
    assert.ok(match, `the clerk lands on the batch page (at ${page.url()})`);
    const id = Number(match[1]);
    const path = match[0];
    const pdfPath = `${path}/pdf`;
    const firstLook = (await page.locator('main').textContent()).includes('作成中') ? 'rendering' : 'ready';
    await axe.check(page, `${path} (${firstLook})`);

    // The worker runs in the server: reload until the download link is there (at most ~20 s).
    const download = page.getByRole('link', { name: 'PDFをダウンロードする' });
    const deadline = Date.now() + 20_000;
    while ((await download.count()) === 0) {
      assert.ok(Date.now() < deadline, `the batch became ready within 20 s; the page says: ${(await page.locator('main').textContent()).replace(/\s+/g, ' ')}`);
      await sleep(500);
      const res = await page.reload();
      assert.equal(res.status(), 200, `GET ${path}`);
    }
    assert.equal(await download.getAttribute('href'), pdfPath);
    assert.match(await page.locator('main').textContent(), /印刷待ち/);
    const listed = await page.locator('main ul li').allTextContents();
    for (const a of APPLICANTS) {
      assert.ok(listed.some((li) => li.includes(a.name)), `the batch lists ${a.name}: ${listed.join(' | ')}`);
    }
    if (firstLook === 'rendering') await axe.check(page, `${path} (ready)`);

    // The download, with the clerk's session cookie.
    const res = await page.request.get(pdfPath);
    assert.equal(res.status(), 200, `GET ${pdfPath}`);
    assert.match(res.headers()['content-type'] ?? '', /^application\/pdf\b/);
    const body = await res.body();
    assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-', 'the body is a PDF');
    pdfFile = join(work, `letters-${id}.pdf`);
    await writeFile(pdfFile, body);
    batch = { id, path, pdfPath };
    axe.assertClean();
  });

  it('the PDF reads as three letters; page 1 is the first applicant\'s', async () => {
    assert.ok(pdfFile, 'the PDF was downloaded');
    const { stdout: info } = await exec('pdfinfo', [pdfFile]);
    assert.match(info, /^Pages:\s+3$/m, `pdfinfo:\n${info}`);
    const pageSize = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
    assert.ok(pageSize, `pdfinfo gives the page size:\n${info}`);
    // A4 in points (1 pt = 1/72 in).
    assert.ok(Math.abs(Number(pageSize[1]) - (PAGE_MM.w * 72) / 25.4) < 1, `A4 width: ${pageSize[0]}`);
    assert.ok(Math.abs(Number(pageSize[2]) - (PAGE_MM.h * 72) / 25.4) < 1, `A4 height: ${pageSize[0]}`);

    const { stdout: text } = await exec('pdftotext', ['-layout', '-enc', 'UTF-8', pdfFile, '-'], { maxBuffer: 16 * 1024 * 1024 });
    await writeFile(join(work, 'letters.txt'), text);
    // Pages are separated by form feeds; -layout pads with spaces, so runs of them are one.
    const pages = text.split('\f').filter((p) => p.trim() !== '').map((p) => p.replace(/[ \t]+/g, ' '));
    const hint = () => `pdftotext -layout (whole file in ${join(work, 'letters.txt')}), page 1:\n${pages[0] ?? text}`;
    await withHint(hint, async () => {
      assert.equal(pages.length, 3, 'pdftotext finds three pages');
      const first = pages[0];
      for (const expected of [
        'アカウント発行通知',
        'ログインID',
        '認証コード',
        ORG_NAME,
        `${APPLICANTS[0].name} 様`,
        `〒${ORG_POSTCODE}`,
        CITY_OFFICE,
        CITY_PHONE,
      ]) {
        assert.ok(first.includes(expected), `page 1 shows ${JSON.stringify(expected)}`);
      }
      assert.match(first, ACTIVATION_CODE, 'page 1 shows a 認証コード');
      assert.match(first, /ログインID\s+u\d{7}/, 'page 1 shows the login ID');
      for (const [i, a] of APPLICANTS.entries()) {
        assert.ok(pages[i].includes(`${a.name} 様`), `page ${i + 1} is addressed to ${a.name}`);
      }
      const codes = pages.map((p) => ACTIVATION_CODE.exec(p)?.[0]);
      assert.equal(new Set(codes).size, 3, `each letter has its own code: ${codes.join(', ')}`);
    });
  });

  it('the address block of page 1 shows through the 長形3号 window', async () => {
    assert.ok(pdfFile, 'the PDF was downloaded');
    const base = join(work, 'page-1');
    await exec('pdftoppm', ['-r', String(DPI), '-png', '-f', '1', '-l', '1', '-singlefile', pdfFile, base]);
    await exec('pdftoppm', ['-r', String(DPI), '-gray', '-f', '1', '-l', '1', '-singlefile', pdfFile, base]);
    const png = `${base}.png`;
    const hint = () => `page 1 as rendered: ${png}`;
    await withHint(hint, async () => {
      const image = parsePgm(await readFile(`${base}.pgm`));
      assert.ok(Math.abs(image.width - PAGE_MM.w * PX_PER_MM) <= 1, `A4 width at ${DPI} dpi: ${image.width} px`);
      assert.ok(Math.abs(image.height - PAGE_MM.h * PX_PER_MM) <= 1, `A4 height at ${DPI} dpi: ${image.height} px`);

      const box = darkBox(
        image,
        Math.floor(ADDRESS_REGION_MM.right * PX_PER_MM),
        Math.floor(ADDRESS_REGION_MM.bottom * PX_PER_MM),
      );
      assert.ok(box, `the address block is printed (dark pixels in x < ${ADDRESS_REGION_MM.right} mm, y < ${ADDRESS_REGION_MM.bottom} mm)`);
      // Pixel n covers [n, n + 1) px.
      const printed = {
        left: mm(box.left), top: mm(box.top), right: mm(box.right + 1), bottom: mm(box.bottom + 1),
      };
      const where = `printed x ${printed.left}–${printed.right} mm, y ${printed.top}–${printed.bottom} mm; `
        + `window x ${WINDOW_MM.left}–${WINDOW_MM.right} mm, y ${WINDOW_MM.top}–${WINDOW_MM.bottom} mm`;
      assert.ok(printed.left >= WINDOW_MM.left, `the address block starts right of the window's left edge (${where})`);
      assert.ok(printed.top >= WINDOW_MM.top, `the address block starts below the window's top edge (${where})`);
      assert.ok(printed.right <= WINDOW_MM.right, `the address block ends left of the window's right edge (${where})`);
      assert.ok(printed.bottom <= WINDOW_MM.bottom, `the address block ends above the window's bottom edge (${where})`);
    });
  });

  it('marked mailed: the PDF is deleted and the application is complete', async () => {
    assert.ok(batch, 'the batch is ready');
    await visit(batch.path);
    // The download is the primary action; 郵送しました deletes the only copy of the codes, so
    // it is a separate step with its confirmation.
    assert.match(await page.getByRole('link', { name: 'PDFをダウンロードする' }).getAttribute('class'), /button--primary/);
    await submit(page, page.getByRole('link', { name: '郵送しました（PDFを削除して申請を完了にする）' }));
    assert.equal(new URL(page.url()).pathname, `${batch.path}/mailed`);
    assert.match(await page.locator('main').textContent(), /唯一の控え/);
    await expectNoAxeViolations(page, `${batch.path}/mailed (confirmation)`);
    const mailed = await submit(page, page.locator('main form.confirm').getByRole('button', { name: '郵送しました（PDFを削除して申請を完了にする）' }));
    assert.equal(mailed.status(), 200);
    assert.equal(new URL(page.url()).pathname, batch.path, 'back on the batch page');
    assert.equal(await page.locator('.error-summary').count(), 0, 'marking it mailed was not refused');
    const main = await page.locator('main').textContent();
    assert.match(main, /郵送済み/);
    assert.equal(await page.getByRole('link', { name: 'PDFをダウンロードする' }).count(), 0, 'no download link');
    assert.equal(await page.getByRole('link', { name: '郵送しました（PDFを削除して申請を完了にする）' }).count(), 0, 'mailed once');
    await expectNoAxeViolations(page, `${batch.path} (mailed)`);

    const gone = await page.request.get(batch.pdfPath);
    assert.equal(gone.status(), 404, `GET ${batch.pdfPath} after mailing`);

    await visit(application.path);
    assert.equal(await detailStatus(page), '完了');

    await visit('/letters');
    assert.equal(await page.locator('input[name="letter"]').count(), 0, 'no letter is waiting');
  });
});
