// Liftwell's pain checker page: a step-by-step form (one group of questions
// per step, then "check your answers", then the result) in front of the
// checker's WebAssembly module, which does the deciding.
//
// - The answers live in the form and, so that a reload or a visit to an
//   exercise page and back loses nothing, in this tab's sessionStorage
//   (never sent anywhere, gone when the tab closes). Start again clears
//   them, and every result the page remembers.
// - A result is shown only for the answers it was computed from: going
//   back in history to a result whose answers the form no longer holds
//   shows the step to continue from instead.
// - The steps are taken in order: Continue leads to the next step not yet
//   completed, so that leaving a result (Change) never skips a step, and
//   "check your answers" gives no result while a required answer is
//   missing.
// - The emergency result needs no module: the page holds the emergency
//   answers and their reasons (rendered at build time from the checker's
//   own tables), and shows it at once on Continue when one is given on the
//   step, such as a sign on the first step, or "both legs" on the warning
//   step. Once the module is running, it recomputes the result on screen.
// - Follow-up questions (data-show-if, from the checker's tables) show
//   only while an answer they follow is given; hidden, they are neither
//   asked nor sent.
// - The browser fetches the module into its cache when the page is idle
//   (the page reads none of it), and the page compiles and starts it
//   (which block the main thread for a moment) on the first interaction
//   with the form or when a result needs it. At "Get my result" before it
//   has loaded, the page says how much has loaded and offers the checklist.
// - Each step moves focus to its heading, updates the document title and
//   adds a history entry, so that the browser's Back button works.
// - If the module cannot load, or stops, the page says so and points to
//   the checklist, which works without it.
(function () {
  "use strict";
  var root = document.getElementById("checker");
  if (!root) return;
  var form = document.getElementById("checker-form");
  var result = document.getElementById("result");
  var summary = document.getElementById("error-summary");
  var errorList = document.getElementById("error-list");
  var failedBox = document.getElementById("checker-failed");
  var stepCount = document.getElementById("step-count");
  var loadingText = document.getElementById("module-loading-text");
  var loadingChoice = document.getElementById("module-loading-choice");
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var firstStep = steps[0].getAttribute("data-step");
  var pageTitle = document.title;
  // The page has one h1: the current step's title, or the result's level,
  // inside the result's care card.
  var heading = document.getElementById("checker-title");
  var headingHome = heading.nextSibling;
  var headingResult = document.getElementById("result-heading-place");
  var current = steps[0];
  var done = {}; // the steps passed with Continue
  var results = {}; // the results shown, by number: {key, answers, result, shortcut}
  var shown = null; // the result on screen, or last on screen
  var count = 0;
  var waiting = null; // the answers (as a key) of a result waiting for the module

  // Texts the page holds for the script: per level, its title, what to do
  // now and when to go up a level; exercise links; the reasons that each
  // emergency step's tick box gives alone, in the checker's order.
  function templateItems(id) {
    var items = {};
    var t = document.getElementById(id);
    if (!t) return items;
    Array.prototype.forEach.call(t.content.querySelectorAll("[data-for]"), function (el) {
      items[el.getAttribute("data-for")] = el;
    });
    return items;
  }
  var levels = templateItems("checker-levels");
  var exerciseLinks = templateItems("checker-exercise-links");
  // Texts the module leaves out to stay small: why each reason matters,
  // and the tips, by id.
  var whyTexts = templateItems("checker-why");
  var tipTexts = templateItems("checker-tips");
  var adviceTexts = templateItems("checker-advice");
  var emergencyReasons = Array.prototype.slice.call(
    document.getElementById("checker-emergency-reasons").content.querySelectorAll("[data-for]"));

  function levelPart(level, part) {
    var lv = levels[level];
    return lv ? lv.querySelector('[data-part="' + part + '"]') : null;
  }

  function levelTitle(level) {
    var el = levelPart(level, "title");
    return el ? el.textContent : level;
  }

  // --- The module -------------------------------------------------------

  // The loader is app.js's (window.liftwellModule), shared with the log.
  var mod = window.liftwellModule;
  var prefetching = null; // a promise of the module's bytes
  var starting = null; // a promise of the liftwellAssess function
  var assessFn = null; // liftwellAssess, once running
  var stopped = false;

  function setState(s) { root.setAttribute("data-module", s); }

  mod.onprogress = function () { progress(); };
  mod.onstop = function () {
    stopped = true;
    assessFn = null;
    fail("The checker stopped working.");
  };

  // prefetch has the browser fetch the module and Go's wasm_exec.js into
  // its cache, without reading, compiling or running anything on the page:
  // all three cost main-thread time (Lighthouse counted compiling, and
  // then reading the bytes, while idle as blocking time), so they wait
  // for use.
  function prefetch() {
    if (prefetching) return prefetching;
    setState("loading");
    prefetching = mod.prefetch().then(function () {
      if (!starting) setState("fetched");
    });
    prefetching.catch(function () {
      prefetching = null; // try again when a result needs it
      setState("failed");
    });
    return prefetching;
  }

  // start runs the module.
  function start() {
    if (starting) return starting;
    if (!prefetching) setState("loading");
    starting = mod.start().then(function () {
      if (typeof window.liftwellAssess !== "function") throw new Error("the checker did not start");
      assessFn = window.liftwellAssess;
      setState("ready");
      recheck();
      return assessFn;
    });
    starting.catch(function (err) {
      starting = null;
      prefetching = null;
      fail("The checker could not be loaded" + (navigator.onLine === false ? " while you are offline" : "") + ".", err);
    });
    return starting;
  }

  function fail(why, err) {
    if (err && window.console) console.warn("Liftwell checker:", err.message || err);
    document.getElementById("checker-failed-why").textContent = why;
    failedBox.hidden = false;
    document.getElementById("checker-emergency").hidden = false;
    setState("failed");
  }

  // --- Answers ------------------------------------------------------------

  // isShown reports whether a field or question is not inside a hidden
  // follow-up question.
  function isShown(el) {
    return !el.closest("[data-show-if][hidden]");
  }

  function answers() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !isShown(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) out[el.name] = el.value;
      } else if (el.value.trim() !== "") {
        out[el.name] = el.value.trim();
      }
    });
    return out;
  }

  // keyOf gives the same string for the same answers.
  function keyOf(a) {
    return Object.keys(a).sort().map(function (k) { return k + "=" + a[k]; }).join("&");
  }

  function labelFor(el) {
    var label = form.querySelector('label[for="' + el.id + '"]');
    return label ? label.textContent : el.name;
  }

  // emergencyTicked reports whether an answer that alone gives the
  // emergency result is given (on the given step, or anywhere).
  function emergencyTicked(step) {
    return Array.prototype.some.call((step || form).querySelectorAll("input[data-emergency]:checked"), isShown);
  }

  // followUps shows each follow-up question while one of its tests holds
  // for the answers given: data-show-if="id=value,value id=value".
  function followUps() {
    var a = answers();
    Array.prototype.forEach.call(form.querySelectorAll("[data-show-if]"), function (q) {
      q.hidden = !q.getAttribute("data-show-if").split(" ").some(function (test) {
        var parts = test.split("=");
        return parts[1].split(",").indexOf(a[parts[0]]) >= 0;
      });
    });
  }

  // --- Steps --------------------------------------------------------------

  function stepNamed(id) {
    for (var i = 0; i < steps.length; i++) if (steps[i].getAttribute("data-step") === id) return steps[i];
    return steps[0];
  }

  function idOf(step) { return step.getAttribute("data-step"); }

  // nextStep is the first step after the given one not yet completed, or
  // "check your answers".
  function nextStep(step) {
    for (var i = steps.indexOf(step) + 1; i < steps.length - 1; i++) if (!done[idOf(steps[i])]) return idOf(steps[i]);
    for (i = 0; i < steps.length - 1; i++) if (!done[idOf(steps[i])]) return idOf(steps[i]);
    return "check";
  }

  // reachable reports whether every step before the given one is completed.
  function reachable(id) {
    var step = stepNamed(id);
    for (var i = 0; i < steps.indexOf(step); i++) if (!done[idOf(steps[i])]) return false;
    return true;
  }

  // resume is the step to continue from: the first one not completed.
  function resume() {
    for (var i = 0; i < steps.length - 1; i++) if (!done[idOf(steps[i])]) return idOf(steps[i]);
    return "check";
  }

  function setTitle(title) {
    document.title = title + " – " + pageTitle;
  }

  // show displays a step (or the result, for id "result"); push adds a
  // history entry, focus moves focus to the heading (or to an element).
  function show(id, push, focusOn, n) {
    clearErrors();
    stopWaiting();
    var showResult = id === "result";
    form.hidden = showResult;
    result.hidden = !showResult;
    if (showResult) {
      headingResult.parentNode.insertBefore(heading, headingResult.nextSibling);
    } else {
      result.removeAttribute("data-level");
      current = stepNamed(id);
      steps.forEach(function (s) { s.hidden = s !== current; });
      followUps();
      if (idOf(current) === "check") buildSummary();
      heading.textContent = current.getAttribute("data-title");
      headingHome.parentNode.insertBefore(heading, headingHome);
      stepCount.textContent = "Step " + (steps.indexOf(current) + 1) + " of " + steps.length;
      // The privacy note shows once, on the first step.
      privacyNote.hidden = current !== steps[0];
      setTitle(heading.textContent);
    }
    if (push) history.pushState(showResult ? { checker: id, n: n } : { checker: id }, "");
    save();
    (focusOn || heading).focus();
  }

  // --- Errors -------------------------------------------------------------

  function clearErrors() {
    summary.hidden = true;
    errorList.textContent = "";
    Array.prototype.forEach.call(form.querySelectorAll(".error-message"), function (p) {
      p.hidden = true;
      p.textContent = "";
      var q = p.parentNode;
      q.classList.remove("has-error");
      var input = q.querySelector("input[type=text]") || q;
      input.removeAttribute("aria-invalid");
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== p.id; });
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    });
  }

  // problems lists what is missing or wrong on a step.
  function problems(step) {
    var out = [];
    var checks = step.querySelector("[data-checks]");
    var none = checks && checks.querySelector("input[data-none]");
    if (none) {
      var boxes = Array.prototype.filter.call(checks.querySelectorAll("input[type=checkbox]:not([data-none])"), isShown);
      var ticked = boxes.filter(function (b) { return b.checked; });
      var noneLabel = "“" + labelFor(none) + "”";
      if (none.checked && ticked.length) {
        out.push({ step: step, q: checks, field: ticked[0], conflict: true, msg: "You ticked " + noneLabel + " and also a sign. Untick " + noneLabel + " if any sign applies to you, or untick the signs that do not" });
      } else if (!none.checked && !ticked.length) {
        out.push({ step: step, q: checks, field: boxes[0], msg: "Tick each sign that applies to you, or tick " + noneLabel });
      }
    }
    Array.prototype.forEach.call(step.querySelectorAll("[data-question]"), function (q) {
      if (!isShown(q)) return;
      var name = q.getAttribute("data-question");
      var text = q.querySelector("input[type=text]");
      // The messages name what is missing in a few words (the question's
      // topic), without repeating the question.
      var topic = q.getAttribute("data-topic");
      if (text) {
        var v = text.value.trim();
        var min = +text.getAttribute("data-min");
        var max = +text.getAttribute("data-max");
        if (v === "" && q.hasAttribute("data-required")) {
          out.push({ step: step, q: q, field: text, msg: topic ? "Enter " + topic : "Enter a number" });
        } else if (v !== "" && (!/^[0-9]+$/.test(v) || +v < min || +v > max)) {
          out.push({ step: step, q: q, field: text, msg: "Enter " + (topic ? topic + " as " : "") + "a whole number from " + min + " to " + max });
        }
      } else if (q.hasAttribute("data-required") && !form.querySelector('input[name="' + name + '"]:checked')) {
        out.push({ step: step, q: q, field: q.querySelector("input"), msg: topic ? "Say " + topic : "Choose an answer" });
      }
    });
    return out;
  }

  // allProblems lists the problems of every step before "check your answers".
  function allProblems() {
    var out = [];
    steps.forEach(function (s) { if (idOf(s) !== "check") out = out.concat(problems(s)); });
    return out;
  }

  // showErrors fills the error summary; the messages beside the questions
  // are shown for the problems on the current step. Focus goes to the
  // summary, or to focusOn.
  function showErrors(list, focusOn) {
    list.forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + p.field.id;
      a.textContent = p.msg;
      a.addEventListener("click", function (e) {
        e.preventDefault();
        if (p.step === current) return p.field.focus();
        // From "check your answers" to the question, with its message.
        show(idOf(p.step), true, p.field);
        showErrors(problems(p.step), p.field);
      });
      li.appendChild(a);
      errorList.appendChild(li);
      if (p.step !== current) return;
      var msg = p.q.querySelector(".error-message");
      msg.textContent = "Error: " + p.msg;
      msg.hidden = false;
      p.q.classList.add("has-error");
      var described = p.field.type === "text" ? p.field : p.q;
      described.setAttribute("aria-describedby", ((described.getAttribute("aria-describedby") || "") + " " + msg.id).trim());
      if (p.field.type === "text") p.field.setAttribute("aria-invalid", "true");
    });
    summary.hidden = list.length === 0;
    if (!list.length) return;
    setTitle("Error: " + current.getAttribute("data-title"));
    (focusOn || summary).focus();
  }

  // --- Check your answers -------------------------------------------------

  function answerText(q) {
    var text = q.querySelector("input[type=text]");
    if (text) return text.value.trim() || "Not answered";
    var checked = q.querySelector("input:checked");
    return checked ? labelFor(checked) : "Not answered";
  }

  function row(list, key, value, stepID, field, context) {
    var div = document.createElement("div");
    var dt = document.createElement("dt");
    dt.textContent = key;
    var dd = document.createElement("dd");
    dd.textContent = value;
    var act = document.createElement("dd");
    act.className = "summary-action";
    var a = document.createElement("a");
    a.href = "#" + field.id;
    a.textContent = "Change";
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + (context || key);
    a.appendChild(hidden);
    a.addEventListener("click", function (e) {
      e.preventDefault();
      show(stepID, true, field);
    });
    act.appendChild(a);
    div.appendChild(dt);
    div.appendChild(dd);
    div.appendChild(act);
    list.appendChild(div);
  }

  function buildSummary() {
    var box = document.getElementById("summary");
    box.textContent = "";
    steps.forEach(function (step) {
      var id = idOf(step);
      if (id === "check") return;
      var h = document.createElement("h2");
      h.textContent = step.getAttribute("data-title");
      var list = document.createElement("dl");
      list.className = "summary-list";
      var boxes = Array.prototype.filter.call(step.querySelectorAll("input[type=checkbox]"), isShown);
      if (boxes.length) {
        var ticked = boxes.filter(function (b) { return b.checked; }).map(labelFor);
        var none = step.querySelector("input[data-none]") ? "Not answered" : "None";
        row(list, "Ticked", ticked.length ? ticked.join("; ") : none, id, boxes[0],
          "what you ticked in " + step.getAttribute("data-title"));
      }
      Array.prototype.forEach.call(step.querySelectorAll("[data-question]"), function (q) {
        if (!isShown(q)) return;
        row(list, q.querySelector(".question-label").textContent, answerText(q), id, q.querySelector("input"));
      });
      box.appendChild(h);
      box.appendChild(list);
    });
  }

  // --- Waiting for the module ---------------------------------------------

  var lastProgress = 0;

  function kb(n) { return Math.round(n / 1024).toLocaleString("en") + " KB"; }

  function progress(force) {
    if (!waiting) return;
    var now = Date.now();
    if (!force && now - lastProgress < 1000) return;
    lastProgress = now;
    var text = "The checker is still loading on this device: ";
    var loaded = mod.loaded, size = mod.size;
    if (size && loaded <= size) {
      text += Math.floor(100 * loaded / size) + "% (" + kb(loaded) + " of " + kb(size) + ").";
    } else {
      text += kb(loaded) + " so far.";
    }
    loadingText.textContent = text;
    loadingText.hidden = false;
    loadingChoice.hidden = false;
  }

  function stopWaiting() {
    waiting = null;
    loadingText.hidden = true;
    loadingChoice.hidden = true;
  }

  // --- The result ---------------------------------------------------------

  function fill(id, items, make) {
    var list = document.getElementById(id);
    list.textContent = "";
    items.forEach(function (item) { list.appendChild(make(item)); });
    return items.length > 0;
  }

  function item(text) {
    var li = document.createElement("li");
    li.textContent = text;
    return li;
  }

  // The warning signs of more urgent levels, from the rule table: each
  // with the answers it relates to (data-if) and the settled answers that
  // rule it out (data-not), as tokens "id=value", "id>=n" or "id<=n".
  var signs = Array.prototype.slice.call(document.getElementById("checker-signs").content.querySelectorAll("[data-rule]"));
  var levelOrder = Object.keys(levels);
  var watchMost = 8; // "Watch for these" shows at most this many signs
  var watchLeast = 5; // and tops up to this many with the most urgent

  function tokenHolds(tok, a) {
    var m = /^([a-z_]+)(>=|<=|=)(.+)$/.exec(tok);
    if (!m || a[m[1]] === undefined) return false;
    if (m[2] === "=") return a[m[1]] === m[3];
    if (!/^[0-9]+$/.test(a[m[1]])) return false;
    return m[2] === ">=" ? +a[m[1]] >= +m[3] : +a[m[1]] <= +m[3];
  }

  function anyToken(li, attr, a) {
    return (li.getAttribute(attr) || "").split(" ").some(function (t) { return t && tokenHolds(t, a); });
  }

  // escalation fills "Watch for these": first the signs that relate to
  // the answers, then the most urgent, at most watchMost; and the full
  // list behind "Show all warning signs". Neither shows a sign that a
  // settled answer rules out.
  function escalation(r, a) {
    var rank = levelOrder.indexOf(r.level);
    var open = signs.filter(function (li) {
      return levelOrder.indexOf(li.getAttribute("data-level")) < rank && !anyToken(li, "data-not", a);
    });
    var first = open.filter(function (li) { return anyToken(li, "data-if", a); }).slice(0, watchMost);
    open.forEach(function (li) { if (first.length < watchLeast && first.indexOf(li) < 0) first.push(li); });
    fill("result-watch", first, function (li) {
      var out = item(li.textContent);
      out.setAttribute("data-sign", li.getAttribute("data-rule"));
      return out;
    });
    var box = document.getElementById("result-escalate");
    box.textContent = "";
    levelOrder.slice(0, Math.max(rank, 0)).forEach(function (level) {
      var mine = open.filter(function (li) { return li.getAttribute("data-level") === level; });
      if (!mine.length) return;
      var h = document.createElement("h3");
      var title = levelPart(level, "signs");
      h.textContent = title ? title.textContent : levelTitle(level);
      box.appendChild(h);
      var ul = document.createElement("ul");
      mine.forEach(function (li) { ul.appendChild(item(li.textContent)); });
      box.appendChild(ul);
    });
    document.getElementById("result-escalate-section").hidden = !open.length;
  }

  // whoHelps shows, in each region, the people who can help at the level.
  function whoHelps(level) {
    var any = false;
    Array.prototype.forEach.call(document.querySelectorAll("#result-who [data-levels]"), function (li) {
      li.hidden = li.getAttribute("data-levels").split(" ").indexOf(level) < 0;
      any = any || (!li.hidden && li.querySelector("strong"));
    });
    document.getElementById("result-who").hidden = !any;
  }

  function listPart(id, level, part) {
    var src = levelPart(level, part);
    var list = document.getElementById(id);
    list.textContent = "";
    if (src) Array.prototype.forEach.call(src.children, function (li) { list.appendChild(li.cloneNode(true)); });
  }

  function phones(r) {
    var list = r.phones && r.phones.length ? r.phones : [];
    var mine = levelPart(r.level, "phones");
    if (!list.length && mine) {
      list = Array.prototype.map.call(mine.querySelectorAll("[data-number]"), function (el) {
        return { number: el.getAttribute("data-number"), tel: el.getAttribute("data-tel"), where: el.getAttribute("data-where") };
      });
    }
    document.getElementById("result-phones").hidden = !fill("result-phones", list, function (ph) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "call-button";
      a.href = "tel:" + (ph.tel || ph.number.replace(/[^0-9+]/g, ""));
      a.textContent = "Call " + ph.number + " ";
      if (ph.where) {
        var where = document.createElement("span");
        where.className = "call-where";
        where.textContent = ph.where;
        a.appendChild(where);
      }
      li.appendChild(a);
      return li;
    });
  }

  // answersGiven lists every answer in the form, step by step, for the
  // result (and its printout).
  function answersGiven() {
    var box = document.getElementById("result-answers");
    box.textContent = "";
    steps.forEach(function (step) {
      if (idOf(step) === "check") return;
      var list = document.createElement("dl");
      list.className = "answers-list";
      function add(key, value) {
        var dt = document.createElement("dt");
        dt.textContent = key;
        var dd = document.createElement("dd");
        dd.textContent = value;
        list.appendChild(dt);
        list.appendChild(dd);
      }
      var boxes = step.querySelectorAll("input[type=checkbox]");
      if (boxes.length) {
        var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).map(labelFor);
        add("Ticked", ticked.length ? ticked.join("; ") : "Nothing");
      }
      Array.prototype.forEach.call(step.querySelectorAll("[data-question]"), function (q) {
        if (q.hidden) return;
        add(q.querySelector(".question-label").textContent, answerText(q));
      });
      var h = document.createElement("h3");
      h.textContent = step.getAttribute("data-title");
      box.appendChild(h);
      box.appendChild(list);
    });
    document.getElementById("result-date").textContent = "Result of " +
      new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }) + ", from " + location.href.split("#")[0];
  }

  function render(r) {
    result.setAttribute("data-level", r.level);
    var title = levelTitle(r.level);
    heading.textContent = title;
    // The module gives now empty, or "unlinked" for the level's words for
    // pain with no link to lifting; assess gives the words themselves.
    var now = levelPart(r.level, r.now === "unlinked" ? "unlinked" : "now");
    document.getElementById("result-now").textContent = r.now && r.now !== "unlinked" ? r.now : (now ? now.textContent : "");
    var action = levelPart(r.level, "action");
    document.getElementById("result-action").textContent = action ? action.textContent : "";
    listPart("result-do", r.level, "do");
    listPart("result-dont", r.level, "dont");
    phones(r);
    whoHelps(r.level);
    escalation(r, shown ? shown.answers : answers());
    if (r.note) document.getElementById("result-note").textContent = r.note;
    fill("result-reasons", r.reasons, function (x) {
      var why = x.why || (whyTexts[x.id] ? whyTexts[x.id].textContent : "");
      var li = item(x.text + (why ? " " + why : ""));
      li.setAttribute("data-reason", x.id);
      if (x.lower) {
        var lower = document.createElement("span");
        lower.className = "lower";
        lower.textContent = " (On its own, this would mean: " + levelTitle(x.level) + ".)";
        li.appendChild(lower);
      }
      return li;
    });
    document.getElementById("result-exercises-section").hidden = !fill("result-exercises",
      r.exercises.filter(function (slug) { return exerciseLinks[slug]; }),
      function (slug) {
        var li = exerciseLinks[slug].cloneNode(true);
        var a = li.querySelector("a");
        var url = document.createElement("span");
        url.className = "print-url";
        url.textContent = " " + new URL(a.getAttribute("href"), location.href).href;
        a.parentNode.insertBefore(url, a.nextSibling);
        return li;
      });
    answersGiven();
    var stops = r.stop_if || [];
    document.getElementById("result-stop-default").hidden = stops.length > 0;
    document.getElementById("result-stop").hidden = !fill("result-stop-if", stops, item);
    document.getElementById("result-tips-section").hidden = !fill("result-tips", r.tips, function (t) {
      var li = item(t.text || (tipTexts[t.id] ? tipTexts[t.id].textContent : ""));
      li.setAttribute("data-tip", t.id);
      return li;
    });
    document.getElementById("result-advice-section").hidden = !fill("result-advice", r.advice || [], function (ad) {
      var li = item(ad.text || (adviceTexts[ad.id] ? adviceTexts[ad.id].textContent : ""));
      li.setAttribute("data-advice", ad.id);
      return li;
    });
    setTitle(title);
  }

  // shortcut is the emergency result, made from the page's own copy of the
  // reasons that each answer gives alone: what the module gives for the
  // answers given, up to the reasons that need two answers together.
  // shortcutTicked reports whether a box of the first step is ticked that
  // alone gives a result more urgent than seeing a clinician ("not sure"
  // gives urgent), as the page's copy of the reasons says.
  function shortcutTicked() {
    return emergencyReasons.some(function (li) {
      var answer = li.getAttribute("data-answer").split("=");
      var box = steps[0].querySelector('input[name="' + answer[0] + '"]');
      return box && box.checked && box.value === answer[1] && levelOrder.indexOf(li.getAttribute("data-rank")) <= 1;
    });
  }

  function shortcut(a) {
    var reasons = [];
    emergencyReasons.forEach(function (li) {
      var answer = li.getAttribute("data-answer").split("=");
      if (a[answer[0]] === answer[1]) {
        reasons.push({ id: li.getAttribute("data-for"), text: li.getAttribute("data-text"), why: li.getAttribute("data-why") || "", level: li.getAttribute("data-rank"), lower: li.hasAttribute("data-lower") });
      }
    });
    // The most urgent level of the reasons: emergency, or urgent for "not sure".
    var level = levelOrder.filter(function (lv) { return reasons.some(function (x) { return x.level === lv; }); })[0] || "emergency";
    return { level: level, reasons: reasons, now: "", escalate: null, exercises: [], tips: [], advice: [], note: "", phones: [] };
  }

  function display(r, a, push, fromShortcut) {
    count++;
    shown = results[count] = { key: keyOf(a), answers: a, result: r, shortcut: fromShortcut };
    render(r);
    show("result", push, null, count);
  }

  // recheck replaces a result made without the module by the module's own,
  // once it runs (they agree on the level; the module may add reasons from
  // answers beyond the emergency step).
  function recheck() {
    Object.keys(results).forEach(function (n) {
      var s = results[n];
      if (!s.shortcut) return;
      var r = assessFn(s.answers);
      if (r.error) return;
      s.result = r;
      s.shortcut = false;
      if (s === shown) save();
      if (s === shown && !result.hidden) {
        var focus = document.activeElement;
        render(r);
        if (focus) focus.focus();
      }
    });
  }

  function fromModule(fn, a, push) {
    var r = fn(a);
    if (r.error) {
      fail("The checker could not read an answer: " + r.error);
      failedBox.focus();
      return;
    }
    display(r, a, push, false);
  }

  // getResult shows the result of the answers in the form: from the module
  // when it runs; the emergency result at once, module or not; otherwise
  // it waits for the module, saying how far it has loaded.
  function getResult(push) {
    var a = answers();
    if (stopped) {
      fail("The checker stopped working.");
      failedBox.focus();
      return;
    }
    if (assessFn) return fromModule(assessFn, a, push);
    if (emergencyTicked() || (current === steps[0] && shortcutTicked())) {
      display(shortcut(a), a, push, true);
      start();
      return;
    }
    var key = keyOf(a);
    waiting = key;
    progress(true);
    start().then(function (fn) {
      if (waiting !== key || keyOf(answers()) !== key) return;
      stopWaiting();
      fromModule(fn, a, push);
    }, function () {
      if (waiting !== key) return;
      stopWaiting();
      failedBox.focus();
    });
  }

  // A printout shows the answers given, even when their disclosure is
  // closed on screen.
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = Array.prototype.filter.call(result.querySelectorAll("details"), function (d) { return !d.open; });
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });

  // --- Kept in this tab -------------------------------------------------------

  // The answers, the steps passed and the result on screen are kept in
  // sessionStorage: this tab only, until it closes or Start again.
  var storeKey = "liftwell-checker";

  var restoring = false;

  function save() {
    if (restoring) return;
    var onResult = !result.hidden && shown;
    var st = { answers: answers(), done: done, view: onResult ? "result" : idOf(current) };
    if (onResult) {
      st.result = shown.result;
      st.shortcut = shown.shortcut;
    }
    if (!Object.keys(st.answers).length && !Object.keys(done).length) return forget();
    try { sessionStorage.setItem(storeKey, JSON.stringify(st)); } catch (e) { /* storage off: the form still works */ }
  }

  function forget() {
    try { sessionStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
  }

  // restore puts back what this tab kept, and shows where the person was.
  function restore() {
    var st = null;
    try { st = JSON.parse(sessionStorage.getItem(storeKey) || "null"); } catch (e) { st = null; }
    if (!st || typeof st.answers !== "object") return false;
    restoring = true;
    done = st.done && typeof st.done === "object" ? st.done : {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !Object.prototype.hasOwnProperty.call(st.answers, el.name)) return;
      var v = String(st.answers[el.name]);
      if (el.type === "checkbox" || el.type === "radio") el.checked = el.value === v;
      else el.value = v;
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    restoring = false;
    placeHelp();
    if (st.view === "result" && st.result && st.result.level) {
      display(st.result, answers(), false, !!st.shortcut);
      history.replaceState({ checker: "result", n: count }, "");
      if (st.shortcut) start();
      return true;
    }
    var id = reachable(st.view) && stepNamed(st.view) ? idOf(stepNamed(st.view)) : resume();
    show(id, false);
    history.replaceState({ checker: id }, "");
    return true;
  }

  form.addEventListener("change", save);
  form.addEventListener("input", save);

  // --- Help at the first tick ---------------------------------------------

  // The "Get help now" block shows right below the emergency sign last
  // ticked, at once, with the call buttons; the person may still go on.
  var getHelp = document.getElementById("get-help");
  var privacyNote = document.getElementById("privacy-promise");

  function placeHelp(box) {
    if (!getHelp) return;
    var ticked = steps[0].querySelectorAll(".checkbox input[data-emergency]:checked");
    getHelp.hidden = ticked.length === 0;
    // Said once to screen readers: the block itself moves, so it cannot
    // be a live region.
    var status = document.getElementById("get-help-status");
    status.textContent = getHelp.hidden ? "" : status.getAttribute("data-say");
    if (getHelp.hidden) return;
    var under = (box && box.checked ? box : ticked[ticked.length - 1]).closest(".checkbox");
    if (under.nextSibling !== getHelp) under.parentNode.insertBefore(getHelp, under.nextSibling);
  }

  form.addEventListener("change", function (e) {
    if (e.target.type === "checkbox" && e.target.hasAttribute("data-emergency") && steps[0].contains(e.target)) placeHelp(e.target);
  });

  if (getHelp) {
    document.getElementById("get-help-result").addEventListener("click", function (e) {
      e.preventDefault();
      getResult(true);
    });
  }

  // --- Events ---------------------------------------------------------------

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var id = idOf(current);
    if (id === "check") {
      var first = problems(steps[0]);
      if (!first.length && emergencyTicked()) return getResult(true);
      var list = allProblems();
      if (list.length) return showErrors(list);
      return getResult(true);
    }
    var mine = problems(current);
    // An emergency answer on this step gives the result at once, even with
    // other questions of the step unanswered, but not with "none of
    // these" ticked beside it.
    if (emergencyTicked(current) && !mine.some(function (p) { return p.conflict; })) {
      if (!mine.length) done[id] = true;
      return getResult(true);
    }
    if (mine.length) return showErrors(mine);
    done[id] = true;
    // "Not sure" on the first step gives its result (urgent) at once.
    if (current === steps[0] && shortcutTicked()) return getResult(true);
    show(nextStep(current), true);
  });

  root.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-back")) {
      history.back();
    } else if (b.hasAttribute("data-change")) {
      show(resume() === "check" ? "check" : firstStep, true);
    } else if (b.hasAttribute("data-restart")) {
      form.reset();
      followUps();
      placeHelp();
      forget();
      done = {};
      results = {};
      shown = null;
      show(firstStep, true);
    } else if (b.id === "result-print") {
      window.print();
    }
  });

  window.addEventListener("popstate", function (e) {
    var st = e.state || {};
    var id = st.checker || firstStep;
    if (id === "result") {
      var s = results[st.n];
      if (s && s.key === keyOf(answers())) {
        shown = s;
        render(s.result);
        return show("result", false);
      }
      // The form no longer holds the answers of that result.
      id = resume();
      history.replaceState({ checker: id }, "");
    } else if (!reachable(id)) {
      id = resume();
      history.replaceState({ checker: id }, "");
    }
    show(id, false);
  });

  // A tick or a choice may show or hide a follow-up question.
  form.addEventListener("change", followUps);

  // Start the module on the first sign of use: starting the Go runtime
  // blocks the main thread for a moment (Lighthouse counts it as blocking
  // time when the page does it by itself).
  ["focusin", "pointerdown", "keydown", "input"].forEach(function (type) {
    form.addEventListener(type, function () { start(); }, { once: true });
  });

  // Fetch it when the page is idle, so that it is there by the time a
  // person reaches "Get my result": a few seconds after the page has
  // loaded (while the first step is read), then at the next idle moment.
  // Any use of the form starts it at once.
  function idle() {
    // Not when the module already runs or is starting (its own download
    // is under way), nor when a new version of the site is waiting (the
    // update notice shows): this page will reload into it, and the new
    // version's worker no longer has this module.
    function maybe() {
      var update = document.getElementById("update");
      if (starting || typeof window.liftwellAssess === "function" || (update && !update.hidden)) return;
      prefetch();
    }
    window.setTimeout(function () {
      if (window.requestIdleCallback) window.requestIdleCallback(maybe, { timeout: 2000 });
      else maybe();
    }, 3000);
  }
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle);

  // The page arrives as the form's first step (its parts for browsers
  // without scripts wait hidden, see noscript.css), so the first frame is
  // the form and the start changes nothing on screen. It says it started
  // once it has: by the load event, app.js puts back the page's version
  // without scripts, and the failure box, if it has not.
  history.replaceState({ checker: firstStep }, "");
  var firstCount = "Step 1 of " + steps.length;
  if (stepCount.textContent !== firstCount) stepCount.textContent = firstCount;
  setTitle(steps[0].getAttribute("data-title"));
  restore();
  document.documentElement.setAttribute("data-script-started", "");
})();
