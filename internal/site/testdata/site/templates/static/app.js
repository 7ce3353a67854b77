// Test page script.
(function () {
  "use strict";
  var base = document.documentElement.getAttribute("data-base") || "/";
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(base + "sw.js", { scope: base });
  }
})();
