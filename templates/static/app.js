// Liftwell's page script, on every page: the loader of the checker's
// WebAssembly module, for the pages that use it (the checker and the log);
// the page without its script when that script did not start; and the
// service worker that keeps the site working offline, with a reload
// offered when a new version is ready.

// window.liftwellModule loads the module named by the page's element with
// data-wasm (its URL) and data-wasm-exec (Go's wasm_exec.js), both written
// by the builder. It is the one loader of the site:
//
//	prefetch()  has the browser download the module and wasm_exec.js into
//	            its cache (<link rel=prefetch>), for idle time: nothing is
//	            read, compiled or run on the page; a promise that both have
//	            arrived.
//	start()     runs the module: a promise that resolves once the module
//	            says it is ready (globalThis.liftwellReady, the
//	            "liftwellready" event: see wasm/main.go), and rejects with
//	            an Error when it cannot be fetched, compiled or run.
//	loaded, size  bytes read so far and the module's size (data-wasm-size,
//	            or Content-Length), for a progress message.
//	onprogress  called as bytes arrive; onstop, when a running module ends.
//
// A failed prefetch or start can be tried again: nothing failed is kept.
(function () {
  "use strict";
  var host = document.querySelector("[data-wasm]");
  if (!host) return;
  var m = {
    loaded: 0,
    size: +host.getAttribute("data-wasm-size") || 0,
    stopped: false,
    onprogress: null,
    onstop: null,
    prefetch: prefetch,
    start: start
  };
  var glue = null; // a promise that wasm_exec.js has run
  var prefetched = null; // a promise that the browser has both files
  var running = null; // a promise that the module is ready

  function progress() { if (m.onprogress) m.onprogress(); }

  function loadGlue() {
    if (typeof window.Go === "function") return Promise.resolve();
    if (glue) return glue;
    var src = host.getAttribute("data-wasm-exec");
    glue = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.addEventListener("load", resolve);
      s.addEventListener("error", function () { reject(new Error("could not load " + src)); });
      document.head.appendChild(s);
    });
    glue.catch(function () { glue = null; });
    return glue;
  }

  // fetchModule requests the module and refuses any answer but a success:
  // a 404 page is not a module.
  function fetchModule() {
    var url = host.getAttribute("data-wasm");
    m.loaded = 0;
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
      var n = +r.headers.get("Content-Length");
      if (!m.size && n && !r.headers.get("Content-Encoding")) m.size = n;
      return r;
    });
  }

  // readAll reads a response's body, counting the bytes as they arrive.
  function readAll(r) {
    if (!r.body || !r.body.getReader) {
      return r.arrayBuffer().then(function (b) { m.loaded = b.byteLength; progress(); return b; });
    }
    var reader = r.body.getReader();
    var chunks = [];
    function read() {
      return reader.read().then(function (c) {
        if (c.done) return;
        chunks.push(c.value);
        m.loaded += c.value.length;
        progress();
        return read();
      });
    }
    return read().then(function () {
      var all = new Uint8Array(m.loaded);
      var at = 0;
      chunks.forEach(function (c) { all.set(c, at); at += c.length; });
      return all;
    });
  }

  // counted passes a response on as it arrives, counting its bytes, so
  // that a streaming compile still reports progress.
  function counted(r) {
    if (!r.body || !r.body.pipeThrough || typeof TransformStream !== "function") return r;
    var count = new TransformStream({
      transform: function (chunk, out) {
        m.loaded += chunk.length;
        progress();
        out.enqueue(chunk);
      }
    });
    return new Response(r.body.pipeThrough(count), { headers: { "Content-Type": "application/wasm" } });
  }

  // warm has the browser fetch url into its cache, the page reading none
  // of it: a <link rel=prefetch>, whose bytes go to the cache (or come
  // from the service worker) without passing through the page's main
  // thread. Reading the 2 MB module on the page, even with arrayBuffer(),
  // took two tasks of 40 to 50 ms on a desktop, which Lighthouse's mobile
  // emulation (4x slower) counted as 300 ms of blocking time (issue #21).
  // Where rel=prefetch is unknown, a plain fetch fills the HTTP cache.
  function warm(url) {
    var link = document.createElement("link");
    if (!link.relList || !link.relList.supports || !link.relList.supports("prefetch")) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
        return r.arrayBuffer();
      }).then(function () {});
    }
    return new Promise(function (resolve, reject) {
      link.rel = "prefetch";
      link.href = url;
      link.addEventListener("load", function () { link.remove(); resolve(); });
      link.addEventListener("error", function () { link.remove(); reject(new Error("could not fetch " + url)); });
      document.head.appendChild(link);
    });
  }

  function prefetch() {
    if (prefetched) return prefetched;
    prefetched = Promise.all([warm(host.getAttribute("data-wasm-exec")), warm(host.getAttribute("data-wasm"))]).then(function () {});
    prefetched.catch(function () { prefetched = null; });
    return prefetched;
  }

  // instantiate compiles the module while it downloads (from the cache,
  // after a prefetch); from its bytes where the browser cannot compile a
  // stream, or the server sends another type than application/wasm.
  function instantiate(go) {
    if (typeof WebAssembly.instantiateStreaming !== "function") {
      return fetchModule().then(readAll).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
    }
    return fetchModule().then(function (r) {
      if (!/^application\/wasm\b/.test(r.headers.get("Content-Type") || "")) {
        return readAll(r).then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
      }
      return WebAssembly.instantiateStreaming(counted(r), go.importObject);
    });
  }

  function readyEvent() {
    return new Promise(function (resolve) {
      if (window.liftwellReady === true) resolve();
      else window.addEventListener("liftwellready", function () { resolve(); }, { once: true });
    });
  }

  function start() {
    if (running) return running;
    if (window.liftwellReady === true) {
      running = Promise.resolve();
      return running;
    }
    running = loadGlue().then(function () {
      var go = new window.Go();
      return instantiate(go).then(function (r) {
        var exited = go.run(r.instance);
        exited.then(function () {
          m.stopped = true;
          if (m.onstop) m.onstop();
        });
        return Promise.race([readyEvent(), exited.then(function () {
          throw new Error("the module stopped before it was ready");
        })]);
      });
    });
    running.catch(function () {
      running = null;
      prefetched = null;
    });
    return running;
  }

  window.liftwellModule = m;
})();

// A page that its script changes (the checker) arrives ready for the
// script, so that its first frame is the one the script keeps: parts
// marked data-with-script show, and parts marked data-without-script (what
// stands in for the script) wait hidden. In a browser that runs no
// scripts, noscript.css turns that around. Here, when scripts run but the
// page's own script has not said it started by the load event (it failed
// to load, or stopped with an error), the same is done by hand, and the
// page's data-if-failed box says so.
(function () {
  "use strict";
  function each(selector, hide) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) { el.hidden = hide; });
  }
  function check() {
    if (document.documentElement.hasAttribute("data-script-started")) return;
    if (!document.querySelector("[data-with-script]")) return;
    each("[data-with-script]", true);
    each("[data-without-script], [data-if-failed]", false);
  }
  if (document.readyState === "complete") check();
  else window.addEventListener("load", check);
})();

// The service worker. A new version never takes over by itself: when the
// reader chooses to reload, the waiting worker takes control and every page
// it controlled reloads, so that page, scripts and checker module always
// come from the same version.
//
// Its install downloads and checks every file of the site (about 2.5 MB,
// most of it the checker's module), which keeps a core busy for most of a
// second on a phone. So it is registered only once the page is done with
// its own start: after the load event, after the work a page names with
// window.liftwellStarting(promise) (the log opens its database and draws
// the log), and then in idle time. A start that never ends holds it back
// for at most holdMax milliseconds after load.
(function () {
  "use strict";
  var starting = [];
  window.liftwellStarting = function (p) {
    starting.push(Promise.resolve(p).catch(function () {}));
  };
  if (!("serviceWorker" in navigator)) return;
  var holdMax = 5000;
  var sw = navigator.serviceWorker;
  var base = document.documentElement.getAttribute("data-base") || "/";
  var notice = document.getElementById("update");
  // Whether a version already controls this page. The first worker's
  // takeover (after the first visit) changes nothing on the page; any
  // later one means the page is now an old version.
  var controlled = !!sw.controller;
  var requested = false;
  var reloading = false;

  sw.addEventListener("controllerchange", function () {
    if (!controlled && !requested) {
      controlled = true;
      return;
    }
    if (reloading) return;
    reloading = true;
    location.reload();
  });

  function offer(worker) {
    if (!notice || reloading) return;
    var text = document.createElement("span");
    text.textContent = "A new version of Liftwell is available.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Reload to update";
    button.addEventListener("click", function () {
      requested = true;
      button.disabled = true;
      worker.postMessage({ type: "SKIP_WAITING" });
    });
    notice.textContent = "";
    notice.hidden = false;
    // Filled once visible, so that screen readers announce the status.
    window.setTimeout(function () {
      notice.appendChild(text);
      notice.appendChild(button);
    }, 100);
  }

  // An installed worker next to an active one is a new version waiting.
  // The very first worker activates by itself: there is nothing to offer.
  function installed(reg, worker) {
    if (reg.active && worker.state === "installed") offer(worker);
  }

  function track(reg, worker) {
    if (!worker) return;
    worker.addEventListener("statechange", function () {
      if (worker.state === "installed") installed(reg, worker);
    });
  }

  function watch(reg) {
    if (reg.waiting) installed(reg, reg.waiting);
    else track(reg, reg.installing);
    reg.addEventListener("updatefound", function () { track(reg, reg.installing); });
    // A page left open for long looks for a new version when the reader
    // comes back to it (browsers check by themselves on navigation).
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") reg.update().catch(function () {});
    });
  }

  function register() {
    sw.register(base + "sw.js", { scope: base, updateViaCache: "none" }).then(watch, function (err) {
      // Offline support is a bonus: the site works without it.
      if (window.console) console.warn("Liftwell: offline support unavailable:", err && err.message);
    });
  }

  // afterStart calls fn once the page's own start is over (or holdMax
  // after load), in idle time.
  function afterStart(fn) {
    var done = false;
    function go() {
      if (done) return;
      done = true;
      if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 1000 });
      else window.setTimeout(fn, 0);
    }
    Promise.all(starting).then(go);
    window.setTimeout(go, holdMax);
  }

  function begin() { afterStart(register); }
  if (document.readyState === "complete") begin();
  else window.addEventListener("load", begin);
})();
