package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Answers people can act on (issue 21): help at the first tick, results
// that fit, who can help, nothing lost, shorter steps.

// emergencyTel are the emergency numbers that issue 21 asks for as call
// buttons: the UK, the US and Canada, the EU.
var emergencyTel = []string{"tel:999", "tel:911", "tel:112"}

// callButtons lists the visible tel: links inside the element sel, with
// whether each looks like a button (a filled background and a touch
// target of 44 px or more), as "tel:999" or "tel:999 (plain link)".
const callButtonsJS = `((sel) => {
	const box = document.querySelector(sel);
	if (!box) return null;
	return Array.from(box.querySelectorAll('a[href^="tel:"]')).filter(a => a.checkVisibility()).map(a => {
		const cs = getComputedStyle(a), r = a.getBoundingClientRect();
		const filled = cs.backgroundColor !== 'rgba(0, 0, 0, 0)' && cs.backgroundColor !== 'transparent';
		return a.getAttribute('href') + (filled && r.height >= 44 && r.width >= 44 ? '' : ' (plain link)');
	});
})`

func wantCallButtons(t testing.TB, tb *tab, page, sel string) {
	t.Helper()
	got := mustEval[[]string](t, tb, callButtonsJS+"("+mustJSON(sel)+")")
	if !slices.Equal(got, emergencyTel) {
		t.Errorf("%s: call buttons in %s are %q, want %q as buttons", page, sel, got, emergencyTel)
	}
}

// TestCheckerHelpAtFirstTick: ticking one emergency sign shows at once,
// right below it, a "Get help now" block with call buttons for 999, 911
// and 112 and a link to the emergency result; the step's Continue is
// still there. The home page and the "when to see a doctor" article carry
// the same buttons, and the emergency result's numbers are buttons.
func TestCheckerHelpAtFirstTick(t *testing.T) {
	s := builtSite(t, baseProject)
	tb := newTab(t, 90*time.Second)
	u := openChecker(t, tb, s)
	if err := tb.setView(360, "light"); err != nil {
		t.Fatal(err)
	}
	for _, sign := range []string{"bladder_bowel", "too_much_paracetamol"} {
		reopenChecker(t, tb, u)
		sel := `form[novalidate] input[name="` + sign + `"]`
		if err := clickNow(tb, sel); err != nil {
			t.Fatalf("%s: clicking %s: %v", u, sign, err)
		}
		// At once: no waiting, no Continue.
		type help struct {
			Found    bool    `json:"found"`
			Gap      float64 `json:"gap"`
			Between  string  `json:"between"`
			Result   string  `json:"result"`
			Continue bool    `json:"continue"`
		}
		h := mustEval[help](t, tb, `(() => {
			const box = document.querySelector('`+sel+`');
			const row = box.closest('div');
			const block = Array.from(document.querySelectorAll('form[novalidate] *')).find(e => e.checkVisibility() && /^Get help now$/.test((e.innerText || '').trim()) && /^H[2-4]$/.test(e.tagName));
			if (!block) return {found: false};
			const r = row.getBoundingClientRect(), b = block.getBoundingClientRect();
			// Other tick boxes between the sign and the block?
			const between = Array.from(document.querySelectorAll('form[novalidate] input[type=checkbox]')).filter(e => {
				const y = e.getBoundingClientRect().top; return e.checkVisibility() && y > r.bottom && y < b.top;
			}).map(e => e.name).join(' ');
			const link = Array.from(block.parentElement.querySelectorAll('a')).find(a => /what to do now|emergency result/i.test(a.innerText));
			const cont = Array.from(document.querySelectorAll('form[novalidate] button[type=submit]')).some(x => x.checkVisibility() && /continue/i.test(x.innerText));
			block.parentElement.id = block.parentElement.id || 'e2e-get-help';
			return {found: true, gap: b.top - r.bottom, between, result: link ? link.getAttribute('href') : '', continue: cont};
		})()`)
		if !h.Found {
			t.Errorf("%s: ticking %s shows no visible \"Get help now\" heading in the form at once", u, sign)
			continue
		}
		if h.Between != "" || h.Gap > 120 || h.Gap < -5 {
			t.Errorf("%s: the \"Get help now\" block is %.0f px below the %s tick box, with %q between: want it right below", u, h.Gap, sign, h.Between)
		}
		if !h.Continue {
			t.Errorf("%s: after ticking %s, no visible Continue: the person may still go on", u, sign)
		}
		wantCallButtons(t, tb, u+" (Get help now)", `#get-help`)
		if h.Result == "" {
			t.Errorf("%s: the \"Get help now\" block has no link to the emergency result", u)
			continue
		}
		if err := clickNow(tb, `#get-help a[href="`+h.Result+`"]`); err != nil {
			t.Fatalf("%s: clicking the link to the result: %v", u, err)
		}
		st := waitState(t, tb, "the emergency result", func(c chkState) bool { return c.Level != "" })
		if st.Level != "emergency" {
			t.Errorf("%s: the link gave data-level %q, want emergency", u, st.Level)
		}
		wantCallButtons(t, tb, u+" (emergency result)", `[data-level="emergency"]`)
		tb.check(t, u)
	}
	for _, page := range []string{"/", "/articles/when-to-see-a-doctor/"} {
		tb.openPage(t, s, page)
		wantCallButtons(t, tb, s.URL(page), `main`)
		tb.check(t, s.URL(page))
	}
}

// selfCareAnswers give a self-care result with exercises and tips.
// Every required answer of "About you" (spec version 3) is given.
var selfCareAnswers = map[string]string{
	"age": "34", "first_episode": "no", "pregnancy": "no", "cancer_history": "no", "bone_risk": "no",
	"infection_risk": "no", "diabetes": "no", "recent_infection": "no", "known_deficit": "no", "blood_thinners": "no",
	"night_pain": "none", "onset": "during_lift", "days": "1", "character": "sharp", "severity": "5",
	"trend": "same", "warmed_up": "no", "back_position": "rounded"}

// toSelfCare fills the form with selfCareAnswers and walks to the result.
func toSelfCare(t testing.TB, tb *tab, u string) (map[string]string, chkFacts) {
	t.Helper()
	answers := withNone(t, tb, selfCareAnswers)
	fillOK(t, tb, u, answers)
	walk(t, tb, u)
	f := sameAsAssess(t, tb, u, answers)
	if f.Level != "self_care" || len(f.Exercises) == 0 {
		t.Fatalf("%s: %v gave %+v, want a self-care result with exercises", u, answers, f)
	}
	return answers, f
}

// waitPath waits until the tab's location path ends with suffix.
func waitPath(t testing.TB, tb *tab, suffix string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		p, err := eval[string](tb, `document.readyState === 'complete' ? location.pathname : ''`)
		if err == nil && strings.HasSuffix(p, suffix) {
			tb.settle(150*time.Millisecond, 5*time.Second)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for a page at %s; at %q", suffix, p)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sameResultAgain checks that the page shows the result f again, with
// the form holding the answers.
func sameResultAgain(t testing.TB, tb *tab, how string, answers map[string]string, f chkFacts) {
	t.Helper()
	mustEval[bool](t, tb, checkerJS)
	st := waitState(t, tb, "the result after "+how, func(c chkState) bool { return c.Level != "" || c.Current != "" })
	if st.Level != f.Level {
		t.Errorf("after %s: data-level %q (step %q), want the result %q kept", how, st.Level, st.Current, f.Level)
		return
	}
	if got := mustEval[chkFacts](t, tb, `__e2eChk.facts()`); !slices.Equal(got.Exercises, f.Exercises) || !slices.Equal(got.Reasons, f.Reasons) {
		t.Errorf("after %s: the result shows %+v, want %+v", how, got, f)
	}
	vals := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
	for k, v := range answers {
		if vals[k] != v {
			t.Errorf("after %s: the form holds %s=%q, want %q", how, k, vals[k], v)
		}
	}
}

// TestCheckerKeepsAnswers: the answers and the result survive a reload,
// the Back button from an exercise page and the exercise page's own link
// to the checker, in this tab (sessionStorage); Start again forgets them;
// the privacy note says so. A printed result has the date, "Answers you
// gave" and the full URLs of the exercises.
func TestCheckerKeepsAnswers(t *testing.T) {
	s := builtSite(t, baseProject)
	tb := newTab(t, 120*time.Second)
	u := openChecker(t, tb, s)
	note := mustEval[string](t, tb, `(document.querySelector('.privacy-promise') || {}).textContent || ''`)
	if !strings.Contains(note, "tab") || !strings.Contains(note, "Start again") {
		t.Errorf("%s: the privacy note does not say that this tab keeps the answers until Start again: %q", u, note)
	}
	answers, f := toSelfCare(t, tb, u)

	if _, err := tb.open(u); err != nil {
		t.Fatal(err)
	}
	sameResultAgain(t, tb, "a reload", answers, f)

	ex := f.Exercises[0]
	if err := clickNow(tb, `[data-level] a[href$="/exercises/`+ex+`/"]`); err != nil {
		t.Fatalf("%s: clicking the exercise %s: %v", u, ex, err)
	}
	waitPath(t, tb, "/exercises/"+ex+"/")
	historyGo(t, tb, -1)
	waitPath(t, tb, "/checker/")
	sameResultAgain(t, tb, "Back from an exercise page", answers, f)

	if !mustEval[bool](t, tb, `(() => { const a = document.querySelector('[data-level] a[href$="/exercises/`+ex+`/"]'); if (a) a.click(); return !!a; })()`) {
		t.Fatalf("%s: no link to the exercise %s on the result", u, ex)
	}
	waitPath(t, tb, "/exercises/"+ex+"/")
	if !mustEval[bool](t, tb, `(() => { const a = Array.from(document.querySelectorAll('main a[href$="/checker/"], nav a[href$="/checker/"]')).find(a => a.checkVisibility()); if (a) a.click(); return !!a; })()`) {
		t.Fatalf("the exercise page %s has no visible link to the checker", ex)
	}
	waitPath(t, tb, "/checker/")
	sameResultAgain(t, tb, "the exercise page's link to the checker", answers, f)

	t.Run("print", func(t *testing.T) {
		if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		defer chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		type printed struct {
			Text  string `json:"text"`
			Today string `json:"today"`
		}
		p := mustEval[printed](t, tb, `({text: document.querySelector('[data-level]').innerText,
			today: new Date().toLocaleDateString('en-GB', {day: 'numeric', month: 'long', year: 'numeric'})})`)
		if !strings.Contains(p.Text, p.Today) {
			t.Errorf("%s: the printed result has no date (%s)", u, p.Today)
		}
		if !strings.Contains(p.Text, "Answers you gave") || !strings.Contains(p.Text, "Tell them") && !strings.Contains(p.Text, "tell them") {
			t.Errorf("%s: the printed result has no \"What to tell them\" with \"Answers you gave\"", u)
		}
		if i := strings.Index(p.Text, "Answers you gave"); i < 0 || !strings.Contains(p.Text[i:], "How old are you?\n"+answers["age"]) {
			t.Errorf("%s: the printed answers lack the age given, %s", u, answers["age"])
		}
		for _, e := range f.Exercises {
			if want := s.URL("/exercises/" + e + "/"); !strings.Contains(p.Text, want) {
				t.Errorf("%s: the printed result lacks the exercise's URL %s", u, want)
			}
		}
	})

	if mustEval[string](t, tb, `__e2eChk.click('^start again$')`) == "" {
		t.Fatalf("%s: no Start again button on the result", u)
	}
	if kept := mustEval[int](t, tb, `sessionStorage.length`); kept != 0 {
		t.Errorf("%s: after Start again, sessionStorage holds %d items, want none", u, kept)
	}
	if _, err := tb.open(u); err != nil {
		t.Fatal(err)
	}
	mustEval[bool](t, tb, checkerJS)
	if vals := mustEval[map[string]string](t, tb, `__e2eChk.values()`); len(vals) != 0 {
		t.Errorf("%s: after Start again and a reload the form holds %v, want nothing", u, vals)
	}
	tb.check(t, u)
}

var _ = fmt.Sprint
