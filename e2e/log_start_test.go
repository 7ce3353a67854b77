package e2e

import "testing"

// The log page's start, for Lighthouse's "fast on a cheap phone" (issue
// 21):
//   - the site's offline install (the service worker, which downloads and
//     checks every file, 2.5 MB) waits until the log has opened its
//     database and drawn itself. Lighthouse traces of /log/ put the
//     install's work on a second core at the same time as the log's
//     start, and the page's own tasks grew with it (mean total blocking
//     time 69 ms against 32 ms with the install held back, 8 runs each);
//   - nothing above the log moves when it starts: the line on whether
//     the browser keeps the log, filled in then, used to push the log
//     down by 98 px (Lighthouse's one layout shift on /log/).

// recordInstallJS records, at each service worker registration, whether
// the page had loaded and whether the log had started (its form enabled,
// which the first drawing of the log does).
const recordInstallJS = `(() => {
	const register = ServiceWorkerContainer.prototype.register;
	window.__e2eInstall = [];
	ServiceWorkerContainer.prototype.register = function (...args) {
		const form = document.getElementById('log-fieldset');
		window.__e2eInstall.push({loaded: document.readyState === 'complete', logStarted: !!form && !form.disabled});
		return register.apply(this, args);
	};
})();`

// hangStartJS makes the start the log names to app.js one that never
// ends, and every timer of a second or more fire at once.
const hangStartJS = `(() => {
	Object.defineProperty(window, 'liftwellStarting', {configurable: true, set(hold) {
		Object.defineProperty(window, 'liftwellStarting', {configurable: true, writable: true, value: () => hold(new Promise(() => {}))});
	}});
	const setTimeout = window.setTimeout;
	window.setTimeout = (fn, ms, ...args) => setTimeout(fn, ms >= 1000 ? 0 : ms, ...args);
})();`

// logTopJS records where the log starts on the page once the page is
// parsed, before the log's script has opened its database.
const logTopJS = `document.addEventListener('DOMContentLoaded', () => {
	window.__e2eLogTop = document.getElementById('log-app').getBoundingClientRect().top + scrollY;
});`

type install struct{ Loaded, LogStarted bool }

func TestLogStart(t *testing.T) {
	t.Parallel()
	t.Run("after the start", func(t *testing.T) {
		t.Parallel()
		tb, _ := uxLog(t, recordInstallJS, logTopJS)
		waitFor(t, tb, "the offline install", `window.__e2eInstall.length`, "1")
		if got := mustEval[install](t, tb, `window.__e2eInstall[0]`); got != (install{true, true}) {
			t.Errorf("the service worker was registered at %+v, want after load and after the log's start", got)
		}
		type top struct{ Parsed, Started float64 }
		got := mustEval[top](t, tb, `({parsed: window.__e2eLogTop, started: document.getElementById('log-app').getBoundingClientRect().top + scrollY})`)
		if got.Parsed == 0 || got.Started != got.Parsed {
			t.Errorf("the log starts %v px down the page once parsed and %v px once started; want it not to move", got.Parsed, got.Started)
		}
	})
	// A start that never ends holds the install back for a bounded time
	// only: its timer, made to fire at once here, registers the worker.
	t.Run("a start that hangs", func(t *testing.T) {
		t.Parallel()
		tb, _ := uxLog(t, recordInstallJS, hangStartJS)
		waitFor(t, tb, "the offline install", `window.__e2eInstall.length`, "1")
		if got := mustEval[install](t, tb, `window.__e2eInstall[0]`); !got.Loaded {
			t.Errorf("the service worker was registered at %+v, want after load", got)
		}
	})
}
