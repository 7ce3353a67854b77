// Test worker: the builder puts PRECACHE, BASE, CACHE and CACHE_PREFIX in front.
"use strict";
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (entry) { return entry.url; }));
  }));
});
