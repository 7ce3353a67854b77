package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
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
	t.Parallel() // its own tab; it mostly waits for the page
	s := builtSite(t, baseProject)
	tb := newTab(t)
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
	deadline := time.Now().Add(waitLimit)
	for {
		p, err := eval[string](tb, `document.readyState === 'complete' ? location.pathname : ''`)
		if err == nil && strings.HasSuffix(p, suffix) {
			tb.settle(150*time.Millisecond, 5*time.Second)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for a page at %s; at %q", waitLimit, suffix, p)
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
	t.Parallel() // its own tab; it mostly waits for the page
	s := builtSite(t, baseProject)
	tb := newTab(t)
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

// phoneView sets a 360 x 780 phone screen.
func phoneView(t testing.TB, tb *tab) {
	t.Helper()
	if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 360, Height: 780, DeviceScaleFactor: 1, Mobile: true,
	}); err != nil {
		t.Fatal(err)
	}
}

// deniedSign matches the warning signs that need a pregnancy, a cancer
// history or an age under 18: none may show for a 34-year-old who said no
// to pregnancy and cancer.
var deniedSign = `/pregnan|under 1[68]|^having been treated for cancer|^after cancer treatment/i`

// TestCheckerResultFits: a self-care result on a 360 x 780 phone has at
// its top the level, one bold line of what to do and short Do and Don't
// lists; the exercises follow, each with its drawing and one line, and
// all of that within the first two screens; "Watch for these" shows at
// most 8 signs, the full list sits in a closed <details>, and no sign
// shows for a state the person denied. With SHOTS set to a folder, it
// saves the first two screens there as selfcare-result.png.
func TestCheckerResultFits(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	phoneView(t, tb)
	toSelfCare(t, tb, u)
	mustEval[bool](t, tb, `window.scrollTo(0, 0), true`)
	type fits struct {
		Action      string   `json:"action"`
		Bold        bool     `json:"bold"`
		Do, Dont    []string `json:"-"`
		DoN         int      `json:"do"`
		DontN       int      `json:"dont"`
		LongestPara int      `json:"longestPara"`
		DoBottom    float64  `json:"doBottom"`
		ExBottom    float64  `json:"exBottom"`
		ExOK        []string `json:"exOK"`
		ExFirst     bool     `json:"exFirst"`
		Watch       int      `json:"watch"`
		All         int      `json:"all"`
		AllClosed   bool     `json:"allClosed"`
		AllSummary  string   `json:"allSummary"`
		Denied      []string `json:"denied"`
	}
	f := mustEval[fits](t, tb, `(() => {
		const r = document.querySelector('[data-level]');
		const card = r.querySelector('h1').closest('div');
		const words = (e) => e.innerText.trim().split(/\s+/).length;
		const heads = Array.from(card.querySelectorAll('h2, h3'));
		const listAfter = (re) => { const h = heads.find(h => re.test(h.innerText.trim())); if (!h) return null; let n = h.nextElementSibling; while (n && n.tagName !== 'UL') n = n.nextElementSibling; return n; };
		const doL = listAfter(/^Do$/), dontL = listAfter(/^Don.t$/);
		const bold = Array.from(card.querySelectorAll('p')).find(p => p.checkVisibility() && +getComputedStyle(p).fontWeight >= 700 && !/result/i.test(p.className + p.id) === false || (p.checkVisibility() && +getComputedStyle(p).fontWeight >= 700 && words(p) >= 5));
		const exH = Array.from(r.querySelectorAll('h2')).find(h => /exercise/i.test(h.innerText));
		const wH = Array.from(r.querySelectorAll('h2')).find(h => /^watch for these$/i.test(h.innerText.trim()));
		const exItems = Array.from(r.querySelectorAll('a[href*="/exercises/"]')).filter(a => a.checkVisibility()).map(a => a.closest('li'));
		const exOK = exItems.map(li => { const img = li.querySelector('img'); const line = (li.innerText || '').trim().split('\n').filter(Boolean); return (img && img.complete && img.naturalWidth > 0 ? 'img' : 'no drawing') + ' ' + (line.length >= 2 ? 'line' : 'no line'); });
		const last = exItems[exItems.length - 1];
		let watch = 0, all = 0, closed = false, summary = '', denied = [];
		const det = r.querySelector('details.all-signs, details');
		if (wH) { let n = wH.nextElementSibling; while (n && n.tagName !== 'UL') n = n.nextElementSibling; watch = n ? Array.from(n.children).filter(li => li.checkVisibility()).length : 0; }
		const dets = Array.from(r.querySelectorAll('details')).filter(d => /all warning signs/i.test(d.querySelector('summary').innerText));
		if (dets.length) { closed = !dets[0].open; summary = dets[0].querySelector('summary').innerText.trim(); all = dets[0].querySelectorAll('li').length; }
		const signItems = Array.from(r.querySelectorAll('li')).filter(li => (wH && wH.parentElement.contains(li)));
		denied = signItems.map(li => li.textContent.trim()).filter(x => `+deniedSign+`.test(x));
		return {action: bold ? bold.innerText.trim() : '', bold: !!bold,
			do: doL ? doL.children.length : 0, dont: dontL ? dontL.children.length : 0,
			longestPara: Math.max(0, ...Array.from(card.querySelectorAll('p')).filter(p => p.checkVisibility()).map(words)),
			doBottom: dontL ? dontL.getBoundingClientRect().bottom + scrollY : 1e9,
			exBottom: last ? last.getBoundingClientRect().bottom + scrollY : 1e9,
			exOK, exFirst: !!(exH && wH && (exH.compareDocumentPosition(wH) & Node.DOCUMENT_POSITION_FOLLOWING)),
			watch, all, allClosed: closed, allSummary: summary, denied};
	})()`)
	if !f.Bold || f.Action == "" {
		t.Errorf("%s: the care card has no bold line of what to do", u)
	}
	if f.DoN == 0 || f.DontN == 0 || f.DoN > 5 || f.DontN > 5 {
		t.Errorf("%s: the care card has %d Do and %d Don't items under \"Do\" and \"Don't\" headings, want 1 to 5 each", u, f.DoN, f.DontN)
	}
	if f.LongestPara > 40 {
		t.Errorf("%s: the care card has a paragraph of %d words, want short lines (40 at most)", u, f.LongestPara)
	}
	if len(f.ExOK) == 0 {
		t.Errorf("%s: no exercises on the self-care result", u)
	}
	for i, ok := range f.ExOK {
		if ok != "img line" {
			t.Errorf("%s: exercise %d: %s, want its drawing and one line", u, i+1, ok)
		}
	}
	if f.DoBottom > 2*780 || f.ExBottom > 2*780 {
		t.Errorf("%s: Do/Don't end at %.0f px and the exercises at %.0f px, want both within the first two screens (1560 px)", u, f.DoBottom, f.ExBottom)
	}
	if !f.ExFirst {
		t.Errorf("%s: the exercises do not come before \"Watch for these\"", u)
	}
	if f.Watch == 0 || f.Watch > 8 {
		t.Errorf("%s: \"Watch for these\" shows %d signs, want 1 to 8", u, f.Watch)
	}
	if f.AllSummary == "" || !f.AllClosed || f.All <= f.Watch {
		t.Errorf("%s: the full list: summary %q, closed %v, %d signs (watch list %d): want a closed \"Show all warning signs\" <details> with more signs", u, f.AllSummary, f.AllClosed, f.All, f.Watch)
	}
	if len(f.Denied) > 0 {
		t.Errorf("%s: signs shown for a state the person denied (34, not pregnant, no cancer): %q", u, f.Denied)
	}
	if dir := os.Getenv("SHOTS"); dir != "" {
		beyond := true
		shot, err := chromedp.Call(tb.ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Clip: &page.Viewport{X: 0, Y: 0, Width: 360, Height: 2 * 780, Scale: 1}, CaptureBeyondViewport: &beyond})
		if err != nil {
			t.Fatal(err)
		}
		buf := shot.Data
		if err := os.WriteFile(filepath.Join(dir, "selfcare-result.png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tb.check(t, u)
}

// TestCheckerWhoCanHelp: a result says who can help and how, by region
// (issue 21 §3): for an urgent result NHS 111 for all of the UK and a GP
// practice, primary care and urgent care in the US, a GP, 112 and the
// out-of-hours doctor in the EU; for self-care, physiotherapy by
// self-referral in the UK and direct access to a physical therapist in the
// US. Each has "What to tell them" and a link to the coach-and-physio
// article.
func TestCheckerWhoCanHelp(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	for _, c := range []struct {
		name    string
		extra   map[string]string
		level   string
		want    []string
		wantNot []string
	}{
		{"fever", map[string]string{"fever": "yes"}, "urgent",
			[]string{"In the UK", "NHS 111", "GP practice", "In the US", "primary care", "urgent care", "In the EU", "112", "out-of-hours"},
			[]string{"NHS 111, England"}},
		{"strain", nil, "self_care",
			[]string{"In the UK", "physiotherapist", "refer yourself", "In the US", "physical therapist", "direct access", "In the EU"},
			[]string{"urgent care center"}},
	} {
		reopenChecker(t, tb, u)
		answers := withNone(t, tb, mergeAnswers(selfCareAnswers, c.extra))
		fillOK(t, tb, u, answers)
		walk(t, tb, u)
		f := sameAsAssess(t, tb, u, answers)
		if f.Level != c.level {
			t.Fatalf("%s: %s gave %s, want %s", u, c.name, f.Level, c.level)
		}
		type who struct {
			Text  string `json:"text"`
			All   string `json:"all"`
			Coach bool   `json:"coach"`
			Tell  bool   `json:"tell"`
		}
		w := mustEval[who](t, tb, `(() => {
			const r = document.querySelector('[data-level]');
			const h = Array.from(r.querySelectorAll('h2')).find(h => /who can help/i.test(h.innerText));
			const tell = Array.from(r.querySelectorAll('h2')).some(h => /what to tell them/i.test(h.innerText) && h.parentElement.innerText.includes('Answers you gave'));
			return {text: h ? h.parentElement.innerText : '', all: r.innerText,
				coach: Array.from(r.querySelectorAll('a[href$="/articles/coach-and-physio/"]')).some(a => a.checkVisibility()), tell};
		})()`)
		if w.Text == "" {
			t.Errorf("%s (%s): no \"Who can help\" section", u, c.name)
			continue
		}
		for _, x := range c.want {
			if !strings.Contains(w.Text, x) {
				t.Errorf("%s (%s): \"Who can help\" does not say %q:\n%s", u, c.name, x, w.Text)
			}
		}
		for _, x := range c.wantNot {
			if strings.Contains(w.All, x) {
				t.Errorf("%s (%s): the result says %q", u, c.name, x)
			}
		}
		if !w.Coach {
			t.Errorf("%s (%s): no link to the coach-and-physio article", u, c.name)
		}
		if !w.Tell {
			t.Errorf("%s (%s): no \"What to tell them\" with the answers given", u, c.name)
		}
	}
	tb.check(t, u)
}

// mergeAnswers is a copy of a with b's answers added.
func mergeAnswers(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// TestCheckerShorterSteps (issue 21 §5): the privacy note shows on the
// first step only; severity is a 0 to 10 tap scale; optional questions
// say "(optional)"; "not sure" on the first step gives the urgent result at
// once, as liftwell assess does; error messages do not repeat the
// question.
func TestCheckerShorterSteps(t *testing.T) {
	t.Parallel() // its own tab; it mostly waits for the page
	s := builtSite(t, baseProject)
	tb := newTab(t)
	u := openChecker(t, tb, s)
	privacy := `Array.from(document.querySelectorAll('p')).filter(p => p.checkVisibility() && /stay on this device/i.test(p.innerText)).length`
	if n := mustEval[int](t, tb, privacy); n != 1 {
		t.Errorf("%s: step 1 shows the privacy note %d times, want once", u, n)
	}
	fields := mustEval[map[string]struct {
		Kinds  []string `json:"kinds"`
		Values []string `json:"values"`
	}](t, tb, `__e2eChk.fields()`)
	sev := fields["severity"]
	want := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}
	if !slices.Equal(sev.Kinds, []string{"radio"}) || !slices.Equal(sev.Values, want) {
		t.Errorf("%s: severity is %v %v, want a tap scale of radio buttons %v", u, sev.Kinds, sev.Values, want)
	}
	if bad := mustEval[[]string](t, tb, `Array.from(document.querySelectorAll('form[novalidate] [data-question]:not([data-required]):not([data-show-if])')).map(q => q.querySelector('.question-label').textContent).filter(l => !/\(optional\)/.test(l))`); len(bad) > 0 {
		t.Errorf("%s: optional questions without \"(optional)\": %q", u, bad)
	}

	// No step asks more than 8 questions: the long ones are split (About
	// you had 10).
	if long := mustEval[[]string](t, tb, `Array.from(document.querySelectorAll('form[novalidate] [data-step]')).map(s => [s.dataset.step, s.querySelectorAll('[data-question]:not([data-show-if])').length]).filter(x => x[1] > 8).map(x => x[0] + ': ' + x[1])`); len(long) > 0 {
		t.Errorf("%s: steps with more than 8 questions: %q", u, long)
	}

	// Errors name what is missing without repeating the question.
	fillOK(t, tb, u, withNone(t, tb, map[string]string{}))
	press(t, tb, u)
	waitState(t, tb, "step 2", func(c chkState) bool { return c.Current != "emergency" })
	if n := mustEval[int](t, tb, privacy); n != 0 {
		t.Errorf("%s: step 2 shows the privacy note again", u)
	}
	press(t, tb, u)
	type msg struct {
		Label string `json:"label"`
		Msg   string `json:"msg"`
	}
	msgs := mustEval[[]msg](t, tb, `Array.from(document.querySelectorAll('form[novalidate] [data-question]')).filter(q => q.checkVisibility()).map(q => {
		const m = q.querySelector('.error-message');
		return {label: q.querySelector('.question-label').textContent.replace(/\s*\(optional\)$/, '').trim(), msg: m && m.checkVisibility() ? m.textContent : ''};
	}).filter(x => x.msg)`)
	if len(msgs) == 0 {
		t.Fatalf("%s: Continue on a blank step 2 gave no error messages", u)
	}
	for _, m := range msgs {
		if strings.Contains(m.Msg, m.Label) {
			t.Errorf("%s: the error %q repeats the question %q", u, m.Msg, m.Label)
		}
	}

	// "Not sure" on step 1: the urgent result at once.
	reopenChecker(t, tb, u)
	unsure := mustEval[string](t, tb, `(() => { const b = Array.from(document.querySelectorAll('form[novalidate] [data-step]')[0].querySelectorAll('input[type=checkbox]')).find(b => /not sure/i.test(document.querySelector('label[for="' + b.id + '"]').textContent)); return b ? b.name : ''; })()`)
	if unsure == "" {
		t.Fatalf("%s: no \"not sure\" box on step 1", u)
	}
	answers := map[string]string{unsure: "yes"}
	fillOK(t, tb, u, answers)
	press(t, tb, u)
	st := waitState(t, tb, "a result after \"not sure\"", func(c chkState) bool { return c.Level != "" || c.Current != "emergency" || len(c.Alerts) > 0 })
	if st.Level == "" {
		t.Fatalf("%s: \"not sure\" on step 1 led to step %q, messages %q: want the result at once", u, st.Current, st.Alerts)
	}
	sameAsAssess(t, tb, u, answers)
	tb.check(t, u)
}
