package e2e

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets that must have zero violations.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// view is one rendering of a page that the audit checks.
type view struct {
	Width  int64
	Scheme string // prefers-color-scheme: light or dark
}

func (v view) String() string { return fmt.Sprintf("%dpx %s", v.Width, v.Scheme) }

// axeViews: wide and narrow, light and dark (ordered to change one thing at a time).
var axeViews = []view{{1280, "light"}, {1280, "dark"}, {320, "dark"}, {320, "light"}}

var (
	axeOnce   once
	axeSource string
)

// axeScript returns the source of node_modules/axe-core/axe.min.js.
func axeScript(t testing.TB) string {
	t.Helper()
	p := nodeModule(t, "axe-core/axe.min.js")
	if err := axeOnce.do(func() error {
		data, err := os.ReadFile(p)
		axeSource = string(data)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return axeSource
}

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

// injectAxe loads axe-core into the current document through
// Runtime.evaluate, which the page's Content Security Policy does not
// govern (a <script> element would be blocked).
func injectAxe(t testing.TB, tb *tab) {
	t.Helper()
	src := axeScript(t)
	if ok, _ := eval[bool](tb, `typeof window.axe === "object"`); ok {
		return
	}
	if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](src+"\n;void 0")); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	if ok := mustEval[bool](t, tb, `typeof window.axe === "object"`); !ok {
		t.Fatal("axe-core did not load")
	}
}

// runAxe audits the document as it is now.
func runAxe(t testing.TB, tb *tab) []axeViolation {
	t.Helper()
	injectAxe(t, tb)
	tags := `["` + strings.Join(axeTags, `","`) + `"]`
	return mustEval[[]axeViolation](t, tb, `axe.run(document, {
		runOnly: {type: "tag", values: `+tags+`},
		resultTypes: ["violations"],
	}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(x => Array.isArray(x) ? x.join(" >>> ") : String(x)),
			html: n.html,
			summary: n.failureSummary || "",
		})),
	})))`)
}

// axeReport collects violations over several views of one page and prints
// each rule once, with the views where it failed.
type axeReport struct {
	mu    sync.Mutex
	rules map[string]*axeViolation
	views map[string][]string            // rule id -> views
	nodes map[string]map[string][]string // rule id -> node key -> views
}

func (r *axeReport) add(v view, vs []axeViolation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rules == nil {
		r.rules = map[string]*axeViolation{}
		r.views = map[string][]string{}
		r.nodes = map[string]map[string][]string{}
	}
	for _, x := range vs {
		if r.rules[x.ID] == nil {
			c := x
			c.Nodes = nil
			r.rules[x.ID] = &c
			r.nodes[x.ID] = map[string][]string{}
		}
		r.views[x.ID] = append(r.views[x.ID], v.String())
		for _, n := range x.Nodes {
			key := strings.Join(n.Target, ", ")
			if _, ok := r.nodes[x.ID][key]; !ok {
				r.rules[x.ID].Nodes = append(r.rules[x.ID].Nodes, n)
			}
			r.nodes[x.ID][key] = append(r.nodes[x.ID][key], v.String())
		}
	}
}

func (r *axeReport) fail(t testing.TB, page string) {
	t.Helper()
	ids := make([]string, 0, len(r.rules))
	for id := range r.rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		x := r.rules[id]
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s (%s): %s\n  %s\n  in views: %s\n", page, x.ID, x.Impact, x.Help, x.HelpURL, strings.Join(r.views[id], "; "))
		for i, n := range x.Nodes {
			if i == 8 {
				fmt.Fprintf(&b, "  … and %d more elements\n", len(x.Nodes)-i)
				break
			}
			key := strings.Join(n.Target, ", ")
			fmt.Fprintf(&b, "  - %s  [%s]\n    %s\n", key, strings.Join(r.nodes[id][key], "; "), clip(n.HTML, 300))
			if n.Summary != "" {
				b.WriteString(indent(clip(n.Summary, 400), "      "))
			}
		}
		t.Error(b.String())
	}
}

// checkReflow fails when the page scrolls sideways at a narrow width
// (WCAG 1.4.10 Reflow: no two-dimensional scrolling at 320 CSS px).
func checkReflow(t testing.TB, tb *tab, page string, v view) {
	t.Helper()
	type over struct {
		Scroll int      `json:"scroll"`
		Inner  int      `json:"inner"`
		Wide   []string `json:"wide"`
	}
	o := mustEval[over](t, tb, `(() => {
		const inner = document.documentElement.clientWidth;
		const scroll = document.documentElement.scrollWidth;
		const wide = [];
		if (scroll > inner + 1) {
			for (const el of document.body.querySelectorAll("*")) {
				const r = el.getBoundingClientRect();
				if (r.right > inner + 1 && r.width > 0 && getComputedStyle(el).position !== "fixed") {
					let inScroller = false;
					for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
						const ox = getComputedStyle(p).overflowX;
						if (ox === "auto" || ox === "scroll" || ox === "hidden" || ox === "clip") { inScroller = true; break; }
					}
					if (!inScroller) wide.push(el.outerHTML.slice(0, 160) + " (right edge " + Math.round(r.right) + "px)");
				}
				if (wide.length >= 5) break;
			}
		}
		return {scroll, inner, wide};
	})()`)
	if o.Scroll > o.Inner+1 {
		t.Errorf("%s [%s]: the page scrolls sideways (content %dpx wide in a %dpx viewport; WCAG 1.4.10 Reflow). Widest elements:\n%s",
			page, v, o.Scroll, o.Inner, indent(strings.Join(o.Wide, "\n"), "  - "))
	}
}

// TestAxe runs axe-core on every page (and the 404 page) of the site built
// for /liftwell/, in light and dark colour schemes at 1280 and 320 CSS px,
// and fails on any violation of the WCAG 2.0/2.1/2.2 A and AA rules. At
// 320 px it also fails when the page scrolls sideways.
//
//	go test ./e2e -run TestAxe -page /articles/sore-or-hurt/
//
// A positive control runs first: a page with known faults must produce
// their violations, so that a broken rule set cannot pass vacuously.
func TestAxe(t *testing.T) {
	t.Parallel()
	axeScript(t)
	s := builtSite(t, baseProject)
	browser(t)
	t.Run("control", func(t *testing.T) { axeControl(t, s) })
	pages := auditPages(t, s)
	if len(pages) == 0 || *flagPage == "" && len(pages) != len(s.Pages)+1 {
		t.Fatalf("auditing %d pages; the sitemap lists %d (and the 404 page)", len(pages), len(s.Pages))
	}
	t.Logf("auditing %d pages in %d views each", len(pages), len(axeViews))
	for _, rel := range pages {
		t.Run(pageName(rel), func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			u := s.URL(rel)
			if err := tb.setView(axeViews[0].Width, axeViews[0].Scheme); err != nil {
				t.Fatal(err)
			}
			tb.openPage(t, s, rel)
			pageBasics(t, tb, u) // TestKeyboard makes the same checks under /
			auditViews(t, tb, axeViews, u, u)
			tb.check(t, u)
		})
	}
}

// auditViews runs axe on the page at u, open in tb, in each of views,
// checks that it reflows at 320 px (when views has it), and fails t with
// every violation, naming the page as name.
func auditViews(t *testing.T, tb *tab, views []view, u, name string) {
	t.Helper()
	var rep axeReport
	for _, v := range views {
		if err := tb.setView(v.Width, v.Scheme); err != nil {
			t.Fatal(err)
		}
		rep.add(v, runAxe(t, tb))
		if v.Width <= 320 && v.Scheme == "light" {
			checkReflow(t, tb, u, v)
		}
	}
	rep.fail(t, name)
}

// axeControl replaces a page's body with markup that breaks three rules of
// the audited set and checks that axe reports each of them.
func axeControl(t *testing.T, s *site) {
	tb := newTab(t)
	tb.openPage(t, s, "/")
	mustEval[bool](t, tb, `(() => {
		document.body.innerHTML = '<main><img src="x.png"><button></button><input type="text"></main>';
		return true;
	})()`)
	found := map[string]bool{}
	for _, v := range runAxe(t, tb) {
		found[v.ID] = true
	}
	for _, id := range []string{"image-alt", "button-name", "label"} {
		if !found[id] {
			t.Errorf("axe did not report %q on a page built to break it; it reported %v", id, found)
		}
	}
}
