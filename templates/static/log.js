// Liftwell's pain log page (log.html): keeps the entries in this
// browser's IndexedDB, draws them, and asks the WebAssembly module
// (liftwellLogSummary, from internal/painlog) for the summary that the
// checker reads. CSV is read and written by logcsv.js.
//
// Storage: one IndexedDB database per copy of the site, named with the
// site's base path, holding one record {version, entries}. Every change is
// one read-modify-write transaction, so two tabs never undo each other;
// a BroadcastChannel tells the other tabs to redraw. A record this page
// cannot read is never written over: the page says so and offers it for
// download as it is.
//
// The facts come from Go, in the page: the summary's thresholds and the
// chart's range as data attributes of #log (internal/painlog's constants),
// the CSV form's facts as data-csv (painlog.Facts, for logcsv.js), the pain scale's
// names as data-severity on the pain buttons (the checker's severity
// question), the places a pain can be as the "where" tick boxes.
//
// The page reads the clock in one place, today(), so that a test can fix
// the date by replacing Date before the page loads.
(function () {
  "use strict";
  var root = document.getElementById("log");
  if (!root || !window.liftwellCSV) return;
  var CSV = window.liftwellCSV(JSON.parse(root.getAttribute("data-csv"))); // painlog.Facts
  var VERSION = 1; // of the stored record
  var base = document.documentElement.getAttribute("data-base") || "/";
  var NAME = "liftwell-log:" + base;
  var $ = function (id) { return document.getElementById(id); };
  var app = $("log-app"), form = $("log-form");
  var entries = [];     // sorted by date
  var readOnly = false; // the stored record could not be read
  var rawRecord;        // what was stored, for the raw download
  var editing = "";     // the date of the entry being changed
  var undo = null;      // the entries the last delete took, for Undo
  var fact = function (name) { return +root.getAttribute("data-" + name); };
  var BREAK_DAYS = fact("break-days"), TREND_DAYS = fact("trend-days"), MIN_CHANGE = fact("min-change"),
    WEEKS = fact("weeks"), FOLLOW_DAYS = fact("follow-days");
  var CHART_DAYS = fact("chart-days"), MIN_SPAN = fact("min-chart-days"); // shown at first; the fewest the chart spans
  var range = CHART_DAYS; // days shown: CHART_DAYS or 0 for all
  var db = null;
  var channel = null;

  // --- Dates -------------------------------------------------------------

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  // today is the visitor's date, YYYY-MM-DD: the one place the page reads the clock.
  function today() { return iso(new Date()); }
  function dayNumber(s) { return Math.round(Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 864e5); }
  function fromDay(n) { var d = new Date(n * 864e5); return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }
  function yesterday() { return fromDay(dayNumber(today()) - 1); }

  // readDate reads a date typed year first: 2026-12-03, 2026-12-3,
  // 2026/12/3, 2026 12 3 or 20261203. It returns {date: "YYYY-MM-DD"}, or
  // {error} in words. A date written day or month first (3/12/2026) is
  // not guessed: it could be either.
  function readDate(text) {
    var t = text.trim(), ex = " such as " + today();
    if (!t) return { error: "Enter the date," + ex };
    var m = /^(\d{4})\s*[-\/. ]\s*(\d{1,2})\s*[-\/. ]\s*(\d{1,2})$/.exec(t) || /^(\d{4})(\d{2})(\d{2})$/.exec(t);
    if (!m) {
      if (/^\d{1,2}\D+\d{1,2}\D+\d{2,4}$/.test(t)) return { error: "Write the year first, then the month, then the day," + ex + ": " + t + " could mean two different days" };
      return { error: "Enter the date with the year first, then the month, then the day," + ex };
    }
    var d = m[1] + "-" + pad(+m[2]) + "-" + pad(+m[3]);
    if (!CSV.isDate(d) || fromDay(dayNumber(d)) !== d) return { error: "Enter a real date, year first," + ex };
    if (d > today()) return { error: "The date cannot be in the future: enter today (" + longDate(today()) + ") or an earlier day" };
    return { date: d };
  }
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function shortDate(s) { return +s.slice(8, 10) + " " + MONTHS[+s.slice(5, 7) - 1]; }
  function longDate(s) { return shortDate(s) + " " + s.slice(0, 4); }

  // --- Messages ----------------------------------------------------------

  function problem(title, text, raw) {
    $("log-problem-title").textContent = title;
    $("log-problem-text").textContent = text;
    $("log-raw-box").hidden = !raw;
    $("log-problem").hidden = false;
  }

  function say(id, text) {
    var el = $(id);
    el.textContent = "";
    // Filled a moment later, so that screen readers announce the change.
    window.setTimeout(function () { el.textContent = text; }, 50);
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // --- Storage -----------------------------------------------------------

  function openDB() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var req;
      try { req = indexedDB.open(NAME, 1); } catch (e) { reject(e); return; }
      req.onupgradeneeded = function () { req.result.createObjectStore("log"); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error || new Error("cannot open")); };
      req.onblocked = function () { reject(new Error("blocked")); };
    });
  }

  // read turns a stored record into entries, or throws when it cannot.
  // Version 1 is the only one so far; a later page reads each older
  // version here and writes it back in its own only when the log changes.
  function read(record) {
    if (record === undefined) return [];
    if (!record || typeof record !== "object" || typeof record.version !== "number") throw new Error("it is not a log");
    if (record.version > VERSION) throw new Error("a newer version of this page saved it");
    if (record.version !== 1 || !Array.isArray(record.entries)) throw new Error("it is damaged");
    var seen = {};
    return record.entries.map(function (e) {
      var c = CSV.check(e);
      if (c.errors.length || seen[c.entry.date]) throw new Error("an entry is damaged");
      seen[c.entry.date] = true;
      return c.entry;
    }).sort(function (a, b) { return a.date < b.date ? -1 : 1; });
  }

  function load() {
    return new Promise(function (resolve, reject) {
      var req = db.transaction("log").objectStore("log").get("log");
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  // change applies f to the stored entries in one transaction and stores
  // the result. f may throw to change nothing.
  function change(f) {
    if (readOnly) return Promise.reject(new Error("the stored log cannot be read"));
    return new Promise(function (resolve, reject) {
      var tx = db.transaction("log", "readwrite");
      var store = tx.objectStore("log");
      var result;
      var req = store.get("log");
      req.onsuccess = function () {
        try {
          var next = f(read(req.result));
          result = next;
          store.put({ version: VERSION, entries: next }, "log");
        } catch (e) {
          tx.abort();
          reject(e);
        }
      };
      tx.oncomplete = function () {
        // Undo is for the last change only.
        undo = null;
        $("log-undo-box").hidden = true;
        entries = result;
        render();
        if (channel) channel.postMessage("changed");
        askPersist();
        resolve();
      };
      tx.onerror = function () { reject(tx.error || new Error("could not save")); };
    });
  }

  function refresh() {
    return load().then(function (record) {
      rawRecord = record;
      try {
        entries = read(record);
        readOnly = false;
      } catch (e) {
        readOnly = true;
        entries = [];
        problem("Your saved log cannot be read", "This browser holds a log that this page cannot read: " + e.message + ". It has not been changed or deleted. Download it as it is to keep it, and tell us if you think it is our mistake.", true);
      }
      ["log-import", "log-delete-all"].forEach(function (id) { $(id).disabled = readOnly; });
      render();
    });
  }

  var persistAsked = false;
  function askPersist() {
    var el = $("log-persist");
    if (persistAsked || !navigator.storage || !navigator.storage.persist) {
      if (!navigator.storage || !navigator.storage.persist) el.textContent = "This browser does not say whether it will keep the log when space runs low.";
      return;
    }
    navigator.storage.persisted().then(function (yes) {
      if (yes) return true;
      if (!entries.length) return null; // asked with the first entry
      persistAsked = true;
      return navigator.storage.persist();
    }).then(function (yes) {
      if (yes === null) el.textContent = "When you save your first day, the page asks the browser to keep the log even when space runs low.";
      else if (yes) el.textContent = "This browser has agreed to keep the log until you delete it, even when space runs low.";
      else el.textContent = "This browser has not promised to keep the log: it may delete it when space runs low. Export it now and then.";
    }, function () {
      el.textContent = "This browser would not say whether it will keep the log. Export it now and then.";
    });
  }

  // --- The module --------------------------------------------------------

  // startModule runs the checker's module, for the summary, through
  // app.js's loader (window.liftwellModule), shared with the checker. It
  // rejects when the module cannot be loaded, and a later call tries again.
  function startModule() {
    root.setAttribute("data-module", "loading");
    var mod = window.liftwellModule;
    var started = mod ? mod.start() : Promise.reject(new Error("no module loader on the page"));
    return started.then(function () {
      if (typeof window.liftwellLogSummary !== "function") throw new Error("the module did not start");
      root.setAttribute("data-module", "ready");
    }, function (err) {
      root.setAttribute("data-module", "failed");
      err.notLoaded = true;
      throw err;
    });
  }

  // moduleFailed says in the summary box that the summary could not be
  // loaded, and offers to try again.
  function moduleFailed(box) {
    var offline = navigator.onLine === false;
    box.appendChild(el("p", { "data-module-failed": "" }, "The summary could not be loaded" + (offline ? " while you are offline" : "") +
      ", so this page cannot work it out now. Your entries are safe, and the chart and table below still show them."));
    var again = el("button", { type: "button", "class": "secondary small" }, "Try again");
    again.addEventListener("click", function () {
      renderSummary();
      $("log-summary-title").focus();
    });
    var p = el("p", {});
    p.appendChild(again);
    box.appendChild(p);
  }

  // --- Drawing -----------------------------------------------------------

  var MAX_PAIN = form.querySelectorAll("input[name=pain]").length - 1; // the scale's top: 10
  function severity(pain) { var b = $("f-pain-" + pain); return b ? b.getAttribute("data-severity") : ""; }
  var WHERE = {};
  Array.prototype.forEach.call(form.querySelectorAll("input[name=where]"), function (box) {
    WHERE[box.value] = box.labels[0].textContent.toLowerCase();
  });

  function el(name, attrs, text) {
    var e = document.createElement(name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render() {
    $("log-fieldset").disabled = readOnly;
    renderTable();
    renderChart();
    renderSummary();
  }

  function whereText(w) { return w ? w.split(";").map(function (x) { return WHERE[x]; }).join(", ") : ""; }
  function trainingText(e) {
    if (e.deadlift === "yes") return "Deadlift" + (e.weight ? " " + e.weight + (e.reps ? " × " + e.reps : "") : e.reps ? " " + e.reps + " reps" : "");
    return e.trained === "yes" ? "Trained" : "Rest";
  }

  function renderTable() {
    var body = $("log-entries");
    body.textContent = "";
    entries.slice().reverse().forEach(function (e) {
      var tr = el("tr", { "data-entry": "", "data-date": e.date, "data-pain": e.pain });
      tr.appendChild(el("th", { scope: "row" }, longDate(e.date)));
      tr.appendChild(el("td", {}, e.pain));
      tr.appendChild(el("td", {}, whereText(e.where)));
      tr.appendChild(el("td", {}, trainingText(e)));
      tr.appendChild(el("td", {}, e.note));
      var td = el("td", { "class": "no-print row-actions" });
      var edit = el("button", { type: "button", "class": "secondary small", "data-edit": e.date, "aria-label": "Change " + longDate(e.date) }, "Change");
      var del = el("button", { type: "button", "class": "secondary small", "data-delete": e.date, "aria-label": "Delete " + longDate(e.date) }, "Delete");
      td.appendChild(edit);
      td.appendChild(del);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    $("log-table").hidden = !entries.length;
    $("log-empty").hidden = !!entries.length;
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svg(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderChart() {
    var box = $("log-chart");
    box.textContent = "";
    $("log-range-recent").setAttribute("aria-pressed", String(range === CHART_DAYS));
    $("log-range-all").setAttribute("aria-pressed", String(range === 0));
    if (!entries.length) { box.parentNode.hidden = true; return; }
    box.parentNode.hidden = false;
    // From the first day logged (within the range) to today, and at
    // least MIN_SPAN days, so that a few days do not crowd one edge.
    var end = Math.max(dayNumber(today()), dayNumber(entries[entries.length - 1].date));
    var first = dayNumber(entries[0].date);
    var start = Math.min(range ? Math.max(first, end - range + 1) : first, end - MIN_SPAN + 1);
    var shown = entries.filter(function (e) { var d = dayNumber(e.date); return d >= start && d <= end; });
    // Drawn at the box's own width, so that text keeps its size at 320 px.
    var W = Math.max(260, Math.round(box.clientWidth || 600)), H = 240;
    var left = 30, right = 10, top = 10, bottom = 52;
    var plotW = W - left - right, plotH = H - top - bottom;
    var x = function (d) { return left + (end === start ? plotW / 2 : (d - start) / (end - start) * plotW); };
    var y = function (p) { return top + plotH - p / MAX_PAIN * plotH; };
    var worst = 0;
    shown.forEach(function (e) { worst = Math.max(worst, +e.pain); });
    var title = "Pain from " + longDate(fromDay(start)) + " to " + longDate(fromDay(end)) + ": " + shown.length + " days logged" +
      (shown.length ? ", highest " + worst + ", latest " + shown[shown.length - 1].pain : "") + ".";
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "aria-labelledby": "log-chart-svg-title", "class": "chart", "data-from": fromDay(start), "data-to": fromDay(end) });
    s.appendChild(svg("title", { id: "log-chart-svg-title" }, title));
    for (var p = 0; p <= MAX_PAIN; p += 2) {
      s.appendChild(svg("line", { x1: left, x2: W - right, y1: y(p), y2: y(p), "class": "grid" }));
      s.appendChild(svg("text", { x: left - 6, y: y(p) + 4, "class": "axis", "text-anchor": "end" }, String(p)));
    }
    // Date labels: about one per 90 px.
    var n = Math.max(1, Math.floor(plotW / 90)), step = Math.max(1, Math.ceil((end - start) / n));
    for (var d = start; d <= end; d += step) {
      s.appendChild(svg("text", { x: x(d), y: H - bottom + 16, "class": "axis", "text-anchor": d === start ? "start" : "middle" }, shortDate(fromDay(d))));
    }
    // The line joins days next to each other; a day not logged leaves a gap.
    var path = "", prev = null;
    shown.forEach(function (e) {
      var d = dayNumber(e.date);
      path += (prev !== null && d === prev + 1 ? " L" : " M") + x(d).toFixed(1) + " " + y(+e.pain).toFixed(1);
      prev = d;
    });
    s.appendChild(svg("path", { d: path.trim(), "class": "pain-line" }));
    shown.forEach(function (e) {
      var d = dayNumber(e.date), cx = x(d);
      s.appendChild(svg("circle", { cx: cx, cy: y(+e.pain), r: 3.5, "class": "pain-dot" }));
      var my = H - bottom + 32;
      if (e.deadlift === "yes") s.appendChild(svg("rect", { x: cx - 5, y: my - 5, width: 10, height: 10, "class": "mark-deadlift" }));
      else if (e.trained === "yes") s.appendChild(svg("path", { d: "M" + (cx - 6) + " " + (my + 5) + " L" + cx + " " + (my - 6) + " L" + (cx + 6) + " " + (my + 5) + " Z", "class": "mark-trained" }));
    });
    box.appendChild(s);
  }

  function renderSummary() {
    var box = $("log-summary"), check = $("log-check");
    var checker = root.getAttribute("data-checker");
    box.textContent = "";
    if (!entries.length) {
      ["days", "trend", "worst", "recurring"].forEach(function (k) { box.setAttribute("data-" + k, ""); });
      box.appendChild(el("p", {}, readOnly ? "Your saved log cannot be read (see above)." : "No entries yet. Add your first day below."));
      check.href = checker;
      return;
    }
    var pending = el("p", {}, "Working out the summary…");
    box.appendChild(pending);
    startModule().then(function () {
      var s = window.liftwellLogSummary(entries, today());
      if (s.error) throw new Error(s.error);
      box.textContent = "";
      box.setAttribute("data-days", s.days);
      box.setAttribute("data-trend", s.trend);
      box.setAttribute("data-worst", s.worst);
      box.setAttribute("data-recurring", s.recurring);
      var ul = el("ul", { "class": "log-facts" });
      ul.appendChild(el("li", {}, s.days === "" ? "No bout of pain is going on: your latest days with pain were followed by " + BREAK_DAYS + " pain-free days." :
        (s.days === "0" ? "This bout of pain began today." : "This bout of pain began on " + longDate(s.start) + ", " + s.days + (s.days === "1" ? " day" : " days") + " ago.")));
      ul.appendChild(el("li", {}, s.trend === "" ? "Log today and the days before it to see whether the pain is getting better." :
        s.trend === "better" ? "It is getting better: your latest day is at least " + MIN_CHANGE + " points lower than the worst of the " + TREND_DAYS + " days before it." :
          s.trend === "worse" ? "It is getting worse: your latest day is higher than each of the " + TREND_DAYS + " days before it." :
            "It is about the same as in the " + TREND_DAYS + " days before your latest day."));
      ul.appendChild(el("li", {}, s.worst === "" ? "You have not logged today or yesterday." :
        "Worst pain in the last 24 hours: " + s.worst + " out of " + MAX_PAIN + " (" + severity(s.worst) + ")."));
      ul.appendChild(el("li", {}, trainingSentence(s)));
      box.appendChild(ul);
      var q = [];
      if (s.days !== "") q.push("days=" + s.days);
      if (s.trend) q.push("trend=" + s.trend);
      if (s.worst !== "") q.push("severity=" + s.worst);
      q.push("recurring=" + s.recurring);
      check.href = checker + "#" + q.join("&");
    }).catch(function (err) {
      if (window.console) console.warn("Liftwell log:", err && err.message);
      box.textContent = "";
      if (err && err.notLoaded) moduleFailed(box);
      else box.appendChild(el("p", {}, "The summary cannot be worked out on this device. Your entries are safe, and the chart and table below still show them."));
      check.href = checker;
    });
  }

  // trainingSentence says what the log shows of pain and training in the
  // last weeks, from the summary's counts (see internal/painlog).
  function trainingSentence(s) {
    var weeks = "the last " + WEEKS + " weeks";
    var days = function (n) { return n + (n === 1 ? " day" : " days"); };
    var away = s.awayDays ? "on " + s.awayPain + " of your " + days(s.awayDays) + " away from training (no session that day or the " + FOLLOW_DAYS + " days before)" : "";
    var ofSessions = s.followed + " of your " + s.sessions + " training " + (s.sessions === 1 ? "session" : "sessions");
    var seeSomeone = " Pain that keeps coming back is worth showing to a doctor or physical therapist.";
    if (!s.sessions) {
      return "No training sessions in " + weeks + " to judge whether pain follows them." +
        (s.awayDays ? " You had pain " + away + "." : "") + (s.recurring === "yes" ? seeSomeone : "");
    }
    if (s.anyDay === "yes") {
      return "In " + weeks + " you had pain " + away + ", as well as after " + ofSessions + ": the pain comes whether or not you train, so the log does not tie it to training." +
        (s.recurring === "yes" ? seeSomeone : "");
    }
    if (s.recurring === "yes") {
      return "Pain has followed most of your training sessions for " + WEEKS + " weeks: " + ofSessions + (away ? ", against " + s.awayPain + " of your " + days(s.awayDays) + " away from training" : "") + "." + seeSomeone;
    }
    return "In " + weeks + ", pain followed " + ofSessions + (away ? ", and came " + away : "") + ".";
  }

  // --- The form ----------------------------------------------------------

  function clearErrors() {
    $("log-errors").hidden = true;
    $("log-error-list").textContent = "";
    CSV.FIELDS.forEach(function (f) {
      var m = $("f-" + f + "-error"), q = $("f-" + f + "-question");
      if (m) { m.hidden = true; m.textContent = ""; }
      if (q) q.classList.remove("has-error");
    });
  }

  var PLAIN = {
    pain: "Choose how bad the pain was, from 0 to " + CSV.MAX_PAIN,
    weight: "Enter the weight as a number up to " + CSV.MAX_WEIGHT + ", such as 102.5, or leave it empty",
    reps: "Enter the reps as a whole number from 1 to " + CSV.MAX_REPS + ", or leave them empty"
  };

  function showErrors(errors) {
    var list = $("log-error-list");
    errors.forEach(function (e) {
      var text = PLAIN[e.field] || e.text;
      if ((e.field === "weight" || e.field === "reps") && /deadlift is no/.test(e.text)) text = "Choose Yes for deadlift, or leave the weight and reps empty";
      if (e.field === "deadlift") text = "Choose Yes for training too, or No for deadlift";
      var li = el("li"), a = el("a", { href: "#f-" + e.field + (e.field === "pain" ? "-0" : e.field === "trained" || e.field === "deadlift" ? "-yes" : e.field === "where" ? "-" + CSV.WHERE[0] : "") }, text);
      li.appendChild(a);
      list.appendChild(li);
      var m = $("f-" + e.field + "-error"), q = $("f-" + e.field + "-question");
      if (m && m.hidden) { m.textContent = text; m.hidden = false; }
      if (q) q.classList.add("has-error");
    });
    $("log-errors").hidden = false;
    $("log-errors").focus();
  }

  function formEntry() {
    var data = new FormData(form), e = {};
    CSV.FIELDS.forEach(function (f) { e[f] = f === "where" ? data.getAll("where").join(";") : data.get(f) || ""; });
    return e;
  }

  function resetForm() {
    form.reset();
    $("f-date").value = today();
    editing = "";
    $("log-form-title").textContent = "Add a day";
    $("log-cancel").hidden = true;
    $("log-same-day").hidden = true;
  }

  // openEntry fills the form with a day's entry, to change it.
  function openEntry(e) {
    clearErrors();
    fill(e);
    editing = e.date;
    $("log-form-title").textContent = "Change " + longDate(e.date);
    $("log-cancel").hidden = false;
    $("log-same-day").hidden = true;
    $("log-form-title").focus();
  }

  function entryOn(date) { return entries.filter(function (x) { return x.date === date; })[0]; }

  function byDate(a, b) { return a.date < b.date ? -1 : 1; }

  // save stores e, in place of the day being changed (was) and of any
  // entry of e's date.
  function save(e, was) {
    var replaced = false;
    change(function (list) {
      var next = list.filter(function (x) {
        if (x.date === e.date) replaced = true;
        return x.date !== e.date && x.date !== was;
      });
      next.push(e);
      return next.sort(byDate);
    }).then(function () {
      resetForm();
      say("log-status", (replaced ? "Saved your change to " : "Saved ") + longDate(e.date) + ".");
    }, function (err) {
      say("log-status", "Could not save: " + err.message + ".");
    });
  }

  // offerUndo shows Undo for a delete that took gone, and moves there.
  function offerUndo(text, gone) {
    undo = gone;
    $("log-undo-text").textContent = text;
    $("log-undo-box").hidden = false;
    $("log-undo").focus();
  }

  function fill(e) {
    form.reset();
    $("f-date").value = e.date;
    $("f-pain-" + e.pain).checked = true;
    (e.where ? e.where.split(";") : []).forEach(function (w) { $("f-where-" + w).checked = true; });
    $("f-trained-" + e.trained).checked = true;
    $("f-deadlift-" + e.deadlift).checked = true;
    $("f-weight").value = e.weight;
    $("f-reps").value = e.reps;
    $("f-note").value = e.note;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearErrors();
    $("log-same-day").hidden = true;
    var raw = formEntry();
    if (raw.pain === "") raw.pain = "none";
    var d = readDate(raw.date);
    raw.date = d.date || raw.date;
    var c = CSV.check(raw);
    var errors = c.errors.filter(function (x) { return x.field !== "date"; });
    if (d.error) errors.unshift({ field: "date", text: d.error });
    if (errors.length) { showErrors(errors); return; }
    $("f-date").value = d.date;
    var e = c.entry, old = entryOn(e.date);
    if (old && e.date !== editing) {
      // Saving would replace a day logged before: ask first.
      pendingSave = e;
      $("log-same-day-text").textContent = "You have already logged " + longDate(old.date) + " (pain " + old.pain +
        (old.where ? "; " + whereText(old.where) : "") + "; " + trainingText(old) + (old.note ? "; note: “" + old.note + "”" : "") +
        "). Saving this day would replace that entry and its answers.";
      $("log-same-day").hidden = false;
      $("log-same-day").focus();
      return;
    }
    save(e, editing);
  });

  var pendingSave = null; // the entry waiting for "Replace it with this"
  $("log-same-replace").addEventListener("click", function () {
    if (pendingSave) save(pendingSave, editing);
    pendingSave = null;
  });
  $("log-same-open").addEventListener("click", function () {
    var old = entryOn(pendingSave ? pendingSave.date : "");
    pendingSave = null;
    if (old) openEntry(old);
  });
  $("f-date").addEventListener("input", function () { $("log-same-day").hidden = true; });
  $("f-date").addEventListener("change", function () {
    var d = readDate(this.value);
    if (d.date) this.value = d.date;
  });
  $("f-date-today").addEventListener("click", function () { $("f-date").value = today(); $("log-same-day").hidden = true; });
  $("f-date-yesterday").addEventListener("click", function () { $("f-date").value = yesterday(); $("log-same-day").hidden = true; });
  // A calendar: the browser's own date picker, where it can be opened from
  // a button; it cannot go past today. The date input it needs is made at
  // the first press: a date input's own parts cost the page's first style
  // pass more than the rest of the form together.
  var calendar = null;
  if (typeof HTMLInputElement.prototype.showPicker === "function") $("f-date-pick").hidden = false;
  $("f-date-pick").addEventListener("click", function () {
    if (!calendar) calendar = makeCalendar();
    calendar.max = today();
    calendar.value = readDate($("f-date").value).date || today();
    try { calendar.showPicker(); } catch (err) { $("f-date").focus(); }
  });
  function makeCalendar() {
    var c = el("input", {type: "date", "class": "log-calendar", id: "f-date-calendar", tabindex: "-1", "aria-hidden": "true"});
    c.addEventListener("change", function () {
      if (!c.value) return;
      $("f-date").value = c.value;
      $("log-same-day").hidden = true;
      $("f-date").focus();
    });
    $("f-date-pick").parentNode.appendChild(c);
    c.getBoundingClientRect(); // laid out, so the picker has a box to open by
    return c;
  }

  $("log-cancel").addEventListener("click", function () {
    resetForm();
    $("log-form-title").focus();
  });

  $("log-entries").addEventListener("click", function (ev) {
    var b = ev.target.closest("button");
    if (!b) return;
    var date = b.getAttribute("data-edit") || b.getAttribute("data-delete");
    var e = entryOn(date);
    if (!e) return;
    if (b.hasAttribute("data-edit")) {
      openEntry(e);
      return;
    }
    var gone;
    change(function (list) {
      gone = list.filter(function (x) { return x.date === date; });
      return list.filter(function (x) { return x.date !== date; });
    }).then(function () {
      if (editing === date) resetForm();
      offerUndo("Deleted " + longDate(date) + ".", gone);
    });
  });

  // Undo puts back what the last delete took, but never over a day
  // logged since.
  $("log-undo").addEventListener("click", function () {
    var back = undo || [];
    change(function (list) {
      var have = {};
      list.forEach(function (x) { have[x.date] = true; });
      return list.concat(back.filter(function (x) { return !have[x.date]; })).sort(byDate);
    }).then(function () {
      say("log-status", back.length === 1 ? "Put back " + longDate(back[0].date) + "." : "Put back " + back.length + " days.");
      var row = back.length && document.querySelector('[data-edit="' + back[0].date + '"]');
      if (row) row.focus(); else $("log-form-title").focus();
    });
  });

  // --- Chart range, print, export, import, delete ---------------------------

  $("log-range-recent").addEventListener("click", function () { range = CHART_DAYS; renderChart(); });
  $("log-range-all").addEventListener("click", function () { range = 0; renderChart(); });
  var lastWidth = 0;
  window.addEventListener("resize", function () {
    var w = $("log-chart").clientWidth;
    if (w !== lastWidth) { lastWidth = w; renderChart(); }
  });
  $("log-print").addEventListener("click", function () { window.print(); });
  window.addEventListener("beforeprint", function () {
    $("log-printed").textContent = "Printed on " + longDate(today()) + " from Liftwell's pain log. It is a record kept by the person, not a diagnosis.";
    renderChart();
  });

  $("log-export").addEventListener("click", function () {
    download("liftwell-log.csv", "text/csv", CSV.write(entries));
  });

  $("log-raw").addEventListener("click", function () {
    var text;
    try { text = JSON.stringify(rawRecord, null, 1); } catch (e) { text = String(rawRecord); }
    download("liftwell-log-raw.json", "application/json", text);
  });

  $("log-import").addEventListener("change", function () {
    var input = this, file = input.files && input.files[0];
    if (!file) return;
    $("log-import-errors").hidden = true;
    file.text().then(function (text) {
      var r = CSV.parse(text);
      if (r.errors.length) {
        var list = $("log-import-list");
        list.textContent = "";
        r.errors.slice(0, 20).forEach(function (e) { list.appendChild(el("li", {}, e.text)); });
        if (r.errors.length > 20) list.appendChild(el("li", {}, "and " + (r.errors.length - 20) + " more."));
        $("log-import-errors").hidden = false;
        $("log-import-errors").focus();
        return;
      }
      var replaced = 0;
      return change(function (list) {
        var byDate = {};
        list.forEach(function (e) { byDate[e.date] = e; });
        r.entries.forEach(function (e) { if (byDate[e.date]) replaced++; byDate[e.date] = e; });
        return Object.keys(byDate).sort().map(function (d) { return byDate[d]; });
      }).then(function () {
        say("log-import-status", "Imported " + r.entries.length + (r.entries.length === 1 ? " day" : " days") + (replaced ? ", " + replaced + " of them in place of days you had" : "") + ".");
      });
    }).catch(function (err) {
      say("log-import-status", "Could not import the file: " + err.message + ".");
    }).then(function () { input.value = ""; });
  });

  $("log-delete-all").addEventListener("click", function () {
    $("log-confirm").hidden = false;
    $("log-confirm-no").focus();
  });
  $("log-confirm-no").addEventListener("click", function () {
    $("log-confirm").hidden = true;
    $("log-delete-all").focus();
  });
  $("log-confirm-yes").addEventListener("click", function () {
    var gone;
    change(function (list) { gone = list; return []; }).then(function () {
      $("log-confirm").hidden = true;
      say("log-import-status", "Your log is deleted from this browser.");
      offerUndo("Deleted every entry of your log (" + gone.length + (gone.length === 1 ? " day" : " days") + ").", gone);
    });
  });

  // --- Start ---------------------------------------------------------------

  resetForm();
  var started = openDB().then(function (d) {
    db = d;
    // Another tab that upgrades the database closes this connection.
    db.onversionchange = function () { db.close(); };
    if (window.BroadcastChannel) {
      channel = new BroadcastChannel(NAME);
      channel.onmessage = function () { refresh(); };
    }
    return refresh();
  }).then(function () {
    askPersist();
  }, function (err) {
    if (window.console) console.warn("Liftwell log:", err && err.message);
    app.hidden = true;
    problem("This browser cannot keep a log", "This browser does not let the page store anything (some private windows do this), so the log cannot keep your entries here. Nothing is lost: nothing was stored.", false);
    $("log-persist").textContent = "";
  });
  // The site's offline install waits for this start (see app.js).
  if (window.liftwellStarting) window.liftwellStarting(started);
})();
