package e2e

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestLogModuleMissing: when the checker's module answers 404, the log
// says that its summary could not be loaded (it neither waits for ever nor
// compiles the error page), keeps the entries, and its "Try again" works
// once the module can be had again. The loader is app.js's, shared with
// the checker (issue 23 §4).
func TestLogModuleMissing(t *testing.T) {
	t.Parallel()
	needChromium(t)
	s := builtSite(t, baseProject)
	// An origin and a browser context of its own: an empty log, and no
	// service worker that holds the module already.
	origin := ownOrigin(t, s)
	u := origin + s.Path("/log/")
	tb := openTab(t, chromedp.WithNewBrowserContext())

	block := missingModule(t, tb)

	openLog(t, tb, u)
	module := origin + mustEval[string](t, tb, `document.getElementById('log').dataset.wasm`)
	tb.mu.Lock()
	tb.allow404 = module
	tb.mu.Unlock()
	today := time.Now().Format("2006-01-02")
	addEntry(t, tb, logEntry{"date": today, "pain": "3"}, today+"=3")

	state := func() (string, string) {
		t.Helper()
		st := mustEval[struct{ Module, Text string }](t, tb,
			`({module: document.getElementById('log').dataset.module || '', text: document.getElementById('log-summary').innerText})`)
		return st.Module, st.Text
	}
	waitModule := func(want string) string {
		t.Helper()
		var got, text string
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if got, text = state(); got == want {
				return text
			}
		}
		t.Fatalf("%s: the module is %q after 60 s, want %q; the summary reads %q", u, got, want, text)
		return ""
	}

	text := waitModule("failed")
	if !strings.Contains(text, "could not be loaded") || !strings.Contains(text, "entries are safe") {
		t.Errorf("%s: with the module missing, the summary reads %q; want it to say that it could not be loaded and that the entries are safe", u, text)
	}
	if got := mustEval[string](t, tb, `__e2eLog.entries()`); got != today+"=3" {
		t.Errorf("%s: with the module missing, the entries are %q, want %q", u, got, today+"=3")
	}

	// The module is back: "Try again" works out the summary.
	block.Store(false)
	if !mustEval[bool](t, tb, `__e2eLog.click('^try again$')`) {
		t.Fatalf("%s: no Try again button after the module failed", u)
	}
	waitModule("ready")
	facts := `!!document.querySelector('#log-summary .log-facts') && !document.querySelector('#log-summary [data-module-failed]')`
	waitFor(t, tb, u+": after Try again, the summary", facts, "true")
	tb.check(t, u)
}

// missingModule answers every request of tb for a .wasm file with a 404
// while the flag it returns is set (it starts set), and lets them through
// when it is not. Service workers are bypassed, so that no cached copy
// answers instead.
func missingModule(t testing.TB, tb *tab) *atomic.Bool {
	t.Helper()
	block := new(atomic.Bool)
	block.Store(true)
	// The listener may not send commands itself: it hands each paused
	// request to a goroutine that answers it.
	if err := chromedp.Listen(tb.ctx, func(ev any) {
		e, ok := ev.(*fetch.EventRequestPaused)
		if !ok {
			return
		}
		go func() {
			var err error
			if block.Load() {
				_, err = chromedp.Call(tb.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
					RequestID:       e.RequestID,
					ResponseCode:    404,
					ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/plain"}},
					Body:            []byte("404 page not found\n"),
				})
			} else {
				_, err = chromedp.Call(tb.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: e.RequestID})
			}
			if err != nil && tb.ctx.Err() == nil {
				t.Errorf("answering the request for %s: %v", e.Request.URL, err)
			}
		}()
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, network.SetBypassServiceWorker, network.SetBypassServiceWorkerParams{Bypass: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*.wasm"}}}); err != nil {
		t.Fatal(err)
	}

	return block
}

// TestCheckerModuleMissing: when the module answers 404, the checker's
// first use shows its message, with the link to the checklist, and the
// emergency numbers; it does not wait for ever (the same loader as the
// log's, in app.js).
func TestCheckerModuleMissing(t *testing.T) {
	t.Parallel()
	needChromium(t)
	s := builtSite(t, baseProject)
	origin := ownOrigin(t, s)
	u := origin + s.Path("/checker/")
	tb := openTab(t, chromedp.WithNewBrowserContext())
	missingModule(t, tb)
	if _, err := tb.open(u); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	module := origin + mustEval[string](t, tb, `document.getElementById('checker').dataset.wasm`)
	tb.mu.Lock()
	tb.allow404 = module
	tb.mu.Unlock()
	// Any use of the form starts the module.
	mustEval[bool](t, tb, `document.querySelector('#checker-form input').focus(), true`)
	var st struct {
		Module, Why, Checklist string
		Shown                  bool
	}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		st = mustEval[struct {
			Module, Why, Checklist string
			Shown                  bool
		}](t, tb, `(() => {
			const box = document.getElementById('checker-failed'), a = box.querySelector('a');
			return {module: document.getElementById('checker').dataset.module || '', shown: !box.hidden,
				why: document.getElementById('checker-failed-why').textContent, checklist: a ? a.getAttribute('href') : ''};
		})()`)
		if st.Module == "failed" && st.Shown {
			break
		}
	}
	if st.Module != "failed" || !st.Shown || !strings.Contains(st.Why, "could not be loaded") {
		t.Fatalf("%s: with the module missing: state %q, message shown %v (%q); want \"failed\" and the message that it could not be loaded", u, st.Module, st.Shown, st.Why)
	}
	if st.Checklist != s.Path("/checker/checklist/") {
		t.Errorf("%s: the message links to %q, want the checklist %q", u, st.Checklist, s.Path("/checker/checklist/"))
	}
	if !mustEval[bool](t, tb, `!document.getElementById('checker-emergency').hidden`) {
		t.Errorf("%s: with the module missing, the emergency signs and numbers are hidden", u)
	}
	tb.check(t, u)
}
