// The three everyday paths of issue 11, walked in Chromium as a user would, counted in page
// loads, taps, fields typed and screens scrolled:
//   (a) a nurse posts a message with a photo, starting on the home page, on a phone (360×740);
//   (b) a nurse records one set of vitals, starting on the room page, on a phone;
//   (c) a city clerk keys a 様式第4号 with two applicants (one mistake on the way, which must
//       keep everything typed and the chosen scan) and downloads the letters, on a PC (1280×800).
// Run by bench/paths.sh (RENKEI_BIN picks the binary, so two builds can be compared).
//
// Counting: a page load is a document the browser waited for (a redirect after a POST counts
// once; a download counts as one). A tap is a click, a check, a choice in a list or choosing a
// file. Before each tap or field, the page is scrolled just enough to bring the control into
// view; the distance is added up and divided by the window's height ("screens scrolled"). A
// jump to an anchor after a redirect is the browser's, not the user's, and is not counted.

import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, sleep } from '../tests/browser/helpers.mjs';

const PHONE = { width: 360, height: 740 };
const PC = { width: 1280, height: 800 };

const PNG = {
  name: '仙骨部の写真.png',
  mimeType: 'image/png',
  buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
};
const PDF = { name: '様式第4号.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') };

class Walk {
  constructor(page, label) {
    this.page = page;
    this.label = label;
    this.loads = 0;
    this.taps = 0;
    this.typed = 0;
    this.scrolled = 0;
    this.notes = [];
    const main = page.mainFrame();
    page.on('response', (r) => {
      const req = r.request();
      if (req.isNavigationRequest() && req.frame() === main && (r.status() < 300 || r.status() >= 400)) {
        this.loads += 1;
        if (process.env.PATHS_VERBOSE) console.error(`${this.label}: load ${this.loads} ${req.method()} ${new URL(r.url()).pathname}`);
      }
    });
  }

  /** Scrolls the least needed to show `locator`; returns it. */
  async reach(locator) {
    await locator.waitFor({ state: 'attached' });
    const moved = await locator.evaluate((el) => {
      const before = window.scrollY;
      const r = el.getBoundingClientRect();
      const h = window.innerHeight;
      if (r.top < 0) window.scrollBy(0, r.top - 8);
      else if (r.bottom > h) window.scrollBy(0, Math.min(r.top - 8, r.bottom - h + 8));
      return Math.abs(window.scrollY - before);
    });
    this.scrolled += moved / this.page.viewportSize().height;
    return locator;
  }

  async tap(locator) {
    await this.reach(locator);
    this.taps += 1;
    await locator.click();
  }

  async tapAndWait(locator) {
    await this.reach(locator);
    this.taps += 1;
    await Promise.all([this.page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  }

  async fill(locator, value) {
    await this.reach(locator);
    this.typed += 1;
    await locator.fill(value);
  }

  async check(locator) {
    await this.reach(locator);
    this.taps += 1;
    await locator.check();
  }

  async select(locator, value) {
    await this.reach(locator);
    this.taps += 1;
    await locator.selectOption(value);
  }

  async file(locator, file) {
    await this.reach(locator);
    this.taps += 1;
    await locator.setInputFiles(file);
  }

  row() {
    return { path: this.label, loads: this.loads, taps: this.taps, typed: this.typed, screens: Math.round(this.scrolled * 10) / 10, notes: this.notes.join('; ') };
  }
}

/** The first of `locators` that is on the page, or null. */
async function firstPresent(...locators) {
  for (const l of locators) if ((await l.count()) > 0) return l.first();
  return null;
}

async function pathA(browser, server) {
  const { context, page } = await newPage(browser, server, { viewport: PHONE, isMobile: true, hasTouch: true });
  await login(page, server, 'ns-suzuki');
  const w = new Walk(page, '(a) post with a photo, from home (phone)');
  w.loads = 0;
  await w.tapAndWait(page.locator('main a', { hasText: '八幡 正' }).first());
  const open = await firstPresent(page.locator('main details.composer > summary'));
  if (open) await w.tap(open);
  const form = page.locator('main form[data-offline="post"]');
  await w.fill(form.locator('[name="subject"]'), '褥瘡の処置をしました');
  await w.fill(form.locator('[name="body"]'), '本日訪問し処置しました。\n発赤は縮小しています。\n写真を添付します。');
  await w.file(form.locator('input[type="file"]'), PNG);
  await w.tapAndWait(form.locator('button[type="submit"]', { hasText: '書き込む' }));
  const body = await page.locator('main').textContent();
  assert.match(body, /褥瘡の処置をしました/, 'the post is on the page');
  w.notes.push(/書き込みました/.test(body) ? 'confirmation shown' : 'no confirmation');
  await context.close();
  return w.row();
}

async function pathB(browser, server) {
  const { context, page } = await newPage(browser, server, { viewport: PHONE, isMobile: true, hasTouch: true });
  await login(page, server, 'ns-suzuki');
  await page.goto('/rooms');
  const room = await page.locator('main a.room-list__link', { hasText: '八幡 正' }).getAttribute('href');
  await page.goto(room);
  const w = new Walk(page, '(b) one set of vitals, from the room (phone)');
  w.loads = 0;
  const entry = await firstPresent(
    page.getByRole('link', { name: 'バイタルを記録' }),
    page.locator('main nav.tabs a', { hasText: 'バイタル' }),
  );
  await w.tapAndWait(entry);
  const form = page.locator('main form.vitals-form');
  await w.fill(form.locator('[name="temperature"]'), '36.8');
  await w.fill(form.locator('[name="pulse"]'), '72');
  await w.fill(form.locator('[name="systolic"]'), '128');
  await w.fill(form.locator('[name="diastolic"]'), '76');
  await w.fill(form.locator('[name="spo2"]'), '97');
  const save = form.locator('button[type="submit"]');
  const box = await save.boundingBox();
  w.notes.push(`記録する at y=${Math.round(box.y)} of ${PHONE.height}`);
  await w.tapAndWait(save);
  const body = await page.locator('main').textContent();
  assert.match(body, /36\.8/, 'the entry is on the page');
  w.notes.push(/記録しました/.test(body) ? 'confirmation shown' : 'no confirmation');
  await context.close();
  return w.row();
}

const TODAY = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
const FORM4 = {
  application_date: TODAY,
  org_name: 'やわた在宅クリニック', org_kana: 'やわたざいたくくりにっく', org_postcode: '２７２－００２１',
  org_address: '市川市八幡4-5-6', org_phone: '047-300-1234', org_representative: '八幡 太郎',
  manager_name: '八幡 花子', manager_phone: '047-300-1234', manager_email: 'jimu@yawata.example.jp',
};
const APPLICANTS = [
  { name: '八幡 太郎', kana: 'ヤワタ タロウ', profession: 'doctor', email: 'taro@yawata.example.jp', device: 'pc' },
  { name: '八幡 次郎', kana: 'ヤワタ ジロウ', profession: 'visiting_nurse', email: 'jiro@yawata.example.jp', device: 'smartphone' },
];

async function pathC(browser, server) {
  const { context, page } = await newPage(browser, server, { viewport: PC, acceptDownloads: true });
  await login(page, server, 'city-admin');
  const w = new Walk(page, '(c) form 4 with 2 applicants → letters PDF (PC)');
  w.loads = 0;
  // To the paper form 4: a direct link on the home page, else through the queue.
  const direct = await firstPresent(page.locator('main a[href="/applications/new/form4"]'));
  if (direct) {
    await w.tapAndWait(direct);
  } else {
    await w.tapAndWait(page.locator('nav a[href="/applications"]').first());
    await w.tapAndWait(page.locator('main a[href="/applications/new"]').first());
    await w.tapAndWait(page.locator('main a[href="/applications/new/form4"]').first());
  }
  const form = page.locator('main form[enctype="multipart/form-data"]');
  // A second applicant row: in place (htmx or a POST that keeps the input) or the old GET link.
  const addRow = await firstPresent(
    form.locator('button[name="op"][value="add_row"]'),
    page.locator('main a[href^="?rows="]'),
  );
  const rowIsLink = (await addRow.evaluate((e) => e.tagName)) === 'A';
  const twoRows = (await form.locator('[name="applicant_2_name"]').count()) > 0;
  if (twoRows) w.notes.push('two applicant rows offered');
  if (rowIsLink && !twoRows) {
    // Typing first would be lost: the link reloads the form empty. The clerk learns to add first.
    await w.tapAndWait(addRow);
    w.notes.push('row link before typing (it discards input)');
  }
  await w.select(form.locator('[name="channel"]'), 'post');
  for (const [name, value] of Object.entries(FORM4)) await w.fill(form.locator(`[name="${name}"]`), value);
  await w.select(form.locator('[name="org_kind"]'), 'clinic');
  const fillApplicant = async (i, a) => {
    await w.fill(form.locator(`[name="applicant_${i}_name"]`), a.name);
    await w.fill(form.locator(`[name="applicant_${i}_kana"]`), a.kana);
    await w.select(form.locator(`[name="applicant_${i}_profession"]`), a.profession);
    await w.fill(form.locator(`[name="applicant_${i}_email"]`), a.email);
    await w.select(form.locator(`[name="applicant_${i}_device"]`), a.device);
    await w.check(form.locator(`[name="applicant_${i}_work_device"]`));
  };
  await fillApplicant(1, APPLICANTS[0]);
  if (!rowIsLink && !twoRows) {
    const loadsBefore = w.loads;
    await w.tap(addRow);
    await page.locator('[name="applicant_2_name"]').waitFor();
    await page.waitForLoadState('load');
    if (w.loads === loadsBefore) w.notes.push('row added in place');
    else w.notes.push('row added by a POST that keeps the input');
  }
  await fillApplicant(2, APPLICANTS[1]);
  for (let i = 1; i <= 5; i += 1) await w.check(form.locator(`[name="pledge_${i}"]`));
  await w.file(form.locator('input[name="scan"]'), PDF);
  // The mistake: the manager's phone forgotten.
  await w.fill(form.locator('[name="manager_phone"]'), '');
  const receive = form.getByRole('button', { name: '受け付ける' });
  await w.tapAndWait(receive);
  assert.equal(await page.locator('.error-summary').count(), 1, 'the mistake is shown');
  const kept = await page.locator('[name="applicant_2_name"]').inputValue();
  const keptScan = (await page.locator('input[name="kept_scan"]:checked').count()) > 0
    || (await page.locator('main').textContent()).includes(PDF.name);
  w.notes.push(`after the error: input ${kept === APPLICANTS[1].name ? 'kept' : 'LOST'}, scan ${keptScan ? 'kept' : 'LOST (chosen again)'}`);
  const again = page.locator('main form[enctype="multipart/form-data"]');
  // Correct every field marked wrong (the forgotten phone; before issue 11 also the kana typed
  // in hiragana, which was refused instead of converted).
  const FIX = { manager_phone: '047-300-1234', org_kana: 'ヤワタザイタククリニック' };
  const wrong = await again.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((e) => e.name));
  w.notes.push(`refused: ${wrong.join(', ')}`);
  for (const name of wrong) if (FIX[name]) await w.fill(again.locator(`[name="${name}"]`), FIX[name]);
  if (!keptScan) await w.file(again.locator('input[name="scan"]'), PDF);
  await w.tapAndWait(again.getByRole('button', { name: '受け付ける' }));
  assert.match(new URL(page.url()).pathname, /^\/applications\/\d+$/, `received: ${await page.locator('.error-summary').innerHTML().catch(() => '')} ${w.notes}`);
  // 審査を始める is the next step offered; where 承認 may follow 受付 directly it is skipped.
  const approveNow = page.getByRole('link', { name: '承認する' });
  if ((await approveNow.count()) === 0) {
    await w.tapAndWait(page.getByRole('button', { name: '審査を始める' }));
  } else {
    w.notes.push('approved from 受付 (審査を始める skipped)');
  }
  await w.tapAndWait(page.getByRole('button', { name: '承認する' }).or(page.getByRole('link', { name: '承認する' })).first());
  // A confirmation page, where there is one.
  const confirm = await firstPresent(page.locator('main form.confirm button[type="submit"]'));
  if (confirm) await w.tapAndWait(confirm);
  assert.match(await page.locator('main').textContent(), /承認/, 'approved');
  // To the letters: from the application, else through the letters page.
  const fromApplication = await firstPresent(page.locator('main form[action="/letters/batches"] button[type="submit"]'));
  if (fromApplication) {
    await w.tapAndWait(fromApplication);
  } else {
    await w.tapAndWait(page.locator('nav a[href="/letters"]').first());
    await w.tapAndWait(page.getByRole('button', { name: '選んだ通知を1つのPDFにまとめる' }));
  }
  const download = page.getByRole('link', { name: 'PDFをダウンロードする' });
  const deadline = Date.now() + 30_000;
  while ((await download.count()) === 0) {
    assert.ok(Date.now() < deadline, 'the batch became ready');
    // With htmx the page updates itself; otherwise the clerk presses the refresh link.
    const refresh = await firstPresent(page.getByRole('link', { name: '最新の状態を表示する' }));
    await sleep(1500);
    if ((await download.count()) > 0) break;
    if (refresh && !(await page.locator('[hx-trigger]').count())) await w.tapAndWait(refresh);
  }
  const before = w.loads;
  const [file] = await Promise.all([page.waitForEvent('download'), w.tap(download)]);
  // The download is one more document waited for (counted once, however the browser reports it).
  if (w.loads === before) w.loads += 1;
  assert.match(file.suggestedFilename(), /\.pdf$/);
  await context.close();
  return w.row();
}

const server = await startServer();
const browser = await launchBrowser();
const rows = [];
try {
  rows.push(await pathA(browser, server));
  rows.push(await pathB(browser, server));
  rows.push(await pathC(browser, server));
} finally {
  await browser.close();
  await server.stop();
}
console.log(`\npaths (${process.env.RENKEI_BIN || 'target/debug/renkei'})`);
console.log(`${'path'.padEnd(52)} loads  taps typed screens  notes`);
for (const r of rows) {
  console.log(`${r.path.padEnd(52)} ${String(r.loads).padStart(5)} ${String(r.taps).padStart(5)} ${String(r.typed).padStart(5)} ${String(r.screens).padStart(7)}  ${r.notes}`);
}
