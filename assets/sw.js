/* renkei service worker: keeps the room pages last opened (連絡帳 and バイタル) and the
 * fingerprinted assets, so that a device that loses its connection can still open the forms and
 * keep entries as 未送信 (assets/offline.js sends them later). Pages are fetched from the
 * network first and only served from the cache when the network fails. Logging out wipes the
 * caches (Clear-Site-Data, and offline.js). Nothing is sent from here.
 */
'use strict';
var PAGES = 'renkei-pages-v1';
var ASSETS = 'renkei-assets-v1';
var KEPT = /^\/rooms\/\d+(\/vitals)?$/;

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (ev) {
  ev.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== PAGES && n !== ASSETS; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (ev) {
  var req = ev.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf('/assets/') === 0) {
    ev.respondWith(caches.open(ASSETS).then(function (c) {
      return c.match(req).then(function (hit) {
        return hit || fetch(req).then(function (res) {
          if (res.ok) c.put(req, res.clone());
          return res;
        });
      });
    }));
    return;
  }
  if (req.mode === 'navigate' && KEPT.test(url.pathname) && !url.search) {
    ev.respondWith(fetch(req).then(function (res) {
      if (res.ok && !res.redirected) {
        var copy = res.clone();
        caches.open(PAGES).then(function (c) { c.put(url.pathname, copy); });
      }
      return res;
    }, function () {
      return caches.open(PAGES).then(function (c) { return c.match(url.pathname); })
        .then(function (hit) { return hit || Response.error(); });
    }));
  }
});
