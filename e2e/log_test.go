package e2e

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/liftwell/liftwell/internal/painlog"
)

// logJS is installed as window.__e2eLog: it reads and drives the log page
// through the interfaces of issue 15 (the form's field names, data-entry,
// the summary's data attributes, the buttons' names).
const logJS = `window.__e2eLog = (() => {
	const form = () => document.getElementById('log-form');
	const shown = (el) => el && el.checkVisibility({visibilityProperty: true});
	const button = (re) => Array.from(document.querySelectorAll('button')).find(b => shown(b) && re.test(b.innerText.trim()));
	return {
		ready() { const f = document.getElementById('log-fieldset'); return !!f && !f.disabled && !!window.liftwellCSV; },
		problem() { const p = document.getElementById('log-problem'); return p && !p.hidden ? p.innerText : ''; },
		add(e) {
			const f = form();
			for (const [name, value] of Object.entries(e)) {
				const els = Array.from(f.elements).filter(x => x.name === name);
				if (!els.length) return 'no field ' + name;
				for (const el of els) {
					if (el.type === 'radio') el.checked = el.value === value;
					else if (el.type === 'checkbox') el.checked = value.split(';').includes(el.value);
					else el.value = value;
				}
			}
			f.requestSubmit();
			return '';
		},
		entries() {
			return Array.from(document.querySelectorAll('[data-entry]')).map(e => e.dataset.date + '=' + e.dataset.pain).sort().join(' ');
		},
		summary() {
			const s = document.getElementById('log-summary').dataset;
			return {days: s.days || '', trend: s.trend || '', worst: s.worst || '', recurring: s.recurring || '', text: document.getElementById('log-summary').innerText};
		},
		click(re) { const b = button(new RegExp(re, 'i')); if (!b) return false; b.click(); return true; },
		// The file the page offers when start() clicks, caught before it
		// is saved. (The page's CSP rightly stops a fetch of the blob: URL.)
		download(start) {
			return new Promise((resolve) => {
				const create = URL.createObjectURL, click = HTMLAnchorElement.prototype.click;
				let blob = null;
				URL.createObjectURL = (b) => { blob = b; URL.createObjectURL = create; return create.call(URL, b); };
				HTMLAnchorElement.prototype.click = function () {
					HTMLAnchorElement.prototype.click = click;
					const name = this.download;
					blob.text().then(text => resolve({name, text}));
				};
				if (!start()) resolve({name: '', text: 'nothing to click'});
			});
		},
		// Export: the file the Export button offers.
		exported() {
			return this.download(() => this.click('^(export|download)$'));
		},
		importErrors() {
			const b = document.getElementById('log-import-errors');
			return b.hidden ? [] : Array.from(b.querySelectorAll('li')).map(li => li.innerText);
		},
	};
})(); true`

// logToday is the date the log tests give the page: noon UTC, the same
// day in every time zone from UTC-11 to UTC+11, whatever the clock says.
var logToday = time.Date(2026, time.June, 15, 12, 0, 0, 0, time.UTC)

// logTab opens a tab in which every page sees logToday as its date.
func logTab(t testing.TB) *tab {
	t.Helper()
	tb := newTab(t)
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fixedDateJS(logToday.UnixMilli())}); err != nil {
		t.Fatalf("fixing the date: %v", err)
	}
	return tb
}

// logEntry is one day as the form takes it.
type logEntry map[string]string

// testLog is the log the tests keep: a flare that peaks and eases, with a
// deadlift day before it. Day offsets are from today.
func testLog(today time.Time) []logEntry {
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	return []logEntry{
		{"date": day(-6), "pain": "0", "trained": "yes", "deadlift": "yes", "weight": "140", "reps": "5", "note": "felt fine"},
		{"date": day(-5), "pain": "6", "where": "lower_back", "note": `sharp, then "stiff"`},
		{"date": day(-4), "pain": "7", "where": "lower_back;buttock"},
		{"date": day(-3), "pain": "6", "where": "lower_back"},
		{"date": day(-2), "pain": "5", "where": "lower_back", "trained": "yes"},
		{"date": day(-1), "pain": "4", "where": "lower_back"}, // added in a second tab
		{"date": day(0), "pain": "3", "where": "leg"},         // added offline
	}
}

// goEntries reads entries into painlog's, failing t on any error.
func goEntries(t testing.TB, es []logEntry) []painlog.Entry {
	t.Helper()
	var out []painlog.Entry
	for _, e := range es {
		var f [len(painlog.Fields)]string
		for i, name := range painlog.Fields {
			f[i] = e[name]
		}
		pe, errs := painlog.Check(f)
		if errs != nil {
			t.Fatalf("%v: %v", e, errs)
		}
		out = append(out, pe)
	}
	return out
}

type logSummary struct {
	Days, Trend, Worst, Recurring, Text string
}

// wantSummary is what internal/painlog says of es today, in the page's terms.
func wantSummary(t testing.TB, es []logEntry, today time.Time) logSummary {
	d, _ := painlog.ParseDate(today.Format("2006-01-02"))
	s := painlog.Summarize(goEntries(t, es), d)
	w := logSummary{Trend: s.Trend, Recurring: "no"}
	if s.Episode {
		w.Days = strconv.Itoa(s.Days)
	}
	if s.Worst >= 0 {
		w.Worst = strconv.Itoa(s.Worst)
	}
	if s.Recurring {
		w.Recurring = "yes"
	}
	return w
}

func entryList(es []logEntry) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, e["date"]+"="+e["pain"])
	}
	slices.Sort(parts) // dates sort as text
	return strings.Join(parts, " ")
}

// openLog opens the log page in tb and waits for it to be ready.
func openLog(t testing.TB, tb *tab, u string) {
	t.Helper()
	if _, err := tb.open(u); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	mustEval[bool](t, tb, logJS)
	waitFor(t, tb, u+": the log is ready", `__e2eLog.ready() || __e2eLog.problem() !== ''`, "true")
	if p := mustEval[string](t, tb, `__e2eLog.problem()`); p != "" {
		t.Fatalf("%s: %s", u, p)
	}
}

// waitFor polls a JavaScript expression until its JSON equals want, for
// at most waitLimit (a bound against a hang only).
func waitFor(t testing.TB, tb *tab, what, expr, want string) {
	t.Helper()
	var got string
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		v, err := eval[any](tb, expr)
		if err != nil {
			t.Fatalf("%s: %s is %s, want %s (then: %v)", what, expr, clip(got, 300), want, err)
		}
		if got = mustJSON(v); got == want {
			return
		}
	}
	t.Fatalf("%s: %s is %s after %s, want %s", what, expr, clip(got, 300), waitLimit, want)
}

func addEntry(t testing.TB, tb *tab, e logEntry, want string) {
	t.Helper()
	if msg := mustEval[string](t, tb, `__e2eLog.add(`+mustJSON(e)+`)`); msg != "" {
		t.Fatal(msg)
	}
	waitFor(t, tb, "after adding "+e["date"], `__e2eLog.entries()`, mustJSON(want))
}

func checkSummary(t testing.TB, tb *tab, es []logEntry, today time.Time) logSummary {
	t.Helper()
	want := wantSummary(t, es, today)
	var got logSummary
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		v, err := eval[logSummary](tb, `__e2eLog.summary()`)
		if err != nil {
			break
		}
		if got = v; got.Days == want.Days && got.Trend == want.Trend && got.Worst == want.Worst && got.Recurring == want.Recurring {
			return got
		}
	}
	t.Fatalf("summary of %s: days %q trend %q worst %q recurring %q, want %+v (painlog.Summarize)\n%s",
		entryList(es), got.Days, got.Trend, got.Worst, got.Recurring, want, got.Text)
	return got
}

// TestLog follows a visitor's log through issue 15's list: entries added
// and kept across a reload, a second tab, the summary and "Check with my
// log", export and import, delete everything, print, and going offline.
func TestLog(t *testing.T) {
	t.Parallel()
	needChromium(t)
	s := builtSite(t, baseProject)
	// A server of its own, stopped for the offline part.
	origin, stop, err := serveDir(s.Dir, s.Base)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	u := origin + s.Path("/log/")
	// The page counts days from the browser's date, the test from logToday:
	// every tab gets that date before the page loads.
	today := logToday
	es := testLog(today)
	tb := logTab(t)
	openLog(t, tb, u)
	waitFor(t, tb, "the form's date (the page's today)", `document.getElementById('f-date').value`, mustJSON(today.Format("2006-01-02")))

	// Add, reload.
	for i, e := range es[:5] {
		addEntry(t, tb, e, entryList(es[:i+1]))
	}
	// The same day again replaces it, once the page has asked.
	changed := logEntry{"date": es[4]["date"], "pain": "5", "where": "lower_back", "trained": "yes", "deadlift": "no"}
	addEntry(t, tb, changed, entryList(es[:5]))
	waitFor(t, tb, "saving "+es[4]["date"]+" again", `document.getElementById('log-same-day').checkVisibility()`, "true")
	if !mustEval[bool](t, tb, `__e2eLog.click('^replace it')`) {
		t.Fatal("no Replace it button")
	}
	waitFor(t, tb, "after Replace it", `document.getElementById('log-same-day').checkVisibility() || document.getElementById('log-status').textContent`, mustJSON("Saved your change to "+strings.TrimLeft(today.AddDate(0, 0, -2).Format("2 Jan 2006"), "0")+"."))
	openLog(t, tb, u)
	if got := mustEval[string](t, tb, `__e2eLog.entries()`); got != entryList(es[:5]) {
		t.Fatalf("after a reload: %s, want %s", got, entryList(es[:5]))
	}

	// A second tab adds a day; the first shows it.
	tb2 := logTab(t)
	openLog(t, tb2, u)
	addEntry(t, tb2, es[5], entryList(es[:6]))
	waitFor(t, tb, "the first tab after the second added a day", `__e2eLog.entries()`, mustJSON(entryList(es[:6])))
	checkSummary(t, tb, es[:6], today)

	// Export: what Write makes of the same entries.
	type file struct{ Name, Text string }
	exported := mustEval[file](t, tb, `__e2eLog.exported()`)
	if want := painlog.Write(goEntries(t, es[:6])); exported.Name != "liftwell-log.csv" || exported.Text != want {
		t.Fatalf("export: %q\n%s\nwant liftwell-log.csv\n%s", exported.Name, exported.Text, want)
	}

	// Delete everything, after a confirmation.
	if !mustEval[bool](t, tb, `__e2eLog.click('^delete everything$')`) {
		t.Fatal("no Delete everything button")
	}
	if got := mustEval[string](t, tb, `__e2eLog.entries()`); got != entryList(es[:6]) {
		t.Fatal("Delete everything deleted without a confirmation")
	}
	if !mustEval[bool](t, tb, `__e2eLog.click('^yes, delete everything$')`) {
		t.Fatal("no confirmation button")
	}
	waitFor(t, tb, "after Delete everything", `__e2eLog.entries()`, `""`)
	waitFor(t, tb2, "the second tab after Delete everything", `__e2eLog.entries()`, `""`)

	// Import: a file with errors changes nothing and names each bad row;
	// the exported file brings the log back, and exports the same.
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte(painlog.Header+"\n"+es[0]["date"]+",3,,no,no,,,\n2026-02-30,4,,no,no,,,\n2026-03-01,12,back,no,no,,,\n"), 0o644)
	if _, err := chromedp.Run(tb.ctx, chromedp.SetUploadFiles(chromedp.CSS("#log-import"), []string{bad})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tb, "importing a bad file", `__e2eLog.importErrors().length`, "3")
	if errs := mustEval[[]string](t, tb, `__e2eLog.importErrors()`); !strings.HasPrefix(errs[0], "row 3: date:") || !strings.HasPrefix(errs[1], "row 4: pain:") || !strings.HasPrefix(errs[2], "row 4: where:") {
		t.Errorf("import errors: %q", errs)
	}
	if got := mustEval[string](t, tb, `__e2eLog.entries()`); got != "" {
		t.Fatalf("a bad import changed the log: %s", got)
	}
	good := filepath.Join(dir, "liftwell-log.csv")
	os.WriteFile(good, []byte(exported.Text), 0o644)
	if _, err := chromedp.Run(tb.ctx, chromedp.SetUploadFiles(chromedp.CSS("#log-import"), []string{good})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tb, "after importing the export", `__e2eLog.entries()`, mustJSON(entryList(es[:6])))
	if again := mustEval[file](t, tb, `__e2eLog.exported()`); again.Text != exported.Text {
		t.Fatalf("export after import:\n%s\nwant\n%s", again.Text, exported.Text)
	}

	// Change a day through its Change button: the form shows it, and
	// saving replaces it.
	if !mustEval[bool](t, tb, `(document.querySelector('[data-edit="`+es[3]["date"]+`"]').click(), true)`) {
		t.Fatal("no Change button")
	}
	type formState struct{ Date, Pain, Note, Title string }
	fs := mustEval[formState](t, tb, `(() => { const f = document.getElementById('log-form'); const p = f.querySelector('[name=pain]:checked');
		return {date: f.elements.date.value, pain: p ? p.value : '', note: f.elements.note.value, title: document.getElementById('log-form-title').innerText}; })()`)
	if fs.Date != es[3]["date"] || fs.Pain != es[3]["pain"] || !strings.HasPrefix(fs.Title, "Change") {
		t.Fatalf("Change %s: the form shows %+v", es[3]["date"], fs)
	}
	mustEval[bool](t, tb, `(document.getElementById('f-pain-8').checked = true, document.getElementById('log-form').requestSubmit(), true)`)
	waitFor(t, tb, "after changing a day", `__e2eLog.entries()`, mustJSON(strings.Replace(entryList(es[:6]), es[3]["date"]+"=6", es[3]["date"]+"=8", 1)))
	mustEval[bool](t, tb, `(document.querySelector('[data-edit="`+es[3]["date"]+`"]').click(), document.getElementById('f-pain-6').checked = true, document.getElementById('log-form').requestSubmit(), true)`)
	waitFor(t, tb, "after changing it back", `__e2eLog.entries()`, mustJSON(entryList(es[:6])))

	t.Run("html", func(t *testing.T) { logHTML(t, tb) })
	t.Run("checker", func(t *testing.T) { logChecker(t, tb, s, origin, es[:6], today) })
	t.Run("print", func(t *testing.T) { logPrint(t, tb, u) })
	t.Run("axe", func(t *testing.T) { logAxe(t, tb, u) })
	t.Run("keyboard", func(t *testing.T) { logKeyboard(t, tb, u, today) })

	// Offline: the service worker serves the page and the module; a day
	// added now is kept.
	openLog(t, tb, u)
	waitFor(t, tb, "the service worker", `navigator.serviceWorker.ready.then(r => !!r.active && !!navigator.serviceWorker.controller)`, "true")
	stop()
	openLog(t, tb, u)
	want := entryList(append(append([]logEntry{}, es[:6]...), logEntry{"date": today.Format("2006-01-02"), "pain": "2"}))
	addEntry(t, tb, es[6], strings.Replace(want, today.Format("2006-01-02")+"=2", today.Format("2006-01-02")+"=3", 1))
	checkSummary(t, tb, es, today)
	tb.check(t, u)
}

// logChecker opens "Check with my log" and checks that the checker shows
// the log's answers, and that with the other answers it gives the level
// that liftwell assess gives.
func logChecker(t *testing.T, tb *tab, s *site, origin string, es []logEntry, today time.Time) {
	want := wantSummary(t, es, today)
	checkSummary(t, tb, es, today)
	href := mustEval[string](t, tb, `document.getElementById('log-check').href`)
	wantHref := origin + s.Path("/checker/") + "#days=" + want.Days + "&trend=" + want.Trend + "&severity=" + want.Worst + "&recurring=" + want.Recurring
	if href != wantHref {
		t.Fatalf("Check with my log links to %s, want %s", href, wantHref)
	}
	if _, err := tb.open(href); err != nil {
		t.Fatal(err)
	}
	mustEval[bool](t, tb, checkerJS)
	filled := map[string]string{"days": want.Days, "trend": want.Trend, "severity": want.Worst, "recurring": want.Recurring}
	waitFor(t, tb, "the checker opened from the log", `(() => {
		const f = document.querySelector('form[novalidate]'), out = {};
		for (const name of `+mustJSON(slices.Collect(maps.Keys(filled)))+`) {
			const els = Array.from(f.elements).filter(e => e.name === name);
			const on = els.find(e => (e.type !== 'radio' && e.type !== 'checkbox') || e.checked);
			out[name] = on ? on.value : '';
		}
		return out;
	})()`, mustJSON(filled))
	rest := withNone(t, tb, with(map[string]string{"onset": "during_lift", "character": "ache"}))
	fillOK(t, tb, href, rest)
	answers := maps.Clone(rest)
	maps.Copy(answers, filled)
	st := toResult(t, tb, href, 12)
	if a := assess(t, answers); st.Level != a.Level {
		t.Errorf("checker from the log: level %s, liftwell assess %v: %s", st.Level, answers, a.Level)
	}
}

// logPrint checks the print layout: one A4 page holding the summary,
// the chart and the table, without the form or the buttons.
func logPrint(t *testing.T, tb *tab, u string) {
	openLog(t, tb, u)
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	type printed struct {
		Shown  []string `json:"shown"`
		Hidden []string `json:"hidden"`
	}
	p := mustEval[printed](t, tb, `(() => {
		const shown = (id) => document.getElementById(id).checkVisibility();
		const out = {shown: [], hidden: []};
		for (const id of ['log-summary', 'log-chart', 'log-table', 'log-form', 'log-export', 'log-delete-all', 'log-print', 'log-import'])
			(shown(id) ? out.shown : out.hidden).push(id);
		return out;
	})()`)
	if mustJSON(p.Shown) != `["log-summary","log-chart","log-table"]` {
		t.Errorf("in print: shown %v, hidden %v; want only the summary, the chart and the table", p.Shown, p.Hidden)
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
		t.Fatal(err)
	}
	yes := true
	res, err := chromedp.Call(tb.ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: &yes})
	if err != nil {
		t.Fatal(err)
	}
	pages := bytes.Count(res.Data, []byte("/Type /Page")) - bytes.Count(res.Data, []byte("/Type /Pages"))
	if pages != 1 {
		os.WriteFile(filepath.Join(os.TempDir(), "liftwell-log-print.pdf"), res.Data, 0o644)
		t.Errorf("the log prints on %d A4 pages, want 1 (see %s)", pages, filepath.Join(os.TempDir(), "liftwell-log-print.pdf"))
	}
}

// logAxe audits the log page with entries (the site-wide audit sees it
// empty) in light and dark at 1280 and 320 px.
func logAxe(t *testing.T, tb *tab, u string) {
	openLog(t, tb, u)
	auditViews(t, tb, axeViews, u, u+" (with entries)")
	if err := tb.setView(1280, "light"); err != nil {
		t.Fatal(err)
	}
}

// logKeyboard adds a day with the keyboard alone: Tab, Space, the arrow
// keys, typing and Enter.
func logKeyboard(t *testing.T, tb *tab, u string, today time.Time) {
	openLog(t, tb, u)
	before := mustEval[string](t, tb, `__e2eLog.entries()`)
	date := today.AddDate(0, 0, -20).Format("2006-01-02")
	mustEval[bool](t, tb, `document.getElementById('log-form-title').focus(), true`)
	press := func(keys ...string) {
		for _, k := range keys {
			if err := pressKey(tb, k); err != nil {
				t.Fatal(err)
			}
		}
	}
	typeText := func(s string) {
		if _, err := chromedp.Run(tb.ctx, chromedp.KeyEvent(s)); err != nil {
			t.Fatal(err)
		}
	}
	press(kb.Tab)
	if id := mustEval[string](t, tb, `document.activeElement.id`); id != "f-date" {
		t.Fatalf("Tab from the form's heading reached %q, want the date", id)
	}
	mustEval[bool](t, tb, `document.activeElement.select(), true`)
	typeText(date)
	press(kb.Tab, kb.Tab) // Today, Yesterday
	if mustEval[bool](t, tb, `document.getElementById('f-date-pick').checkVisibility()`) {
		press(kb.Tab) // the calendar
	}
	press(kb.Tab, " ", kb.ArrowRight, kb.ArrowRight, kb.ArrowRight) // pain 0, then 3
	press(kb.Tab, " ")                                              // lower back
	press(kb.Tab, kb.Tab, kb.Tab, kb.ArrowLeft)                     // buttock, leg, trained: yes
	press(kb.Tab, kb.Tab, kb.Tab, kb.Tab)                           // deadlift, weight, reps, note
	typeText("walked")
	press(kb.Tab)
	if id := mustEval[string](t, tb, `document.activeElement.id`); id != "log-save" {
		t.Fatalf("Tab after the note reached %q, want the save button", id)
	}
	press(kb.Enter)
	want := strings.TrimSpace(date + "=3 " + before)
	waitFor(t, tb, "after adding a day with the keyboard", `__e2eLog.entries()`, mustJSON(want))
	row := mustEval[string](t, tb, `document.querySelector('[data-entry][data-date="`+date+`"]').innerText`)
	if !strings.Contains(row, "lower back") || !strings.Contains(row, "Trained") || !strings.Contains(row, "walked") {
		t.Errorf("the day added with the keyboard reads %q", row)
	}
	// Delete it with the keyboard too.
	mustEval[bool](t, tb, `document.querySelector('[data-delete="`+date+`"]').focus(), true`)
	press(kb.Enter)
	waitFor(t, tb, "after deleting it", `__e2eLog.entries()`, mustJSON(before))
}

// TestLogStorageProblems: a browser without storage gets a message and
// the paper sheet, not a broken page; a stored log the page cannot read
// (here, one from a newer version) is shown as such, offered for download
// as it is, and never written over.
func TestLogStorageProblems(t *testing.T) {
	t.Parallel()
	needChromium(t)
	s := builtSite(t, baseRoot)
	u := s.URL("/log/")

	t.Run("no storage", func(t *testing.T) {
		tb := openTab(t, chromedp.WithNewBrowserContext()) // its storage is no other test's
		if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `Object.defineProperty(window, 'indexedDB', {get() { return undefined; }});`,
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := tb.open(u); err != nil {
			t.Fatal(err)
		}
		mustEval[bool](t, tb, logJS)
		waitFor(t, tb, "without storage", `__e2eLog.problem().includes('cannot keep a log') && __e2eLog.problem().includes('paper log sheet')`, "true")
		if mustEval[bool](t, tb, `__e2eLog.ready()`) {
			t.Error("without storage, the log's form is shown")
		}
		tb.check(t, u)
	})

	t.Run("unreadable", func(t *testing.T) {
		tb := openTab(t, chromedp.WithNewBrowserContext()) // its storage is no other test's
		openLog(t, tb, u)
		stored := `{"version":99,"entries":"from a newer page"}`
		put := `new Promise((resolve, reject) => {
			const r = indexedDB.open('liftwell-log:/', 1);
			r.onsuccess = () => {
				const tx = r.result.transaction('log', 'readwrite');
				tx.objectStore('log').put(` + stored + `, 'log');
				tx.oncomplete = () => { r.result.close(); resolve(true); };
				tx.onerror = () => reject(tx.error);
			};
			r.onerror = () => reject(r.error);
		})`
		mustEval[bool](t, tb, put)
		if _, err := tb.open(u); err != nil {
			t.Fatal(err)
		}
		mustEval[bool](t, tb, logJS)
		waitFor(t, tb, "with a log from a newer page", `__e2eLog.problem().includes('newer version')`, "true")
		type state struct {
			Save, Import, Raw bool
		}
		st := mustEval[state](t, tb, `({save: document.getElementById('log-fieldset').disabled, import: document.getElementById('log-import').disabled,
			raw: document.getElementById('log-raw').checkVisibility()})`)
		if !st.Save || !st.Import || !st.Raw {
			t.Errorf("with an unreadable log: save disabled %v, import disabled %v, raw download shown %v; want all true", st.Save, st.Import, st.Raw)
		}
		// A submission anyway (a script, or a stale tab) changes nothing.
		mustEval[string](t, tb, `__e2eLog.add({date: '2026-11-30', pain: '3'})`)
		time.Sleep(300 * time.Millisecond)
		got := mustEval[string](t, tb, `new Promise(resolve => {
			const r = indexedDB.open('liftwell-log:/', 1);
			r.onsuccess = () => { const g = r.result.transaction('log').objectStore('log').get('log'); g.onsuccess = () => { r.result.close(); resolve(JSON.stringify(g.result)); }; };
		})`)
		if got != stored {
			t.Errorf("the unreadable log was written over: %s, was %s", got, stored)
		}
		// Download it as it is.
		raw := mustEval[struct{ Name, Text string }](t, tb, `__e2eLog.download(() => (document.getElementById('log-raw').click(), true))`)
		if raw.Name != "liftwell-log-raw.json" || !strings.Contains(raw.Text, "from a newer page") {
			t.Errorf("raw download: %q %q", raw.Name, raw.Text)
		}
		tb.check(t, u)
	})
}

// logHTML runs the Nu HTML Checker on the log page as it is with entries
// (TestHTMLValid checks the built file, which has none).
func logHTML(t *testing.T, tb *tab) {
	needJava(t)
	doc := mustEval[string](t, tb, `'<!doctype html>\n' + document.documentElement.outerHTML`)
	if !strings.Contains(doc, "data-entry") {
		t.Fatal("no entries in the page")
	}
	f := filepath.Join(t.TempDir(), "log.html")
	if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, m := range runVNU(t, 2*time.Minute, f) {
		t.Errorf("the log page with entries: line %d: %s\n    %s", m.LastLine, m.Message, clip(m.Extract, 200))
	}
}
