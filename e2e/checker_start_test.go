package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The checker page's start, for Lighthouse's "fast on a cheap phone"
// (issue 21). The page used to arrive as its version for browsers without
// JavaScript (the emergency box, no form), which checker.js then swapped
// for the form: Lighthouse traces of /checker/ showed the swap as a second
// style and layout pass after the first paint. The page now arrives as
// the form's first step, and what stands in for the script is shown by a
// <noscript> stylesheet, or by app.js when the script did not start.
// Either way the emergency signs must show whenever the form cannot work.

// checkerView is what the checker page shows: its form, the emergency
// box that stands in for it, and the box saying the checker cannot run.
type checkerView struct {
	Form, Emergency, Failed, NoScript, Started bool
}

const checkerViewJS = `(() => {
	const shown = id => { const el = document.getElementById(id); return !!el && el.getClientRects().length > 0; };
	return {form: shown('checker-form'), emergency: shown('checker-emergency'), failed: shown('checker-failed'),
		noScript: document.querySelector('main').innerText.includes('needs JavaScript'),
		started: document.documentElement.hasAttribute('data-script-started')};
})()`

func TestCheckerStart(t *testing.T) {
	t.Parallel()
	needChromium(t)
	s := builtSite(t, baseRoot)
	// The first frame is the form: checker.js, held back here until the
	// page has painted, finds nothing to change on screen.
	t.Run("first frame", func(t *testing.T) {
		t.Parallel()
		tb, u := checkerTab(t, s)
		held := make(chan fetch.RequestID, 1)
		if err := chromedp.Listen(tb.ctx, func(ev any) {
			e, ok := ev.(*fetch.EventRequestPaused)
			if !ok {
				return
			}
			select {
			case held <- e.RequestID:
			default: // the first is held; a listener may not block, nor send commands itself
				go chromedp.Call(tb.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: e.RequestID})
			}
		}); err != nil {
			t.Fatal(err)
		}
		interceptChecker(t, tb)
		// Navigate without waiting for the load event, which waits for
		// the held script.
		if _, err := chromedp.Call(tb.ctx, page.Navigate, page.NavigateParams{URL: u}); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		waitFor(t, tb, u+": the first paint", `performance.getEntriesByName('first-paint').length`, "1")
		if got, want := mustEval[checkerView](t, tb, checkerViewJS), (checkerView{Form: true}); got != want {
			t.Errorf("%s: painted before checker.js ran, the page shows %+v; want %+v", u, got, want)
		}
		if _, err := chromedp.Call(tb.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: <-held}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tb, u+": the checker's start", `document.documentElement.hasAttribute('data-script-started') && document.readyState`, `"complete"`)
		if got, want := mustEval[checkerView](t, tb, checkerViewJS), (checkerView{Form: true, Started: true}); got != want {
			t.Errorf("%s: once checker.js ran, the page shows %+v; want %+v", u, got, want)
		}
		tb.check(t, u)
	})
	// Without JavaScript, noscript.css hides the form and shows the
	// emergency signs, with the way to the checklist.
	t.Run("without JavaScript", func(t *testing.T) {
		t.Parallel()
		tb, u := checkerTab(t, s)
		if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := tb.open(u); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
			t.Fatal(err)
		}
		if got, want := mustEval[checkerView](t, tb, checkerViewJS), (checkerView{Emergency: true, NoScript: true}); got != want {
			t.Errorf("%s: without JavaScript the page shows %+v; want %+v", u, got, want)
		}
		tb.check(t, u)
	})
	// With JavaScript on but checker.js missing or broken, app.js puts the
	// page back as it is without JavaScript, and says the checker cannot
	// run.
	for _, c := range []struct {
		name string
		// answer answers the request for checker.js.
		answer func(context.Context, fetch.RequestID) error
	}{
		{"checker.js fails to load", func(ctx context.Context, id fetch.RequestID) error {
			_, err := chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: id, ErrorReason: network.ErrorReasonConnectionFailed})
			return err
		}},
		{"checker.js stops with an error", func(ctx context.Context, id fetch.RequestID) error {
			_, err := chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: id, ResponseCode: 200,
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/javascript"}},
				Body:            []byte(`throw new Error("e2e: a broken checker.js");`)})
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tb, u := checkerTab(t, s)
			if err := chromedp.Listen(tb.ctx, func(ev any) {
				if e, ok := ev.(*fetch.EventRequestPaused); ok {
					// A listener may not send commands itself.
					go func() {
						if err := c.answer(tb.ctx, e.RequestID); err != nil && tb.ctx.Err() == nil {
							t.Errorf("answering %s: %v", e.Request.URL, err)
						}
					}()
				}
			}); err != nil {
				t.Fatal(err)
			}
			interceptChecker(t, tb)
			if _, err := tb.open(u); err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			if got, want := mustEval[checkerView](t, tb, checkerViewJS), (checkerView{Emergency: true, Failed: true}); got != want {
				t.Errorf("%s: %s; the page shows %+v, want %+v", u, c.name, got, want)
			}
			tb.reset() // the failure itself is logged
		})
	}
}

// checkerTab opens a tab, and an origin of its own for s (no other tab's
// service worker answers for it), and returns the checker page's URL.
func checkerTab(t *testing.T, s *site) (*tab, string) {
	t.Helper()
	return newTab(t), ownOrigin(t, s) + s.Path("/checker/")
}

// interceptChecker pauses the tab's requests for checker.js (Fetch
// domain): the test's listener answers them.
func interceptChecker(t *testing.T, tb *tab) {
	t.Helper()
	if _, err := chromedp.Call(tb.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/assets/checker.*.js"}}}); err != nil {
		t.Fatal(err)
	}
}
