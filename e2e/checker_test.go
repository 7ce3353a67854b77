package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The checker's contract (shared/spec/checker.md): the ids of its answers
// and the values each one allows. The page's one <form novalidate> must
// hold a field for each, with these values.
var checkerFields = map[string][]string{
	// Emergency signs: tick boxes, "yes" when ticked.
	"saddle_numbness": {"yes"}, "bladder_bowel": {"yes"}, "sexual_change": {"yes"},
	"both_legs": {"yes"}, "legs_unsteady": {"yes"}, "major_trauma": {"yes"},
	"chest_or_belly": {"yes"}, "dark_urine": {"yes"}, "very_unwell": {"yes"},
	"too_much_paracetamol": {"yes"}, "emergency_unsure": {"yes"}, "emergency_none": {"yes"},
	// About you.
	"age": nil, "first_episode": {"yes", "no"}, "pregnancy": {"no", "possible", "early", "later", "after_birth"},
	"cancer_history": {"yes", "no"}, "bone_risk": {"yes", "no"}, "infection_risk": {"yes", "no"},
	"diabetes": {"yes", "no"}, "recent_infection": {"yes", "no"}, "known_deficit": {"yes", "no"}, "blood_thinners": {"yes", "no"},
	// Warning signs.
	"fever": {"yes"}, "weight_loss": {"yes"}, "night_pain": {"none", "wakes_when_moving", "keeps_awake", "constant"},
	"minor_fall": {"yes"}, "foot_drop": {"yes"}, "leg_weakness": {"yes"}, "leg_numbness": {"yes"},
	"leg_pain": {"yes"}, "leg_sides": {"one", "both"}, "saddle_recheck": {"no", "yes", "not_sure"},
	"cough_sneeze": {"yes"}, "limp": {"yes"}, "daily_activities": {"yes"},
	"back_lump": {"yes"}, "upper_back": {"yes"}, "flank_pain": {"yes"}, "other_painkillers": {"yes"},
	"pregnancy_signs": {"yes"}, "early_pregnancy_danger": {"yes"}, "pregnancy_emergency": {"yes"},
	"belly_or_vomiting": {"yes"}, "warning_none": {"yes"},
	// Your pain.
	"onset": {"during_lift", "sudden", "after_hours", "next_days", "no_link"}, "days": nil,
	"character": {"ache", "sharp", "pinpoint"}, "severity": nil, "trend": {"better", "same", "worse"},
	"recurring": {"yes", "no"}, "morning_stiffness": {"yes", "no"},
	// Your training.
	"warmed_up": {"yes", "no"}, "load_jump": {"yes", "no"}, "late_in_session": {"yes", "no"},
	"back_position": {"neutral", "rounded", "arched", "not_sure"}, "rested_between_sets": {"yes", "no"},
	"stretched_after": {"yes", "no"}, "deadlift_days": nil, "prior_condition": {"yes", "no"},
}

// aboutYou answers the questions that the step flow asks for before moving on.
var aboutYou = map[string]string{
	"age": "34", "first_episode": "no", "pregnancy": "no", "cancer_history": "no",
	"bone_risk": "no", "infection_risk": "no", "diabetes": "no", "recent_infection": "no",
	"known_deficit": "no", "blood_thinners": "no", "night_pain": "none",
}

// oneLeg answers the questions the warning step asks once a leg item is
// ticked: symptoms in one leg, no change around the bottom.
var oneLeg = map[string]string{"leg_sides": "one", "saddle_recheck": "no"}

// answerSet is one person's answers, with the level it is meant to reach
// (the `assess` command decides; the name is for humans).
type answerSet struct {
	name    string
	answers map[string]string
}

func with(extra ...map[string]string) map[string]string {
	m := maps.Clone(aboutYou)
	for _, e := range extra {
		maps.Copy(m, e)
	}
	return m
}

var answerSets = []answerSet{
	{"emergency sign", with(map[string]string{"bladder_bowel": "yes", "onset": "during_lift", "days": "0", "character": "sharp", "severity": "6", "trend": "same"})},
	{"cancer with leg numbness", with(oneLeg, map[string]string{"cancer_history": "yes", "leg_numbness": "yes", "onset": "no_link", "days": "10", "character": "ache", "severity": "4", "trend": "same"})},
	{"fever", with(map[string]string{"fever": "yes", "onset": "next_days", "days": "2", "character": "ache", "severity": "3", "trend": "better"})},
	{"older, minor fall", with(map[string]string{"age": "70", "minor_fall": "yes", "onset": "during_lift", "days": "1", "character": "pinpoint", "severity": "5", "trend": "same"})},
	{"pain down one leg", with(oneLeg, map[string]string{"leg_pain": "yes", "onset": "during_lift", "days": "4", "character": "sharp", "severity": "5", "trend": "same"})},
	{"later pregnancy", with(map[string]string{"pregnancy": "later", "onset": "no_link", "days": "3", "character": "ache", "severity": "4", "trend": "same"})},
	{"blood thinner, delayed soreness", with(map[string]string{"blood_thinners": "yes", "onset": "next_days", "days": "1", "character": "ache", "severity": "3", "trend": "better"})},
	{"worse after a week", with(map[string]string{"onset": "after_hours", "days": "8", "character": "ache", "severity": "5", "trend": "worse"})},
	{"sharp strain", with(map[string]string{"onset": "during_lift", "days": "1", "character": "sharp", "severity": "5", "trend": "same", "warmed_up": "no", "back_position": "rounded", "load_jump": "yes"})},
	{"delayed soreness", with(map[string]string{"onset": "next_days", "days": "2", "character": "ache", "severity": "4", "trend": "better", "warmed_up": "yes", "deadlift_days": "2"})},
	{"pain questions unanswered", with(nil)},
}

type assessed struct {
	Level     string   `json:"level"`
	Exercises []string `json:"exercises"`
	Tips      []struct {
		ID string `json:"id"`
	} `json:"tips"`
	Phones []struct {
		Tel string `json:"tel"`
	} `json:"phones"`
	Reasons []struct {
		ID    string `json:"id"`
		Text  string `json:"text"`
		Lower bool   `json:"lower"`
	} `json:"reasons"`
}

// assess runs `liftwell assess` on the answers.
func assess(t testing.TB, answers map[string]string) assessed {
	t.Helper()
	args := []string{"assess"}
	keys := make([]string, 0, len(answers))
	for k := range answers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, k+"="+answers[k])
	}
	cmd := exec.Command(liftwell(t), args...)
	cmd.Dir = repoRoot(t)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("liftwell %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	var a assessed
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatalf("liftwell assess printed no JSON: %v\n%s", err, out)
	}
	return a
}

// checkerJS is installed as window.__e2eChk: it reads and drives the
// checker page the way the tests need, without knowing its markup beyond
// the contract.
const checkerJS = `window.__e2eChk = (() => {
	const form = () => document.querySelector('form[novalidate]');
	const shown = (el) => el && el.checkVisibility({visibilityProperty: true});
	const result = () => Array.from(document.querySelectorAll('[data-level]')).find(shown) || null;
	const buttons = (root, re) => Array.from((root || document).querySelectorAll('button, input[type=submit], input[type=button], a[href]'))
		.filter(b => shown(b) && re.test((b.innerText || b.value || b.getAttribute('aria-label') || '').trim()));
	const text = (el) => (el ? el.innerText : '').replace(/\s+/g, ' ').trim();
	return {
		forms() { return document.querySelectorAll('form[novalidate]').length; },
		fields() {
			const f = form();
			const out = {};
			if (!f) return out;
			for (const el of f.elements) {
				if (!el.name) continue;
				const vals = out[el.name] || (out[el.name] = {kinds: [], values: []});
				const kind = el.tagName === 'SELECT' ? 'select' : (el.type || el.tagName.toLowerCase());
				if (!vals.kinds.includes(kind)) vals.kinds.push(kind);
				if (el.tagName === 'SELECT') for (const o of el.options) { if (o.value) vals.values.push(o.value); }
				else if (el.type === 'radio' || el.type === 'checkbox') vals.values.push(el.value);
				if (el.required) vals.required = true;
			}
			return out;
		},
		fill(answers) {
			const f = form();
			const missing = [];
			for (const [name, value] of Object.entries(answers)) {
				const els = Array.from(f.elements).filter(e => e.name === name);
				if (!els.length) { missing.push(name); continue; }
				let done = false;
				for (const el of els) {
					if (el.type === 'checkbox') { el.checked = value === el.value || (value === 'yes' && el.value === 'on'); done = true; }
					else if (el.type === 'radio') { el.checked = el.value === value; done = done || el.checked; }
					else { el.value = value; done = el.value === value; }
					el.dispatchEvent(new Event('input', {bubbles: true}));
					el.dispatchEvent(new Event('change', {bubbles: true}));
				}
				if (!done) missing.push(name + '=' + value);
			}
			return missing;
		},
		// One step forward: the visible submit button of the form.
		advance() {
			const r = result();
			if (r) return {level: r.dataset.level};
			const f = form();
			const b = Array.from(f.querySelectorAll('button, input[type=submit]'))
				.filter(b => shown(b) && (b.type === 'submit') && !/back|previous|start again|change/i.test(b.innerText || b.value || ''));
			if (!b.length) return {error: 'no visible submit button in the form'};
			const btn = b[b.length - 1];
			btn.click();
			return {clicked: text(btn)};
		},
		state() {
			const r = result();
			const alerts = Array.from(document.querySelectorAll('[role=alert], .error-summary, [aria-invalid=true]')).filter(shown).map(text).filter(Boolean);
			const f = form();
			const step = f ? Array.from(f.querySelectorAll('fieldset, section, [data-step]')).filter(shown).map(e => e.id || text(e.querySelector('legend, h2, h3')).slice(0, 40)) : [];
			const cur = f ? Array.from(f.querySelectorAll('[data-step]')).find(shown) : null;
			return {level: r ? r.dataset.level : '', text: r ? text(r) : '', alerts, step, current: f && shown(f) && cur ? cur.dataset.step : '', active: document.activeElement ? (document.activeElement.name || document.activeElement.id || document.activeElement.tagName) : ''};
		},
		// What the result on screen says, by id: reasons, exercises, phone links.
		facts() {
			const r = result();
			if (!r) return {level: ''};
			return {level: r.dataset.level,
				reasons: Array.from(r.querySelectorAll('[data-reason]')).filter(shown).map(e => e.dataset.reason),
				exercises: Array.from(r.querySelectorAll('a[href*="/exercises/"]')).filter(shown).map(a => a.pathname.replace(/\/$/, '').split('/').pop()),
				tips: Array.from(r.querySelectorAll('[data-tip]')).filter(shown).map(e => e.dataset.tip),
				// the level's numbers; "Who can help" lists each region's apart
				tel: Array.from(r.querySelectorAll('a[href^="tel:"]')).filter(a => shown(a) && !a.closest('[data-region]')).map(a => a.getAttribute('href'))};
		},
		// The names of the "none of these" boxes, by step.
		noneBoxes() {
			const out = {};
			for (const el of document.querySelectorAll('form[novalidate] input[data-none]')) {
				const step = el.closest('[data-step]');
				out[el.name] = Array.from(step.querySelectorAll('input[type=checkbox]:not([data-none])')).map(e => e.name);
			}
			return out;
		},
		values() {
			const f = form();
			const out = {};
			for (const el of f.elements) {
				if (!el.name) continue;
				if (el.type === 'checkbox' || el.type === 'radio') { if (el.checked) out[el.name] = el.value; }
				else if (el.value !== '' && el.tagName !== 'BUTTON' && el.type !== 'submit') out[el.name] = el.value;
			}
			return out;
		},
		click(re) {
			const b = buttons(document, new RegExp(re, 'i'));
			if (!b.length) return '';
			b[0].click();
			return text(b[0]) || b[0].getAttribute('aria-label');
		},
		has(re) { return buttons(document, new RegExp(re, 'i')).map(text); },
		// The names of the fields that show on screen now.
		visible(names) { const f = form(); return names.filter(n => Array.from(f.elements).some(e => e.name === n && shown(e))); },
		activeInForm() { const f = form(); return !!(f && document.activeElement && f.contains(document.activeElement)); },
	};
})(); true`

type chkState struct {
	Level   string   `json:"level"`
	Text    string   `json:"text"`
	Alerts  []string `json:"alerts"`
	Step    []string `json:"step"`
	Current string   `json:"current"` // the visible step's data-step
	Active  string   `json:"active"`
}

type chkAdvance struct {
	Level   string `json:"level"`
	Clicked string `json:"clicked"`
	Error   string `json:"error"`
}

// openChecker opens a fresh checker page with the helpers installed.
func openChecker(t testing.TB, tb *tab, s *site) string {
	t.Helper()
	u := s.URL("/checker/")
	forgetKept(tb)
	tb.openPage(t, s, "/checker/")
	mustEval[bool](t, tb, checkerJS)
	if n := mustEval[int](t, tb, `__e2eChk.forms()`); n != 1 {
		t.Fatalf("%s: %d <form novalidate> elements, want exactly 1", u, n)
	}
	// The form may stay hidden until the WebAssembly module is ready.
	type ready struct {
		Shown  bool   `json:"shown"`
		Failed string `json:"failed"`
	}
	var r ready
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		r = mustEval[ready](t, tb, `(() => {
			const f = document.querySelector('form[novalidate]');
			const alert = Array.from(document.querySelectorAll('[role=alert]')).find(e => e.checkVisibility() && !f.contains(e));
			return {shown: f.checkVisibility(), failed: alert ? alert.innerText : ''};
		})()`)
		if r.Shown || r.Failed != "" {
			break
		}
	}
	if !r.Shown {
		t.Fatalf("%s: the checker's form did not show within 20 s: %s", u, clip(r.Failed, 300))
	}
	return u
}

// repressAfter is how long toResult waits for a press to show something
// before pressing again. It decides no failure: a slow machine costs a
// harmless second press of the same button.
const repressAfter = 5 * time.Second

// toResult presses the form's visible submit button until a result shows.
func toResult(t testing.TB, tb *tab, page string, maxSteps int) chkState {
	t.Helper()
	var last chkState
	for i := 0; i <= maxSteps; i++ {
		before := mustEval[chkState](t, tb, `__e2eChk.state()`)
		a := mustEval[chkAdvance](t, tb, `__e2eChk.advance()`)
		if a.Level != "" {
			return mustEval[chkState](t, tb, `__e2eChk.state()`)
		}
		if a.Error != "" {
			st := mustEval[chkState](t, tb, `__e2eChk.state()`)
			t.Fatalf("%s: no result: %s (visible steps %v, messages %q)", page, a.Error, st.Step, st.Alerts)
		}
		// The answer comes from the WebAssembly module, maybe after it
		// loads: wait for the result, another step, or a message. With
		// none after repressAfter, press again (the same step's button:
		// a second press of it is harmless), up to maxSteps presses.
		deadline := time.Now().Add(repressAfter)
		for time.Now().Before(deadline) {
			last = mustEval[chkState](t, tb, `__e2eChk.state()`)
			if last.Level != "" {
				return last
			}
			if fmt.Sprint(last.Step) != fmt.Sprint(before.Step) || fmt.Sprint(last.Alerts) != fmt.Sprint(before.Alerts) {
				break
			}
			time.Sleep(30 * time.Millisecond)
		}
	}
	t.Fatalf("%s: no element with data-level after %d presses of the submit button (visible steps %v, messages %q)", page, maxSteps+1, last.Step, last.Alerts)
	return last
}

// TestCheckerForm checks that the checker's form holds a field for every
// answer of the contract, with the contract's values, and that no HTML
// `required` attribute can block a submission.
func TestCheckerForm(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	type field struct {
		Kinds    []string `json:"kinds"`
		Values   []string `json:"values"`
		Required bool     `json:"required"`
	}
	got := mustEval[map[string]field](t, tb, `__e2eChk.fields()`)
	ids := make([]string, 0, len(checkerFields))
	for id := range checkerFields {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f, ok := got[id]
		if !ok {
			t.Errorf("%s: the form has no field named %q", u, id)
			continue
		}
		if f.Required {
			t.Errorf("%s: field %q has the HTML required attribute, which blocks a submission", u, id)
		}
		want := checkerFields[id]
		if want == nil {
			continue
		}
		have := map[string]bool{}
		for _, v := range f.Values {
			have[v] = true
		}
		for _, v := range want {
			if !have[v] {
				t.Errorf("%s: field %q (%s) offers no value %q (it offers %q)", u, id, strings.Join(f.Kinds, ","), v, f.Values)
			}
		}
	}
	for name := range got {
		if _, ok := checkerFields[name]; !ok {
			t.Logf("%s: note: the form has a field %q that the contract does not name", u, name)
		}
	}
	tb.check(t, u)
}

// TestCheckerLevels fills the form by name for several answer sets, submits
// it, and compares the result's data-level, the reasons it shows (texts and
// ids) and its exercises with `liftwell assess` on the same answers. It runs
// axe on the first result of each level, in light and dark, in a subtest:
// a missing axe-core skips only that subtest, never the comparison.
func TestCheckerLevels(t *testing.T) {
	t.Parallel() // its own tab; it mostly waits for the page
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	levels := map[string]bool{}
	audited := map[string]bool{}
	for _, as := range answerSets {
		forgetKept(tb)
		if _, err := tb.open(u); err != nil {
			t.Fatal(err)
		}
		mustEval[bool](t, tb, `sessionStorage.clear(); localStorage.clear(); true`)
		mustEval[bool](t, tb, checkerJS)
		as.answers = withNone(t, tb, as.answers)
		if missing := mustEval[[]string](t, tb, fmt.Sprintf(`__e2eChk.fill(%s)`, mustJSON(as.answers))); len(missing) > 0 {
			t.Errorf("%s (%s): could not fill %q", u, as.name, missing)
		}
		// assess gets what the form holds when it is submitted: the
		// answers filled in, and any answer the page preselects.
		held := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
		for k, v := range as.answers {
			if held[k] != v {
				t.Errorf("%s (%s): the form holds %s=%q after filling in %q", u, as.name, k, held[k], v)
			}
		}
		want := assess(t, held)
		levels[want.Level] = true
		got := toResult(t, tb, u+" ("+as.name+")", 8)
		if got.Level != want.Level {
			t.Errorf("%s (%s): the page says data-level=%q, liftwell assess says %q\nanswers: %v\npage result: %s", u, as.name, got.Level, want.Level, as.answers, clip(got.Text, 600))
			continue
		}
		norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		for _, r := range want.Reasons {
			if !strings.Contains(norm(got.Text), norm(r.Text)) {
				t.Errorf("%s (%s): the result does not show the reason %q (%s)\npage result: %s", u, as.name, r.Text, r.ID, clip(got.Text, 600))
			}
		}
		sameAs(t, tb, u+" ("+as.name+")", want, held)
		if !audited[got.Level] {
			audited[got.Level] = true
			// In a subtest of its own: without axe-core it skips, and the
			// comparison with assess goes on.
			axeHere(t, tb, "axe "+got.Level, u+" (result "+got.Level+")")
		}
		tb.check(t, u+" ("+as.name+")")
	}
	for _, l := range []string{"emergency", "urgent", "see_clinician", "self_care", "normal_soreness"} {
		if !levels[l] {
			t.Errorf("no answer set reached the level %s (the answer sets need updating)", l)
		}
	}
}

// clickNow clicks the element that sel selects with a real mouse click;
// the element must be there already.
func clickNow(tb *tab, sel string) error {
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestCheckerEmergencyShortcut ticks one emergency sign with a real click on
// a fresh page: the emergency result must show at once, at the latest after
// the first step's own button, without the rest of the questions.
func TestCheckerEmergencyShortcut(t *testing.T) {
	t.Parallel() // its own tab; it mostly waits for the page
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	for _, sign := range []string{"saddle_numbness", "chest_or_belly"} {
		reopenChecker(t, tb, u)
		sel := `form[novalidate] input[name="` + sign + `"]`
		if !mustEval[bool](t, tb, `(() => { const e = document.querySelector('`+sel+`'); return !!e && e.checkVisibility(); })()`) {
			t.Errorf("%s: no visible tick box %s on the first screen", u, sel)
			continue
		}
		if err := clickNow(tb, sel); err != nil {
			t.Fatalf("%s: clicking the %s tick box: %v", u, sign, err)
		}
		st := mustEval[chkState](t, tb, `__e2eChk.state()`)
		if st.Level == "" {
			st = toResult(t, tb, u+" (emergency shortcut "+sign+")", 0)
		}
		if st.Level != "emergency" {
			t.Errorf("%s: ticking %s gave data-level=%q, want emergency at once\n%s", u, sign, st.Level, clip(st.Text, 400))
		}
		tb.check(t, u)
	}
}

// TestCheckerNavigation: Back returns to the previous step with its
// answers kept; a result's Change link goes back to the question with the
// answers kept, and a new submission gives the new level; Start again
// clears every answer and the result.
func TestCheckerNavigation(t *testing.T) {
	t.Parallel() // its own tab; it mostly waits for the page
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)

	t.Run("back", func(t *testing.T) {
		forgetKept(tb)
		if _, err := tb.open(u); err != nil {
			t.Fatal(err)
		}
		mustEval[bool](t, tb, checkerJS)
		mustEval[[]string](t, tb, fmt.Sprintf(`__e2eChk.fill(%s)`, mustJSON(withNone(t, tb, map[string]string{"emergency_unsure": ""}))))
		first := mustEval[chkState](t, tb, `__e2eChk.state()`)
		a := mustEval[chkAdvance](t, tb, `__e2eChk.advance()`)
		if a.Error != "" || a.Level != "" {
			t.Fatalf("%s: the first step did not lead to a second one (%+v)", u, a)
		}
		second := waitState(t, tb, "a second step", func(n chkState) bool { return fmt.Sprint(n.Step) != fmt.Sprint(first.Step) })
		if fmt.Sprint(second.Step) == fmt.Sprint(first.Step) {
			t.Fatalf("%s: the visible step did not change after %q (still %v)", u, a.Clicked, first.Step)
		}
		mustEval[[]string](t, tb, fmt.Sprintf(`__e2eChk.fill(%s)`, mustJSON(map[string]string{"age": "41"})))
		if clicked := mustEval[string](t, tb, `__e2eChk.click("^(back|previous)")`); clicked == "" {
			t.Fatalf("%s: the second step has no Back button or link (visible steps %v)", u, second.Step)
		}
		back := waitState(t, tb, "the first step after Back", func(n chkState) bool { return fmt.Sprint(n.Step) == fmt.Sprint(first.Step) })
		if fmt.Sprint(back.Step) != fmt.Sprint(first.Step) {
			t.Errorf("%s: Back showed %v, want the first step %v", u, back.Step, first.Step)
		}
		if !mustEval[bool](t, tb, `__e2eChk.activeInForm()`) && !mustEval[bool](t, tb, `!!document.activeElement && document.activeElement.matches('h1, h2, legend, fieldset, [tabindex="-1"]')`) {
			t.Errorf("%s: after Back, focus is on %q, not in the step", u, back.Active)
		}
		vals := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
		if vals["age"] != "41" {
			t.Errorf("%s: Back lost the answer age=41 (values %v)", u, vals)
		}
		tb.check(t, u)
	})

	t.Run("change and start again", func(t *testing.T) {
		forgetKept(tb)
		if _, err := tb.open(u); err != nil {
			t.Fatal(err)
		}
		mustEval[bool](t, tb, checkerJS)
		initial := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
		answers := withNone(t, tb, with(map[string]string{"onset": "next_days", "days": "2", "character": "ache", "severity": "4", "trend": "better"}))
		mustEval[[]string](t, tb, fmt.Sprintf(`__e2eChk.fill(%s)`, mustJSON(answers)))
		held := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
		st := toResult(t, tb, u, 8)
		if want := assess(t, held).Level; st.Level != want {
			t.Fatalf("%s: data-level=%q, want %q", u, st.Level, want)
		}
		changes := mustEval[[]string](t, tb, `__e2eChk.has("^change")`)
		if len(changes) == 0 {
			t.Fatalf("%s: the result has no Change link or button\n%s", u, clip(st.Text, 400))
		}
		if clicked := mustEval[string](t, tb, `__e2eChk.click("^change")`); clicked == "" {
			t.Fatal("could not click Change")
		}
		after := waitState(t, tb, "the form after Change", func(n chkState) bool { return n.Level == "" })
		if after.Level != "" {
			t.Errorf("%s: the result stays on screen after Change", u)
		}
		if !mustEval[bool](t, tb, `__e2eChk.activeInForm()`) {
			t.Errorf("%s: after %q, focus is on %q, not on a question of the form", u, changes[0], after.Active)
		}
		kept := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
		for k, v := range answers {
			if kept[k] != v {
				t.Errorf("%s: after Change, answer %s=%q became %q", u, k, v, kept[k])
			}
		}
		changed := withNone(t, tb, with(map[string]string{"onset": "next_days", "days": "2", "character": "ache", "severity": "9", "trend": "better"}))
		mustEval[[]string](t, tb, fmt.Sprintf(`__e2eChk.fill(%s)`, mustJSON(changed)))
		held = mustEval[map[string]string](t, tb, `__e2eChk.values()`)
		st = toResult(t, tb, u, 8)
		if want := assess(t, held).Level; st.Level != want {
			t.Errorf("%s: after changing severity to 9, data-level=%q, want %q", u, st.Level, want)
		}
		if clicked := mustEval[string](t, tb, `__e2eChk.click("^start (again|over)")`); clicked == "" {
			t.Fatalf("%s: the result has no Start again control\n%s", u, clip(st.Text, 400))
		}
		cleared := waitState(t, tb, "the form after Start again", func(n chkState) bool { return n.Level == "" })
		if cleared.Level != "" {
			t.Errorf("%s: the result stays on screen after Start again", u)
		}
		if vals := mustEval[map[string]string](t, tb, `__e2eChk.values()`); fmt.Sprint(vals) != fmt.Sprint(initial) {
			t.Errorf("%s: after Start again the form holds %v, want what a fresh page holds (%v)", u, vals, initial)
		}
		tb.check(t, u)
	})
}

// regexpBack matches the buttons that do not move the step flow forward.
var regexpBack = regexp.MustCompile(`(?i)^(back|previous|start again|start over|change)`)

// TestCheckerKeyboard reaches a result with the keyboard alone: Tab to move,
// Space to tick, arrow keys for radio buttons and selects, digits for
// numbers, Enter on the step buttons. The answers make a self-care result.
func TestCheckerKeyboard(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	answers := withNone(t, tb, with(map[string]string{"onset": "during_lift", "days": "1", "character": "sharp", "severity": "5", "trend": "same"}))
	type focused struct {
		Tag     string `json:"tag"`
		Type    string `json:"type"`
		Name    string `json:"name"`
		Value   string `json:"value"`
		Checked bool   `json:"checked"`
		Text    string `json:"text"`
		InForm  bool   `json:"inForm"`
		Level   string `json:"level"`
	}
	const probe = `(() => {
		const r = Array.from(document.querySelectorAll('[data-level]')).find(e => e.checkVisibility());
		const el = document.activeElement || document.body;
		const f = document.querySelector('form[novalidate]');
		return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', value: el.value || '',
			checked: !!el.checked, text: (el.innerText || el.value || '').trim().slice(0, 60),
			inForm: !!(f && f.contains(el)), level: r ? r.dataset.level : ''};
	})()`
	presses := map[string]int{} // per field, to give up on one that does not take the answer
	var trail []string
	for i := 0; i < 400; i++ {
		f := mustEval[focused](t, tb, probe)
		if f.Level != "" {
			mustEval[bool](t, tb, checkerJS)
			held := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
			for k, v := range answers {
				if held[k] != v {
					t.Errorf("%s: the keyboard run left %s=%q, want %q", u, k, held[k], v)
				}
			}
			for k, v := range held {
				if _, ok := answers[k]; !ok && v == "yes" {
					t.Errorf("%s: the keyboard run ticked %s, which it never meant to", u, k)
				}
			}
			if want := assess(t, answers).Level; f.Level != want {
				t.Errorf("%s: the keyboard run ended with data-level=%q, want %q", u, f.Level, want)
			}
			t.Logf("%s: result %s after %d key presses", u, f.Level, len(trail))
			tb.check(t, u)
			return
		}
		key := kb.Tab
		if f.InForm {
			v, ask := answers[f.Name]
			switch {
			case f.Type == "checkbox":
				// Signs stay unticked; "none of these" gets ticked.
				if f.Checked != (v == "yes") {
					key = " "
				}
			case f.Type == "radio" && ask && f.Value == v && !f.Checked:
				key = " "
			case (f.Type == "radio" || f.Tag == "select") && ask && f.Value != v && presses[f.Name] < 12:
				presses[f.Name]++
				key = kb.ArrowDown
			case (f.Type == "number" || f.Type == "text" || f.Type == "tel") && ask && f.Value != v && presses[f.Name] < 3:
				// Select what is there and type the answer over it.
				presses[f.Name]++
				trail = append(trail, fmt.Sprintf("%s[%s %s=%q]→Ctrl+A %q", f.Tag, f.Type, f.Name, f.Value, v))
				if err := chromedp.Do(tb.ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent(v)); err != nil {
					t.Fatal(err)
				}
				continue
			case (f.Tag == "button" && f.Type != "button" || f.Type == "submit") && !regexpBack.MatchString(f.Text):
				key = kb.Enter
			}
		}
		trail = append(trail, fmt.Sprintf("%s[%s %s=%q]→%q", f.Tag, f.Type, f.Name, f.Value, key))
		if err := pressKey(tb, key); err != nil {
			t.Fatal(err)
		}
		if key == kb.Enter {
			// Wait for the step's answer: focus moves (to the next
			// heading, the error summary or the result) or a result shows.
			before := f
			for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if now := mustEval[focused](t, tb, probe); now != before {
					break
				}
			}
		}
	}
	for name, n := range presses {
		if n >= 12 {
			t.Errorf("%s: the keyboard could not set %s to %q", u, name, answers[name])
		}
	}
	if len(trail) > 40 {
		trail = trail[len(trail)-40:]
	}
	t.Errorf("%s: no result after 400 key presses; last keys:\n%s", u, indent(strings.Join(trail, "\n"), "  "))
}

// TestChecklistWithoutJavaScript loads the no-JavaScript checklist with
// scripting off: it must show the same text as with scripting on, and
// name every level.
func TestChecklistWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := s.URL("/checker/checklist/")
	tb.openPage(t, s, "/checker/checklist/")
	withJS := mustEval[string](t, tb, `(document.querySelector('main') || document.body).innerText`)
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.open(u); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	// With scripting back on, the already-loaded document is unchanged:
	// read what the script-less load rendered.
	noJS := mustEval[string](t, tb, `(document.querySelector('main') || document.body).innerText`)
	if strings.Join(strings.Fields(noJS), " ") != strings.Join(strings.Fields(withJS), " ") {
		t.Errorf("%s: the page's main text differs without JavaScript:\nwith JS:    %s\nwithout JS: %s", u, clip(withJS, 400), clip(noJS, 400))
	}
	if len(strings.Fields(noJS)) < 20 {
		t.Errorf("%s: the checklist is almost empty without JavaScript: %q", u, noJS)
	}
	tb.check(t, u)
}
