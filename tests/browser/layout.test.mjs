// Every kind of page as its users see it, on a cheap phone (360×740) and on a PC (1280×800):
// nothing scrolls sideways, every class the page uses has a rule in the style sheet (no
// unstyled markup), axe-core finds nothing with the WCAG 2.2 AA rules (target-size included);
// on the room page the newest post starts on the first screen of the phone and a three-line
// post shows three lines; on the vitals page 記録する is within the first 1.5 screens and the
// graph labels are at least 12 CSS px. A screenshot of each page at each size is written to
// tests/browser/output/screenshots/ for a reviewer to look at.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';

import {
  startServer, launchBrowser, newPage, login, submit, REPO_ROOT, formatViolations,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const SHOTS = join(REPO_ROOT, 'tests', 'browser', 'output', 'screenshots');
const SIZES = [
  { name: 'phone', width: 360, height: 740, mobile: true },
  { name: 'pc', width: 1280, height: 800, mobile: false },
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THREE_LINES = '体温 36.8℃、脈拍 72。\n食事は半量。\n夜間の咳なし。';

/** A small photo (a PNG the server accepts and thumbnails). */
function photo() {
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  return { name: '仙骨部.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') };
}

describe('layout: every page kind at 360×740 and 1280×800', { timeout: 900_000 }, () => {
  let server;
  let browser;
  let room;
  /** The pages to look at: [label, login, path]. */
  const pages = [];
  const problems = [];

  before(async () => {
    // 40 entries of vitals over 90 days, with reference ranges, for the graphs.
    process.env.RENKEI_SEED_SCALE = '--organisations 1 --users 1 --audit-rows 0 --vitals 40';
    server = await startServer();
    delete process.env.RENKEI_SEED_SCALE;
    browser = await launchBrowser();
    await mkdir(SHOTS, { recursive: true });
    await makeContent();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function session(loginId, options = {}) {
    const { context, page } = await newPage(browser, server, { bypassCSP: true, ...options });
    if (loginId) await login(page, server, loginId);
    return { context, page };
  }

  /** Fills a form's fields by name and submits it with `button` (a locator inside it). */
  async function fill(form, values) {
    for (const [name, value] of Object.entries(values)) {
      const el = form.locator(`[name="${name}"]`).first();
      const tag = await el.evaluate((e) => e.tagName.toLowerCase());
      const type = await el.getAttribute('type');
      if (tag === 'select') await el.selectOption(value);
      else if (type === 'checkbox' || type === 'radio') await form.locator(`[name="${name}"][value="${value}"]`).check();
      else await el.fill(value);
    }
  }

  /** The content every page kind needs, written through the pages themselves. */
  async function makeContent() {
    const doctor = await session('dr-tanaka');
    const { page } = doctor;
    await page.goto('/rooms');
    room = await page.locator('main a.room-list__link', { hasText: '八幡 正' }).getAttribute('href');
    const post = async (values, file) => {
      await page.goto(room);
      await page.locator('main details.composer > summary').click();
      const form = page.locator('main details.composer form');
      if (values.reply_from) await form.locator('details.composer__options > summary').click();
      await fill(form, values);
      if (file) await form.locator('input[type="file"]').setInputFiles(file);
      await submit(page, form.getByRole('button', { name: '書き込む', exact: true }));
    };
    await post({ subject: '臀部の発赤について', body: '仙骨部に発赤があります。写真を添付します。処置の方法をご指示ください。', reply_from: 'role:visiting_nursing' }, photo());
    await post({ subject: 'お薬の変更', body: 'アムロジピン錠5mgを朝1錠に変更しました。次回の配達で切り替えてください。', reply_from: 'role:pharmacy' });
    await post({ subject: '本日の訪問診療', body: THREE_LINES });
    const photoPage = await page.locator('main a.post__file').first().getAttribute('href');

    // A prescription, an event and a date poll.
    await page.goto(`${room}/medication`);
    await page.locator('#rx-new > summary').click();
    await fill(page.locator('#rx-new form'), {
      prescribed_on: '11/18', institution: '田中内科クリニック', prescriber: '田中 一郎',
      line_1_drug: 'アムロジピン錠5mg', line_1_dose: '1回1錠', line_1_directions: '1日1回 朝食後', line_1_days: '３０',
    });
    await submit(page, page.locator('#rx-new form button[type="submit"]'));
    const tomorrow = new Date(Date.now() + 33 * 3600_000).toISOString().slice(0, 10);
    await page.goto(`${room}/calendar/new?date=${tomorrow}`);
    const ev = page.locator('main form[method="post"]');
    await fill(ev, { kind: 'care_conference', title: '退院後の方針', start: '14:00', end: '15:00', place: '八幡 正さん宅' });
    await ev.locator('input[name="participant"]').first().check();
    await submit(page, ev.locator('button[type="submit"]'));
    const eventPath = new URL(page.url()).pathname;
    await page.goto(`${room}/polls/new`);
    const poll = page.locator('main form[method="post"]');
    await fill(poll, { kind: 'care_conference', option_1_date: tomorrow, option_1_start: '10:00', option_1_end: '11:00', option_2_date: tomorrow, option_2_start: '15:00', option_2_end: '16:00' });
    await submit(page, poll.locator('button[type="submit"]'));
    const pollPath = new URL(page.url()).pathname;
    await doctor.context.close();

    // The nurse replies and writes a message.
    const nurse = await session('ns-suzuki');
    await nurse.page.goto(room);
    const first = nurse.page.locator('article.post', { hasText: '臀部の発赤' }).first();
    await first.locator('details.post__reply > summary').click();
    await first.locator('details.post__reply textarea').fill('承知しました。\n明日訪問して処置します。');
    await submit(nurse.page, first.locator('details.post__reply button[type="submit"]'));
    await nurse.page.goto('/mail/new');
    const mail = nurse.page.locator('main form[action="/mail"]');
    await mail.locator('#to_search').fill('田中');
    await submit(nurse.page, mail.locator('button[name="op"][value="find"]'));
    await mail.locator('#recipient-results input[name="to_user"]').first().check();
    await fill(mail, { subject: '訪問日程のご相談', body: '来週の訪問日程について。\n火曜日の午後はいかがでしょうか。' });
    await submit(nurse.page, mail.locator('button[type="submit"]:not([name="op"])'));
    const message = await nurse.page.evaluate(() => [...document.querySelectorAll('main a')]
      .map((a) => a.getAttribute('href')).find((h) => /^\/mail\/\d+$/.test(h)));
    assert.ok(message, 'the message sent is listed');
    await nurse.context.close();

    // The city clerk keys in a form 4.
    const clerk = await session('city-admin');
    await clerk.page.goto('/applications/new/form4');
    const f4 = clerk.page.locator('main form[enctype="multipart/form-data"]');
    await fill(f4, {
      channel: 'post', application_date: tomorrow.slice(0, 4) + '-01-05',
      org_name: 'やわた在宅クリニック', org_kana: 'やわたざいたくくりにっく', org_kind: 'clinic',
      org_postcode: '272-0021', org_address: '市川市八幡4-5-6', org_phone: '047-300-1234', org_representative: '八幡 太郎',
      manager_name: '八幡 花子', manager_phone: '047-300-1234', manager_email: 'jimu@yawata.example.jp',
      applicant_1_name: '八幡 太郎', applicant_1_kana: 'ヤワタ タロウ', applicant_1_profession: 'doctor',
      applicant_1_email: 'taro@yawata.example.jp', applicant_1_device: 'pc',
    });
    await f4.locator('[name="applicant_1_work_device"]').check();
    for (let i = 1; i <= 5; i += 1) await f4.locator(`[name="pledge_${i}"]`).check();
    await submit(clerk.page, f4.getByRole('button', { name: '受け付ける' }));
    const application = new URL(clerk.page.url()).pathname;
    assert.match(application, /^\/applications\/\d+$/, 'form 4 was received');
    const users = '/admin/users';
    await clerk.page.goto(users);
    const stop = await clerk.page.locator('main a[href$="/stop"]').first().getAttribute('href');
    const userViews = await clerk.page.locator('main tr', { hasText: 'ns-suzuki' }).locator('a[href$="/views"]').first().getAttribute('href');
    const reissue = await clerk.page.locator('main tr', { hasText: 'ns-suzuki' }).locator('a[href$="/reissue"]').first().getAttribute('href');
    await clerk.page.goto('/admin/organisations');
    const organisation = await clerk.page.locator('main tbody a[href^="/admin/organisations/"]').first().getAttribute('href');
    await clerk.page.goto('/rooms/admin');
    const topicRoom = await clerk.page.locator('main tbody a[href^="/rooms/admin/"]').first().getAttribute('href');
    await clerk.context.close();

    // The association clerk's view of the patient room and its 閲覧履歴.
    const association = await session('assoc-admin');
    const roomAdmin = `/rooms/admin/${room.split('/').pop()}`;
    await association.page.goto(roomAdmin);
    const registrantViews = await association.page.locator('main a[href^="/registrants/"]').first().getAttribute('href');
    await association.context.close();

    const assocRoom = '/rooms/admin';
    pages.push(
      ['login', null, '/login'],
      ['activate', null, '/activate'],
      ['apply', null, '/apply'],
      ['apply-form4', null, '/apply/form4'],
      ['help', null, '/help'],
      ['help-guide', null, '/help/guide'],
      ['help-faq', null, '/help/faq'],
      ['help-contact', null, '/help/contact'],
      ['help-forms', null, '/help/forms'],
      ['apply-form6', null, '/apply/form6'],
      ['not-found', 'ns-suzuki', '/no/such/page'],
      ['home-nurse', 'ns-suzuki', '/'],
      ['home-pharmacist', 'ph-sato', '/'],
      ['menu-open', 'ns-suzuki', '/#site-menu'],
      ['rooms', 'ns-suzuki', '/rooms'],
      ['room-timeline', 'ns-suzuki', room],
      ['room-photo', 'ns-suzuki', `${photoPage}/view`],
      ['room-care-points', 'ns-suzuki', `${room}/care-points`],
      ['room-care-points-edit', 'dr-tanaka', `${room}/care-points/edit`],
      ['room-vitals', 'ns-suzuki', `${room}/vitals?days=30`],
      ['room-medication', 'ph-sato', `${room}/medication`],
      ['room-patient', 'ns-suzuki', `${room}/patient`],
      ['room-patient-edit', 'ns-suzuki', `${room}/patient/edit`],
      ['room-calendar-month', 'ns-suzuki', `${room}/calendar?view=month&date=${tomorrow}`],
      ['room-calendar-week', 'ns-suzuki', `${room}/calendar?view=week&date=${tomorrow}`],
      ['room-event', 'ns-suzuki', eventPath],
      ['room-event-new', 'dr-tanaka', `${room}/calendar/new?date=${tomorrow}`],
      ['room-event-cancel', 'dr-tanaka', `${eventPath}/cancellation`],
      ['room-poll', 'ns-suzuki', pollPath],
      ['room-poll-new', 'dr-tanaka', `${room}/polls/new`],
      ['room-members', 'ns-suzuki', `${room}/members`],
      ['my-calendar', 'ns-suzuki', `/calendar?view=list&date=${tomorrow}`],
      ['search', 'ns-suzuki', `/search?q=${encodeURIComponent('発赤')}`],
      ['mail-inbox', 'dr-tanaka', '/mail'],
      ['mail-sent', 'ns-suzuki', '/mail/sent'],
      ['mail-message', 'dr-tanaka', message],
      ['mail-new', 'ns-suzuki', '/mail/new'],
      ['mail-recipients', 'ns-suzuki', `/mail/recipients?q=${encodeURIComponent('看護')}`],
      ['submissions', 'ns-suzuki', '/submissions'],
      ['submission-form7-8', 'ns-suzuki', '/submissions/form7_8'],
      ['directory', 'ns-suzuki', '/directory'],
      ['account', 'ns-suzuki', '/account'],
      ['account-notifications', 'ns-suzuki', '/account/notifications'],
      ['account-password', 'ns-suzuki', '/account/password'],
      ['home-city', 'city-admin', '/'],
      ['notices', 'ns-suzuki', '/notices'],
      ['notices-city', 'city-admin', '/notices'],
      ['notice-new', 'city-admin', '/notices/new'],
      ['applications', 'city-admin', '/applications'],
      ['applications-new', 'city-admin', '/applications/new'],
      ['form4', 'city-admin', '/applications/new/form4'],
      ['form5', 'city-admin', '/applications/new/form5'],
      ['form6', 'city-admin', '/applications/new/form6'],
      ['application', 'city-admin', application],
      ['application-approval', 'city-admin', `${application}/approval`],
      ['application-rejection', 'city-admin', `${application}/rejection`],
      ['letters', 'city-admin', '/letters'],
      ['users', 'city-admin', users],
      ['user-stop', 'city-admin', stop],
      ['tags', 'city-admin', '/admin/tags'],
      ['audit', 'city-admin', '/audit'],
      ['home-association', 'assoc-admin', '/'],
      ['rooms-admin', 'assoc-admin', assocRoom],
      ['room-admin', 'assoc-admin', roomAdmin],
      ['room-views', 'assoc-admin', `${roomAdmin}/views`],
      ['registrant-views', 'assoc-admin', registrantViews],
      ['user-views', 'city-admin', userViews],
      ['form7-8', 'assoc-admin', '/applications/new/form7_8'],
      ['form8', 'assoc-admin', '/applications/new/form8'],
      ['user-reissue', 'city-admin', reissue],
      ['organisations', 'city-admin', '/admin/organisations'],
      ['organisation', 'city-admin', organisation],
      ['registrants', 'assoc-admin', '/admin/registrants'],
      ['statistics', 'city-admin', '/admin/statistics'],
      ['topic-room-admin', 'city-admin', topicRoom],
      ['topic-room-rename', 'city-admin', `${topicRoom}/name`],
      ['topic-room-close', 'city-admin', `${topicRoom}/close`],
      ['topic-rooms-admin', 'city-admin', '/rooms/admin'],
      ['registrant', 'assoc-admin', registrantViews.replace('/registrants/', '/admin/registrants/').replace(/\/views$/, '')],
      ['home-english', 'ph-sato', '/?lang=en'],
    );
  }

  /** Every class on the page that no rule of the page's style sheets names. */
  function unstyledClasses(page) {
    return page.evaluate(() => {
      const selectors = [];
      const walk = (rules) => {
        for (const r of rules) {
          if (r.selectorText) selectors.push(r.selectorText);
          if (r.cssRules) walk(r.cssRules);
        }
      };
      for (const sheet of document.styleSheets) walk(sheet.cssRules);
      const all = selectors.join(' ');
      const used = new Set();
      for (const el of document.querySelectorAll('[class]')) for (const c of el.classList) used.add(c);
      const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return [...used].filter((c) => !new RegExp(`\\.${escape(c)}(?![\\w-])`).test(all)).sort();
    });
  }

  /** Table cells and definitions squeezed to a character or two a line (a table too wide for
   *  the phone that does not stack). */
  function squeezed(page) {
    return page.evaluate(() => [...document.querySelectorAll('main td, main th, main dd')]
      .filter((e) => e.offsetParent !== null && e.textContent.trim().length > 3)
      .filter((e) => {
        const em = parseFloat(getComputedStyle(e).fontSize);
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.width < 3.5 * em;
      })
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}" ${Math.round(e.getBoundingClientRect().width)}px`));
  }

  async function axe(page) {
    if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE_PATH });
    const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
    return result.violations;
  }

  for (const [size, js] of SIZES.flatMap((s) => [[s, true], [s, false]])) {
    const mode = js ? '' : ', JavaScript off';
    it(`every page at ${size.width}×${size.height}${mode}`, async () => {
      const sessions = new Map();
      const pageOf = async (who) => {
        const key = who ?? 'anonymous';
        if (!sessions.has(key)) {
          sessions.set(key, await session(who, {
            viewport: { width: size.width, height: size.height }, isMobile: size.mobile, hasTouch: size.mobile, javaScriptEnabled: js,
          }));
        }
        return sessions.get(key).page;
      };
      try {
        for (const [label, who, path] of pages) {
          const page = await pageOf(who);
          if (path === '/?lang=en') {
            // The language switch is in the menu on a phone.
            await page.goto(size.mobile ? '/#site-menu' : '/');
            await submit(page, page.locator('form[action="/language"] button').first());
          } else {
            await page.goto(path);
          }
          await page.waitForLoadState('load');
          const where = `${label} (${path}) at ${size.width}px${mode}`;
          const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          if (width[0] > width[1]) problems.push(`${where}: scrolls sideways (${width[0]} > ${width[1]})`);
          const narrow = await squeezed(page);
          if (narrow.length) problems.push(`${where}: squeezed cells: ${narrow.join('; ')}`);
          const unstyled = await unstyledClasses(page);
          if (unstyled.length) problems.push(`${where}: classes without a CSS rule: ${unstyled.join(', ')}`);
          // axe is injected as a script: with JavaScript on (the markup is the same without).
          if (js) {
            const violations = await axe(page);
            if (violations.length) problems.push(`${where}: axe:\n${formatViolations(violations)}`);
          }
          await page.screenshot({ path: join(SHOTS, `${label}-${size.name}${js ? '' : '-nojs'}.png`), fullPage: true });
          if (path === '/?lang=en') {
            await page.goto(size.mobile ? '/#site-menu' : '/');
            await submit(page, page.locator('form[action="/language"] button').first());
          }
        }
      } finally {
        for (const { context } of sessions.values()) await context.close();
      }
      assert.deepEqual(problems.filter((p) => p.includes(`${size.width}px${mode}:`)), [], 'the pages look finished');
    });
  }

  it('the room on a phone: the newest post on the first screen, three lines as three lines', async () => {
    const { context, page } = await session('ns-suzuki', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      await page.goto(room);
      const newest = page.locator('#timeline-posts > article.post').first();
      assert.match(await newest.locator('.post__subject').textContent(), /本日の訪問診療/, 'newest first');
      const top = await newest.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      assert.ok(top < 740, `the newest post starts at y=${Math.round(top)} (within the first 740 px)`);
      const lines = await newest.locator('.post__body').evaluate((e) => {
        const lh = parseFloat(getComputedStyle(e).lineHeight);
        return Math.round(e.getBoundingClientRect().height / lh);
      });
      assert.equal(lines, 3, 'a three-line post renders as three lines');
      // The photo opens on its own page, not as a download.
      const thumbLink = page.locator('article.post', { hasText: '臀部の発赤' }).locator('.post__files li a').first();
      assert.match(await thumbLink.getAttribute('href'), /\/view$/);
      assert.equal(await thumbLink.getAttribute('download'), null);
    } finally {
      await context.close();
    }
  });

  it('vitals on a phone: 記録する within 1.5 screens, graph labels ≥ 12 px', async () => {
    for (const size of SIZES) {
      const { context, page } = await session('ns-suzuki', { viewport: { width: size.width, height: size.height }, isMobile: size.mobile });
      try {
        await page.goto(`${room}/vitals?days=90`);
        const save = page.locator('form.vitals-form button[type="submit"]');
        const y = await save.evaluate((e) => e.getBoundingClientRect().bottom + window.scrollY);
        assert.ok(y <= size.height * 1.5, `記録する ends at y=${Math.round(y)} at ${size.width}px (≤ ${size.height * 1.5})`);
        const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('svg.graph__svg')].flatMap((svg) => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
        })));
        assert.ok(Number.isFinite(smallest), 'the page draws graphs');
        assert.ok(smallest >= 12, `the smallest graph label is ${smallest.toFixed(1)} px at ${size.width}px`);
        // Each point says its value.
        assert.ok(await page.locator('svg.graph__svg circle title').count() > 0, 'points carry their values');
      } finally {
        await context.close();
      }
    }
  });
});
