package e2e

import (
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Slow 3G as the issue measured it: 400 kbit/s both ways, 400 ms round trip.
const (
	slow3GBytesPerSecond = 400 * 1000 / 8
	slow3GLatencyMs      = 400
	// The budget from Continue (emergency) or "Get my result" (once the
	// person has taken their time) to the result on screen.
	resultBudget = time.Second
	// How long a person takes to answer: the test waits this long at most
	// for the module to arrive before pressing "Get my result".
	answeringTime = 60 * time.Second
	// slowWaitLimit bounds each wait for the module over slow 3G (about
	// 2 MB at 50 KB/s): a guard against a hang, never a timing check.
	slowWaitLimit = 5 * time.Minute
)

// slowServer serves the build like GitHub Pages does, gzip included, but
// with a service worker that does nothing: a first visit, measured alone,
// without the worker's precaching competing for the connection.
func slowServer(t testing.TB, s *site) string {
	t.Helper()
	pages := pagesHandler(s.Dir, s.Base)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sw.js") {
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, "// e2e: a service worker that does nothing\n")
			return
		}
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			pages.ServeHTTP(w, r)
			return
		}
		gz := gzip.NewWriter(w)
		defer gz.Close()
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		pages.ServeHTTP(gzipWriter{w, gz}, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

type gzipWriter struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g gzipWriter) WriteHeader(code int) {
	g.ResponseWriter.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}

func (g gzipWriter) Write(p []byte) (int, error) {
	g.ResponseWriter.Header().Del("Content-Length")
	return g.gz.Write(p)
}

// freshTab opens a tab in a new browser context (empty cache, no service
// worker, no storage) with the network throttled to slow 3G.
func freshTab(t testing.TB) *tab {
	t.Helper()
	tb := openTab(t, chromedp.WithNewBrowserContext())
	throttle(t, tb, slow3GLatencyMs, slow3GBytesPerSecond)
	if _, err := chromedp.Call(tb.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	return tb
}

// throttle slows the tab's network with Network.emulateNetworkConditions,
// the stable command (cdproto only has the experimental
// emulateNetworkConditionsByRule, whose parameters change between
// Chromium versions). The service worker of slowServer does nothing, so
// every request goes through the page's target.
func throttle(t testing.TB, tb *tab, latencyMs, bytesPerSecond float64) {
	t.Helper()
	params := struct {
		Offline            bool    `json:"offline"`
		Latency            float64 `json:"latency"`
		DownloadThroughput float64 `json:"downloadThroughput"`
		UploadThroughput   float64 `json:"uploadThroughput"`
	}{false, latencyMs, bytesPerSecond, bytesPerSecond}
	c := chromedp.FromContext(tb.ctx)
	if err := c.Target.Call(tb.ctx, "Network.emulateNetworkConditions", params, nil); err != nil {
		version, _ := eval[string](tb, `navigator.userAgent`)
		t.Fatalf("throttling the network with Network.emulateNetworkConditions failed (browser %q): %v", version, err)
	}
}

// openSlow opens the checker on a throttled first visit and waits for its
// form; it returns when the page had loaded.
func openSlow(t testing.TB, tb *tab, u string) time.Time {
	t.Helper()
	start := time.Now()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	loaded := time.Now()
	mustEval[bool](t, tb, checkerJS)
	waitState(t, tb, "the checker's form", func(n chkState) bool { return n.Current != "" })
	t.Logf("%s: loaded in %s on slow 3G", u, loaded.Sub(start).Round(time.Millisecond))
	return loaded
}

// clickTimed clicks the visible step's forward button and returns the time
// from the click to the first frame painted with a result on screen,
// measured in the page, and the module's state at that frame. It waits as
// long as the tab may run: the time is reported, never a deadline.
func clickTimed(t testing.TB, tb *tab) (time.Duration, string) {
	t.Helper()
	type shown struct {
		Ms     float64 `json:"ms"`
		Module string  `json:"module"`
	}
	r := mustEval[shown](t, tb, `new Promise((resolve, reject) => {
		const t0 = performance.now();
		const a = __e2eChk.advance();
		if (a.error) return reject(new Error(a.error));
		const tick = () => {
			if (__e2eChk.state().level) return requestAnimationFrame(() => resolve({
				ms: performance.now() - t0, module: document.getElementById('checker').dataset.module || ''}));
			requestAnimationFrame(tick);
		};
		tick();
	})`)
	return time.Duration(r.Ms * float64(time.Millisecond)), r.Module
}

// reportBudget logs a time against resultBudget. A time depends on the
// machine, so it is reported (go test -v), never a failure; the tests
// assert what makes it short instead.
func reportBudget(t testing.TB, what string, took time.Duration) {
	t.Helper()
	verdict := "within"
	if took > resultBudget {
		verdict = "OVER"
	}
	t.Logf("%s: %s on slow 3G, %s the budget of %s on this machine now", what, took.Round(time.Millisecond), verdict, resultBudget)
}

func moduleState(t testing.TB, tb *tab) string {
	return mustEval[string](t, tb, `document.getElementById('checker').dataset.module || ''`)
}

// TestCheckerSlowNetwork follows the checker on a first visit over slow
// 3G (issue 11 §4): the emergency result shows on Continue before the
// module has arrived, and agrees with the module once it has; "Get my
// result" before the module has arrived says how far it has come and
// offers the checklist, then shows the result by itself; and once the
// module has arrived, "Get my result" needs no request. The times against
// the budget of a second are reported (-v), not asserted: they depend on
// the machine.
func TestCheckerSlowNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("two page visits over a throttled network; skipped with -short")
	}
	s := builtSite(t, baseProject)
	origin := slowServer(t, s)
	u := origin + s.Path("/checker/")

	t.Parallel() // it mostly waits for the network, in browser contexts of its own
	t.Run("emergency", func(t *testing.T) {
		t.Parallel()
		tb := freshTab(t)
		loaded := openSlow(t, tb, u)
		signs := map[string]string{"saddle_numbness": "yes", "chest_or_belly": "yes", "emergency_unsure": "yes"}
		fillOK(t, tb, u, signs)
		if st := moduleState(t, tb); st == "ready" || st == "fetched" {
			t.Fatalf("%s: the module is %s already: the network is not throttled", u, st)
		}
		took, module := clickTimed(t, tb)
		held := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
		shortcut := sameAsAssess(t, tb, u+" (emergency, before the module)", held)
		t.Logf("%s: emergency result %s after Continue on slow 3G (module: %s)", u, took.Round(time.Millisecond), moduleState(t, tb))
		if shortcut.Level != "emergency" {
			t.Fatalf("%s: level %q, want emergency", u, shortcut.Level)
		}
		// What makes it fast does not depend on the machine: the result
		// shows before the module has arrived. (The time against
		// resultBudget is reported, not asserted: see the README.)
		if module == "ready" || module == "fetched" {
			t.Errorf("%s: the emergency result showed only once the module was %s", u, module)
		}
		reportBudget(t, u+": the emergency result after Continue", took)

		// Leave the emergency result and answer everything at once:
		// "Get my result" comes before the module.
		if mustEval[string](t, tb, `__e2eChk.click("^change")`) == "" {
			t.Fatalf("%s: no Change button on the emergency result", u)
		}
		waitState(t, tb, "a step after Change", func(n chkState) bool { return n.Current != "" })
		fillOK(t, tb, u, map[string]string{"saddle_numbness": "", "chest_or_belly": "", "emergency_unsure": ""})
		fillOK(t, tb, u, withNone(t, tb, fullAnswers))
		held = mustEval[map[string]string](t, tb, `__e2eChk.values()`)
		advanceTo(t, tb, u, "check")
		if st := moduleState(t, tb); st == "ready" {
			t.Fatalf("%s: the module is ready %s after the page loaded: too early to see the progress", u, time.Since(loaded))
		}
		press(t, tb, u)
		type waitingFacts struct {
			Text      string `json:"text"`
			Checklist bool   `json:"checklist"`
		}
		const waitingJS = `(() => {
			const box = Array.from(document.querySelectorAll('[role=status]')).find(e => e.checkVisibility() && /loading/i.test(e.innerText));
			return {text: box ? box.innerText.trim() : '', checklist: !!box && Array.from(box.querySelectorAll('a[href*="/checker/checklist/"]')).some(a => a.checkVisibility())};
		})()`
		var w waitingFacts
		// Until the status shows, or the module has run (then it is too late).
		deadline := time.Now().Add(slowWaitLimit)
		for w.Text == "" && mustEval[chkState](t, tb, `__e2eChk.state()`).Level == "" && time.Now().Before(deadline) {
			w = mustEval[waitingFacts](t, tb, waitingJS)
			time.Sleep(20 * time.Millisecond)
		}
		if w.Text == "" || !w.Checklist {
			t.Errorf("%s: Get my result before the module has loaded: no status naming the loading with a checklist link (%+v)", u, w)
		} else if !strings.Contains(w.Text, "KB") {
			t.Errorf("%s: the loading status gives no progress in KB: %q", u, w.Text)
		}
		t.Logf("%s: while loading: %q", u, clip(w.Text, 160))
		// The progress moves on as the bytes arrive.
		first := w.Text
		for w.Text == first && mustEval[chkState](t, tb, `__e2eChk.state()`).Level == "" && time.Now().Before(deadline) {
			w = mustEval[waitingFacts](t, tb, waitingJS)
			time.Sleep(100 * time.Millisecond)
		}
		if w.Text == first {
			t.Errorf("%s: the loading status never changed before the result: %q", u, first)
		}
		t.Logf("%s: then: %q", u, clip(w.Text, 70))
		// The result comes by itself once the module runs.
		for mustEval[chkState](t, tb, `__e2eChk.state()`).Level == "" {
			if time.Now().After(deadline) {
				t.Fatalf("%s: no result %s after Get my result", u, slowWaitLimit)
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("%s: the module ran %s after the page loaded", u, time.Since(loaded).Round(100*time.Millisecond))
		sameAsAssess(t, tb, u+" (after waiting for the module)", held)

		// The module agrees with the emergency result shown without it.
		type modResult struct {
			Level   string `json:"level"`
			Reasons []struct {
				ID string `json:"id"`
			} `json:"reasons"`
		}
		m := mustEval[modResult](t, tb, `liftwellAssess(`+mustJSON(signs)+`)`)
		var ids []string
		for _, r := range m.Reasons {
			ids = append(ids, r.ID)
		}
		if m.Level != shortcut.Level || !slices.Equal(ids, shortcut.Reasons) {
			t.Errorf("%s: shown before the module: %s %q; the module says %s %q", u, shortcut.Level, shortcut.Reasons, m.Level, ids)
		}
		tb.check(t, u)
	})

	t.Run("get my result", func(t *testing.T) {
		t.Parallel()
		tb := freshTab(t)
		loaded := openSlow(t, tb, u)
		fillOK(t, tb, u, withNone(t, tb, fullAnswers))
		held := mustEval[map[string]string](t, tb, `__e2eChk.values()`)
		advanceTo(t, tb, u, "check")
		// The person takes their time: until the module has arrived.
		for deadline := time.Now().Add(slowWaitLimit); ; time.Sleep(100 * time.Millisecond) {
			if st := moduleState(t, tb); st == "fetched" || st == "ready" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the module had not arrived %s after the answers", u, slowWaitLimit)
			}
		}
		arrived := time.Since(loaded)
		t.Logf("%s: module %s %s after the page loaded", u, moduleState(t, tb), arrived.Round(100*time.Millisecond))
		if arrived > answeringTime {
			t.Logf("%s: the module arrived after a person's time to answer (%s)", u, answeringTime)
		}
		// Once the module has arrived, the result needs nothing more from
		// the network.
		requested := len(tb.requestsSoFar())
		took, _ := clickTimed(t, tb)
		for _, r := range tb.requestsSoFar()[requested:] {
			if !strings.HasPrefix(r, "data:") {
				t.Errorf("%s: Get my result, with the module arrived, waited for a request: %s", u, r)
			}
		}
		reportBudget(t, u+": the full result after Get my result", took)
		sameAsAssess(t, tb, u, held)
		tb.check(t, u)
	})
}
