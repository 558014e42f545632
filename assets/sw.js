/* renkei service worker: keeps the fingerprinted assets (style sheet and scripts — no patient
 * data) so that a room page opened before the connection dropped keeps working and
 * assets/offline.js can keep entries as 未送信 and send them later. Pages are never cached here:
 * they carry patient data and are marked no-store, and a work device may be shared. Logging out
 * clears this cache too (Clear-Site-Data, and offline.js).
 */
'use strict';
var ASSETS = 'renkei-assets-v2';

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (ev) {
  ev.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== ASSETS; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (ev) {
  var req = ev.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf('/assets/') !== 0) return;
  ev.respondWith(caches.open(ASSETS).then(function (c) {
    return c.match(req).then(function (hit) {
      return hit || fetch(req).then(function (res) {
        if (res.ok) c.put(req, res.clone());
        return res;
      });
    });
  }));
});
