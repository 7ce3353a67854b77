package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// forgedPage is what a page of another project on the same origin writes
// into the site's cache for /checker/.
const forgedPage = `<!doctype html><html lang="en"><title>Forged</title><h1 id="forged">Your result: self care</h1></html>`

// poisonJS, run on a page of the origin outside the site (a sibling
// project at /evil/), writes forgedPage into every cache of the site for
// each URL given, with the Cache API, as any page of the origin can. It
// returns how many caches it wrote into.
const poisonJS = `(async (urls, body) => {
	const names = (await caches.keys()).filter(n => n.startsWith("liftwell:/liftwell/:"));
	for (const n of names) {
		const c = await caches.open(n);
		for (const u of urls) await c.put(u, new Response(body, {headers: {"Content-Type": "text/html; charset=utf-8"}}));
	}
	return names.length;
})`

// whatPageJS says what the open page is: the forged page, the checker, or
// another page by its heading.
const whatPageJS = `(() => {
	if (document.getElementById('forged')) return 'forged';
	if (document.getElementById('checker-form')) return 'checker';
	const h = document.querySelector('h1');
	return 'page: ' + (h ? h.innerText.trim() : document.title);
})()`

// TestSiblingSiteCache: under /liftwell/, on an origin of its own, a page
// of another project on the same origin (/evil/, outside the worker's
// scope) writes a forged checker result into the site's cache, and a URL
// the build does not have. The worker serves neither, online or offline:
// online the checker comes from the network; offline the forged copy is
// dropped and the offline page shown; the pages it precached still open
// offline.
func TestSiblingSiteCache(t *testing.T) {
	t.Parallel()
	browser(t)
	built := builtSite(t, baseProject)
	srv := startStopServer(t, built.Dir, baseProject)
	s := &site{Base: baseProject, Dir: built.Dir, Origin: srv.origin()}
	tb := newTab(t)
	tb.openPage(t, s, "/")
	if st := mustEval[swState](t, tb, waitControlledJS); st.Error != "" || !st.Controlled {
		t.Fatalf("%s: the service worker did not take control: %+v", s.URL("/"), st)
	}
	checker, stray := s.URL("/checker/"), s.URL("/e2e-sibling/")
	sibling := s.Origin + "/evil/"
	poison := func(t *testing.T) {
		t.Helper()
		tb.mu.Lock()
		tb.allow404 = sibling
		tb.mu.Unlock()
		if _, err := tb.open(sibling); err != nil {
			t.Fatalf("%s: %v", sibling, err)
		}
		if n := mustEval[int](t, tb, poisonJS+`(`+mustJSON([]string{checker, stray})+`, `+mustJSON(forgedPage)+`)`); n == 0 {
			t.Fatalf("%s: no cache of the site to write into", sibling)
		}
	}
	at := func(t *testing.T, u string) string {
		t.Helper()
		if _, err := chromedp.Run(tb.ctx, chromedp.Navigate("about:blank")); err != nil {
			t.Fatal(err)
		}
		if _, err := offlineNav(tb, u); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		return mustEval[string](t, tb, whatPageJS)
	}

	t.Run("online", func(t *testing.T) {
		poison(t)
		if got := at(t, checker); got != "checker" {
			t.Errorf("online, after a sibling page wrote into the cache, %s shows %s; want the checker", checker, got)
		}
		tb.mu.Lock()
		tb.allow404 = stray // the network's answer for a page the build does not have
		tb.mu.Unlock()
		if got := at(t, stray); got == "forged" {
			t.Errorf("online, %s (not a page of the build) shows what a sibling page wrote into the cache", stray)
		}
		tb.check(t, checker)
	})
	t.Run("offline", func(t *testing.T) {
		poison(t)
		srv.stop()
		defer srv.start()
		if got := at(t, checker); got == "forged" || got == "checker" {
			t.Errorf("offline, after a sibling page wrote into the cache, %s shows %s; want the offline page", checker, got)
		}
		if got := at(t, stray); got == "forged" {
			t.Errorf("offline, %s (not a page of the build) shows what a sibling page wrote into the cache", stray)
		}
		if got := at(t, s.URL("/")); got == "forged" || !strings.HasPrefix(got, "page: ") {
			t.Errorf("offline, the home page shows %s", got)
		}
	})
}

// rerunPrefillJS gives the open checker page the fragment given and runs
// its logprefill.js again, as on a page opened with that fragment.
const rerunPrefillJS = `(async (hash) => {
	history.replaceState(null, '', hash);
	const src = document.querySelector('script[src*="logprefill"]').src;
	await new Promise((ok, fail) => {
		const s = document.createElement('script');
		s.src = src;
		s.addEventListener('load', ok);
		s.addEventListener('error', () => fail(new Error('cannot load ' + src)));
		document.head.appendChild(s);
	});
	return true;
})`

// TestCheckerPrefillLinks: on the real checker page, crafted fragments
// neither throw nor fill anything, and say so; a fragment of allowed
// answers fills them and says they come from this link.
func TestCheckerPrefillLinks(t *testing.T) {
	t.Parallel() // its own tab; it mostly waits for the page
	browser(t)
	s := builtSite(t, baseProject)
	tb := newTab(t)
	type state struct {
		Notice   string `json:"notice"`
		Days     string `json:"days"`
		Severity string `json:"severity"`
		Trend    string `json:"trend"`
	}
	const stateJS = `(() => {
		const n = document.getElementById('log-prefill'), f = document.getElementById('checker-form');
		const t = f.querySelector('[name=trend]:checked');
		return {notice: n ? n.textContent : '', days: f.elements.days.value, severity: f.elements.severity.value, trend: t ? t.value : ''};
	})()`
	many := "#" + strings.Repeat("days=1&", 200000) + "days=1"
	for _, c := range []struct {
		hash string
		want state
	}{
		{"#days=3&trend=better&severity=6", state{Notice: "from this link", Days: "3", Severity: "6", Trend: "better"}},
		{"#__proto__", state{}},
		{"#toString", state{}},
		{"#constructor=1", state{Notice: "none were filled in"}},
		{"#hasOwnProperty=days", state{Notice: "none were filled in"}},
		{"#days=5&__proto__=x", state{Notice: "none were filled in"}},
		{"#saddle_numbness=no", state{Notice: "none were filled in"}},
		{many, state{Notice: "none were filled in"}},
	} {
		name := clip(c.hash, 40)
		forgetKept(tb) // the tab keeps the last case's answers
		if _, err := chromedp.Run(tb.ctx, chromedp.Navigate("about:blank")); err != nil {
			t.Fatal(err)
		}
		if c.hash == many {
			// A URL of 1.4 MB is slow to navigate to through the
			// DevTools protocol (every event repeats it): the fragment
			// is set on the open page instead, and the script run again.
			if _, err := tb.open(s.URL("/checker/")); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			mustEval[bool](t, tb, rerunPrefillJS+`(`+mustJSON(c.hash)+`)`)
		} else if _, err := tb.open(s.URL("/checker/") + c.hash); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := mustEval[state](t, tb, stateJS)
		if !strings.Contains(got.Notice, c.want.Notice) || (c.want.Notice == "") != (got.Notice == "") || strings.Contains(got.Notice, "pain log") {
			t.Errorf("%s: notice %q, want one saying %q", name, got.Notice, c.want.Notice)
		}
		got.Notice, c.want.Notice = "", ""
		if got != c.want {
			t.Errorf("%s: the form holds %+v, want %+v", name, got, c.want)
		}
		tb.check(t, name)
	}
}
