// The checker opened from the pain log ("Check with my log" on /log/):
// the link carries the log's answers in the URL fragment, such as
// #days=3&trend=better&severity=6&recurring=no (a fragment is never sent
// to the server). This fills those fields of the checker's form, and
// nothing else, and says so above the form; the person sees each answer
// on its step and can change it. Values that are not allowed are left
// out, never guessed.
(function () {
  "use strict";
  var form = document.querySelector("form[novalidate]");
  var hash = location.hash.replace(/^#/, "");
  if (!form || !hash) return;
  var allowed = {
    days: /^(?:[0-9]|[1-9][0-9]{1,2}|[1-2][0-9]{3}|3[0-5][0-9]{2}|36[0-4][0-9]|3650)$/,
    severity: /^(?:[0-9]|10)$/,
    trend: /^(?:better|same|worse)$/,
    recurring: /^(?:yes|no)$/
  };
  var names = { days: "days since it began", trend: "getting better, the same or worse", severity: "worst pain in the last 24 hours", recurring: "comes back after most sessions" };
  var done = [];
  hash.split("&").forEach(function (pair) {
    var kv = pair.split("="), id = kv[0], value;
    try { value = decodeURIComponent(kv[1] || ""); } catch (e) { return; }
    if (!allowed[id] || !allowed[id].test(value)) return;
    var set = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== id) return;
      if (el.type === "radio") {
        if (el.value === value) { el.checked = true; set = true; }
      } else if (el.type !== "checkbox") {
        el.value = value;
        set = true;
      }
      if (set) el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    if (set) done.push(names[id] + ": " + value);
  });
  if (!done.length) return;
  var note = document.createElement("p");
  note.className = "log-prefill";
  note.id = "log-prefill";
  note.textContent = "Some answers are filled in from your pain log (" + done.join("; ") + "). You will see them on the step about your pain, and you can change any of them.";
  form.parentNode.insertBefore(note, form);
})();
