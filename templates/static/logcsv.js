// Liftwell's pain log as CSV: the twin of internal/painlog's Check, Parse
// and Write (csv.go), for the log page. It is JavaScript, not part of the
// WebAssembly module, only to keep the module small; internal/painlog's
// tests run it under Node against the Go code, so the two agree on every
// file: the same entries, the same rows and fields in error, the same
// written file. Change them together.
//
// Its facts come from Go: liftwellCSV(facts) makes the reader and writer
// for them, {fields, where, maxPain, maxRows, maxNote, maxWeight, maxReps,
// minYear, maxYear} (painlog's Fields, Areas' names and limits). The log
// page reads them from itself (site.LogView); the Go test passes painlog's.
//
// Entries are objects of strings named by fields, as Write gives them:
// {date: "2026-11-30", pain: "4", where: "lower_back;leg", trained: "yes",
// deadlift: "no", weight: "", reps: "", note: ""}.
(function (root) {
  "use strict";
  root.liftwellCSV = function (facts) {
    var FIELDS = facts.fields.slice();
    var HEADER = FIELDS.join(",");
    var WHERE = facts.where.slice();
    var MAX_PAIN = facts.maxPain, MAX_ROWS = facts.maxRows, MAX_NOTE = facts.maxNote, MAX_WEIGHT = facts.maxWeight,
      MAX_REPS = facts.maxReps, MIN_YEAR = facts.minYear, MAX_YEAR = facts.maxYear;
    // The columns by name: f[F.note] is a row's note.
    var F = {};
    FIELDS.forEach(function (name, i) { F[name] = i; });

    function trim(s) { return s.replace(/^[ \t]+|[ \t]+$/g, ""); }
    function quote(s) { return "\"" + (s.length > 40 ? s.slice(0, 40) + "..." : s) + "\""; }
    function number(s, max) { return s !== "" && s.length <= max && /^[0-9]+$/.test(s) ? parseInt(s, 10) : -1; }

    function monthDays(y, m) {
      if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
      return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
    }

    // isDate: a date written YYYY-MM-DD from MIN_YEAR to MAX_YEAR.
    function isDate(s) {
      if (s.length !== 10 || s[4] !== "-" || s[7] !== "-") return false;
      var y = number(s.slice(0, 4), 4), m = number(s.slice(5, 7), 2), d = number(s.slice(8), 2);
      return y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= monthDays(y, m);
    }

    function isWeight(s) {
      var dot = s.indexOf("."), whole = dot < 0 ? s : s.slice(0, dot), frac = dot < 0 ? "" : s.slice(dot + 1);
      if (dot >= 0 && (frac === "" || frac.length > 2)) return false;
      var w = number(whole, String(MAX_WEIGHT).length), f = number(frac + "00".slice(frac.length), 2);
      return w >= 0 && f >= 0 && (w > 0 || f > 0) && (w < MAX_WEIGHT || w === MAX_WEIGHT && f === 0);
    }

    // check reads one entry from its fields (an object named by FIELDS, or
    // a list in their order) and returns {entry, errors: [{row, field, text}]},
    // entry written as Write writes it.
    function check(input) {
      var f = FIELDS.map(function (name, i) {
        var v = Array.isArray(input) ? input[i] : input[name];
        return v === undefined || v === null ? "" : String(v);
      });
      var errors = [];
      function bad(field, text) { errors.push({ row: 0, field: field, text: field + ": " + text }); }
      for (var i = 0; i < f.length; i++) if (i !== F.note) f[i] = trim(f[i]);
      var e = {};
      if (!isDate(f[F.date])) bad("date", quote(f[F.date]) + " is not a date written YYYY-MM-DD between " + MIN_YEAR + " and " + MAX_YEAR);
      e.date = f[F.date];
      var pain = number(f[F.pain], String(MAX_PAIN).length);
      if (pain < 0 || pain > MAX_PAIN) {
        bad("pain", quote(f[F.pain]) + " is not a whole number from 0 to " + MAX_PAIN);
        pain = 0;
      }
      e.pain = String(pain);
      var where = 0;
      if (f[F.where] !== "") {
        f[F.where].split(";").forEach(function (part) {
          var w = WHERE.indexOf(trim(part));
          if (w < 0) bad("where", quote(part) + " is not one of " + WHERE.join(", "));
          else if (where & (1 << w)) bad("where", quote(part) + " is given twice");
          if (w >= 0) where |= 1 << w;
        });
      }
      e.where = WHERE.filter(function (_, i) { return where & (1 << i); }).join(";");
      function yes(field, v) {
        if (v === "yes") return true;
        if (v !== "no" && v !== "") bad(field, quote(v) + " is not yes or no");
        return false;
      }
      var trained = yes("trained", f[F.trained]), deadlift = yes("deadlift", f[F.deadlift]);
      if (deadlift && !trained && f[F.trained] !== "") bad("deadlift", "is yes but trained is no");
      e.trained = trained || deadlift ? "yes" : "no";
      e.deadlift = deadlift ? "yes" : "no";
      e.weight = f[F.weight];
      if (f[F.weight] !== "") {
        if (!isWeight(f[F.weight])) bad("weight", quote(f[F.weight]) + " is not a number above 0 and up to " + MAX_WEIGHT + ", with at most two decimals, such as 102.5");
        else if (!deadlift) bad("weight", "is for a deadlift day, but deadlift is no");
      }
      e.reps = "";
      if (f[F.reps] !== "") {
        var reps = number(f[F.reps], String(MAX_REPS).length);
        if (reps >= 1 && reps <= MAX_REPS) {
          e.reps = String(reps);
          if (!deadlift) bad("reps", "is for a deadlift day, but deadlift is no");
        } else {
          bad("reps", quote(f[F.reps]) + " is not a whole number from 1 to " + MAX_REPS);
        }
      }
      var note = trim(f[F.note]);
      var chars = Array.from(note);
      if (chars.some(function (c) { var n = c.codePointAt(0); return n < 32 || n === 0x7f || n === 0x2028 || n === 0x2029; })) {
        bad("note", "has a line break or control character: keep it to one line");
      } else if (/[\ud800-\udfff]/.test(chars.filter(function (c) { return c.length === 1; }).join(""))) {
        bad("note", "is not valid UTF-8 text");
      } else if (chars.length > MAX_NOTE) {
        bad("note", "has " + chars.length + " characters, more than " + MAX_NOTE);
      }
      e.note = note;
      return { entry: e, errors: errors };
    }

    // record reads one CSV record from text at i: {fields, next, lines, bad}.
    function record(text, i) {
      var fields = [], lines = 1;
      for (;;) {
        var f = "";
        if (text[i] === "\"") {
          i++;
          for (;;) {
            if (i >= text.length) return { fields: null, next: text.length, lines: lines, bad: "a quoted field has no closing quote" };
            var c = text[i++];
            if (c === "\"") {
              if (text[i] === "\"") { f += "\""; i++; continue; }
              break;
            }
            if (c === "\n") lines++;
            f += c;
          }
          if (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
            var nl = text.indexOf("\n", i);
            return { fields: null, next: nl < 0 ? text.length : nl + 1, lines: lines, bad: "a quoted field is followed by text: write quotes inside a field twice (\"\")" };
          }
        } else {
          var j = i;
          while (j < text.length && text[j] !== "," && text[j] !== "\n" && text[j] !== "\r") {
            if (text[j] === "\"") {
              var end = text.indexOf("\n", j);
              return { fields: null, next: end < 0 ? text.length : end + 1, lines: lines, bad: "a quote inside a field that does not start with one: put the field in quotes and write the quote twice (\"\")" };
            }
            j++;
          }
          f = text.slice(i, j);
          i = j;
        }
        fields.push(f);
        if (i >= text.length) return { fields: fields, next: i, lines: lines, bad: "" };
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "\r" && text[i + 1] === "\n") return { fields: fields, next: i + 2, lines: lines, bad: "" };
        return { fields: fields, next: i + 1, lines: lines, bad: "" };
      }
    }

    function byDate(a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; }

    // parse reads a CSV file: {entries, errors: [{row, field, text}]}, with
    // no entries when any row is wrong.
    function parse(text) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      var errors = [], entries = [], seen = {}, header = false, rows = 0;
      function err(row, field, text) { errors.push({ row: row, field: field, text: "row " + row + ": " + text }); }
      for (var i = 0, line = 1; i < text.length;) {
        var r = record(text, i), row = line;
        line += r.lines;
        i = r.next;
        if (r.bad) { err(row, "", r.bad); continue; }
        var rec = r.fields;
        if (rec.length === 1 && trim(rec[0]) === "") continue;
        if (!header) {
          header = true;
          if (rec.join(",") !== HEADER) {
            err(row, "", "the first row must be the header " + HEADER);
            return { entries: [], errors: errors };
          }
          continue;
        }
        if (++rows > MAX_ROWS) { err(row, "", "too many rows: a log holds at most " + MAX_ROWS + " entries"); break; }
        if (rec.length !== FIELDS.length) {
          err(row, "", "has " + rec.length + " fields, want " + FIELDS.length + " (" + HEADER + ")");
          continue;
        }
        rec[F.note] = unguardNote(trim(rec[F.note]));
        var c = check(rec);
        c.errors.forEach(function (e) { err(row, e.field, e.text); });
        if (c.errors.length) continue;
        if (seen[c.entry.date]) { err(row, "date", "date: " + c.entry.date + " is already on row " + seen[c.entry.date] + ": one entry a day"); continue; }
        seen[c.entry.date] = row;
        entries.push(c.entry);
      }
      if (!header) err(1, "", "the file is empty: the first row must be the header " + HEADER);
      if (errors.length) return { entries: [], errors: errors };
      return { entries: entries.sort(byDate), errors: [] };
    }

    // A note a spreadsheet would run as a formula (=, +, - or @ first; a
    // tab or carriage return too) is written with an apostrophe in front,
    // and so is one that starts with an apostrophe; parse takes a first
    // apostrophe off only when one of those characters follows it, so that
    // every note reads back exactly (guardNote and unguardNote in csv.go).
    function formulaStart(c) { return c !== undefined && "=+-@\t\r'".indexOf(c) >= 0; }
    function guardNote(s) { return formulaStart(s[0]) ? "'" + s : s; }
    function unguardNote(s) { return s[0] === "'" && formulaStart(s[1]) ? s.slice(1) : s; }

    function field(s) {
      return /[,"\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
    }

    // write makes the CSV file of a log: the header, then the entries sorted
    // by date, each line ended by "\n".
    function write(entries) {
      return HEADER + "\n" + entries.slice().sort(byDate).map(function (e) {
        return FIELDS.map(function (name) {
          var v = e[name] || "";
          return field(name === "note" ? guardNote(v) : v);
        }).join(",") + "\n";
      }).join("");
    }

    return { FIELDS: FIELDS, HEADER: HEADER, WHERE: WHERE, MAX_PAIN: MAX_PAIN, MAX_NOTE: MAX_NOTE, MAX_WEIGHT: MAX_WEIGHT, MAX_REPS: MAX_REPS,
      check: check, parse: parse, write: write, isDate: isDate };
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
