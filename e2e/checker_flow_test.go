package e2e

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// The checker page's step flow (issue 11 §3): every path through the steps
// ends in the result that `liftwell assess` gives for the answers the
// form holds, and no path leads to a result for answers the form no
// longer holds, or past a required answer left blank.

// waitState polls the checker page until ok holds. The limit is only a
// guard against a hang: the answer may wait for the module to compile on
// a busy machine.
func waitState(t testing.TB, tb *tab, what string, ok func(chkState) bool) chkState {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		st := mustEval[chkState](t, tb, `__e2eChk.state()`)
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s: visible step %q, data-level %q, messages %q", waitLimit, what, st.Current, st.Level, st.Alerts)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// axeHere runs axe on the page as it is, light and dark, in the subtest
// name (which skips alone when axe-core is missing), then goes back to
// the light view.
func axeHere(t *testing.T, tb *tab, name, page string) {
	t.Run(name, func(t *testing.T) {
		auditViews(t, tb, []view{{1280, "light"}, {1280, "dark"}}, page, page)
	})
	if err := tb.setView(1280, "light"); err != nil {
		t.Fatal(err)
	}
}

// chkFacts is what the result on screen says, by id.
type chkFacts struct {
	Level     string   `json:"level"`
	Reasons   []string `json:"reasons"`
	Exercises []string `json:"exercises"`
	Tips      []string `json:"tips"`
	Tel       []string `json:"tel"`
}

// sameAsAssess fails t unless the result on screen is what `liftwell
// assess` gives for the answers: the level, the reason ids in order, and
// the exercises.
func sameAsAssess(t testing.TB, tb *tab, page string, answers map[string]string) chkFacts {
	t.Helper()
	return sameAs(t, tb, page, assess(t, answers), answers)
}

// sameAs is sameAsAssess with what assess gave for the answers already
// in hand.
func sameAs(t testing.TB, tb *tab, page string, want assessed, answers map[string]string) chkFacts {
	t.Helper()
	got := mustEval[chkFacts](t, tb, `__e2eChk.facts()`)
	var ids, tips []string
	for _, r := range want.Reasons {
		ids = append(ids, r.ID)
	}
	for _, tip := range want.Tips {
		tips = append(tips, tip.ID)
	}
	var tel []string
	for _, p := range want.Phones {
		tel = append(tel, "tel:"+p.Tel)
	}
	if !slices.Equal(got.Tel, tel) {
		t.Errorf("%s: the result's tel: links are %q, want %q (liftwell assess's phones)", page, got.Tel, tel)
	}
	if got.Level != want.Level || !slices.Equal(got.Reasons, ids) || !slices.Equal(got.Exercises, want.Exercises) || !slices.Equal(got.Tips, tips) {
		t.Errorf("%s: the page shows level %q, reasons %q, exercises %q, tips %q;\nliftwell assess gives %q, %q, %q, %q\nfor %v",
			page, got.Level, got.Reasons, got.Exercises, got.Tips, want.Level, ids, want.Exercises, tips, answers)
	}
	return got
}

// withNone ticks the "none of these" box of each step whose signs the
// answers leave unticked (spec v2: such a step cannot be passed blank).
func withNone(t testing.TB, tb *tab, answers map[string]string) map[string]string {
	t.Helper()
	out := maps.Clone(answers)
	for none, signs := range mustEval[map[string][]string](t, tb, `__e2eChk.noneBoxes()`) {
		if !slices.ContainsFunc(signs, func(s string) bool { return out[s] == "yes" }) {
			out[none] = "yes"
		}
	}
	return out
}

// fillOK fills the form and fails t if a field was missing.
func fillOK(t testing.TB, tb *tab, page string, answers map[string]string) {
	t.Helper()
	if missing := mustEval[[]string](t, tb, fmt.Sprintf(`__e2eChk.fill(%s)`, mustJSON(answers))); len(missing) > 0 {
		t.Fatalf("%s: could not fill %q", page, missing)
	}
}

// press clicks the visible step's forward button ("Continue", "Get my result").
func press(t testing.TB, tb *tab, page string) string {
	t.Helper()
	a := mustEval[chkAdvance](t, tb, `__e2eChk.advance()`)
	if a.Error != "" || a.Clicked == "" {
		t.Fatalf("%s: could not press the step's button: %+v", page, a)
	}
	return a.Clicked
}

// stepIDs lists the page's steps in order.
func stepIDs(t testing.TB, tb *tab) []string {
	return mustEval[[]string](t, tb, `Array.from(document.querySelectorAll('form[novalidate] [data-step]')).map(e => e.dataset.step)`)
}

// fullAnswers is one complete answer set: every step answered.
var fullAnswers = with(map[string]string{"fever": "yes", "onset": "next_days", "days": "2", "character": "ache",
	"severity": "3", "trend": "better", "warmed_up": "no", "deadlift_days": "2"})

// walk presses the forward button from the current step to the result,
// and returns the steps it passed through.
func walk(t testing.TB, tb *tab, page string) ([]string, chkState) {
	t.Helper()
	var seen []string
	for i := 0; i < 10; i++ {
		st := mustEval[chkState](t, tb, `__e2eChk.state()`)
		if st.Level != "" {
			return seen, st
		}
		seen = append(seen, st.Current)
		label := press(t, tb, page)
		waitState(t, tb, "the step after "+st.Current+" ("+label+")", func(n chkState) bool {
			return n.Level != "" || n.Current != st.Current || fmt.Sprint(n.Alerts) != fmt.Sprint(st.Alerts)
		})
		if n := mustEval[chkState](t, tb, `__e2eChk.state()`); n.Level == "" && len(n.Alerts) > 0 {
			t.Fatalf("%s: %q on step %s gave errors: %q", page, label, st.Current, n.Alerts)
		}
	}
	t.Fatalf("%s: no result after 10 steps (%v)", page, seen)
	return nil, chkState{}
}

// advanceTo presses Continue until the step shown is step, and fails t
// if a press brings an error or a result instead, or step is not reached
// within 10 presses.
func advanceTo(t testing.TB, tb *tab, page, step string) {
	t.Helper()
	st := mustEval[chkState](t, tb, `__e2eChk.state()`)
	for i := 0; st.Current != step; i++ {
		if len(st.Alerts) > 0 || st.Level != "" || i == 10 {
			t.Fatalf("%s: on the way to step %s, at %s: messages %q, level %q", page, step, st.Current, st.Alerts, st.Level)
		}
		cur := st.Current
		press(t, tb, page)
		st = waitState(t, tb, "the step after "+cur, func(n chkState) bool { return n.Current != cur || len(n.Alerts) > 0 })
	}
}

// reopenChecker loads the checker page at u again, fresh (without the
// answers this tab keeps), with the test's helpers.
func reopenChecker(t testing.TB, tb *tab, u string) {
	t.Helper()
	forgetKept(tb)
	if _, err := tb.open(u); err != nil {
		t.Fatal(err)
	}
	mustEval[bool](t, tb, checkerJS)
}

// forgetKept clears what the checker keeps in this tab (sessionStorage),
// so that the next load of the checker starts fresh. It first leaves a
// checker page for the site's home page (same origin, no checker script):
// a checker page still at work, say the module arriving after the
// emergency shortcut, would keep its answers again after the clear.
func forgetKept(tb *tab) {
	home, _ := eval[string](tb, `(() => {
		const p = location.pathname, i = p.indexOf('/checker/');
		return i >= 0 && location.protocol.startsWith('http') ? location.origin + p.slice(0, i + 1) : '';
	})()`)
	if home != "" {
		tb.open(home)
	}
	eval[bool](tb, `(() => { try { sessionStorage.clear(); } catch (e) {} return true; })()`)
}

func historyGo(t testing.TB, tb *tab, delta int) {
	t.Helper()
	mustEval[bool](t, tb, fmt.Sprintf(`history.go(%d), true`, delta))
}

// TestCheckerStartAgainBack: after Start again, the browser's Back button
// must not show a result: the result on that history entry was for
// answers the form no longer holds.
func TestCheckerStartAgainBack(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	initial := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
	fillOK(t, tb, u, withNone(t, tb, fullAnswers))
	held := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
	_, st := walk(t, tb, u)
	sameAsAssess(t, tb, u, held)
	if mustEval[string](t, tb, `__e2eChk.click("^start again$")`) == "" {
		t.Fatalf("%s: the result (%s) has no Start again button", u, st.Level)
	}
	first := stepIDs(t, tb)[0]
	waitState(t, tb, "the first step after Start again", func(n chkState) bool { return n.Level == "" && n.Current == first })
	for i := 1; i <= 3; i++ {
		historyGo(t, tb, -1)
		time.Sleep(100 * time.Millisecond) // popstate is asynchronous; the state must stay
		n := waitState(t, tb, "a step after Back", func(n chkState) bool { return n.Current != "" || n.Level != "" })
		if n.Level != "" {
			t.Fatalf("%s: Start again, then Back %d times, shows a result (data-level=%q) for the emptied form\n%s", u, i, n.Level, clip(n.Text, 300))
		}
		if n.Current != first {
			t.Errorf("%s: Start again, then Back %d times, shows step %q, want the first step %q (nothing is answered)", u, i, n.Current, first)
		}
		if vals := mustEval[map[string]string](t, tb, `__e2eChk.values()`); fmt.Sprint(vals) != fmt.Sprint(initial) {
			t.Errorf("%s: after Start again and Back the form holds %v, want %v", u, vals, initial)
		}
	}
	tb.check(t, u)
}

// TestCheckerChangeOutOfEmergency: an emergency result, then Change,
// untick the sign, Continue: every step not yet answered must follow, in
// order, before "check your answers"; the result is then assess's.
func TestCheckerChangeOutOfEmergency(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	ids := stepIDs(t, tb)
	fillOK(t, tb, u, map[string]string{"saddle_numbness": "yes"})
	press(t, tb, u)
	waitState(t, tb, "the emergency result", func(n chkState) bool { return n.Level != "" })
	sameAsAssess(t, tb, u, mustEval[map[string]string](t, tb, `__e2eChk.values()`))
	if mustEval[string](t, tb, `__e2eChk.click("^change")`) == "" {
		t.Fatalf("%s: the emergency result has no Change button", u)
	}
	waitState(t, tb, "a step after Change", func(n chkState) bool { return n.Level == "" && n.Current != "" })
	fillOK(t, tb, u, map[string]string{"saddle_numbness": ""})
	fillOK(t, tb, u, withNone(t, tb, fullAnswers))
	held := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
	seen, _ := walk(t, tb, u)
	// After Change, the page may show "check your answers" or the first
	// step; from there on, every step after the emergency one.
	start := slices.Index(seen, ids[0])
	if start < 0 {
		t.Fatalf("%s: after Change and unticking the sign, the steps were %v: the emergency step never came back", u, seen)
	}
	if got, want := seen[start:], ids; !slices.Equal(got, want) {
		t.Errorf("%s: leaving the emergency result went through %v, want every step %v", u, got, want)
	}
	sameAsAssess(t, tb, u, held)
	tb.check(t, u)
}

// TestCheckerBackForward walks to a result, then with the browser's Back
// button through every step to the first, then Forward to the result
// again: each step in order, answers kept, the same result at the end.
func TestCheckerBackForward(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	fillOK(t, tb, u, withNone(t, tb, fullAnswers))
	held := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
	seen, _ := walk(t, tb, u)
	if ids := stepIDs(t, tb); !slices.Equal(seen, ids) {
		t.Errorf("%s: the walk went through %v, want %v", u, seen, ids)
	}
	before := sameAsAssess(t, tb, u, held)
	for i := len(seen) - 1; i >= 0; i-- {
		historyGo(t, tb, -1)
		want := seen[i]
		waitState(t, tb, "step "+want+" after Back", func(n chkState) bool { return n.Level == "" && n.Current == want })
	}
	for i := 1; i <= len(seen); i++ {
		historyGo(t, tb, 1)
		if i == len(seen) {
			waitState(t, tb, "the result after Forward", func(n chkState) bool { return n.Level != "" })
			break
		}
		want := seen[i]
		waitState(t, tb, "step "+want+" after Forward", func(n chkState) bool { return n.Level == "" && n.Current == want })
	}
	if vals := mustEval[map[string]string](t, tb, `__e2eChk.values()`); fmt.Sprint(vals) != fmt.Sprint(held) {
		t.Errorf("%s: Back and Forward changed the answers: %v, want %v", u, vals, held)
	}
	if after := sameAsAssess(t, tb, u, held); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("%s: the result after Back and Forward is %+v, was %+v", u, after, before)
	}
	tb.check(t, u)
}

// TestCheckerSkippedAnswer clears a required answer and returns to "check
// your answers" with the browser's Back button: "Get my result" must give
// no result but an error summary whose link leads to the question.
func TestCheckerSkippedAnswer(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	fillOK(t, tb, u, withNone(t, tb, fullAnswers))
	seen, _ := walk(t, tb, u)
	historyGo(t, tb, -1)
	waitState(t, tb, "check your answers after Back", func(n chkState) bool { return n.Current == seen[len(seen)-1] })
	if mustEval[string](t, tb, `__e2eChk.click("^change\\s+how old")`) == "" {
		t.Fatalf("%s: check your answers has no Change link for the age", u)
	}
	waitState(t, tb, "the age question", func(n chkState) bool { return n.Active == "age" })
	fillOK(t, tb, u, map[string]string{"age": ""})
	historyGo(t, tb, -1)
	waitState(t, tb, "check your answers after Back", func(n chkState) bool { return n.Current == seen[len(seen)-1] })
	press(t, tb, u)
	st := waitState(t, tb, "an error summary", func(n chkState) bool { return n.Level != "" || len(n.Alerts) > 0 })
	if st.Level != "" {
		t.Fatalf("%s: with the age cleared, Get my result gave a result (data-level=%q)", u, st.Level)
	}
	// Issue 21 §5: the message names what is missing (the age) without
	// repeating the question.
	if all := strings.Join(st.Alerts, " "); !strings.Contains(all, "your age") || strings.Contains(all, "How old are you") {
		t.Errorf("%s: the error summary does not name the age in short: %q", u, st.Alerts)
	}
	axeHere(t, tb, "axe", u+" (check your answers, with an error)")
	if mustEval[string](t, tb, `(() => { const a = Array.from(document.querySelectorAll('.error-summary a')).find(a => /\bage\b/.test(a.innerText)); if (!a) return ''; a.click(); return a.innerText; })()`) == "" {
		t.Fatalf("%s: the error summary has no link to the age question", u)
	}
	waitState(t, tb, "focus on the age question", func(n chkState) bool { return n.Active == "age" && n.Current == seen[1] })
	axeHere(t, tb, "axe", u+" (a step with an error)")
	tb.check(t, u)
}

// TestCheckerNoneOfThese: the emergency and warning steps cannot be passed
// with nothing ticked, and "none of these" with a sign is an error; the
// message names the problem and no result or next step shows.
func TestCheckerNoneOfThese(t *testing.T) {
	t.Parallel() // its own tab; it mostly waits for the page
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	nones := mustEval[map[string][]string](t, tb, `__e2eChk.noneBoxes()`)
	if len(nones) < 2 {
		t.Fatalf("%s: the form has %d \"none of these\" boxes (spec v2 wants emergency_none and warning_none)", u, len(nones))
	}
	ids := stepIDs(t, tb)
	// The emergency step: blank, then none with a sign.
	for _, c := range []struct {
		name string
		fill map[string]string
	}{
		{"nothing ticked", map[string]string{}},
		{"none with a sign", map[string]string{"emergency_none": "yes", "saddle_numbness": "yes"}},
	} {
		reopenChecker(t, tb, u)
		fillOK(t, tb, u, c.fill)
		press(t, tb, u)
		st := waitState(t, tb, "an error ("+c.name+")", func(n chkState) bool { return n.Level != "" || len(n.Alerts) > 0 || n.Current != ids[0] })
		if st.Level != "" || st.Current != ids[0] || len(st.Alerts) == 0 {
			t.Errorf("%s: emergency step, %s: data-level %q, step %q, messages %q; want an error on the emergency step", u, c.name, st.Level, st.Current, st.Alerts)
		}
	}
	// The warning step, reached with the first steps answered.
	reopenChecker(t, tb, u)
	fillOK(t, tb, u, map[string]string{"emergency_none": "yes"})
	fillOK(t, tb, u, aboutYou)
	for _, c := range []map[string]string{{}, {"warning_none": "yes", "fever": "yes"}} {
		advanceTo(t, tb, u, "warning")
		fillOK(t, tb, u, c)
		press(t, tb, u)
		st := waitState(t, tb, "an error on the warning step", func(n chkState) bool { return len(n.Alerts) > 0 || n.Current != "warning" })
		if st.Current != "warning" || len(st.Alerts) == 0 {
			t.Errorf("%s: warning step with %v: step %q, messages %q; want an error on the warning step", u, c, st.Current, st.Alerts)
		}
	}
	tb.check(t, u)
}

// TestCheckerIdlePrefetch: with nobody touching the page, the module is
// fetched once the page is idle, but not compiled or run (both block the
// main thread; they wait for the first interaction). The page does not
// even read it, nor run Go's wasm_exec.js: the browser's prefetch puts
// both in its cache (reading the module's 2 MB on the page, even without
// compiling it, took two long tasks under Lighthouse's mobile emulation;
// issue #21).
func TestCheckerIdlePrefetch(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := s.URL("/checker/")
	tb.openPage(t, s, "/checker/")
	var state string
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if state = moduleState(t, tb); state == "fetched" || state == "ready" {
			break
		}
	}
	if state != "fetched" {
		t.Errorf("%s: with no interaction, the module is %q after %s, want it fetched (\"fetched\"), not run", u, state, waitLimit)
	}
	if mustEval[bool](t, tb, `typeof globalThis.liftwellAssess === 'function'`) {
		t.Errorf("%s: the module runs without any interaction", u)
	}
	if !slices.ContainsFunc(tb.requestsSoFar(), func(r string) bool { return strings.HasSuffix(r, ".wasm") }) {
		t.Errorf("%s: no request for the module while idle", u)
	}
	if mustEval[bool](t, tb, `typeof window.Go === 'function'`) {
		t.Errorf("%s: wasm_exec.js runs without any interaction", u)
	}
	// What the page's own scripts loaded of the module and its loader
	// (a script element, fetch), as against the browser's prefetch (link).
	read := mustEval[[]string](t, tb, `(() => {
		const c = document.getElementById('checker').dataset;
		const mine = [c.wasm, c.wasmExec].map(x => new URL(x, location.href).href);
		return performance.getEntriesByType('resource').filter(e => mine.includes(e.name) && e.initiatorType !== 'link').map(e => e.initiatorType + ' ' + e.name);
	})()`)
	if len(read) > 0 {
		t.Errorf("%s: with no interaction, the page itself loaded %q; want only the browser's prefetch", u, read)
	}
	tb.check(t, u)
}

// TestCheckerFollowUps: the questions that follow another answer (spec
// v3). leg_sides and saddle_recheck appear on the warning step once a
// leg item is ticked, are required then, and "both" or "yes" gives the
// emergency result at once; each pregnancy question shows only for the
// pregnancy values the spec names.
func TestCheckerFollowUps(t *testing.T) {
	t.Parallel() // its own tab; it mostly waits for the page
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	legQs := []string{"leg_sides", "saddle_recheck"}
	pregQs := []string{"pregnancy_signs", "early_pregnancy_danger", "pregnancy_emergency"}
	visible := func(names []string) []string {
		return mustEval[[]string](t, tb, fmt.Sprintf(`__e2eChk.visible(%s)`, mustJSON(names)))
	}
	toWarning := func(about map[string]string) {
		t.Helper()
		reopenChecker(t, tb, u)
		fillOK(t, tb, u, map[string]string{"emergency_none": "yes"})
		fillOK(t, tb, u, about)
		advanceTo(t, tb, u, "warning")
	}

	// The leg questions: hidden, then shown and required with a leg item.
	toWarning(aboutYou)
	if v := visible(legQs); len(v) > 0 {
		t.Errorf("%s: %v show with no leg item ticked", u, v)
	}
	fillOK(t, tb, u, map[string]string{"leg_numbness": "yes"})
	if v := visible(legQs); !slices.Equal(v, legQs) {
		t.Fatalf("%s: with a leg item ticked, %v show; want %v", u, v, legQs)
	}
	press(t, tb, u)
	st := waitState(t, tb, "an error for the leg questions", func(n chkState) bool { return len(n.Alerts) > 0 || n.Current != "warning" })
	if st.Current != "warning" || st.Level != "" || len(st.Alerts) == 0 {
		t.Errorf("%s: leg item ticked, leg questions blank: step %q, level %q, messages %q; want an error on the warning step", u, st.Current, st.Level, st.Alerts)
	}
	fillOK(t, tb, u, map[string]string{"leg_numbness": ""})
	if v := visible(legQs); len(v) > 0 {
		t.Errorf("%s: %v still show once the leg item is unticked", u, v)
	}

	// "both" and "yes": the emergency result at once, from the warning step.
	for _, answer := range []map[string]string{
		{"leg_pain": "yes", "leg_sides": "both", "saddle_recheck": "no"},
		{"leg_weakness": "yes", "leg_sides": "one", "saddle_recheck": "yes"},
	} {
		toWarning(aboutYou)
		fillOK(t, tb, u, answer)
		press(t, tb, u)
		st := waitState(t, tb, "the emergency result", func(n chkState) bool { return n.Level != "" || len(n.Alerts) > 0 })
		if want := assess(t, with(answer)).Level; st.Level != "emergency" || want != "emergency" {
			t.Errorf("%s: %v on the warning step gives %q (assess: %q), messages %q; want emergency at once", u, answer, st.Level, want, st.Alerts)
		}
	}

	// The pregnancy questions, for each value (the spec's table).
	for _, c := range []struct {
		pregnancy string
		want      []string
	}{
		{"no", nil},
		{"possible", []string{"pregnancy_signs", "early_pregnancy_danger"}},
		{"early", []string{"pregnancy_signs", "early_pregnancy_danger"}},
		{"later", []string{"pregnancy_signs", "pregnancy_emergency"}},
		{"after_birth", nil},
	} {
		toWarning(with(map[string]string{"pregnancy": c.pregnancy}))
		if v := visible(pregQs); !slices.Equal(v, c.want) && len(v)+len(c.want) > 0 {
			t.Errorf("%s: pregnancy=%s shows %v, want %v", u, c.pregnancy, v, c.want)
		}
	}
	tb.check(t, u)
}
