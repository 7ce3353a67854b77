// Liftwell's pain checker page: a step-by-step form (one group of questions
// per step, then "check your answers", then the result) in front of the
// checker's WebAssembly module, which does the deciding.
//
// - The answers live only in the form, in this page's memory: nothing is
//   stored or sent anywhere. Start again clears them.
// - The module is fetched and started on the first interaction with the
//   form, never while the page loads or idles.
// - Ticking an emergency sign goes straight to the emergency result.
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
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var pageTitle = document.title;
  // The page has one h1: the current step's title, or the result's level,
  // inside the result's care card.
  var heading = document.getElementById("checker-title");
  var headingHome = heading.nextSibling;
  var headingResult = document.getElementById("result-heading-place");
  var current = steps[0];
  var returnToCheck = false; // a Change link on "check your answers" led here

  // Texts the page holds for the script: level titles and exercise links.
  function templateItems(id) {
    var items = {};
    var t = document.getElementById(id);
    Array.prototype.forEach.call(t.content.querySelectorAll("[data-for]"), function (el) {
      items[el.getAttribute("data-for")] = el;
    });
    return items;
  }
  var levelTitles = templateItems("checker-levels");
  var exerciseLinks = templateItems("checker-exercise-links");

  // --- The module -------------------------------------------------------

  var module = null; // a promise of the liftwellAssess function
  var stopped = false;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.addEventListener("load", resolve);
      s.addEventListener("error", function () { reject(new Error("could not load " + src)); });
      document.head.appendChild(s);
    });
  }

  function instantiate(go) {
    var url = root.getAttribute("data-wasm");
    if (WebAssembly.instantiateStreaming) {
      return WebAssembly.instantiateStreaming(fetch(url), go.importObject).catch(function () {
        // A server that sends the wrong type for .wasm: read it whole.
        return fetch(url).then(function (r) { return r.arrayBuffer(); }).then(function (b) {
          return WebAssembly.instantiate(b, go.importObject);
        });
      });
    }
    return fetch(url).then(function (r) { return r.arrayBuffer(); }).then(function (b) {
      return WebAssembly.instantiate(b, go.importObject);
    });
  }

  function startModule() {
    if (module) return module;
    module = (typeof window.Go === "function" ? Promise.resolve() : loadScript(root.getAttribute("data-wasm-exec")))
      .then(function () {
        if (typeof window.liftwellAssess === "function") return window.liftwellAssess;
        var go = new window.Go();
        return instantiate(go).then(function (r) {
          go.run(r.instance).then(function () {
            stopped = true;
            fail("The checker stopped working.");
          });
          if (typeof window.liftwellAssess !== "function") throw new Error("the checker did not start");
          return window.liftwellAssess;
        });
      });
    module.catch(function (err) {
      fail("The checker could not be loaded" + (navigator.onLine === false ? " while you are offline" : "") + ".", err);
    });
    return module;
  }

  function fail(why, err) {
    if (err && window.console) console.warn("Liftwell checker:", err.message || err);
    document.getElementById("checker-failed-why").textContent = why;
    failedBox.hidden = false;
    document.getElementById("checker-emergency").hidden = false;
  }

  // --- Answers ------------------------------------------------------------

  function answers() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) out[el.name] = el.value;
      } else if (el.value.trim() !== "") {
        out[el.name] = el.value.trim();
      }
    });
    return out;
  }

  function labelFor(el) {
    var label = form.querySelector('label[for="' + el.id + '"]');
    return label ? label.textContent : el.name;
  }

  // --- Steps --------------------------------------------------------------

  function stepNamed(id) {
    for (var i = 0; i < steps.length; i++) if (steps[i].getAttribute("data-step") === id) return steps[i];
    return steps[0];
  }

  function setTitle(title) {
    document.title = title + " – " + pageTitle;
  }

  // show displays a step (or the result, for id "result"); push adds a
  // history entry, focus moves focus to the heading (or to an element).
  function show(id, push, focusOn) {
    clearErrors();
    var showResult = id === "result";
    form.hidden = showResult;
    result.hidden = !showResult;
    if (showResult) {
      headingResult.parentNode.insertBefore(heading, headingResult.nextSibling);
    } else {
      result.removeAttribute("data-level");
      current = stepNamed(id);
      steps.forEach(function (s) { s.hidden = s !== current; });
      if (current.getAttribute("data-step") === "check") buildSummary();
      heading.textContent = current.getAttribute("data-title");
      headingHome.parentNode.insertBefore(heading, headingHome);
      setTitle(heading.textContent);
    }
    if (push) history.pushState({ checker: id }, "");
    (focusOn || heading).focus();
  }

  function next() {
    if (returnToCheck || current.getAttribute("data-step") === "check") {
      returnToCheck = false;
      if (current.getAttribute("data-step") === "check") return assess(true);
      return show("check", true);
    }
    show(steps[steps.indexOf(current) + 1].getAttribute("data-step"), true);
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

  // problems lists what is missing or wrong on the current step.
  function problems() {
    var out = [];
    Array.prototype.forEach.call(current.querySelectorAll("[data-question]"), function (q) {
      var name = q.getAttribute("data-question");
      var text = q.querySelector("input[type=text]");
      var label = q.querySelector(".question-label").textContent;
      if (text) {
        var v = text.value.trim();
        var min = +text.getAttribute("data-min");
        var max = +text.getAttribute("data-max");
        if (v === "" && q.hasAttribute("data-required")) {
          out.push({ q: q, field: text, msg: "Answer the question: " + label });
        } else if (v !== "" && (!/^[0-9]+$/.test(v) || +v < min || +v > max)) {
          out.push({ q: q, field: text, msg: "Enter a whole number from " + min + " to " + max + ": " + label });
        }
      } else if (q.hasAttribute("data-required") && !form.querySelector('input[name="' + name + '"]:checked')) {
        out.push({ q: q, field: q.querySelector("input"), msg: "Choose an answer: " + label });
      }
    });
    return out;
  }

  function showErrors(list) {
    list.forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + p.field.id;
      a.textContent = p.msg;
      a.addEventListener("click", function (e) {
        e.preventDefault();
        p.field.focus();
      });
      li.appendChild(a);
      errorList.appendChild(li);
      var msg = p.q.querySelector(".error-message");
      msg.textContent = "Error: " + p.msg;
      msg.hidden = false;
      p.q.classList.add("has-error");
      var described = p.field.type === "text" ? p.field : p.q;
      described.setAttribute("aria-describedby", ((described.getAttribute("aria-describedby") || "") + " " + msg.id).trim());
      if (p.field.type === "text") p.field.setAttribute("aria-invalid", "true");
    });
    summary.hidden = false;
    setTitle("Error: " + current.getAttribute("data-title"));
    summary.focus();
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
      returnToCheck = true;
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
      var id = step.getAttribute("data-step");
      if (id === "check") return;
      var h = document.createElement("h2");
      h.textContent = step.getAttribute("data-title");
      var list = document.createElement("dl");
      list.className = "summary-list";
      var boxes = step.querySelectorAll("input[type=checkbox]");
      if (boxes.length) {
        var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).map(labelFor);
        row(list, "Ticked", ticked.length ? ticked.join("; ") : "None", id, boxes[0],
          "what you ticked in " + step.getAttribute("data-title"));
      }
      Array.prototype.forEach.call(step.querySelectorAll("[data-question]"), function (q) {
        row(list, q.querySelector(".question-label").textContent, answerText(q), id, q.querySelector("input"));
      });
      box.appendChild(h);
      box.appendChild(list);
    });
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

  function render(r) {
    result.setAttribute("data-level", r.level);
    var title = levelTitles[r.level] ? levelTitles[r.level].textContent : r.level;
    heading.textContent = title;
    document.getElementById("result-now").textContent = r.now;
    document.getElementById("result-escalate").textContent = r.escalate;
    document.getElementById("result-note").textContent = r.note;
    fill("result-reasons", r.reasons, function (x) {
      var li = item(x.text);
      if (x.lower) {
        var lower = document.createElement("span");
        lower.className = "lower";
        var t = levelTitles[x.level] ? levelTitles[x.level].textContent : x.level;
        lower.textContent = " (On its own, this would mean: " + t + ".)";
        li.appendChild(lower);
      }
      return li;
    });
    document.getElementById("result-exercises-section").hidden = !fill("result-exercises",
      r.exercises.filter(function (slug) { return exerciseLinks[slug]; }),
      function (slug) { return exerciseLinks[slug].cloneNode(true); });
    document.getElementById("result-tips-section").hidden = !fill("result-tips", r.tips, function (t) { return item(t.text); });
    setTitle(title);
  }

  // assess asks the module for the result of the answers in the form and
  // shows it. It waits for the module, so it runs after any other change
  // made in the same moment.
  function assess(push) {
    startModule().then(function (fn) {
      if (stopped) return;
      var r = fn(answers());
      if (r.error) {
        fail("The checker could not read an answer: " + r.error);
        failedBox.focus();
        return;
      }
      render(r);
      show("result", push);
    }, function () {
      failedBox.focus();
    });
  }

  // --- Events ---------------------------------------------------------------

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var list = problems();
    if (list.length) return showErrors(list);
    if (current === steps[0] && form.querySelector("input[data-emergency]:checked")) return assess(true);
    next();
  });

  form.addEventListener("change", function (e) {
    if (e.target.hasAttribute("data-emergency") && e.target.checked) assess(true);
  });

  root.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-back")) {
      returnToCheck = false;
      history.back();
    } else if (b.hasAttribute("data-change")) {
      show("check", true);
    } else if (b.hasAttribute("data-restart")) {
      form.reset();
      returnToCheck = false;
      show(steps[0].getAttribute("data-step"), true);
    } else if (b.id === "result-print") {
      window.print();
    }
  });

  window.addEventListener("popstate", function (e) {
    var id = e.state && e.state.checker;
    if (id === "result") assess(false);
    else show(id || steps[0].getAttribute("data-step"), false);
  });

  // Start the module on the first sign of use, never on its own: starting
  // the Go runtime blocks the main thread for a moment (Lighthouse counted
  // it as blocking time when the page started it while idle).
  ["focusin", "pointerdown", "keydown", "input"].forEach(function (type) {
    form.addEventListener(type, function () { startModule(); }, { once: true });
  });

  history.replaceState({ checker: steps[0].getAttribute("data-step") }, "");
  document.getElementById("checker-emergency").hidden = true;
  form.hidden = false;
  setTitle(steps[0].getAttribute("data-title"));
})();
