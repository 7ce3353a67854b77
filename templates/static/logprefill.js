// The checker opened from a link that carries answers, as "Check with my
// log" on /log/ makes them: #days=3&trend=better&severity=6&recurring=no
// (a fragment is never sent to the server). Anyone can make such a link,
// so this fills the checker's form only when the whole fragment is
// answers it may fill, and says above the form that they come from this
// link; the person sees each answer on its step and can change it.
//
// What it may fill comes from the page, which the builder makes from the
// checker package: the form's data-prefill names the questions (their ids,
// checker.PageData.Prefill), a number question's data-min and data-max its
// range, a choice's radio buttons its values, and each question's
// data-topic names it in the notice. A fragment with anything else (an
// unknown name, a value not allowed, a name twice, more pairs than there
// are such questions) fills nothing, and the notice says so. A fragment
// without "=" is a link to a place in the page, not answers: it is left
// alone.
(function () {
  "use strict";
  var form = document.querySelector("form[novalidate]");
  var hash = location.hash.replace(/^#/, "");
  if (!form || hash.indexOf("=") < 0) return;
  var ids = (form.getAttribute("data-prefill") || "").split(" ").filter(Boolean);
  var own = Object.prototype.hasOwnProperty;

  // question returns the fields named id, or null when id is not a
  // question the link may fill.
  function question(id) {
    if (ids.indexOf(id) < 0) return null;
    var els = Array.prototype.filter.call(form.elements, function (el) { return el.name === id; });
    return els.length ? els : null;
  }

  // allowed reports whether value is an answer of the question whose
  // fields are els: a whole number in its range, written as a number is
  // (no sign, no leading zero), or the value of one of its radio buttons.
  function allowed(els, value) {
    var el = els[0];
    if (el.type === "radio") {
      return els.some(function (r) { return r.type === "radio" && r.value === value; });
    }
    if (el.type !== "text" || !/^(?:0|[1-9][0-9]{0,5})$/.test(value)) return false;
    var n = +value, min = el.getAttribute("data-min"), max = el.getAttribute("data-max");
    return min !== null && max !== null && n >= +min && n <= +max;
  }

  // read returns the answers of the fragment, as [[id, value], ...], or
  // null when it holds anything the link may not fill.
  function read() {
    // At most one pair a question: a longer fragment is not read at all.
    if (hash.length > 64 * ids.length) return null;
    var pairs = hash.split("&", ids.length + 1);
    if (pairs.length > ids.length) return null;
    var seen = {}, out = [];
    for (var i = 0; i < pairs.length; i++) {
      var at = pairs[i].indexOf("="), id, value;
      if (at < 0) return null;
      try {
        id = decodeURIComponent(pairs[i].slice(0, at));
        value = decodeURIComponent(pairs[i].slice(at + 1));
      } catch (e) {
        return null;
      }
      var els = question(id);
      if (!els || own.call(seen, id) || !allowed(els, value)) return null;
      seen[id] = true;
      out.push([id, value, els]);
    }
    return out;
  }

  // topic names a question in the notice.
  function topic(id) {
    var q = document.getElementById("q-" + id + "-question");
    return (q && q.getAttribute("data-topic")) || id;
  }

  var answers = read(), done = [];
  (answers || []).forEach(function (a) {
    var value = a[1], shown = value;
    a[2].forEach(function (el) {
      if (el.type === "radio") {
        if (el.value !== value) return;
        el.checked = true;
        if (el.labels && el.labels[0]) shown = el.labels[0].textContent.trim();
      } else {
        el.value = value;
      }
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    done.push(topic(a[0]) + ": " + shown);
  });
  var note = document.createElement("p");
  note.className = "log-prefill";
  note.id = "log-prefill";
  note.setAttribute("data-filled", String(done.length));
  note.textContent = answers && done.length ?
    "Some answers are filled in from this link (" + done.join("; ") + "). Check that they are yours: you will see them on the step about your pain, and you can change any of them." :
    "This link carries answers that the checker does not take, so none were filled in. Answer each step yourself.";
  form.parentNode.insertBefore(note, form);
})();
