// Liftwell's page script: registers the service worker that keeps the
// site working offline, and offers a reload when a new version is ready.
// A new version never takes over by itself: when the reader chooses to
// reload, the waiting worker takes control and every page it controlled
// reloads, so that page, scripts and checker module always come from the
// same version.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
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

  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
