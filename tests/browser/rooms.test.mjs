// The rooms as their members use them: my rooms with unread badges, a room's 連絡帳 (the
// composer with addressees, 【要返信:…】, tags and a photo; replies; read receipts; corrections
// kept as history), the member list, search and the notification settings. axe-core on each
// page and on the composer's error state; with JavaScript off a post is written, read, replied
// to and corrected; with JavaScript on htmx loads older posts in place (and the plain link works
// without it); a double submit of one composer form writes one post. This file has its own
// server and database, so the rooms start with the demo data only and the unread counts are its
// own.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, launchBrowser, newPage, login, submit, AxeReport, expectNoAxeViolations,
} from './helpers.mjs';

const PATIENT_ROOM = '八幡 正';
const INTER_ROOM = '病診連携の部屋';

/** A photo of the wound: a valid 1x1 PNG. */
const WOUND_PNG = Object.freeze({
  name: '仙骨部の写真.png',
  mimeType: 'image/png',
  buffer: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
});

/** Asserts the error summary is shown (role=alert, the Japanese heading) and returns it. */
async function errorSummary(page) {
  const summary = page.locator('.error-summary[role="alert"]');
  assert.ok(await summary.isVisible(), 'the error summary is shown');
  assert.match(await summary.textContent(), /入力内容を確認してください/);
  return summary;
}

/** The composer's form on a room page (behind its 「書き込む」 control). */
const composer = (page) => page.locator('main details.composer form');

/** Opens the composer (a disclosure: works without JavaScript) unless it is open. */
async function openComposer(page) {
  const details = page.locator('main details.composer');
  if (!(await details.evaluate((d) => d.open))) await details.locator(':scope > summary').click();
}

/** The top-level posts of the timeline (replies are nested inside their post). */
function topLevelPosts(page) {
  return page.evaluate(() => [...document.querySelectorAll('main article.post')]
    .filter((a) => !a.parentElement.closest('article.post'))
    .map((a) => ({ id: a.id, subject: a.querySelector(':scope > header .post__subject').textContent.trim() })));
}

/** The id number of a post anchor (#post-12 → 12). */
function postIdOf(url) {
  const match = /^#post-(\d+)$/.exec(new URL(url).hash);
  assert.ok(match, `the URL points at a post (${url})`);
  return Number(match[1]);
}

describe('rooms: 連絡帳, replies, read receipts, corrections, search', { timeout: 180_000 }, () => {
  let server;
  let browser;
  const contexts = [];
  const sessions = new Map();
  /** /rooms/{id} of the demo rooms, found on dr-tanaka's /rooms. */
  const roomHref = new Map();

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

  /** A page logged in as `loginId` (both factors), created once and reused; `js` or not. */
  async function sessionOf(loginId, { js = true } = {}) {
    const key = `${loginId}${js ? '' : ' (no JavaScript)'}`;
    if (!sessions.has(key)) {
      const page = await freshPage({ javaScriptEnabled: js });
      await login(page, server, loginId);
      sessions.set(key, page);
    }
    return sessions.get(key);
  }

  async function visit(page, path, expectedStatus = 200) {
    const res = await page.goto(path);
    assert.equal(res.status(), expectedStatus, `GET ${path}`);
    assert.equal(new URL(page.url()).pathname, path.split('?')[0].split('#')[0], `GET ${path} was not redirected`);
  }

  /** The link to a room on /rooms (the current page). */
  const roomLink = (page, name) => page.locator('main a.room-list__link', { hasText: name });

  /** /rooms/{id} of a demo room, read from dr-tanaka's /rooms the first time. */
  async function roomOf(name) {
    if (!roomHref.has(name)) {
      const page = await sessionOf('dr-tanaka');
      await visit(page, '/rooms');
      const href = await roomLink(page, name).getAttribute('href');
      assert.match(href, /^\/rooms\/\d+$/, `the link to ${name}`);
      roomHref.set(name, href);
    }
    return roomHref.get(name);
  }

  /** The page's own scripts (htmx) must not have run. */
  async function assertNoScripts(page) {
    assert.equal(await page.evaluate(() => typeof window.htmx), 'undefined', 'htmx did not run: JavaScript is off');
  }

  /** Fills the composer (subject, body, and optionally more) and submits it; returns the response. */
  async function writePost(page, { subject, body, addressee, replyFrom, tag, file }) {
    await openComposer(page);
    const form = composer(page);
    // Addressees, the reply wanted and tags are folded into one part of the form.
    if (addressee || replyFrom || tag) {
      const options = form.locator('details.composer__options');
      if (!(await options.evaluate((d) => d.open))) await options.locator(':scope > summary').click();
    }
    await form.locator('#subject').fill(subject);
    await form.locator('#body').fill(body);
    if (addressee) {
      await form.locator('input[name="to"][value="some"]').check();
      const label = form.locator('label.checkbox', { hasText: addressee });
      assert.equal(await label.count(), 1, `one addressee labelled ${addressee}`);
      await label.locator('input[name="addressee"]').check();
    }
    if (replyFrom) await form.locator('select[name="reply_from"]').selectOption(replyFrom);
    if (tag) {
      const label = form.locator('label.checkbox', { hasText: tag });
      assert.equal(await label.count(), 1, `one tag labelled ${tag}`);
      await label.locator('input[name="tag"]').check();
    }
    if (file) await form.locator('#attachment').setInputFiles(file);
    return submit(page, form.getByRole('button', { name: '書き込む', exact: true }));
  }

  // ---- Accessibility (the same rule set and report as accessibility.test.mjs) ----

  describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
    it('/rooms and the patient room (dr-tanaka)', async () => {
      const axe = new AxeReport();
      const page = await sessionOf('dr-tanaka');
      await visit(page, '/rooms');
      assert.equal(await roomLink(page, PATIENT_ROOM).count(), 1, `/rooms lists ${PATIENT_ROOM}`);
      assert.equal(await roomLink(page, INTER_ROOM).count(), 1, `/rooms lists ${INTER_ROOM}`);
      await axe.check(page, '/rooms');

      const href = await roomOf(PATIENT_ROOM);
      await visit(page, '/rooms');
      const res = await submit(page, roomLink(page, PATIENT_ROOM));
      assert.equal(res.status(), 200);
      assert.equal(new URL(page.url()).pathname, href);
      assert.equal((await page.locator('h1').textContent()).trim(), PATIENT_ROOM);
      assert.equal(await composer(page).count(), 1, 'the room has a composer');
      await axe.check(page, `${href} (patient room)`);
      await openComposer(page);
      await page.locator('main details.composer__options > summary').click();
      await axe.check(page, `${href} (patient room, composer open)`);
      axe.assertClean();
    });

    it('the patient room after an empty submit of the composer (error summary)', async () => {
      const page = await sessionOf('dr-tanaka');
      const href = await roomOf(PATIENT_ROOM);
      await visit(page, href);
      await openComposer(page);
      const res = await submit(page, composer(page).getByRole('button', { name: '書き込む', exact: true }));
      assert.equal(res.status(), 422);
      const summary = await errorSummary(page);
      assert.equal(await summary.locator('a[href="#subject"]').count(), 1, 'the summary links to the subject');
      assert.equal(await summary.locator('a[href="#body"]').count(), 1, 'the summary links to the body');
      assert.equal(await page.locator('#subject').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('main article.post').count(), 0, 'nothing was written');
      await expectNoAxeViolations(page, `${href} with error summary`);
    });

    it('/rooms/{id}/members', async () => {
      const page = await sessionOf('dr-tanaka');
      const href = await roomOf(PATIENT_ROOM);
      await visit(page, `${href}/members`);
      const rows = page.locator('main table tbody tr');
      assert.equal(await rows.count(), 4, 'the patient room has four members');
      for (const name of ['田中 一郎', '鈴木 由美', '佐藤 健', '高橋 恵子']) {
        assert.equal(await rows.filter({ hasText: name }).count(), 1, `${name} is a member`);
      }
      assert.match(await rows.filter({ hasText: '田中 一郎' }).textContent(), /主治医/);
      await expectNoAxeViolations(page, `${href}/members`);
    });

    it('a post of his own: its correction page, and /search?q=仙骨部', async () => {
      const axe = new AxeReport();
      const page = await sessionOf('dr-tanaka');
      // Written in the inter-professional room, so the patient room's unread counts stay the
      // flow's own (below).
      const href = await roomOf(INTER_ROOM);
      await visit(page, href);
      const subject = '仙骨部の褥瘡の処置手順をそろえたい';
      const res = await writePost(page, {
        subject,
        body: '仙骨部の褥瘡の被覆材の選び方について、病院と診療所で手順をそろえたいと考えています。',
      });
      assert.equal(res.status(), 200);
      assert.equal(new URL(page.url()).pathname, href);
      const id = postIdOf(page.url());
      const article = page.locator(`#post-${id}`);
      assert.match(await article.locator('.post__subject').textContent(), new RegExp(subject));

      const correction = article.locator(':scope > footer a.post__correct');
      assert.equal(await correction.getAttribute('href'), `${href}/posts/${id}/correction`);
      await submit(page, correction);
      assert.equal(new URL(page.url()).pathname, `${href}/posts/${id}/correction`);
      assert.equal(await page.locator('#subject').inputValue(), subject);
      await axe.check(page, `${href}/posts/${id}/correction`);

      await visit(page, `/search?q=${encodeURIComponent('仙骨部')}`);
      const hits = page.locator('main ol.search-results li');
      assert.equal(await hits.count(), 1, 'the search finds the post');
      assert.equal((await hits.locator('a').textContent()).trim(), subject);
      assert.match(await hits.textContent(), new RegExp(INTER_ROOM));
      await axe.check(page, '/search?q=仙骨部');
      axe.assertClean();
    });

    it('/account/notifications', async () => {
      const page = await sessionOf('dr-tanaka');
      await visit(page, '/account/notifications');
      assert.equal(await page.locator('main input[type="radio"][name="posts"]').count(), 3);
      assert.equal(await page.locator('main input[type="checkbox"][name="digest"]').count(), 1);
      assert.equal(await page.locator('main #email').count(), 1);
      await expectNoAxeViolations(page, '/account/notifications');
    });

    it('/admin/tags (city-admin)', async () => {
      const page = await sessionOf('city-admin');
      await visit(page, '/admin/tags');
      assert.equal(await page.locator('main table tbody tr', { hasText: '褥瘡' }).count(), 1, 'the tag 褥瘡 is listed');
      await expectNoAxeViolations(page, '/admin/tags');
    });
  });

  // ---- Without JavaScript ----

  describe('with JavaScript disabled', () => {
    const subject = '臀部褥瘡発見、処置方法をご指示ください';
    const body = '本日の訪問診療で仙骨部に発赤とびらんを認めました。\n大きさは約3cmです。写真を添付します。';
    const reply = '本日訪問し処置しました';
    let postId;

    it('the doctor writes to the nurse, wanting her reply, with a tag and a photo', async () => {
      const page = await sessionOf('dr-tanaka', { js: false });
      const href = await roomOf(PATIENT_ROOM);
      await visit(page, href);
      await assertNoScripts(page);

      const res = await writePost(page, {
        subject, body, addressee: '鈴木 由美', replyFrom: '訪問看護', tag: '褥瘡', file: WOUND_PNG,
      });
      assert.equal(res.status(), 200);
      assert.equal(await page.locator('.error-summary').count(), 0, 'the post was not refused');
      assert.equal(new URL(page.url()).pathname, href, 'back on the room');
      postId = postIdOf(page.url());

      const article = page.locator(`#post-${postId}`);
      assert.equal(await article.count(), 1, 'the post is on the page');
      assert.equal((await article.locator(':scope > header .post__subject').textContent()).trim(), `【要返信:訪問看護】${subject}`);
      assert.equal((await article.locator(':scope > header .post__reply-wanted').textContent()).trim(), '【要返信:訪問看護】');
      assert.deepEqual(await article.locator(':scope > header .tag-list li').allTextContents(), ['褥瘡']);
      const meta = await article.locator(':scope > header .post__meta').textContent();
      assert.match(meta, /田中 一郎/, 'written by the doctor');
      assert.match(meta, /宛先：鈴木 由美/, 'to the nurse only');
      const text = await article.locator(':scope > .post__body').textContent();
      for (const line of body.split('\n')) assert.ok(text.includes(line), `the body has "${line}"`);
      const file = article.locator(':scope > .post__files a.post__file');
      assert.equal(await file.count(), 1, 'one file');
      assert.match(await file.textContent(), new RegExp(WOUND_PNG.name.replace('.', '\\.')));
      assert.match(await file.getAttribute('href'), new RegExp(`^${href}/files/\\d+$`));
      assert.equal((await article.locator(':scope > footer .post__reads summary').textContent()).trim(), '既読 0/3');
    });

    it('the nurse sees it unread, opens the room and replies; the doctor sees it read and the reply; he corrects it', async () => {
      assert.ok(postId, 'the post of the previous test');
      const href = await roomOf(PATIENT_ROOM);

      const nurse = await sessionOf('ns-suzuki', { js: false });
      await visit(nurse, '/rooms');
      await assertNoScripts(nurse);
      const link = roomLink(nurse, PATIENT_ROOM);
      assert.equal((await link.locator('.badge').textContent()).trim(), '未読 1');
      const opened = await submit(nurse, link);
      assert.equal(opened.status(), 200);
      assert.equal(new URL(nurse.url()).pathname, href);

      const post = nurse.locator(`#post-${postId}`);
      assert.match(await post.locator(':scope > header .post__subject').textContent(), new RegExp(subject));
      assert.equal(await post.locator(':scope > footer a.post__correct').count(), 0, 'only the author corrects');
      const replyBox = post.locator(':scope > details.post__reply');
      await replyBox.locator('summary').click();
      await replyBox.locator('textarea[name="body"]').fill(reply);
      const sent = await submit(nurse, replyBox.getByRole('button', { name: '返信を送る' }));
      assert.equal(sent.status(), 200);
      assert.equal(new URL(nurse.url()).pathname, href);
      const replyId = postIdOf(nurse.url());
      const replyArticle = post.locator(`:scope > .post__replies > #post-${replyId}`);
      assert.equal((await replyArticle.locator('.post__body').textContent()).trim(), reply);
      assert.match(await replyArticle.locator('.post__meta').textContent(), /鈴木 由美/);

      // Now the badge is gone for her.
      await visit(nurse, '/rooms');
      assert.equal(await roomLink(nurse, PATIENT_ROOM).locator('.badge').count(), 0, 'nothing unread after opening the room');

      // The doctor reloads.
      const doctor = await sessionOf('dr-tanaka', { js: false });
      await visit(doctor, href);
      const mine = doctor.locator(`#post-${postId}`);
      const reads = mine.locator(':scope > footer details.post__reads');
      assert.equal((await reads.locator('summary').textContent()).trim(), '既読 1/3');
      await reads.locator('summary').click();
      assert.match(await reads.locator('ul').textContent(), /鈴木 由美/, 'read by the nurse');
      const replies = mine.locator(':scope > .post__replies > article.post');
      assert.equal(await replies.count(), 1, 'one reply');
      assert.equal((await replies.locator('.post__body').textContent()).trim(), reply);

      // He corrects the body; the earlier text stays as history.
      const corrected = '本日の訪問診療で仙骨部に発赤とびらんを認めました。\n大きさは約4cmです（訂正）。写真を添付します。';
      await submit(doctor, mine.locator(':scope > footer a.post__correct'));
      assert.equal(new URL(doctor.url()).pathname, `${href}/posts/${postId}/correction`);
      assert.equal(await doctor.locator('#subject').inputValue(), subject);
      await doctor.locator('#body').fill(corrected);
      const saved = await submit(doctor, doctor.getByRole('button', { name: '訂正を保存する' }));
      assert.equal(saved.status(), 200);
      assert.equal(new URL(doctor.url()).pathname, href);
      assert.equal(postIdOf(doctor.url()), postId);
      const after = doctor.locator(`#post-${postId}`);
      assert.ok((await after.locator(':scope > .post__body').textContent()).includes('約4cmです（訂正）'), 'the new body is shown');
      assert.match(await after.locator(':scope > header .post__meta').textContent(), /訂正/);
      const history = after.locator(':scope > details.post__history');
      assert.equal((await history.locator('summary').textContent()).trim(), '訂正前の内容（1件）');
      assert.ok((await history.locator('.post__body').textContent()).includes('約3cmです'), 'the earlier body is kept');
    });

    it('a double submit of one composer form (same key) writes one post', async () => {
      const page = await sessionOf('dr-tanaka', { js: false });
      const href = await roomOf(INTER_ROOM);
      await visit(page, href);
      await assertNoScripts(page);
      const form = composer(page);
      const csrf = await form.locator('input[name="csrf_token"]').inputValue();
      const key = await form.locator('input[name="key"]').inputValue();
      assert.ok(key.length >= 16, 'the form carries its key');

      const subject = '退院前カンファレンスの日程について';
      const send = () => page.request.post(`${href}/posts`, {
        multipart: { csrf_token: csrf, key, subject, body: '来週の火曜日でいかがでしょうか。', to: 'all', reply_from: '' },
        maxRedirects: 0,
      });
      // Twice at once (a double click), then once more.
      const [first, second] = await Promise.all([send(), send()]);
      const third = await send();
      const locations = [];
      for (const res of [first, second, third]) {
        assert.equal(res.status(), 303, `the post is accepted: ${res.status()} ${(await res.text()).slice(0, 200)}`);
        locations.push(res.headers().location);
      }
      assert.match(locations[0], new RegExp(`^${href}\\?notice=posted#post-\\d+$`));
      assert.deepEqual(locations, [locations[0], locations[0], locations[0]], 'every submit points at the same post');

      await visit(page, href);
      const posts = (await topLevelPosts(page)).filter((p) => p.subject === subject);
      assert.equal(posts.length, 1, 'only one post with that subject');
      assert.equal(`${href}?notice=posted#${posts[0].id}`, locations[0]);
    });
  });

  // ---- With JavaScript: older posts by htmx ----

  describe('with JavaScript', () => {
    it('more than 30 posts: htmx appends the older ones in place; the plain link works without JavaScript', async () => {
      const page = await sessionOf('dr-tanaka');
      const href = await roomOf(PATIENT_ROOM);
      await visit(page, href);
      assert.notEqual(await page.evaluate(() => typeof window.htmx), 'undefined', 'htmx ran: JavaScript is on');
      const subjects = [];
      for (let i = 1; i <= 31; i += 1) {
        const subject = `バイタル記録 ${String(i).padStart(2, '0')}`;
        subjects.push(subject);
        const res = await writePost(page, { subject, body: `体温36.${i % 10}度、血圧は安定しています。` });
        assert.equal(res.status(), 200, `post ${i} written`);
      }

      await visit(page, href);
      const firstPage = await topLevelPosts(page);
      assert.equal(firstPage.length, 30, 'the first page shows 30 posts');
      assert.equal(firstPage[0].subject, subjects[30], 'newest first');
      const more = page.getByRole('link', { name: 'さらに古い書き込みを表示' });
      const moreHref = await more.getAttribute('href');
      const oldestShown = Number(firstPage[29].id.replace('post-', ''));
      assert.equal(moreHref, `${href}?before=${oldestShown}`);

      // htmx: no navigation (the URL and the window stay), older posts appended.
      const before = page.url();
      await page.evaluate(() => { window.renkeiNoNavigation = true; });
      const loaded = page.waitForResponse((r) => new URL(r.url()).search.startsWith('?before=') && r.request().headers()['hx-request'] === 'true');
      await more.click();
      assert.equal((await loaded).status(), 200);
      await page.waitForFunction((n) => [...document.querySelectorAll('main article.post')]
        .filter((a) => !a.parentElement.closest('article.post')).length > n, 30);
      assert.equal(page.url(), before, 'the URL did not change');
      assert.equal(await page.evaluate(() => window.renkeiNoNavigation), true, 'no full navigation');
      const all = await topLevelPosts(page);
      assert.ok(all.length > 30, `more than 30 posts now (${all.length})`);
      assert.equal(new Set(all.map((p) => p.id)).size, all.length, 'no post twice');
      const titles = all.map((p) => p.subject);
      assert.ok(titles.includes(subjects[0]), 'the oldest of the 31 posts is shown');
      assert.equal(await page.locator('#timeline-more').count(), 1, 'one place for the next link');
      await expectNoAxeViolations(page, `${href} after loading older posts`);

      // Without JavaScript the same link is a page of older posts.
      const noJs = await sessionOf('dr-tanaka', { js: false });
      const res = await noJs.goto(moreHref);
      assert.equal(res.status(), 200);
      await assertNoScripts(noJs);
      const older = await topLevelPosts(noJs);
      assert.ok(older.length > 0, 'the link shows posts');
      for (const p of older) {
        assert.ok(Number(p.id.replace('post-', '')) < oldestShown, `${p.id} is older than post-${oldestShown}`);
      }
      assert.ok(older.map((p) => p.subject).includes(subjects[0]), 'the oldest of the 31 posts is on it');
    });
  });
});
