package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/painlog"
)

// The log page's handling of days (issue 21, part 6): a day entered twice,
// Undo, the date field, the chart's span, legend and range buttons, the
// [hidden] buttons, 200% text, the training sentence, and the facts the
// page takes from Go (issue 23, item 4). The page's date is fixed at
// uxToday, by a Date put in before the page's scripts run.

// uxToday is the visitor's date in these tests.
var uxToday = time.Date(2026, 12, 7, 12, 0, 0, 0, time.Local)

// uxDay is a date n days from uxToday, as the form writes it.
func uxDay(n int) string { return uxToday.AddDate(0, 0, n).Format("2006-01-02") }

// fixedDateJS makes new Date() and Date.now() start from ms, and count on
// from there, in every page the tab opens from now on (the Go module's
// clock reads the page's Date too); dates with arguments stay.
func fixedDateJS(ms int64) string {
	return `(() => {
	const Real = Date, offset = ` + strconv.FormatInt(ms, 10) + ` - Real.now();
	class FixedDate extends Real {
		constructor(...args) { if (args.length) super(...args); else super(Real.now() + offset); }
		static now() { return Real.now() + offset; }
	}
	window.Date = FixedDate;
})();`
}

// uxLog opens the log page on a server of its own (so its storage starts
// empty), with the date fixed at uxToday; each of before runs in the page
// too, before its own scripts.
func uxLog(t *testing.T, before ...string) (*tab, string) {
	t.Helper()
	needChromium(t)
	s := builtSite(t, baseRoot)
	origin := ownOrigin(t, s)
	tb := newTab(t)
	for _, js := range append([]string{fixedDateJS(uxToday.UnixMilli())}, before...) {
		if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js}); err != nil {
			t.Fatal(err)
		}
	}
	u := origin + s.Path("/log/")
	openLog(t, tb, u)
	if got := mustEval[string](t, tb, `document.getElementById('f-date').value`); got != uxDay(0) {
		t.Fatalf("the date field starts as %q, want the fixed today %s", got, uxDay(0))
	}
	return tb, u
}

// shownJS is true when the element with that id is rendered.
func shownJS(id string) string {
	return `(() => { const e = document.getElementById('` + id + `'); return !!e && e.checkVisibility(); })()`
}

// TestLogSameDay: saving a date that already has an entry asks first,
// and neither choice loses the earlier day's "where" answers unasked.
func TestLogSameDay(t *testing.T) {
	t.Parallel()
	tb, u := uxLog(t)
	first := logEntry{"date": uxDay(-2), "pain": "6", "where": "lower_back;buttock", "note": "stiff"}
	addEntry(t, tb, first, uxDay(-2)+"=6")
	again := logEntry{"date": uxDay(-2), "pain": "3", "where": "leg"}
	if msg := mustEval[string](t, tb, `__e2eLog.add(`+mustJSON(again)+`)`); msg != "" {
		t.Fatal(msg)
	}
	waitFor(t, tb, "saving a day already logged", shownJS("log-same-day"), "true")
	if got := mustEval[string](t, tb, `__e2eLog.entries()`); got != uxDay(-2)+"=6" {
		t.Fatalf("saving a day already logged replaced it without asking: %s", got)
	}
	text := mustEval[string](t, tb, `document.getElementById('log-same-day').innerText`)
	if !strings.Contains(text, "already logged") || !strings.Contains(text, "lower back, buttock") {
		t.Errorf("the question says %q; want it to name the day logged and its answers", text)
	}
	if id := mustEval[string](t, tb, `document.activeElement.id`); id != "log-same-day" {
		t.Errorf("focus is on %q, want the question", id)
	}
	auditViews(t, tb, axeViews[:1], u, u+" (asking about a day already logged)")

	// "Open that day" shows the day as it was logged, to change it.
	if !mustEval[bool](t, tb, `__e2eLog.click('^open that day')`) {
		t.Fatal("no button to open the day already logged")
	}
	type formState struct{ Date, Pain, Where, Title string }
	fs := mustEval[formState](t, tb, `(() => { const f = document.getElementById('log-form'); const p = f.querySelector('[name=pain]:checked');
		return {date: f.elements.date.value, pain: p ? p.value : '', where: Array.from(f.querySelectorAll('[name=where]:checked')).map(x => x.value).join(';'),
			title: document.getElementById('log-form-title').innerText}; })()`)
	if fs.Date != first["date"] || fs.Pain != "6" || fs.Where != "lower_back;buttock" || !strings.HasPrefix(fs.Title, "Change") {
		t.Fatalf("Open that day: the form shows %+v, want %v to change", fs, first)
	}
	if !mustEval[bool](t, tb, shownJS("log-cancel")) {
		t.Error("changing a day: no Cancel the change")
	}

	// Asked again, "Replace it" replaces it.
	mustEval[bool](t, tb, `(__e2eLog.click('^cancel the change$'), true)`)
	mustEval[string](t, tb, `__e2eLog.add(`+mustJSON(again)+`)`)
	waitFor(t, tb, "saving the day again", shownJS("log-same-day"), "true")
	if !mustEval[bool](t, tb, `__e2eLog.click('^replace it')`) {
		t.Fatal("no button to replace the day")
	}
	waitFor(t, tb, "after Replace it", `__e2eLog.entries()`, mustJSON(uxDay(-2)+"=3"))
	tb.check(t, u)
}

// TestLogUndo: Delete and Delete everything offer Undo, which puts the
// days back as they were.
func TestLogUndo(t *testing.T) {
	t.Parallel()
	tb, u := uxLog(t)
	es := []logEntry{
		{"date": uxDay(-3), "pain": "5", "where": "lower_back;leg", "trained": "yes", "note": "after squats"},
		{"date": uxDay(-1), "pain": "2", "where": "buttock"},
	}
	addEntry(t, tb, es[0], entryList(es[:1]))
	addEntry(t, tb, es[1], entryList(es))
	rowText := `document.querySelector('[data-entry][data-date="` + es[0]["date"] + `"]').innerText`
	before := mustEval[string](t, tb, rowText)

	mustEval[bool](t, tb, `(document.querySelector('[data-delete="`+es[0]["date"]+`"]').click(), true)`)
	waitFor(t, tb, "after Delete", `__e2eLog.entries()`, mustJSON(entryList(es[1:])))
	waitFor(t, tb, "Undo after Delete", shownJS("log-undo"), "true")
	if id := mustEval[string](t, tb, `document.activeElement.id`); id != "log-undo" {
		t.Errorf("after Delete, focus is on %q, want Undo", id)
	}
	auditViews(t, tb, axeViews[:1], u, u+" (Undo shown)")
	if !mustEval[bool](t, tb, `__e2eLog.click('^undo$')`) {
		t.Fatal("no Undo button")
	}
	waitFor(t, tb, "after Undo", `__e2eLog.entries()`, mustJSON(entryList(es)))
	if after := mustEval[string](t, tb, rowText); after != before {
		t.Errorf("after Undo the day reads %q, was %q", after, before)
	}
	if mustEval[bool](t, tb, shownJS("log-undo")) {
		t.Error("Undo is still offered after it was used")
	}

	// Delete everything, after its confirmation, can be undone too.
	mustEval[bool](t, tb, `__e2eLog.click('^delete everything$')`)
	mustEval[bool](t, tb, `__e2eLog.click('^yes, delete everything$')`)
	waitFor(t, tb, "after Delete everything", `__e2eLog.entries()`, `""`)
	waitFor(t, tb, "Undo after Delete everything", shownJS("log-undo"), "true")
	mustEval[bool](t, tb, `__e2eLog.click('^undo$')`)
	waitFor(t, tb, "after undoing Delete everything", `__e2eLog.entries()`, mustJSON(entryList(es)))
	tb.check(t, u)
}

// TestLogDateField: Today and Yesterday, a calendar, dates typed year
// first in several ways, and clear errors for a date written day or month
// first and for a future date.
func TestLogDateField(t *testing.T) {
	t.Parallel()
	tb, u := uxLog(t)
	for _, c := range []struct{ button, want string }{{"^yesterday$", uxDay(-1)}, {"^today$", uxDay(0)}} {
		if !mustEval[bool](t, tb, `__e2eLog.click('`+c.button+`')`) {
			t.Fatalf("no %s button by the date", c.button)
		}
		if got := mustEval[string](t, tb, `document.getElementById('f-date').value`); got != c.want {
			t.Errorf("%s: the date is %q, want %s", c.button, got, c.want)
		}
	}
	// The calendar: a button that opens the browser's date picker on a
	// date input made at the first press, which starts at the date typed
	// and cannot go past today. Before that press the page has no date
	// input: its own parts cost /log/'s first style pass more than the
	// rest of the form together (issue #21, Lighthouse).
	if mustEval[bool](t, tb, `!!document.querySelector('input[type=date]')`) {
		t.Error("the page has a date input before the calendar button is pressed")
	}
	if !mustEval[bool](t, tb, shownJS("f-date-pick")) {
		t.Fatal("no calendar button by the date")
	}
	mustEval[bool](t, tb, `document.getElementById('f-date').value = '`+uxDay(-2)+`', document.getElementById('f-date-pick').click(), true`)
	type calendar struct{ Type, Max, Value string }
	wantCal := calendar{"date", uxDay(0), uxDay(-2)}
	if c := mustEval[calendar](t, tb, `(() => { const c = document.getElementById('f-date-calendar'); return c ? {type: c.type, max: c.max, value: c.value} : {}; })()`); c != wantCal {
		t.Errorf("after the calendar button: the date input is %+v, want %+v", c, wantCal)
	}
	mustEval[bool](t, tb, `(() => { const c = document.getElementById('f-date-calendar'); c.value = '`+uxDay(-5)+`'; c.dispatchEvent(new Event('change')); return true; })()`)
	if got := mustEval[string](t, tb, `document.getElementById('f-date').value`); got != uxDay(-5) {
		t.Errorf("a date chosen on the calendar: the date field says %q, want %s", got, uxDay(-5))
	}

	// Typed year first, in any of these ways.
	want := ""
	for _, c := range []struct{ typed, date string }{
		{"20261203", "2026-12-03"},
		{"2026-12-4", "2026-12-04"},
		{" 2026/12/05 ", "2026-12-05"},
	} {
		want = strings.TrimSpace(want + " " + c.date + "=1")
		addEntry(t, tb, logEntry{"date": c.typed, "pain": "1"}, want)
	}

	// Refused, with an error summary that links to the field and says why.
	for _, c := range []struct{ typed, says string }{
		{"3/12/2026", "year first"},
		{uxDay(1), "future"},
		{"2026-02-30", "real date"},
	} {
		mustEval[string](t, tb, `__e2eLog.add(`+mustJSON(logEntry{"date": c.typed, "pain": "1"})+`)`)
		waitFor(t, tb, c.typed+": the error summary", shownJS("log-errors"), "true")
		type errState struct{ Summary, Field, Href, Focus string }
		st := mustEval[errState](t, tb, `({summary: document.getElementById('log-errors').innerText, field: document.getElementById('f-date-error').innerText,
			href: (document.querySelector('#log-error-list a') || {}).getAttribute?.('href') || '', focus: document.activeElement.id})`)
		if !strings.Contains(st.Summary, c.says) || !strings.Contains(st.Field, c.says) || st.Href != "#f-date" || st.Focus != "log-errors" {
			t.Errorf("%q: error summary %q, field error %q, link %q, focus %q; want %q in both, a link to #f-date and focus on the summary",
				c.typed, st.Summary, st.Field, st.Href, st.Focus, c.says)
		}
		if got := mustEval[string](t, tb, `__e2eLog.entries()`); got != want {
			t.Fatalf("%q was saved: %s", c.typed, got)
		}
	}
	auditViews(t, tb, axeViews[:1], u, u+" (date errors)")
	tb.check(t, u)
}

// TestLogChart: the chart spans the days logged (at least 14 days, at
// most the range chosen), its legend prints, and the range button pressed
// looks pressed on screen and in print.
func TestLogChart(t *testing.T) {
	t.Parallel()
	tb, u := uxLog(t)
	es := []logEntry{{"date": uxDay(-5), "pain": "4"}, {"date": uxDay(-4), "pain": "5", "trained": "yes"}, {"date": uxDay(-1), "pain": "3"}}
	for i, e := range es {
		addEntry(t, tb, e, entryList(es[:i+1]))
	}
	span := `(() => { const t = document.querySelector('#log-chart svg title'); return t ? t.textContent.replace(/:.*/, '') : ''; })()`
	waitFor(t, tb, "a week logged, the last 8 weeks shown", span, mustJSON("Pain from 24 Nov 2026 to 7 Dec 2026"))
	old := logEntry{"date": uxDay(-30), "pain": "2"}
	addEntry(t, tb, old, entryList(append(es, old)))
	waitFor(t, tb, "a day 30 days back", span, mustJSON("Pain from 7 Nov 2026 to 7 Dec 2026"))
	older := logEntry{"date": uxDay(-100), "pain": "1"}
	addEntry(t, tb, older, entryList(append(es, old, older)))
	waitFor(t, tb, "a day 100 days back, the last 8 weeks shown", span, mustJSON("Pain from 13 Oct 2026 to 7 Dec 2026"))
	mustEval[bool](t, tb, `__e2eLog.click('^all of it$')`)
	waitFor(t, tb, "a day 100 days back, all shown", span, mustJSON("Pain from 29 Aug 2026 to 7 Dec 2026"))

	// The pressed button differs from the other one on screen; in print
	// the pressed one shows, marked, and the legend stays.
	type look struct {
		Pressed, Other       string
		PressedShown, Legend bool
	}
	read := `(() => {
		const st = (id) => { const s = getComputedStyle(document.getElementById(id)); return s.backgroundColor + ' ' + s.color + ' ' + s.borderColor; };
		const pressed = document.querySelector('[aria-pressed="true"]'), other = document.querySelector('[aria-pressed="false"]');
		return {pressed: st(pressed.id), other: st(other.id), pressedShown: pressed.checkVisibility(),
			legend: document.getElementById('log-chart-caption').checkVisibility() && document.querySelector('#log-chart-caption .key-trained').checkVisibility()};
	})()`
	if l := mustEval[look](t, tb, read); l.Pressed == l.Other || !l.PressedShown {
		t.Errorf("on screen: the pressed range button looks like the other (%s); shown %v", l.Pressed, l.PressedShown)
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	l := mustEval[look](t, tb, read)
	if !l.PressedShown || !l.Legend {
		t.Errorf("in print: the pressed range button shown %v, the legend shown %v; want both", l.PressedShown, l.Legend)
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
		t.Fatal(err)
	}
	tb.check(t, u)
}

// TestLogLayout: "Cancel the change" is hidden while adding a day (no
// button style may override [hidden]), and at 200% text on a 360 px
// screen no button runs off the screen.
func TestLogLayout(t *testing.T) {
	t.Parallel()
	tb, u := uxLog(t)
	if mustEval[bool](t, tb, shownJS("log-cancel")) {
		t.Error("adding a day: Cancel the change is shown")
	}
	if n := mustEval[int](t, tb, `Array.from(document.querySelectorAll('[hidden]')).filter(e => e.checkVisibility()).length`); n != 0 {
		t.Errorf("%d elements with the hidden attribute are shown", n)
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 360, Height: 780, DeviceScaleFactor: 1, Mobile: true}); err != nil {
		t.Fatal(err)
	}
	type over struct {
		Width, Scroll int
		Out           []string
	}
	o := mustEval[over](t, tb, `(async () => {
		document.documentElement.style.fontSize = '200%';
		await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
		const w = document.documentElement.clientWidth;
		const out = Array.from(document.querySelectorAll('button, .button, input, label')).filter(e => e.checkVisibility())
			.filter(e => e.getBoundingClientRect().right > w + 0.5 || e.getBoundingClientRect().left < -0.5)
			.map(e => (e.id || e.textContent.trim()) + ' ' + Math.round(e.getBoundingClientRect().right - w) + 'px');
		return {width: w, scroll: document.documentElement.scrollWidth, out};
	})()`)
	if o.Scroll > o.Width || len(o.Out) > 0 {
		t.Errorf("at 200%% text, 360 px: the page is %d px wide in %d; over the edge: %v", o.Scroll, o.Width, o.Out)
	}
	mustEval[bool](t, tb, `(document.documentElement.style.fontSize = '', true)`)
	tb.check(t, u)
}

// TestLogTrainingSentence: with pain every day, rest days included, the
// summary does not say that pain followed the training sessions.
func TestLogTrainingSentence(t *testing.T) {
	t.Parallel()
	tb, u := uxLog(t)
	var es []logEntry
	for n := -10; n <= 0; n++ {
		e := logEntry{"date": uxDay(n), "pain": "4", "where": "lower_back"}
		if n == -9 || n == -6 || n == -3 {
			e["trained"] = "yes"
		}
		es = append(es, e)
		addEntry(t, tb, e, entryList(es))
	}
	d, _ := painlog.ParseDate(uxDay(0))
	s := painlog.Summarize(goEntries(t, es), d)
	if !s.AnyDay || s.Followed != 3 || s.Sessions != 3 {
		t.Fatalf("painlog.Summarize: %+v; want pain after 3 of 3 sessions and on any day", s)
	}
	got := checkSummary(t, tb, es, uxToday)
	if strings.Contains(got.Text, "pain followed 3 of your 3") || !strings.Contains(got.Text, "whether or not you train") ||
		!strings.Contains(got.Text, strconv.Itoa(s.AwayPain)+" of your "+strconv.Itoa(s.AwayDays)+" days away from training") {
		t.Errorf("the summary says:\n%s\nwant it to say that the pain came on %d of %d days away from training too, whether or not you train", got.Text, s.AwayPain, s.AwayDays)
	}
	tb.check(t, u)
}

// TestLogFacts: the page's pain scale, places, thresholds and chart range
// are the ones Go holds (the checker's severity scale, painlog's Areas and
// constants), and the chart follows the page's facts, not numbers of its
// own.
func TestLogFacts(t *testing.T) {
	t.Parallel()
	tb, u := uxLog(t)
	var scale []checker.Anchor
	for _, g := range checker.Page().Groups {
		for _, q := range g.Questions {
			if q.ID == "severity" {
				scale = q.Scale
			}
		}
	}
	var want []string
	for _, a := range scale {
		for n := a.From; n <= a.To; n++ {
			want = append(want, strconv.Itoa(n)+" "+strings.ToLower(a.Name))
		}
	}
	got := mustEval[[]string](t, tb, `Array.from(document.querySelectorAll('input[name=pain]')).map(b => b.value + ' ' + (b.dataset.severity || ''))`)
	if mustJSON(got) != mustJSON(want) {
		t.Errorf("the pain buttons: %q, want the checker's scale %q", got, want)
	}
	var areas []string
	for _, a := range painlog.Areas {
		areas = append(areas, a.Name+" "+a.Label)
	}
	gotAreas := mustEval[[]string](t, tb, `Array.from(document.querySelectorAll('input[name=where]')).map(b => b.value + ' ' + b.labels[0].textContent)`)
	if mustJSON(gotAreas) != mustJSON(areas) {
		t.Errorf("the where boxes: %q, want painlog.Areas %q", gotAreas, areas)
	}
	facts := mustEval[map[string]string](t, tb, `({...document.getElementById('log').dataset})`)
	for name, v := range map[string]int{"breakDays": painlog.BreakDays, "trendDays": painlog.TrendDays, "minChange": painlog.MinChange,
		"weeks": painlog.Weeks, "followDays": painlog.FollowDays, "chartDays": 7 * painlog.ChartWeeks, "minChartDays": painlog.MinChartDays} {
		if facts[name] != strconv.Itoa(v) {
			t.Errorf("#log data %s is %q, want %d (internal/painlog)", name, facts[name], v)
		}
	}
	// The README: "a chart of the last 8 weeks or all of it", "at least 14" days.
	if facts["chartDays"] != "56" || facts["minChartDays"] != "14" {
		t.Errorf("#log data chartDays %q, minChartDays %q; want 56 and 14 (the README: the last 8 weeks, at least 14 days)", facts["chartDays"], facts["minChartDays"])
	}
	if got := mustEval[string](t, tb, `document.querySelector('[aria-pressed="true"]').textContent`); got != "Last 8 weeks" {
		t.Errorf("the range pressed at first says %q, want \"Last 8 weeks\"", got)
	}
	tb.check(t, u)

	// Other facts in the page, put there before log.js reads them: the
	// chart follows them (21 days shown at first, at least 7).
	other := `new MutationObserver((_, o) => {
		const l = document.getElementById('log');
		if (l) { l.dataset.chartDays = '21'; l.dataset.minChartDays = '7'; o.disconnect(); }
	}).observe(document, {childList: true, subtree: true});`
	tb, u = uxLog(t, other)
	span := `(() => { const t = document.querySelector('#log-chart svg title'); return t ? t.textContent.replace(/:.*/, '') : ''; })()`
	es := []logEntry{{"date": uxDay(-2), "pain": "4"}}
	addEntry(t, tb, es[0], entryList(es))
	waitFor(t, tb, "one day logged, at least 7 days spanned", span, mustJSON("Pain from 1 Dec 2026 to 7 Dec 2026"))
	es = append(es, logEntry{"date": uxDay(-100), "pain": "2"})
	addEntry(t, tb, es[1], entryList(es))
	waitFor(t, tb, "a day 100 days back, the last 21 days shown", span, mustJSON("Pain from 17 Nov 2026 to 7 Dec 2026"))
	mustEval[bool](t, tb, `__e2eLog.click('^all of it$')`)
	waitFor(t, tb, "a day 100 days back, all shown", span, mustJSON("Pain from 29 Aug 2026 to 7 Dec 2026"))
	mustEval[bool](t, tb, `__e2eLog.click('^last')`)
	waitFor(t, tb, "the last 21 days again", span, mustJSON("Pain from 17 Nov 2026 to 7 Dec 2026"))
	tb.check(t, u)
}
