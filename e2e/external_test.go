package e2e

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// controlFiles are the pages of the positive controls of the external
// request check: each reaches an outside host in its own way, and the
// check every browser test ends with (tab.check) must name it. "clean"
// reaches none and must pass.
var controlFiles = map[string]string{
	"/clean.html": `<!DOCTYPE html><html lang="en"><title>clean</title><link rel="icon" href="data:,"><p>Nothing from outside.`,
	"/img.html":   `<!DOCTYPE html><html lang="en"><title>img</title><link rel="icon" href="data:,"><img src="https://example.com/x.png" alt="">`,
	"/worker.html": `<!DOCTYPE html><html lang="en"><title>worker</title><link rel="icon" href="data:,">
<script>const w = new Worker('worker.js'); window.done = new Promise(r => w.onmessage = r);</script>`,
	"/worker.js": `fetch('https://example.com/from-worker.txt').catch(() => {}).then(() => postMessage('done'));`,
	"/sw.html": `<!DOCTYPE html><html lang="en"><title>service worker</title><link rel="icon" href="data:,">
<script>window.done = navigator.serviceWorker.register('sw.js').then(() => navigator.serviceWorker.ready)
	.then(() => new Promise(r => { navigator.serviceWorker.onmessage = r; navigator.serviceWorker.ready.then(reg => reg.active.postMessage('go')); }));</script>`,
	// The fetch starts as the worker's script first runs.
	"/sw.js": `const f = fetch('https://example.com/from-sw.txt').catch(() => {}); self.onmessage = (e) => f.then(() => e.source.postMessage('done'));`,
	// The frame comes from localhost, another site than 127.0.0.1, so
	// Chromium runs it in a process of its own, as a target of its own.
	"/frame.html": `<!DOCTYPE html><html lang="en"><title>frame</title><link rel="icon" href="data:,"><body>
<script>window.done = new Promise(r => { const f = document.createElement('iframe'); f.title = 'frame'; f.onload = r;
	f.src = location.href.replace('127.0.0.1', 'localhost').replace('frame.html', 'img.html'); document.body.append(f); });</script>`,
}

// controlServer serves controlFiles on a port of its own (an origin of its
// own, so that one control's service worker is no other's).
func controlServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := controlFiles[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", contentType(r.URL.Path))
		fmt.Fprint(w, body)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// errorsOf is a testing.TB that keeps the errors it is given.
type errorsOf struct {
	testing.TB
	errs []string
}

func (e *errorsOf) Helper() {}
func (e *errorsOf) Errorf(format string, args ...any) {
	e.errs = append(e.errs, fmt.Sprintf(format, args...))
}

// TestExternalRequestCaught is the positive control of the check every
// browser test makes: a request to an outside host from a page, from a
// frame of another site, from a dedicated worker or from the site's
// service worker fails the page, through tab.check like any other. The
// browser's own connections never do (nothing here makes one), and a page
// that reaches no outside host passes.
func TestExternalRequestCaught(t *testing.T) {
	t.Parallel()
	browser(t)
	for _, c := range []struct{ page, want string }{
		{"clean.html", ""},
		{"img.html", "https://example.com/x.png"},
		{"frame.html", "https://example.com/x.png"},
		{"worker.html", "https://example.com/from-worker.txt"},
		{"sw.html", "https://example.com/from-sw.txt"},
	} {
		t.Run(strings.TrimSuffix(c.page, ".html"), func(t *testing.T) {
			t.Parallel()
			u := controlServer(t) + "/" + c.page
			tb := openTab(t, chromedp.WithNewBrowserContext())
			if _, err := tb.open(u); err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			mustEval[any](t, tb, `window.done || true`)
			rec := &errorsOf{TB: t}
			tb.check(rec, u)
			var external []string
			for _, e := range rec.errs {
				if strings.Contains(e, "request to an external host") {
					external = append(external, e)
				}
			}
			if c.want == "" {
				if len(rec.errs) > 0 {
					t.Errorf("%s reaches no outside host, yet the check says:\n%s", u, strings.Join(rec.errs, "\n"))
				}
				return
			}
			if len(external) != 1 || !strings.HasSuffix(external[0], c.want) {
				t.Errorf("%s requests %s: the check says %q, want one external request naming it", u, c.want, rec.errs)
			}
			t.Logf("caught: %s", strings.Join(external, "; "))
		})
	}
}
