package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// kbHelpers is installed in the page as window.__e2eKB. It lists the
// elements that the Tab key must reach, in DOM order, and describes focus.
const kbHelpers = `window.__e2eKB = (() => {
	const sel = 'a[href], area[href], button, input, select, textarea, summary, iframe, audio[controls], video[controls], [tabindex], [contenteditable]:not([contenteditable="false"])';
	const describe = (el) => {
		if (!el || el === document.body || el === document.documentElement) return '(the document)';
		let s = el.tagName.toLowerCase();
		if (el.id) s += '#' + el.id;
		if (el.getAttribute('name')) s += '[name="' + el.getAttribute('name') + '"]';
		if (el.type && el.tagName === 'INPUT') s += '[type=' + el.type + ']';
		if (el.value && (el.type === 'radio' || el.type === 'checkbox')) s += '[value="' + el.value + '"]';
		const href = el.getAttribute('href');
		if (href) s += '[href="' + href + '"]';
		const text = (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
		if (text) s += ' "' + text.slice(0, 50) + '"';
		return s;
	};
	const visible = (el) => {
		if (!el.checkVisibility({visibilityProperty: true})) return false;
		const r = el.getBoundingClientRect();
		return r.width > 0 || r.height > 0 || getComputedStyle(el).display === 'contents';
	};
	const tabbable = (el) => {
		if (el.tabIndex < 0) return false;
		if (el.matches(':disabled')) return false;
		if (el.tagName === 'INPUT' && el.type === 'hidden') return false;
		if (el.closest('[inert]')) return false;
		if (el.tagName === 'SUMMARY' && !(el.parentElement && el.parentElement.tagName === 'DETAILS' && el.parentElement.querySelector(':scope > summary') === el)) return false;
		return visible(el);
	};
	// A group of radio buttons with one name is one tab stop.
	const groupKey = (el) => (el.tagName === 'INPUT' && el.type === 'radio' && el.name)
		? 'radio:' + (el.form ? Array.from(document.forms).indexOf(el.form) : -1) + ':' + el.name : null;
	const ring = (el) => {
		const cs = getComputedStyle(el);
		const transparent = (c) => /rgba\(.*,\s*0\)$/.test(c) || c === 'transparent';
		let outline = 'none';
		if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !transparent(cs.outlineColor)) {
			outline = cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor + ' offset ' + cs.outlineOffset;
		}
		const shadow = cs.boxShadow && cs.boxShadow !== 'none' && !/^rgba\([^)]*,\s*0\)/.test(cs.boxShadow) ? cs.boxShadow : 'none';
		return {outline, shadow};
	};
	// The elements whose look may show an element's focus: itself, its
	// labels (a styled label for a visually hidden input) and its parent.
	const related = (el) => [el, ...(el.labels ? Array.from(el.labels) : []), ...(el.parentElement ? [el.parentElement] : [])];
	let list = [];
	let rest = new Map();
	return {
		init() {
			if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
			// Chromium also stops on a scrolling region that holds nothing
			// focusable (keyboard-focusable scrollers), so that its content
			// can be scrolled with the keyboard.
			const scroller = (el) => {
				if (el.tabIndex < 0 && el.hasAttribute('tabindex')) return false;
				const cs = getComputedStyle(el);
				const scrolls = (/(auto|scroll)/.test(cs.overflowX) && el.scrollWidth > el.clientWidth) || (/(auto|scroll)/.test(cs.overflowY) && el.scrollHeight > el.clientHeight);
				return scrolls && visible(el) && !el.querySelector(sel);
			};
			list = Array.from(document.body.querySelectorAll('*')).filter(el => (el.matches(sel) && tabbable(el)) || scroller(el));
			rest = new Map();
			for (const el of list) for (const x of related(el)) rest.set(x, ring(x));
			const stops = [];
			const seen = new Set();
			for (const el of list) {
				const g = groupKey(el);
				if (g) { if (seen.has(g)) continue; seen.add(g); }
				stops.push({key: g || ('el:' + list.indexOf(el)), desc: g ? describe(el) + ' (radio group)' : describe(el)});
			}
			return stops;
		},
		active() {
			const el = document.activeElement;
			const i = list.indexOf(el);
			const g = el ? groupKey(el) : null;
			const out = {key: g || (i >= 0 ? 'el:' + i : ''), desc: describe(el), doc: !el || el === document.body || el === document.documentElement, indicator: true, focusVisible: false, ring: '', rest: ''};
			if (!out.doc) {
				out.focusVisible = el.matches(':focus-visible');
				out.indicator = false;
				for (const x of related(el)) {
					const now = ring(x);
					const before = rest.get(x) || {outline: 'none', shadow: 'none'};
					if (x === el) {
						out.ring = 'outline ' + now.outline + '; box-shadow ' + now.shadow;
						out.rest = 'outline ' + before.outline + '; box-shadow ' + before.shadow;
					}
					const shows = now.outline !== 'none' || now.shadow !== 'none';
					if (shows && (now.outline !== before.outline || now.shadow !== before.shadow)) out.indicator = true;
				}
			}
			return out;
		},
	};
})(); true`

type kbStop struct {
	Key  string `json:"key"`
	Desc string `json:"desc"`
}

type kbActive struct {
	Key          string `json:"key"`
	Desc         string `json:"desc"`
	Doc          bool   `json:"doc"`
	Indicator    bool   `json:"indicator"`
	FocusVisible bool   `json:"focusVisible"`
	Ring         string `json:"ring"`
	Rest         string `json:"rest"`
}

// pressTab sends one Tab key press (Shift+Tab with back).
func pressKey(tb *tab, key string, mods ...chromedp.Modifier) error {
	var opts []chromedp.KeyOption
	if len(mods) > 0 {
		opts = append(opts, chromedp.KeyModifiers(mods...))
	}
	_, err := chromedp.Run(tb.ctx, chromedp.KeyEvent(key, opts...))
	return err
}

// tabWalk presses Tab through the page from the top and checks that every
// tab stop is reached once, in DOM order, with a visible focus indicator.
func tabWalk(t testing.TB, tb *tab, page string, v view) {
	t.Helper()
	// A form that a script enables once it is ready (the pain log's, once
	// its storage is open) is walked enabled: the stops are listed once,
	// and a form enabled during the walk would add stops to it.
	waitFor(t, tb, page+": every form enabled", `!document.querySelector('fieldset[disabled]')`, "true")
	mustEval[bool](t, tb, kbHelpers)
	stops := mustEval[[]kbStop](t, tb, `__e2eKB.init()`)
	var got []kbActive
	limit := len(stops) + 10
	for i := 0; i < limit; i++ {
		if err := pressKey(tb, kb.Tab); err != nil {
			t.Fatalf("%s: pressing Tab: %v", page, err)
		}
		a := mustEval[kbActive](t, tb, `__e2eKB.active()`)
		if a.Doc {
			if len(got) > 0 {
				break // past the last stop
			}
			continue
		}
		if len(got) > 0 && a.Key != "" && a.Key == got[0].Key {
			break // wrapped around
		}
		got = append(got, a)
	}
	// Compare the walk with the expected stops.
	want := make(map[string]int, len(stops))
	for i, s := range stops {
		want[s.Key] = i
	}
	reached := map[string]bool{}
	last := -1
	var order []string
	for _, a := range got {
		i, ok := want[a.Key]
		switch {
		case !ok:
			t.Errorf("%s [%s]: Tab moved focus to %s, which is hidden, inert or not a control", page, v, a.Desc)
			continue
		case reached[a.Key]:
			t.Errorf("%s [%s]: Tab reached %s twice", page, v, a.Desc)
		case i < last:
			order = append(order, fmt.Sprintf("%s came after %s", a.Desc, stops[last].Desc))
		}
		reached[a.Key] = true
		if i > last {
			last = i
		}
		if !a.Indicator {
			t.Errorf("%s [%s]: no visible focus indicator on %s: focused %s; unfocused %s (:focus-visible %v)", page, v, a.Desc, a.Ring, a.Rest, a.FocusVisible)
		}
	}
	if len(order) > 6 {
		order = append(order[:6], fmt.Sprintf("… and %d more", len(order)-6))
	}
	if len(order) > 0 {
		t.Errorf("%s [%s]: the tab order differs from the DOM order (a positive tabindex or a reordering?):\n%s", page, v, indent(strings.Join(order, "\n"), "  - "))
	}
	var missing []string
	for _, s := range stops {
		if !reached[s.Key] {
			missing = append(missing, s.Desc)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s [%s]: %d of %d controls were never reached with Tab:\n%s", page, v, len(missing), len(stops), indent(strings.Join(missing, "\n"), "  - "))
	}
}

// TestKeyboard tabs through every page (and the 404 page) at 1280 and
// 320 CSS px: every link, button and form control must be reached in DOM
// order (a radio group counts once), nothing hidden may take focus, and
// the focused element must show a focus indicator (its computed outline
// or box-shadow, or that of its label or parent, differs from the
// unfocused state).
//
// It visits the site under the base path /, and makes there the checks
// that TestAxe makes under /liftwell/ (pageBasics and tab.check): the
// HTTP status (404 for the unknown path), no request to a host other than
// 127.0.0.1/localhost, no console error or uncaught exception, a title,
// one visible <h1>, a language and an icon link.
func TestKeyboard(t *testing.T) {
	t.Parallel()
	s := builtSite(t, baseRoot)
	browser(t)
	for _, rel := range auditPages(t, s) {
		t.Run(pageName(rel), func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			u := s.URL(rel)
			for i, v := range []view{{1280, "light"}, {320, "light"}} {
				if err := tb.setView(v.Width, v.Scheme); err != nil {
					t.Fatal(err)
				}
				forgetKept(tb) // the checker keeps answers in the tab
				if i == 0 {
					tb.openPage(t, s, rel)
					pageBasics(t, tb, u)
				} else if _, err := tb.open(u); err != nil { // start again from the top
					t.Fatal(err)
				}
				tabWalk(t, tb, u, v)
			}
			tb.check(t, u)
		})
	}
}
