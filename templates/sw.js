// Liftwell's service worker. The builder puts four constants in front of
// this code: PRECACHE (every file of the build with its content hash),
// BASE (the path the site is served under), CACHE (this version's cache
// name) and CACHE_PREFIX (the prefix all of this site's caches share).
"use strict";

function precacheURL(url) {
  var u = new URL(url, self.location.href);
  return u.pathname.replace(/\/index\.html$/, "/");
}

// Install fetches every file fresh into a new cache, all or nothing: if
// one fetch fails, the new cache is dropped and the old version serves on.
self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(PRECACHE.map(function (entry) {
        return fetch(new Request(entry.url, { cache: "reload", credentials: "same-origin" })).then(function (res) {
          if (!res.ok) throw new Error("precache " + entry.url + ": HTTP " + res.status);
          return cache.put(entry.url, res);
        });
      }));
    }).catch(function (err) {
      return caches.delete(CACHE).then(function () { throw err; });
    })
  );
});

// Activate deletes only this site's own older caches: other sites on the
// same origin (every GitHub project site of a user) keep theirs.
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) {
        return k.indexOf(CACHE_PREFIX) === 0 && k !== CACHE;
      }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// The page asks the waiting worker to take over when the reader chooses
// to reload.
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

// Precached files come from the cache; anything else from the network. A
// page that is neither cached nor reachable gets the offline page.
self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf(BASE) !== 0) return;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(precacheURL(req.url)).then(function (hit) {
        if (hit) return hit;
        return fetch(req).catch(function (err) {
          if (req.mode !== "navigate") throw err;
          return cache.match(BASE + "offline/");
        });
      });
    })
  );
});
