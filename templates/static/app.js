// Liftwell's page script: registers the service worker that keeps the
// site working offline, and offers a reload when a new version is ready.
// The new version never takes over by itself: page, scripts and checker
// module switch together when the reader chooses to reload.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var base = document.documentElement.getAttribute("data-base") || "/";
  var notice = document.getElementById("update");
  var requested = false;

  function offer(worker) {
    if (!notice || !worker) return;
    notice.textContent = "";
    var text = document.createElement("span");
    text.textContent = "A new version of Liftwell is available.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Reload to update";
    button.addEventListener("click", function () {
      requested = true;
      worker.postMessage({ type: "SKIP_WAITING" });
    });
    notice.appendChild(text);
    notice.appendChild(button);
    notice.hidden = false;
  }

  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (requested) {
      requested = false;
      location.reload();
    }
  });

  function watch(reg) {
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
    reg.addEventListener("updatefound", function () {
      var worker = reg.installing;
      if (!worker) return;
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      });
    });
  }

  function register() {
    navigator.serviceWorker.register(base + "sw.js", { scope: base }).then(watch, function (err) {
      // Offline support is a bonus: the site works without it.
      if (window.console) console.warn("Liftwell: offline support unavailable:", err && err.message);
    });
  }

  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
