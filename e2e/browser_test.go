package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ---------------------------------------------------------------------------
// The catcher: Chromium's proxy for every host that is not the loopback.
// Chromium never proxies loopback addresses, so the local servers are
// reached directly. Every other connection ends here and is refused, and
// the browser resolves no host name but localhost (--host-resolver-rules):
// nothing leaves the machine, whatever the browser does. Which page made a
// request is the watcher's business (watch_test.go); the catcher cannot
// tell a page's request from the browser's own (sign-in, updates), so what
// it refuses is only listed, in verbose output (-v).

var (
	catcherMu   sync.Mutex
	catcherHits = map[string]int{} // "CONNECT host:443" -> count
	catcherKeys []string           // in order of the first hit
)

func startCatcher() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			target := r.Host
			if r.Method != http.MethodConnect {
				target = r.URL.Host
			}
			key := r.Method + " " + target
			catcherMu.Lock()
			if catcherHits[key] == 0 {
				catcherKeys = append(catcherKeys, key)
			}
			catcherHits[key]++
			catcherMu.Unlock()
			http.Error(w, "e2e: external requests are not allowed", http.StatusForbidden)
		}),
	}
	go srv.Serve(ln)
	addCleanup(func() { srv.Close() })
	return ln.Addr().String(), nil
}

// refusedReport prints what the catcher refused: mostly the browser's own
// connections, and the requests of pages that the watcher blamed on them.
func refusedReport() {
	catcherMu.Lock()
	defer catcherMu.Unlock()
	for _, k := range catcherKeys {
		fmt.Fprintf(os.Stderr, "e2e: note: the catcher proxy refused %s (%d times): the browser's own connection, or a page's request reported above\n", k, catcherHits[k])
	}
}

// ---------------------------------------------------------------------------
// The browser: one Chromium per test binary.

var (
	browserOnce once
	browserCtx  context.Context
	netWatch    *watcher
)

// browser returns the context of the shared Chromium, starting it once.
func browser(t testing.TB) context.Context {
	t.Helper()
	exe := needChromium(t)
	err := browserOnce.do(func() error {
		proxy, err := startCatcher()
		if err != nil {
			return err
		}
		profile := filepath.Join(tmpRoot, "chromium-profile")
		if err := os.MkdirAll(profile, 0o755); err != nil {
			return err
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exe),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.UserDataDir(profile),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-default-apps", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("disable-component-extensions-with-background-pages", true),
			chromedp.Flag("disable-field-trial-config", true),
			chromedp.Flag("disable-breakpad", true),
			chromedp.Flag("disable-client-side-phishing-detection", true),
			chromedp.Flag("disable-domain-reliability", true),
			chromedp.Flag("no-pings", true),
			chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,InterestFeedContentSuggestions,NetworkTimeServiceQuerying,CertificateTransparencyComponentUpdater"),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-background-timer-throttling", true),
			chromedp.Flag("disable-backgrounding-occluded-windows", true),
			chromedp.Flag("disable-renderer-backgrounding", true),
			chromedp.Flag("metrics-recording-only", true),
			chromedp.Flag("safebrowsing-disable-auto-update", true),
			chromedp.Flag("password-store", "basic"),
			chromedp.Flag("use-mock-keychain", true),
			chromedp.Flag("force-color-profile", "srgb"),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.Flag("mute-audio", true),
			chromedp.Flag("proxy-server", "http://"+proxy),
			// No name resolves but the loopback's, so even a connection
			// that would bypass the proxy goes nowhere.
			chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"),
			// chromedp drives the browser over a pipe; the watcher
			// connects over a websocket, on a port Chromium chooses and
			// writes in the profile. (As a Flag, chromedp would take it
			// for its own connection.)
			chromedp.ModifyCmdFunc(func(cmd *exec.Cmd) {
				cmd.Args = slices.Insert(cmd.Args, 1, "--remote-debugging-port=0")
			}),
			chromedp.WindowSize(1280, 800),
		}
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		start := time.Now()
		if err := chromedp.Do(ctx); err != nil {
			cancel()
			cancelAlloc()
			return fmt.Errorf("starting Chromium %s: %w", exe, err)
		}
		w, err := watch(ctx, profile)
		if err != nil {
			cancel()
			cancelAlloc()
			return err
		}
		if testing.Verbose() {
			fmt.Fprintf(os.Stderr, "e2e: started Chromium in %s\n", time.Since(start).Round(time.Millisecond))
		}
		addCleanup(func() { w.close(); cancel(); cancelAlloc() })
		netWatch = w
		browserCtx = ctx
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return browserCtx
}

// ---------------------------------------------------------------------------
// Tabs and what they record.

// tab is one browser tab with a record of its network requests and of its
// console errors and uncaught exceptions.
type tab struct {
	ctx context.Context

	mu       sync.Mutex
	since    time.Time                  // the watcher's requests before it are checked already
	origins  map[string]bool            // the local origins the page loaded from
	requests []string                   // every URL the page requested
	problems []string                   // console errors, uncaught exceptions, error log entries
	inflight map[network.RequestID]bool // requests of the current document not yet over
	lastNet  time.Time
	main     cdp.FrameID // the tab's main frame (its target's ID)
	allow404 string      // a URL whose 404 response is expected
}

// newTab opens a tab in the shared browser; it closes when t ends.
func newTab(t testing.TB) *tab {
	t.Helper()
	tb := openTab(t)
	// Let a background tab behave as the focused one (focus rings,
	// :focus-visible, focus events) while other tabs run in parallel.
	if _, err := chromedp.Call(tb.ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	return tb
}

// openTab opens a tab in the shared browser, made with opts, that
// records what the page does (see listen); it closes when t ends.
//
// A tab has no time limit of its own: how long a test takes depends on
// the machine and on the tests beside it, and is never a failure. A tab
// that hangs is stopped a minute before go test's -timeout (tabDeadline),
// so that its test fails naming what it was doing; the waits that poll a
// page have their own generous bound (waitLimit).
func openTab(t testing.TB, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	parent := browser(t)
	tb := &tab{inflight: map[network.RequestID]bool{}, since: time.Now(), origins: map[string]bool{}}
	ctx, cancel := chromedp.NewContext(parent, append(opts, chromedp.WithListener(tb.listen))...)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("opening a tab: %v", err)
	}
	tb.mu.Lock()
	tb.main = cdp.FrameID(chromedp.FromContext(ctx).Target.TargetID)
	tb.mu.Unlock()
	tctx, tcancel := context.WithDeadline(ctx, tabDeadline(t))
	t.Cleanup(func() { tcancel(); cancel() })
	tb.ctx = tctx
	return tb
}

// tabDeadline is a minute before the test binary's deadline (go test
// -timeout), or an hour from now without one (a benchmark).
func tabDeadline(t testing.TB) time.Time {
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if at, ok := d.Deadline(); ok {
			return at.Add(-time.Minute)
		}
	}
	return time.Now().Add(time.Hour)
}

func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Type == network.ResourceTypeDocument && ev.FrameID == tb.main {
			// A new page: the requests of the page it replaces are not
			// its own, and Chromium may never say that they ended (the
			// lazy drawings of a checker result left half-loaded stayed
			// "in flight" for ever, and every later open waited its
			// whole 5 s for them).
			clear(tb.inflight)
		}
		tb.requests = append(tb.requests, ev.Request.URL)
		if localURL(ev.Request.URL) {
			if o := originOf(ev.Request.URL); o != "" {
				tb.origins[o] = true
			}
		}
		tb.inflight[ev.RequestID] = true
		tb.lastNet = time.Now()
	case *network.EventLoadingFinished:
		delete(tb.inflight, ev.RequestID)
		tb.lastNet = time.Now()
	case *network.EventLoadingFailed:
		delete(tb.inflight, ev.RequestID)
		tb.lastNet = time.Now()
	case *cdpruntime.EventConsoleAPICalled:
		if ev.Type == cdpruntime.ConsoleAPICalledTypeError || ev.Type == cdpruntime.ConsoleAPICalledTypeAssert {
			tb.problems = append(tb.problems, fmt.Sprintf("console.%s: %s%s", ev.Type, argsText(ev.Args), stackText(ev.StackTrace)))
		}
	case *cdpruntime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		tb.problems = append(tb.problems, fmt.Sprintf("uncaught exception: %s (%s:%d:%d)%s", text, d.URL, d.LineNumber+1, d.ColumnNumber+1, stackText(d.StackTrace)))
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		if e.Level != cdplog.EntryLevelError {
			return
		}
		if tb.allow404 != "" && e.URL == tb.allow404 && strings.Contains(e.Text, "404") {
			return
		}
		if e.Source == cdplog.EntrySourceNetwork && strings.HasSuffix(e.URL, "/favicon.ico") {
			// Chromium's own fetch of the origin's favicon when a page
			// declares no icon: pageBasics checks for <link rel="icon">.
			return
		}
		where := e.URL
		if e.LineNumber > 0 {
			where = fmt.Sprintf("%s:%d", e.URL, e.LineNumber+1)
		}
		tb.problems = append(tb.problems, fmt.Sprintf("%s error: %s (%s)", e.Source, e.Text, where))
	}
}

func argsText(args []*cdpruntime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a.Type == cdpruntime.RemoteObjectTypeString:
			var s string
			if err := json.Unmarshal([]byte(a.Value), &s); err == nil {
				parts = append(parts, s)
				continue
			}
			parts = append(parts, string(a.Value))
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

func stackText(st *cdpruntime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" at %s (%s:%d:%d)", f.FunctionName, f.URL, f.LineNumber+1, f.ColumnNumber+1)
}

// reset forgets what the tab recorded so far.
func (tb *tab) reset() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.requests = nil
	tb.problems = nil
}

// localHost reports whether a request URL stays on this machine.
func localURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob", "about", "javascript":
		return true
	}
	switch u.Hostname() {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return false
}

// check fails t for every external request made by the page, its frames
// or workers, or a service worker of an origin it loaded (as the watcher
// saw them), and for every console error and uncaught exception the tab
// recorded, naming the page. It also forgets them.
func (tb *tab) check(t testing.TB, page string) {
	t.Helper()
	tb.mu.Lock()
	probs, since, origins := tb.problems, tb.since, maps.Clone(tb.origins)
	tb.requests, tb.problems = nil, nil
	tb.mu.Unlock()
	id := chromedp.FromContext(tb.ctx).Target.TargetID
	t0 := time.Now()
	netWatch.sync(tb.ctx, id, origins)
	if d := time.Since(t0); testing.Verbose() && d > time.Second {
		t.Logf("%s: the watcher's round trips took %s", page, d.Round(time.Millisecond))
	}
	now := time.Now()
	seen := map[string]bool{}
	for _, r := range netWatch.madeFor(id, origins, since) {
		if !localURL(r.url) && !seen[r.url] {
			seen[r.url] = true
			t.Errorf("%s: request to an external host (from its %s target): %s", page, r.kind, r.url)
		}
	}
	tb.mu.Lock()
	tb.since = now
	tb.mu.Unlock()
	seenP := map[string]bool{}
	for _, p := range probs {
		if !seenP[p] {
			seenP[p] = true
			t.Errorf("%s: %s", page, p)
		}
	}
}

// requestsSoFar returns a copy of the request URLs recorded so far.
func (tb *tab) requestsSoFar() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.requests...)
}

// settle waits until the tab has had no request in flight for quiet, or
// until max passes.
func (tb *tab) settle(quiet, max time.Duration) {
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		tb.mu.Lock()
		n, last := len(tb.inflight), tb.lastNet
		tb.mu.Unlock()
		if n == 0 && time.Since(last) >= quiet {
			return
		}
		select {
		case <-tb.ctx.Done():
			return
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// open navigates to u, waits for the load and for the network to go quiet,
// and returns the HTTP status of the document.
func (tb *tab) open(u string) (int64, error) {
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(u))
	if err != nil {
		return 0, err
	}
	tb.settle(150*time.Millisecond, 5*time.Second)
	if resp == nil {
		return 0, errors.New("no response")
	}
	return resp.Status, nil
}

// openPage opens a page of s and fails t on a wrong status. rel is relative
// to the base; the 404 probe must answer 404 and every other page 200.
func (tb *tab) openPage(t testing.TB, s *site, rel string) {
	t.Helper()
	u := s.URL(rel)
	want := int64(200)
	if rel == notFoundProbe {
		want = 404
		tb.mu.Lock()
		tb.allow404 = u
		tb.mu.Unlock()
	}
	status, err := tb.open(u)
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	if status != want {
		t.Errorf("%s: HTTP status %d, want %d", u, status, want)
	}
}

// eval runs a JavaScript expression (awaiting a promise) and decodes its
// JSON value into T.
func eval[T any](tb *tab, expr string) (T, error) {
	return chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// mustEval is eval that fails t.
func mustEval[T any](t testing.TB, tb *tab, expr string) T {
	t.Helper()
	v, err := eval[T](tb, expr)
	if err != nil {
		t.Fatalf("evaluating %s: %v", clip(expr, 120), err)
	}
	return v
}

// setViewport sets the layout width (CSS px) and the colour scheme.
func (tb *tab) setView(width int64, scheme string) error {
	height := int64(800)
	if width < 600 {
		height = 640
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: 1, Mobile: width < 600,
	}); err != nil {
		return err
	}
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		return err
	}
	// Let transitions and animations that the change started finish, so
	// that colours are read in their final state.
	_, err = eval[chromedp.Void](tb, `(async () => {
		await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
		const anims = document.getAnimations().filter(a => {
			const t = a.effect && a.effect.getComputedTiming && a.effect.getComputedTiming();
			return !(t && t.iterations === Infinity);
		});
		await Promise.race([
			Promise.all(anims.map(a => a.finished.catch(() => {}))),
			new Promise(r => setTimeout(r, 3000)),
		]);
	})()`)
	return err
}
