package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
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

// jsList is a Go list of strings as a JavaScript array.
func jsList(list []string) string { return mustJSON(list) }

var _ = fmt.Sprint
var _ = strings.TrimSpace
