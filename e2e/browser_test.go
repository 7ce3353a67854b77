package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ---------------------------------------------------------------------------
// The catcher: Chromium's proxy for every host that is not the loopback.
// Chromium never proxies loopback addresses, so the local servers are
// reached directly, and any request elsewhere (from a page, a service
// worker or the browser itself) ends here, is recorded and refused.

type externalHit struct {
	when     time.Time
	target   string
	reported bool
}

var (
	catcherMu   sync.Mutex
	catcherHits []*externalHit
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
				target = r.URL.String()
			}
			catcherMu.Lock()
			catcherHits = append(catcherHits, &externalHit{when: time.Now(), target: r.Method + " " + target})
			catcherMu.Unlock()
			http.Error(w, "e2e: external requests are not allowed", http.StatusForbidden)
		}),
	}
	go srv.Serve(ln)
	addCleanup(func() { srv.Close() })
	return ln.Addr().String(), nil
}

// chromiumOwnHosts are the hosts of Chromium's own background services
// (component and extension updates, sign-in, network time), which it may
// contact at any moment whatever the page does. The catcher refuses them
// too; they only warn at the end of the run. A page that requests one of
// them is still caught by its own network events (tab.check).
var chromiumOwnHosts = []string{
	"accounts.google.com", "update.googleapis.com", "clients2.google.com",
	"clients1.google.com", "optimizationguide-pa.googleapis.com",
	"content-autofill.googleapis.com", "safebrowsingohttpgateway.googleapis.com",
	"edgedl.me.gvt1.com", "redirector.gvt1.com", "www.googleapis.com",
}

func chromiumOwn(target string) bool {
	for _, h := range chromiumOwnHosts {
		if strings.Contains(target, " "+h+":") || strings.Contains(target, "//"+h+"/") || strings.HasSuffix(target, " "+h) {
			return true
		}
	}
	return false
}

// externalSince returns and marks the catcher's hits after t0.
func externalSince(t0 time.Time) []string {
	catcherMu.Lock()
	defer catcherMu.Unlock()
	var out []string
	for _, h := range catcherHits {
		if !h.when.Before(t0) && !h.reported && !chromiumOwn(h.target) {
			h.reported = true
			out = append(out, h.target)
		}
	}
	return out
}

// strayExternal prints the catcher's hits that came while no page was
// open: Chromium's own background traffic, refused by the catcher. They
// are not the site's, so they only warn (add a flag to browser() to stop
// them).
func strayExternal() {
	catcherMu.Lock()
	defer catcherMu.Unlock()
	count := map[string]int{}
	var order []string
	for _, h := range catcherHits {
		if !h.reported {
			host := h.target
			if u, err := url.Parse(strings.TrimPrefix(strings.TrimPrefix(host, "GET "), "POST ")); err == nil && u.Host != "" {
				host = u.Host
			} else if f := strings.Fields(host); len(f) == 2 {
				host = f[1]
			}
			if h, _, ok := strings.Cut(host, ":"); ok {
				host = h
			}
			if count[host] == 0 {
				order = append(order, host)
			}
			count[host]++
		}
	}
	for _, h := range order {
		fmt.Fprintf(os.Stderr, "e2e: note: Chromium's own background traffic to %s was refused (%d requests; not the site's)\n", h, count[h])
	}
}

// ---------------------------------------------------------------------------
// The browser: one Chromium per test binary.

var (
	browserOnce once
	browserCtx  context.Context
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
		if testing.Verbose() {
			fmt.Fprintf(os.Stderr, "e2e: started Chromium in %s\n", time.Since(start).Round(time.Millisecond))
		}
		addCleanup(func() { cancel(); cancelAlloc() })
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
	ctx    context.Context
	opened time.Time

	mu       sync.Mutex
	requests []string // every URL the page requested
	problems []string // console errors, uncaught exceptions, error log entries
	inflight map[network.RequestID]bool
	lastNet  time.Time
	allow404 string // a URL whose 404 response is expected
}

// newTab opens a tab in the shared browser; it closes when t ends. Every
// action on it must finish within limit.
func newTab(t testing.TB, limit time.Duration) *tab {
	t.Helper()
	tb := openTab(t, limit)
	// Let a background tab behave as the focused one (focus rings,
	// :focus-visible, focus events) while other tabs run in parallel.
	if _, err := chromedp.Call(tb.ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	return tb
}

// openTab opens a tab in the shared browser, made with opts, that
// records what the page does (see listen); it closes when t ends, and
// every action on it must finish within limit.
func openTab(t testing.TB, limit time.Duration, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	parent := browser(t)
	tb := &tab{inflight: map[network.RequestID]bool{}, opened: time.Now()}
	ctx, cancel := chromedp.NewContext(parent, append(opts, chromedp.WithListener(tb.listen))...)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("opening a tab: %v", err)
	}
	tctx, tcancel := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { tcancel(); cancel() })
	tb.ctx = tctx
	return tb
}

func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		tb.requests = append(tb.requests, ev.Request.URL)
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
			// declares no icon: TestPages checks for <link rel="icon">.
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

// check fails t for every external request, console error and uncaught
// exception the tab recorded, naming the page. It also forgets them.
func (tb *tab) check(t testing.TB, page string) {
	t.Helper()
	tb.mu.Lock()
	reqs, probs := tb.requests, tb.problems
	tb.requests, tb.problems = nil, nil
	tb.mu.Unlock()
	seen := map[string]bool{}
	for _, r := range reqs {
		if !localURL(r) && !seen[r] {
			seen[r] = true
			t.Errorf("%s: request to an external host: %s", page, r)
		}
	}
	for _, h := range externalSince(tb.opened) {
		t.Errorf("%s: the browser tried to reach an external host while this page was open (from this page, a service worker, or another tab): %s", page, h)
	}
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

// screenshot saves a PNG of the tab for a failure report, and returns its path.
func (tb *tab) screenshot(t testing.TB, name string) string {
	buf, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return ""
	}
	dir := filepath.Join(os.TempDir(), "liftwell-e2e-screenshots")
	os.MkdirAll(dir, 0o755)
	p := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(name)+".png")
	if os.WriteFile(p, buf, 0o644) != nil {
		return ""
	}
	return p
}

// lines reads a file's lines (for messages).
func fileLines(p string) []string {
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}
