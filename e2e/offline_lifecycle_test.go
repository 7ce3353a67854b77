package e2e

import (
	"context"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/output"
	lwsite "github.com/liftwell/liftwell/internal/site"
)

// TestOfflineLifecycle follows a reader's browser through the life of the
// service worker, under / and under /liftwell/, each on its own origin
// served like GitHub Pages, with the real checker module:
//
//  1. first visit: the worker registers at the base path, installs, and
//     takes control; its cache (named after the base path) holds exactly
//     the build's files but 404.html and sw.js;
//  2. installable: Chromium reports no installability error and no
//     manifest error;
//  3. offline (the server stopped): every page of sitemap.xml opens from
//     the worker with its stylesheet, scripts and images; the checker
//     gives the level the checker package gives, and ticking
//     saddle_numbness gives emergency; an unknown page gets the offline
//     page, "dir/index.html" the cached "dir/", and "dir" without its
//     slash a redirect to "dir/";
//  4. a failed update: a second build (new module and loader) whose
//     module cannot be downloaded installs nothing, shows no notice, and
//     the first version keeps serving from its cache;
//  5. the update: once the module can be downloaded, the notice appears
//     (role=status) without any reload by itself; its button reloads this
//     tab and another open tab, and from then on page, loader and module
//     are all the second build's (URLs and bytes), nothing of the first
//     build is requested, the first build's cache is gone and the caches
//     of other sites on the origin are kept.
//
// Throughout: no request leaves 127.0.0.1, and no console error.
func TestOfflineLifecycle(t *testing.T) {
	browser(t)
	t.Parallel() // it mostly waits; its own builds, servers and origins
	realModule(t)
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "e2e: compiled the checker module in %s\n", moduleDuration.Round(time.Millisecond))
	}
	for _, base := range []string{baseRoot, baseProject} {
		t.Run(baseName(base), func(t *testing.T) {
			t.Parallel()
			offlineLifecycle(t, base)
		})
	}
}

// swState is what the page sees of its service worker.
type swState struct {
	Scope      string `json:"scope"`
	Script     string `json:"script"`
	State      string `json:"state"`
	Controlled bool   `json:"controlled"`
	Waiting    bool   `json:"waiting"`
	Error      string `json:"error"`
}

const waitControlledJS = `(async () => {
	const sleep = (ms) => new Promise(r => setTimeout(r, ms));
	const deadline = Date.now() + 60000;
	let reg = null;
	while (Date.now() < deadline) {
		reg = await navigator.serviceWorker.getRegistration();
		if (reg && reg.active && reg.active.state === "activated" && navigator.serviceWorker.controller) break;
		await sleep(50);
	}
	if (!reg) return {error: "no registration after 60 s"};
	return {scope: reg.scope, script: reg.active ? reg.active.scriptURL : "", state: reg.active ? reg.active.state : "",
		controlled: !!navigator.serviceWorker.controller, waiting: !!reg.waiting};
})()`

// cachesJS lists every cache of the origin with the URL paths it holds.
const cachesJS = `(async () => {
	const out = {};
	for (const name of await caches.keys()) {
		const c = await caches.open(name);
		out[name] = (await c.keys()).map(r => new URL(r.url).pathname).sort();
	}
	return out;
})()`

// pageFactsJS checks an open page: its heading, its stylesheets applied,
// and every same-origin resource it names (stylesheet, icons, manifest,
// scripts, images) answered through fetch, that is by the worker.
const pageFactsJS = `(async () => {
	const urls = new Set();
	const add = (raw) => { if (!raw) return; const u = new URL(raw, location.href); if (u.origin === location.origin) urls.add(u.pathname); };
	for (const l of document.querySelectorAll('link[href]')) {
		if (/\b(stylesheet|icon|apple-touch-icon|manifest|preload|modulepreload)\b/.test(l.rel)) add(l.getAttribute('href'));
	}
	for (const s of document.querySelectorAll('script[src]')) add(s.getAttribute('src'));
	for (const i of document.querySelectorAll('img[src], source[src]')) add(i.getAttribute('src'));
	for (const i of document.querySelectorAll('img[srcset], source[srcset]')) {
		for (const part of i.getAttribute('srcset').split(',')) add(part.trim().split(/\s+/)[0]);
	}
	const failed = [];
	for (const u of urls) {
		try { const r = await fetch(u); if (!r.ok) failed.push(u + ': HTTP ' + r.status); await r.arrayBuffer(); }
		catch (e) { failed.push(u + ': ' + e.message); }
	}
	let rules = 0;
	for (const s of document.styleSheets) { try { rules += s.cssRules.length; } catch (e) {} }
	const h1 = document.querySelector('h1');
	return {h1: h1 ? h1.innerText.trim() : '', h1s: document.querySelectorAll('h1').length, rules,
		resources: urls.size, failed, path: location.pathname};
})()`

type pageFacts struct {
	H1        string   `json:"h1"`
	H1s       int      `json:"h1s"`
	Rules     int      `json:"rules"`
	Resources int      `json:"resources"`
	Failed    []string `json:"failed"`
	Path      string   `json:"path"`
}

// fetchHashJS fetches URL paths through the page (so through its worker)
// and returns each one's SHA-256 in hex, or the error.
const fetchHashJS = `(async (paths) => {
	const out = {};
	for (const p of paths) {
		try {
			const r = await fetch(p);
			if (!r.ok) { out[p] = 'HTTP ' + r.status; continue; }
			const sum = await crypto.subtle.digest('SHA-256', await r.arrayBuffer());
			out[p] = Array.from(new Uint8Array(sum), b => b.toString(16).padStart(2, '0')).join('');
		} catch (e) { out[p] = 'error: ' + e.message; }
	}
	return out;
})`

// noticeJS reports the update notice: shown, its text, its role and
// whether it has a button.
const noticeJS = `(() => {
	const n = document.getElementById('update');
	if (!n) return {missing: true};
	return {shown: !n.hidden && n.checkVisibility(), text: n.innerText.trim(), role: n.getAttribute('role') || '',
		button: !!n.querySelector('button')};
})()`

type noticeState struct {
	Missing bool   `json:"missing"`
	Shown   bool   `json:"shown"`
	Text    string `json:"text"`
	Role    string `json:"role"`
	Button  bool   `json:"button"`
}

// loadModuleJS runs the checker module directly from the given loader and
// module URLs, when the page has not started it, and asks it one thing.
const loadModuleJS = `(async (glue, module) => {
	if (typeof globalThis.liftwellAssess !== 'function') {
		if (typeof globalThis.Go !== 'function') {
			await new Promise((ok, fail) => {
				const s = document.createElement('script');
				s.src = glue;
				s.addEventListener('load', ok);
				s.addEventListener('error', () => fail(new Error('cannot load ' + glue)));
				document.head.appendChild(s);
			});
		}
		const go = new Go();
		const {instance} = await WebAssembly.instantiateStreaming(fetch(module), go.importObject);
		go.run(instance);
	}
	const r = globalThis.liftwellAssess({saddle_numbness: 'yes'});
	return r.level || ('error: ' + r.error);
})`

// offlineNav navigates tb to u and returns the document's response.
func offlineNav(tb *tab, u string) (*network.Response, error) {
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(u))
	if err != nil {
		return nil, err
	}
	tb.settle(150*time.Millisecond, 5*time.Second)
	if resp == nil {
		return nil, fmt.Errorf("%s: no response", u)
	}
	return resp, nil
}

var cacheConst = regexp.MustCompile(`\bCACHE\s*=\s*"([^"]+)"`)

// workerCache returns the cache name a build's sw.js uses.
func workerCache(t testing.TB, files lwsite.Files) string {
	t.Helper()
	m := cacheConst.FindSubmatch(files["sw.js"])
	if m == nil {
		t.Fatal("sw.js names no CACHE")
	}
	return string(m[1])
}

// ownCaches returns the names of the site's own caches.
func ownCaches(all map[string][]string, base string) []string {
	var own []string
	for name := range all {
		if strings.HasPrefix(name, "liftwell:"+base+":") {
			own = append(own, name)
		}
	}
	sort.Strings(own)
	return own
}

// precachePaths are the URL paths a build's worker must hold.
func precachePaths(files lwsite.Files, base string) []string {
	var out []string
	for _, p := range files.Paths() {
		if p != "404.html" && p != "sw.js" {
			out = append(out, sitePath(base, p))
		}
	}
	sort.Strings(out)
	return out
}

func offlineLifecycle(t *testing.T, base string) {
	dir := offlineDir(t, base)
	srv := startStopServer(t, dir, base)
	s := &site{Base: base, Dir: dir, Origin: srv.origin()}
	v1 := offlineBuild(t, base, s.Origin, 1)
	if err := output.Write(dir, v1); err != nil {
		t.Fatal(err)
	}
	var err error
	if s.Pages, err = sitemapPages(s); err != nil {
		t.Fatal(err)
	}
	cache1 := workerCache(t, v1)
	module1 := assetOf(v1, base, "assets/checker.", ".wasm")
	glue1 := assetOf(v1, base, "assets/wasm_exec.", ".js")
	if module1 == "" || glue1 == "" {
		t.Fatalf("build 1 has no checker module or loader (%q, %q)", module1, glue1)
	}
	tb := newTab(t)
	home := s.URL("/")

	// 1. First visit.
	if !t.Run("first-visit", func(t *testing.T) {
		tb.openPage(t, s, "/")
		st := mustEval[swState](t, tb, waitControlledJS)
		if st.Error != "" || st.State != "activated" || !st.Controlled {
			t.Fatalf("%s: the service worker did not activate and take control within 60 s: %+v", home, st)
		}
		if st.Scope != s.Origin+base || st.Script != s.Origin+base+"sw.js" {
			t.Errorf("%s: worker %s with scope %s, want %ssw.js with scope %s", home, st.Script, st.Scope, s.Origin+base, s.Origin+base)
		}
		all := mustEval[map[string][]string](t, tb, cachesJS)
		own := ownCaches(all, base)
		if len(own) != 1 || own[0] != cache1 {
			t.Fatalf("%s: the site's caches are %v, want only %s (all caches: %v)", home, own, cache1, slices.Sorted(maps.Keys(all)))
		}
		want := precachePaths(v1, base)
		if got := all[cache1]; strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: the cache %s holds %d URLs, want the %d files of the build but 404.html and sw.js:\n%s", home, cache1, len(got), len(want), diffLists(want, got))
		}
		for _, p := range all[cache1] {
			if strings.HasSuffix(p, "/404.html") || strings.HasSuffix(p, "/sw.js") {
				t.Errorf("%s: the cache holds %s", home, p)
			}
		}
		tb.check(t, "first visit, "+home)
	}) {
		return
	}

	// 2. Installable.
	t.Run("installable", func(t *testing.T) {
		inst, err := chromedp.Call(tb.ctx, page.GetInstallabilityErrors, struct{}{})
		if err != nil {
			t.Fatalf("Page.getInstallabilityErrors: %v", err)
		}
		for _, e := range inst.InstallabilityErrors {
			var args []string
			for _, a := range e.ErrorArguments {
				args = append(args, a.Name+"="+a.Value)
			}
			t.Errorf("%s: Chromium says it is not installable: %s %v", home, e.ErrorID, args)
		}
		man, err := chromedp.Call(tb.ctx, page.GetAppManifest, page.GetAppManifestParams{})
		if err != nil {
			t.Fatalf("Page.getAppManifest: %v", err)
		}
		if man.URL != s.Origin+base+"manifest.webmanifest" {
			t.Errorf("%s: the manifest is %q, want %s", home, man.URL, s.Origin+base+"manifest.webmanifest")
		}
		for _, e := range man.Errors {
			t.Errorf("%s: manifest error at %d:%d: %s", man.URL, e.Line, e.Column, e.Message)
		}
		tb.check(t, "installability, "+home)
	})

	// Caches of other sites on the same origin, which the update must keep.
	others := []string{"liftwell:/other/:000000000000", "not-liftwell"}
	if base == "/" {
		others = append(others, "liftwell:/liftwell/:000000000000")
	} else {
		others = append(others, "liftwell:/:000000000000", "liftwell:/liftwell-old/:000000000000")
	}
	mustEval[bool](t, tb, `(async (names) => {
		for (const n of names) await (await caches.open(n)).put(location.origin + '/e2e-other-site', new Response('x'));
		return true;
	})(`+mustJSON(others)+`)`)

	// 3. Offline.
	srv.stop()
	if !t.Run("offline-pages", func(t *testing.T) {
		for _, rel := range s.Pages {
			u := s.URL(rel)
			resp, err := offlineNav(tb, u)
			if err != nil {
				t.Errorf("offline, %s: %v", u, err)
				continue
			}
			if resp.Status != 200 || !resp.FromServiceWorker {
				t.Errorf("offline, %s: status %d, from the service worker %v; want 200 from it", u, resp.Status, resp.FromServiceWorker)
			}
			f := mustEval[pageFacts](t, tb, pageFactsJS)
			switch {
			case f.H1s != 1:
				t.Errorf("offline, %s: %d <h1>", u, f.H1s)
			case strings.Contains(strings.ToLower(f.H1), "offline"):
				t.Errorf("offline, %s: got the offline page, but the build's pages are all cached", u)
			}
			if f.Rules == 0 {
				t.Errorf("offline, %s: no stylesheet rules applied", u)
			}
			if f.Resources == 0 {
				t.Errorf("offline, %s: found no resources to check", u)
			}
			for _, m := range f.Failed {
				t.Errorf("offline, %s: resource %s", u, m)
			}
			tb.check(t, "offline, "+u)
		}
	}) {
		return
	}

	t.Run("offline-checker", func(t *testing.T) {
		offlineChecker(t, tb, s, module1, glue1)
	})

	t.Run("offline-unknown-page", func(t *testing.T) {
		u := s.URL(notFoundProbe)
		resp, err := offlineNav(tb, u)
		if err != nil {
			t.Fatalf("offline, %s: %v", u, err)
		}
		if !resp.FromServiceWorker {
			t.Errorf("offline, %s: not answered by the service worker", u)
		}
		f := mustEval[pageFacts](t, tb, pageFactsJS)
		if !strings.Contains(strings.ToLower(f.H1), "offline") {
			t.Errorf("offline, %s: got %q, want the offline page", u, f.H1)
		}
		if len(f.Failed) > 0 || f.Rules == 0 {
			t.Errorf("offline, %s: the offline page lacks its resources: %v", u, f.Failed)
		}
		if !mustEval[bool](t, tb, `!!document.querySelector('main a[href="`+base+`checker/"]')`) {
			t.Errorf("offline, %s: the offline page does not point to the checker, which still works", u)
		}
		tb.check(t, "offline, "+u)

		// dir/index.html is the cached dir/.
		u = s.URL("/checker/index.html")
		if resp, err := offlineNav(tb, u); err != nil || !resp.FromServiceWorker || resp.Status != 200 {
			t.Errorf("offline, %s: %v, want the cached checker page", u, err)
		} else if f := mustEval[pageFacts](t, tb, pageFactsJS); strings.Contains(strings.ToLower(f.H1), "offline") || len(f.Failed) > 0 {
			t.Errorf("offline, %s: got %q (resources failing: %v), want the cached checker page", u, f.H1, f.Failed)
		}
		tb.check(t, "offline, "+u)

		// A directory without its slash: the cached page, by a redirect.
		u = s.URL("/checker")
		if _, err := offlineNav(tb, u); err != nil {
			t.Fatalf("offline, %s: %v", u, err)
		}
		if f := mustEval[pageFacts](t, tb, pageFactsJS); f.Path != base+"checker/" || strings.Contains(strings.ToLower(f.H1), "offline") {
			t.Errorf("offline, %s: ended at %s with %q, want %schecker/", u, f.Path, f.H1, base)
		}
		tb.check(t, "offline, "+u)
	})

	// 4. A second build whose module cannot be downloaded.
	if err := srv.start(); err != nil {
		t.Fatal(err)
	}
	v2 := offlineBuild(t, base, s.Origin, 2)
	if err := output.Write(dir, v2); err != nil {
		t.Fatal(err)
	}
	cache2 := workerCache(t, v2)
	module2 := assetOf(v2, base, "assets/checker.", ".wasm")
	glue2 := assetOf(v2, base, "assets/wasm_exec.", ".js")
	if cache2 == cache1 || module2 == module1 || glue2 == glue1 {
		t.Fatalf("build 2 did not change: cache %s, module %s, loader %s", cache2, module2, glue2)
	}
	// What build 2 changed: files only build 1 has (old hashed names) and
	// files both have with other bytes.
	var onlyV1, changed []string
	for _, p := range v1.Paths() {
		data2, ok := v2[p]
		switch {
		case p == "sw.js" || p == "404.html":
		case !ok:
			onlyV1 = append(onlyV1, sitePath(base, p))
		case string(data2) != string(v1[p]):
			changed = append(changed, p)
		}
	}
	if len(changed) == 0 {
		// The checker page names the module and loader once it loads
		// them; until then only the worker's manifest changes.
		t.Logf("base %s: build 2 changed no page: no page names the module or loader", base)
	}

	// The download of build 2 fails in two ways: the module refused, and
	// the module answered with other bytes (as a stale CDN copy would be).
	for _, fault := range []struct {
		name   string
		refuse []string
		stale  map[string][]byte
	}{
		{"failed-update-refused", []string{module2}, nil},
		{"failed-update-stale", nil, map[string][]byte{module2: v1[strings.TrimPrefix(module1, base)]}},
	} {
		if !t.Run(fault.name, func(t *testing.T) {
			srv.setFaults(fault.refuse, fault.stale)
			defer srv.setFaults(nil, nil)
			failedUpdate(t, tb, s, v1, cache1, append([]string{module1, glue1}, changedPaths(base, changed)...))
		}) {
			return
		}
	}

	// 5. The update.
	t.Run("update", func(t *testing.T) {
		offlineUpdate(t, tb, s, srv, updateBuilds{v1: v1, v2: v2, cache1: cache1, cache2: cache2,
			module1: module1, module2: module2, glue1: glue1, glue2: glue2, onlyV1: onlyV1, others: others})
	})
}

func changedPaths(base string, files []string) []string {
	var out []string
	for _, p := range files {
		out = append(out, sitePath(base, p))
	}
	return out
}

// updateOutcomeJS asks the registration to update and follows the new
// worker (one the browser is installing already, or the next one) until
// it is installed, activated or redundant.
const updateOutcomeJS = `(async () => {
	const reg = await navigator.serviceWorker.getRegistration();
	const states = [];
	const follow = (w) => new Promise(res => {
		const seen = () => {
			states.push(w.state);
			if (w.state === 'redundant' || w.state === 'installed' || w.state === 'activated') res(w.state);
		};
		w.addEventListener('statechange', seen);
		seen();
	});
	let done;
	if (reg.installing) done = follow(reg.installing);
	else if (reg.waiting) done = Promise.resolve('installed (already waiting)');
	else done = new Promise(res => reg.addEventListener('updatefound', () => follow(reg.installing).then(res), {once: true}));
	let err = '';
	try { await reg.update(); } catch (e) { err = String(e); }
	const end = await Promise.race([done, new Promise(r => setTimeout(() => r('timeout'), 30000))]);
	return {End: end, Err: err, States: states};
})()`

// failedUpdate: a new version whose download fails installs nothing and
// offers nothing; the installed version (cache1) keeps serving paths with
// build 1's bytes.
func failedUpdate(t *testing.T, tb *tab, s *site, v1 lwsite.Files, cache1 string, paths []string) {
	home := s.URL("/")
	type outcome struct {
		End, Err string
		States   []string
	}
	o := mustEval[outcome](t, tb, updateOutcomeJS)
	if o.End != "redundant" {
		t.Fatalf("%s: the new worker ended %q (states %v), want redundant: a failed download must install nothing", home, o.End, o.States)
	}
	all := mustEval[map[string][]string](t, tb, cachesJS)
	if own := ownCaches(all, s.Base); len(own) != 1 || own[0] != cache1 {
		t.Errorf("%s: after the failed install the site's caches are %v, want only %s", home, own, cache1)
	}
	if n := mustEval[noticeState](t, tb, noticeJS); n.Shown {
		t.Errorf("%s: the update notice shows after a failed install: %q", home, n.Text)
	}
	// The first version serves on, even what the server no longer has.
	want := map[string]string{}
	for _, p := range paths {
		file := strings.TrimPrefix(p, s.Base)
		if file == "" || strings.HasSuffix(file, "/") {
			file += "index.html"
		}
		want[p] = sha256Hex(v1[file])
	}
	got := mustEval[map[string]string](t, tb, fetchHashJS+`(`+mustJSON(paths)+`)`)
	for _, p := range paths {
		if got[p] != want[p] {
			t.Errorf("%s: after the failed install %s is %s, want build 1's (%s)", home, p, got[p], want[p])
		}
	}
	tb.check(t, "failed update, "+home)
}

type updateBuilds struct {
	v1, v2           lwsite.Files
	cache1, cache2   string
	module1, module2 string
	glue1, glue2     string
	onlyV1, others   []string
}

// offlineChecker runs the checker with the server stopped: a full answer
// set through the form (the level must be the checker package's), the
// emergency shortcut, and the module itself.
func offlineChecker(t *testing.T, tb *tab, s *site, module, glue string) {
	u := s.URL("/checker/")
	if _, err := offlineNav(tb, u); err != nil {
		t.Fatalf("offline, %s: %v", u, err)
	}
	mustEval[bool](t, tb, checkerJS)
	forms := mustEval[int](t, tb, `__e2eChk.forms()`)
	if forms != 1 {
		t.Errorf("offline, %s: %d <form novalidate>, want 1: the checker page is not finished; only the module is tested", u, forms)
	} else {
		for _, run := range []struct {
			name    string
			answers map[string]string
		}{
			{"delayed soreness", answerSetNamed(t, "delayed soreness")},
			{"saddle numbness", map[string]string{"saddle_numbness": "yes"}},
		} {
			forgetKept(tb) // the tab keeps the last run's answers
			if _, err := offlineNav(tb, u); err != nil {
				t.Fatalf("offline, %s: %v", u, err)
			}
			mustEval[bool](t, tb, checkerJS)
			run.answers = withNone(t, tb, run.answers)
			want, err := checker.Assess(run.answers)
			if err != nil {
				t.Fatalf("checker.Assess(%v): %v", run.answers, err)
			}
			if run.name == "saddle numbness" && want.Level != "emergency" {
				t.Fatalf("checker.Assess says %s for saddle_numbness", want.Level)
			}
			if missing := mustEval[[]string](t, tb, `__e2eChk.fill(`+mustJSON(run.answers)+`)`); len(missing) > 0 {
				t.Errorf("offline, %s: no field for %q", u, missing)
			}
			got := toResult(t, tb, "offline, "+u+" ("+run.name+")", 10)
			if got.Level != want.Level {
				t.Errorf("offline, %s (%s): data-level=%q, want %q", u, run.name, got.Level, want.Level)
			}
		}
	}
	level, err := eval[string](tb, loadModuleJS+`(`+mustJSON(glue)+`, `+mustJSON(module)+`)`)
	if err != nil || level != "emergency" {
		t.Errorf("offline, %s: the module from the cache: liftwellAssess({saddle_numbness: 'yes'}) gave %q (%v), want emergency", u, level, err)
	}
	tb.check(t, "offline, "+u)
}

// answerSetNamed returns a copy of one of the checker tests' answer sets.
func answerSetNamed(t *testing.T, name string) map[string]string {
	for _, as := range answerSets {
		if as.name == name {
			m := map[string]string{}
			for k, v := range as.answers {
				m[k] = v
			}
			return m
		}
	}
	t.Fatalf("no answer set %q", name)
	return nil
}

// offlineUpdate: a new version is offered, and switches page, loader and
// module together in every tab when the reader asks.
func offlineUpdate(t *testing.T, tb *tab, s *site, srv *stopServer, b updateBuilds) {
	base := s.Base
	checkerURL := s.URL("/checker/")
	// Another tab on another page of the site.
	other := newTab(t)
	otherURL := s.URL(s.Pages[len(s.Pages)/2])
	if _, err := offlineNav(other, otherURL); err != nil {
		t.Fatal(err)
	}

	// The checker page of version 1, with its module running.
	if _, err := offlineNav(tb, checkerURL); err != nil {
		t.Fatal(err)
	}
	if level, err := eval[string](tb, loadModuleJS+`(`+mustJSON(b.glue1)+`, `+mustJSON(b.module1)+`)`); err != nil || level != "emergency" {
		t.Errorf("%s (build 1): liftwellAssess gave %q (%v)", checkerURL, level, err)
	}

	// The browser looks for a new worker after a navigation; the notice
	// must appear by itself, while the page stays version 1 (no reload
	// until the reader asks).
	mark := `window.__e2eOld = true; true`
	mustEval[bool](t, tb, mark)
	var n noticeState
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if n = mustEval[noticeState](t, tb, noticeJS); n.Shown && n.Button {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !n.Shown || !n.Button {
		t.Fatalf("%s: no update notice with a button within 30 s of opening a page of the old version: %+v", checkerURL, n)
	}
	if n.Role != "status" || !strings.Contains(strings.ToLower(n.Text), "new version") || !strings.Contains(strings.ToLower(n.Text), "reload") {
		t.Errorf("%s: the update notice is role=%q %q, want role=status saying a new version is available and offering a reload", checkerURL, n.Role, n.Text)
	}
	time.Sleep(time.Second)
	if !mustEval[bool](t, tb, `window.__e2eOld === true && !!document.querySelector('#update button')`) {
		t.Fatalf("%s: the page reloaded, or the notice went, without the reader asking", checkerURL)
	}
	before := mustEval[map[string]string](t, tb, fetchHashJS+`([location.pathname])`)
	if before[base+"checker/"] != sha256Hex(b.v1["checker/index.html"]) {
		t.Errorf("%s: before the reload the page is not build 1's any more", checkerURL)
	}
	if all := mustEval[map[string][]string](t, tb, cachesJS); len(all[b.cache2]) == 0 {
		t.Errorf("%s: the notice shows, but the new cache %s is empty or missing", checkerURL, b.cache2)
	}

	// Click: both tabs reload into version 2.
	mustEval[bool](t, other, mark)
	tb.reset()
	other.reset()
	srv.takeHits()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#update button"), chromedp.NodeVisible))
	cancel()
	if err != nil {
		t.Fatalf("%s: clicking the update button: %v", checkerURL, err)
	}
	for _, x := range []struct {
		tb  *tab
		url string
	}{{tb, checkerURL}, {other, otherURL}} {
		if !waitReloaded(x.tb, 20*time.Second) {
			t.Fatalf("%s: no reload within 20 s of the click", x.url)
		}
		x.tb.settle(200*time.Millisecond, 5*time.Second)
	}

	// Caches: only version 2 of this site, and the other sites' kept.
	all := mustEval[map[string][]string](t, tb, cachesJS)
	if own := ownCaches(all, base); len(own) != 1 || own[0] != b.cache2 {
		t.Errorf("after the update the site's caches are %v, want only %s", own, b.cache2)
	}
	if got, want := all[b.cache2], precachePaths(b.v2, base); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the cache %s is not build 2's:\n%s", b.cache2, diffLists(want, got))
	}
	for _, o := range b.others {
		if _, ok := all[o]; !ok {
			t.Errorf("the update deleted %q, another site's cache", o)
		}
	}

	// The checker page, loader and module of version 2, in bytes.
	want := map[string]string{
		base + "checker/": sha256Hex(b.v2["checker/index.html"]),
		b.module2:         sha256Hex(b.v2[strings.TrimPrefix(b.module2, base)]),
		b.glue2:           sha256Hex(b.v2[strings.TrimPrefix(b.glue2, base)]),
	}
	got := mustEval[map[string]string](t, tb, fetchHashJS+`(`+mustJSON([]string{base + "checker/", b.module2, b.glue2})+`)`)
	for p, w := range want {
		if got[p] != w {
			t.Errorf("after the update %s is %s, want build 2's %s", p, got[p], w)
		}
	}
	// The page runs the checker: whatever it loads is version 2's. The
	// tab kept the earlier runs' answers: the checker is opened fresh.
	forgetKept(tb)
	if _, err := tb.open(checkerURL); err != nil {
		t.Fatalf("%s after the update: %v", checkerURL, err)
	}
	mustEval[bool](t, tb, checkerJS)
	if mustEval[int](t, tb, `__e2eChk.forms()`) == 1 {
		if missing := mustEval[[]string](t, tb, `__e2eChk.fill({"saddle_numbness": "yes"})`); len(missing) == 0 {
			if st := toResult(t, tb, "after the update, "+checkerURL, 10); st.Level != "emergency" {
				t.Errorf("%s after the update: data-level=%q, want emergency", checkerURL, st.Level)
			}
		}
	}
	// The page's loader may be between the loader script and the module
	// (an idle-time prefetch still reading bytes from the worker): ask it
	// for both and wait, so that what it loaded is complete, not a
	// snapshot of a download in flight.
	if _, err := eval[bool](tb, `window.liftwellModule.prefetch().then(() => true)`); err != nil {
		t.Errorf("after the update, the page's loader could not fetch the module: %v", err)
	}
	loaded := mustEval[[]string](t, tb, `performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)`)
	if contains(loaded, b.module1) || contains(loaded, b.glue1) {
		t.Errorf("after the update the page loaded build 1's module or loader: %v", loaded)
	}
	if !contains(loaded, b.module2) || !contains(loaded, b.glue2) {
		t.Errorf("after the update the page's loader did not load build 2's module and loader: %v", loaded)
	}
	level, err := eval[string](tb, `window.liftwellModule.start().then(() => {
		const r = globalThis.liftwellAssess({saddle_numbness: 'yes'});
		return r.level || ('error: ' + r.error);
	})`)
	if err != nil || level != "emergency" {
		t.Errorf("after the update, build 2's module run by the page's loader: %q (%v)", level, err)
	}
	// Nothing of version 1 requested, by either tab or by the worker.
	for _, x := range []struct {
		name string
		reqs []string
	}{{checkerURL, tb.requestsSoFar()}, {otherURL, other.requestsSoFar()}, {"the server", srv.takeHits()}} {
		for _, r := range x.reqs {
			p := r
			if i := strings.Index(r, "://"); i >= 0 {
				p = locPath(r)
			}
			if contains(b.onlyV1, p) {
				t.Errorf("after the update %s requested build 1's %s", x.name, p)
			}
		}
	}
	otherGot := mustEval[map[string]string](t, other, fetchHashJS+`([location.pathname])`)
	rel, _ := s.Rel(locPath(otherURL))
	file := strings.TrimPrefix(rel, "/") + "index.html"
	if otherGot[locPath(otherURL)] != sha256Hex(b.v2[file]) {
		t.Errorf("%s (the other tab) after the update is not build 2's page", otherURL)
	}
	tb.check(t, "update, "+checkerURL)
	other.check(t, "update (other tab), "+otherURL)
}

// waitReloaded waits until the page marked with window.__e2eOld has been
// replaced by a newly loaded one.
func waitReloaded(tb *tab, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.__e2eOld && document.readyState === 'complete'`))
		cancel()
		if err == nil && done {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// diffLists says which items one sorted list has and the other lacks.
func diffLists(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if !contains(got, w) {
			b.WriteString("  missing " + w + "\n")
		}
	}
	for _, g := range got {
		if !contains(want, g) {
			b.WriteString("  extra   " + g + "\n")
		}
	}
	return b.String()
}
