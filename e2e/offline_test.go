package e2e

import (
	"fmt"
	"testing"
	"time"
)

// TestOffline serves the /liftwell/ build on a fresh origin, lets the
// service worker install, then stops the server: every sitemap page must
// still open (from the worker's cache), an unknown page must get the
// offline page, and the checker must still assess in the browser.
func TestOffline(t *testing.T) {
	built := builtSite(t, baseProject)
	origin, stop, err := serveDir(built.Dir, built.Base)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	s := &site{Base: built.Base, Dir: built.Dir, Origin: origin, Pages: built.Pages}
	tb := newTab(t, 180*time.Second)
	tb.openPage(t, s, "/")
	tb.check(t, s.URL("/"))
	ready, err := eval[bool](tb, `Promise.race([
		navigator.serviceWorker.ready.then(async r => {
			for (let i = 0; i < 200 && !navigator.serviceWorker.controller; i++) await new Promise(res => setTimeout(res, 50));
			return !!r.active && !!navigator.serviceWorker.controller;
		}),
		new Promise(res => setTimeout(() => res(false), 60000)),
	])`)
	if err != nil || !ready {
		t.Fatalf("%s: the service worker did not install and take control within 60 s (%v)", s.URL("/"), err)
	}
	stop()
	stopped = true

	for _, rel := range auditPages(t, s) {
		u := s.URL(rel)
		status, err := tb.open(u)
		if err != nil {
			t.Errorf("offline, %s: %v", u, err)
			continue
		}
		if rel == notFoundProbe {
			if status != 200 {
				t.Errorf("offline, %s: status %d, want the offline page (200)", u, status)
			}
			if !mustEval[bool](t, tb, `/offline/i.test(document.querySelector("h1") ? document.querySelector("h1").innerText : "")`) {
				t.Errorf("offline, %s: not the offline page: %s", u, clip(mustEval[string](t, tb, `document.body.innerText`), 200))
			}
			continue
		}
		if status != 200 {
			t.Errorf("offline, %s: status %d, want 200 from the service worker", u, status)
		}
		if n := mustEval[int](t, tb, `document.querySelectorAll("h1").length`); n != 1 {
			t.Errorf("offline, %s: %d <h1>, want the page", u, n)
		}
		if mustEval[bool](t, tb, `/offline/i.test(document.querySelector("h1") ? document.querySelector("h1").innerText : "") && !location.pathname.includes("offline")`) {
			t.Errorf("offline, %s: got the offline page, but every page of the build should be cached", u)
		}
	}
	tb.reset()

	// The checker, offline.
	if *flagPage != "" {
		return
	}
	u := openChecker(t, tb, s)
	as := answerSets[len(answerSets)-2]
	want := assess(t, as.answers)
	if missing := mustEval[[]string](t, tb, fmt.Sprintf(`__e2eChk.fill(%s)`, mustJSON(as.answers))); len(missing) > 0 {
		t.Errorf("offline, %s: could not fill %q", u, missing)
	}
	got := toResult(t, tb, "offline, "+u, 8)
	if got.Level != want.Level {
		t.Errorf("offline, %s (%s): data-level=%q, want %q", u, as.name, got.Level, want.Level)
	}
}
