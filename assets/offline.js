/* renkei — offline entry (guide §1 オフライン登録).
 *
 * A form marked data-offline (a 連絡帳 post, an entry of vitals) submitted while the device has
 * no connection is kept on the device and listed as 未送信 with a send button. When the
 * connection returns (the "online" event, or the next page opened online) each kept entry is
 * sent as the form would have sent it, with its idempotency key: sent twice, it is stored once.
 * Logging out wipes the kept entries (and the server answers the logout with Clear-Site-Data).
 *
 * Where the browser has a service worker (/sw.js), it keeps the style sheet and scripts so that
 * an open page keeps working; where it has none, this file alone keeps and sends. Entries left
 * by another account (a session that ended without logging out) are wiped, never sent or shown.
 * Without JavaScript the forms post normally. Strings come from the page (data-* attributes
 * rendered from locales/), never from this file.
 */
(function () {
  'use strict';
  var KEY = 'renkei.unsent';
  var box = document.getElementById('unsent');
  if (!box || !window.localStorage || !window.FormData) return;
  var s = box.dataset;
  var user = s.user;
  var sending = false;

  function load() {
    try {
      var all = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(all) ? all : [];
    } catch (e) {
      return [];
    }
  }
  function store(list) {
    if (list.length) localStorage.setItem(KEY, JSON.stringify(list));
    else localStorage.removeItem(KEY);
  }
  function mine(list) {
    return list.filter(function (e) { return e.user === user; });
  }
  // Someone else's entries on this device: their session ended without a logout. They are not
  // this user's to send or to read.
  (function () {
    var all = load();
    var own = mine(all);
    if (own.length !== all.length) store(own);
  })();
  function freshKey() {
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    var h = '';
    for (var i = 0; i < b.length; i++) h += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return h;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function render() {
    var list = mine(load());
    while (box.firstChild) box.removeChild(box.firstChild);
    box.hidden = list.length === 0;
    if (!list.length) return;
    box.appendChild(el('h2', null, s.title.replace('%{count}', list.length)));
    box.appendChild(el('p', 'support', navigator.onLine === false ? s.offline : s.help));
    var ul = el('ul', 'unsent__list');
    list.forEach(function (e) {
      var li = el('li', 'unsent__item');
      li.appendChild(el('strong', null, (e.kind === 'vitals' ? s.kindVitals : s.kindPost) + ' '));
      li.appendChild(document.createTextNode(e.label + ' (' + s.savedAt + ' ' + e.saved + ')'));
      if (e.error) li.appendChild(el('p', 'field__error', e.error));
      var del = el('button', 'button button--secondary', s.discard);
      del.type = 'button';
      del.addEventListener('click', function () {
        if (!window.confirm(s.discardConfirm)) return;
        store(load().filter(function (x) { return x.key !== e.key; }));
        render();
      });
      li.appendChild(document.createTextNode(' '));
      li.appendChild(del);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var send = el('button', 'button button--primary', s.send);
    send.type = 'button';
    send.addEventListener('click', sendAll);
    box.appendChild(send);
  }

  function summary(form, kind) {
    if (kind === 'post') {
      var subject = form.querySelector('[name="subject"]');
      return subject ? subject.value : '';
    }
    var date = form.querySelector('[name="measured_on"]');
    var time = form.querySelector('[name="measured_time"]');
    return (date ? date.value : '') + ' ' + (time ? time.value : '');
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.matches || !form.matches('form[data-offline]')) return;
    if (navigator.onLine !== false) return;
    ev.preventDefault();
    var status = form.querySelector('.offline-status');
    var fields = [];
    var file = false;
    new FormData(form).forEach(function (v, k) {
      if (typeof v === 'string') fields.push([k, v]);
      else if (v && v.size > 0) file = true;
    });
    if (file) {
      if (status) { status.hidden = false; status.textContent = s.noFiles; }
      return;
    }
    var keyInput = form.querySelector('[name="key"]');
    var entry = {
      user: user,
      kind: form.dataset.offline,
      action: form.action,
      multipart: (form.enctype || '').indexOf('multipart') === 0,
      key: keyInput ? keyInput.value : freshKey(),
      label: summary(form, form.dataset.offline),
      saved: new Date().toLocaleString(document.documentElement.lang || 'ja'),
      fields: fields
    };
    var list = load().filter(function (x) { return x.key !== entry.key; });
    list.push(entry);
    store(list);
    // The next entry typed in this form is a new one: it needs its own key.
    if (keyInput) keyInput.value = freshKey();
    form.reset();
    if (keyInput && !keyInput.value) keyInput.value = freshKey();
    if (status) { status.hidden = false; status.textContent = s.kept; }
    render();
    box.scrollIntoView && box.scrollIntoView();
  }, true);

  function sendOne(e) {
    // The token of this session: the one kept may belong to a session that has since ended.
    var current = document.querySelector('input[name="csrf_token"]');
    var fields = e.fields.map(function (f) {
      return f[0] === 'csrf_token' && current ? [f[0], current.value] : f;
    });
    var body;
    if (e.multipart) {
      body = new FormData();
      fields.forEach(function (f) { body.append(f[0], f[1]); });
    } else {
      body = new URLSearchParams();
      fields.forEach(function (f) { body.append(f[0], f[1]); });
    }
    return fetch(e.action, {
      method: 'POST', body: body, credentials: 'same-origin', redirect: 'follow',
      headers: { 'X-Renkei-Offline': '1' }
    }).then(function (r) {
      var path = new URL(r.url, location.href).pathname;
      if (path === '/login') return { keep: true, error: s.loginAgain };
      if (r.ok) return { keep: false };
      if (r.status === 422) return { keep: true, error: s.refused };
      if (r.status === 403) return { keep: true, error: s.forbidden };
      return { keep: true, error: s.failed + ' (' + r.status + ')' };
    }, function () {
      return { keep: true, error: null };
    });
  }

  function sendAll() {
    if (sending) return;
    var queue = mine(load());
    if (!queue.length) return;
    sending = true;
    var sent = 0;
    (function next(i) {
      if (i >= queue.length) {
        sending = false;
        render();
        if (sent > 0) {
          var done = el('p', 'notice', s.sent.replace('%{count}', sent));
          done.setAttribute('role', 'status');
          box.parentNode.insertBefore(done, box);
        }
        return;
      }
      var e = queue[i];
      sendOne(e).then(function (res) {
        var list = load();
        if (!res.keep) {
          sent++;
          list = list.filter(function (x) { return x.key !== e.key; });
        } else if (res.error) {
          list.forEach(function (x) { if (x.key === e.key) x.error = res.error; });
        }
        store(list);
        next(i + 1);
      });
    })(0);
  }

  // Logging out leaves nothing behind on the device.
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    var action = form.getAttribute && form.getAttribute('action');
    if (action !== '/logout' && action !== '/account/sessions/revocation') return;
    localStorage.removeItem(KEY);
    if (window.caches && caches.keys) {
      caches.keys().then(function (names) { names.forEach(function (n) { caches.delete(n); }); });
    }
  }, true);

  // The time measured starts as "now" on this device, also when the page has been open a while
  // (or the form was just kept): until the user changes it, it follows the clock.
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function nowInJapan() {
    var t = new Date(Date.now() + 9 * 3600 * 1000);
    return {
      date: t.getUTCFullYear() + '-' + pad(t.getUTCMonth() + 1) + '-' + pad(t.getUTCDate()),
      time: pad(t.getUTCHours()) + ':' + pad(t.getUTCMinutes())
    };
  }
  function followClock() {
    var now = nowInJapan();
    var forms = document.querySelectorAll('form[data-offline="vitals"]');
    for (var i = 0; i < forms.length; i++) {
      // A form sent back with errors keeps what was typed.
      if (forms[i].querySelector('.field__error') && !forms[i].dataset.reset) continue;
      var d = forms[i].querySelector('[name="measured_on"]');
      var t = forms[i].querySelector('[name="measured_time"]');
      if (d && !d.dataset.touched && !d.getAttribute('aria-invalid')) d.value = now.date;
      if (t && !t.dataset.touched && !t.getAttribute('aria-invalid')) t.value = now.time;
    }
  }
  document.addEventListener('input', function (ev) {
    var n = ev.target && ev.target.name;
    if (n === 'measured_on' || n === 'measured_time') ev.target.dataset.touched = '1';
  });
  document.addEventListener('reset', function (ev) { if (ev.target.dataset) ev.target.dataset.reset = '1'; setTimeout(function () {
    var f = document.querySelectorAll('[name="measured_on"], [name="measured_time"]');
    for (var i = 0; i < f.length; i++) delete f[i].dataset.touched;
    followClock();
  }, 0); }, true);
  followClock();
  setInterval(followClock, 30000);

  window.addEventListener('online', function () { render(); sendAll(); });
  window.addEventListener('offline', render);
  window.addEventListener('storage', function (ev) { if (ev.key === KEY) render(); });
  render();
  if (navigator.onLine !== false) sendAll();

  if ('serviceWorker' in navigator && s.sw) {
    navigator.serviceWorker.register(s.sw, { scope: '/' }).catch(function () {});
  }
})();
