// Liftwell's service worker. The builder puts five constants in front of
// this code: PRECACHE (every file of the build, as {url, revision}, the
// revision being the file's SHA-256 in hex), BASE (the path the site is
// served under), CACHE (this version's cache name), CACHE_PREFIX (the
// prefix all of this site's caches share; other sites on the same origin
// have other prefixes) and TYPES (the Content-Type of each file extension),
// after a "use strict" directive.
//
// The worker trusts only what it precached. Every GitHub project site of
// a user shares the origin USER.github.io, and so one Cache Storage: a
// page of any of them can write into this site's cache, with any headers.
// So each cache hit is served only when its URL is in PRECACHE and its
// bytes have the SHA-256 PRECACHE lists, with the Content-Type TYPES gives;
// anything else is dropped from the cache and fetched from the network.

// The cache key of a URL: its path, with "dir/index.html" as "dir/" and
// without query or fragment.
function cacheKey(url) {
  var u = new URL(url, self.location.href);
  return u.origin + u.pathname.replace(/\/index\.html$/, "/");
}

function hex(buf) {
  var bytes = new Uint8Array(buf), out = "";
  for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}

// DIGESTS maps the cache key of each precached URL to its SHA-256.
var DIGESTS = new Map(PRECACHE.map(function (entry) { return [cacheKey(entry.url), entry.revision]; }));

// typeOf is the Content-Type to serve a cache key with.
function typeOf(key) {
  var path = new URL(key).pathname, name = path.slice(path.lastIndexOf("/") + 1);
  if (name === "") return TYPES.html;
  var dot = name.lastIndexOf("."), ext = dot < 0 ? "" : name.slice(dot + 1);
  return Object.prototype.hasOwnProperty.call(TYPES, ext) ? TYPES[ext] : "application/octet-stream";
}

// cached answers a URL from the cache only with what install stored: a
// URL of PRECACHE whose cached bytes have the SHA-256 listed for it. It
// resolves to undefined otherwise, and drops a copy that does not match.
function cached(cache, url) {
  var key = cacheKey(url), want = DIGESTS.get(key);
  if (!want) return Promise.resolve(undefined);
  return cache.match(key).then(function (hit) {
    if (!hit) return undefined;
    return hit.arrayBuffer().then(function (buf) {
      return crypto.subtle.digest("SHA-256", buf).then(function (sum) {
        if (hex(sum) === want) {
          return new Response(buf, { status: 200, headers: { "Content-Type": typeOf(key) } });
        }
        return cache.delete(key).then(function () { return undefined; });
      });
    });
  });
}

// precache downloads one file past the HTTP cache, checks that its bytes
// are the ones the build listed (a stale copy from a CDN during a deploy
// would mix versions), and stores a plain copy of it (never a redirected
// response, which navigations refuse).
function precache(cache, entry) {
  var req = new Request(entry.url, { cache: "reload", credentials: "same-origin" });
  return fetch(req).then(function (res) {
    if (!res.ok) throw new Error("precache " + entry.url + ": HTTP " + res.status);
    return res.arrayBuffer().then(function (buf) {
      return crypto.subtle.digest("SHA-256", buf).then(function (sum) {
        if (hex(sum) !== entry.revision) {
          throw new Error("precache " + entry.url + ": not the revision this version lists");
        }
        return cache.put(cacheKey(entry.url), new Response(buf, { status: 200, headers: { "Content-Type": typeOf(cacheKey(entry.url)) } }));
      });
    });
  });
}

// Install fetches every file into this version's own cache, all or
// nothing: if one file fails, the cache is dropped, the install fails and
// the version already installed keeps serving.
self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(PRECACHE.map(function (entry) { return precache(cache, entry); }));
    }).catch(function (err) {
      return caches.delete(CACHE).then(function () { throw err; });
    })
  );
  // No skipWaiting here: a new version waits until the reader asks for it.
});

// Activate deletes this site's older caches, and only those: other sites
// on the same origin (every GitHub project site of a user) keep theirs.
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

// respond answers a request under BASE: a precached file from the cache
// (checked by cached), anything else from the network. A navigation that
// the network cannot answer gets "dir/" for "dir" when that page is
// cached, and otherwise the offline page, which says what still works.
function respond(req) {
  var url = new URL(req.url);
  return caches.open(CACHE).then(function (cache) {
    return cached(cache, url.href).then(function (hit) {
      if (hit) return hit;
      return fetch(req).catch(function (err) {
        if (req.mode !== "navigate") throw err;
        var dir = url.pathname + "/";
        return cached(cache, url.origin + dir).then(function (page) {
          if (page) return Response.redirect(dir + url.search, 301);
          return cached(cache, url.origin + BASE + "offline/").then(function (offline) {
            if (offline) return offline;
            throw err;
          });
        });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf(BASE) !== 0) return;
  event.respondWith(respond(req));
});
