// The pain log on a shared address. Every project site of a GitHub user
// is served from one origin, USER.github.io, under its own path, and the
// browser keeps one storage for the whole origin: a page of any other
// project there can read this log. When the log runs under a project path
// (the page's data-base is not "/") of a *.github.io host, this shows the
// notice #log-shared, with the host and the path filled in. The base path
// comes from the page, which the builder writes.
(function () {
  "use strict";
  var box = document.getElementById("log-shared");
  var base = document.documentElement.getAttribute("data-base") || "/";
  if (!box || base === "/" || !/\.github\.io$/i.test(location.hostname)) return;
  var host = document.getElementById("log-shared-host"), path = document.getElementById("log-shared-base");
  if (host) host.textContent = location.hostname;
  if (path) path.textContent = base;
  box.hidden = false;
})();
