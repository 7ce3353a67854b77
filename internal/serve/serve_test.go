package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liftwell/liftwell/internal/site"
	"github.com/liftwell/liftwell/internal/site/sitetest"
	"github.com/liftwell/liftwell/internal/testfix"
)

// The site the tests serve: the site package's fixture (content and
// small templates), copied so that the tests can edit it.
const fixture = "../site/testdata/site"

const base = "/liftwell/"

func copyFixture(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	testfix.CopyTree(t, fixture, root)
	return root
}

// testConfig is a build of the fixture copy at root, served from a local
// origin as liftwell serve serves it.
func testConfig(root string) site.Config {
	cfg := sitetest.Config(root, base)
	cfg.Origin = "http://localhost:8080"
	return cfg
}

// watch has s watch the content and templates of the fixture copy at
// root until the test ends.
func watch(t *testing.T, s *Server, root string) {
	t.Helper()
	stop, err := s.Watch([]string{filepath.Join(root, "content"), filepath.Join(root, "templates")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
}

// start builds the fixture copy at root and serves it.
func start(t *testing.T, root string) (*Server, *httptest.Server, *testfix.SyncBuffer) {
	t.Helper()
	log := &testfix.SyncBuffer{}
	s, err := New(testConfig(root), log)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(); err != nil {
		t.Fatalf("first build: %v", err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	s.allowHosts("127.0.0.1", port)
	return s, srv, log
}

type response struct {
	status int
	header http.Header
	body   string
}

// get fetches path without following redirects.
func get(t *testing.T, srv *httptest.Server, path string) response {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

// reloadTag is the reload script serve adds to a page, but for the
// version of the files the page was taken from (see unversioned).
const reloadTag = `<script src="/liftwell/_liftwell/reload.js" defer></script></head>`

var versionAttr = regexp.MustCompile(` data-version="[0-9]+"`)

// unversioned is a served page without its reload script's version.
func unversioned(page string) string { return versionAttr.ReplaceAllString(page, "") }

func TestServePages(t *testing.T) {
	root := copyFixture(t)
	_, srv, log := start(t, root)
	if !strings.Contains(log.String(), "built ") {
		t.Errorf("log does not report the build: %q", log.String())
	}

	// The built files do not carry the reload script: it is added as
	// pages are served.
	b, err := site.New(testConfig(root))
	if err != nil {
		t.Fatal(err)
	}
	files, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range files.Paths() {
		if bytes.Contains(files[p], []byte("_liftwell")) {
			t.Errorf("built file %s mentions _liftwell", p)
		}
	}

	for _, tc := range []struct {
		path, wantType string
		status         int
		file           string // served as this built file, reload script added to HTML
	}{
		{"/liftwell/", "text/html; charset=utf-8", 200, "index.html"},
		{"/liftwell/index.html", "text/html; charset=utf-8", 200, "index.html"},
		{"/liftwell/articles/sore-or-hurt/", "text/html; charset=utf-8", 200, "articles/sore-or-hurt/index.html"},
		{"/liftwell/exercises/bridge/", "text/html; charset=utf-8", 200, "exercises/bridge/index.html"},
		{"/liftwell/no/such/page/", "text/html; charset=utf-8", 404, "404.html"},
		{"/liftwell/feed.xml", "text/xml", 200, "feed.xml"},
		{"/liftwell/manifest.webmanifest", "application/manifest+json", 200, "manifest.webmanifest"},
	} {
		r := get(t, srv, tc.path)
		ct := strings.Replace(r.header.Get("Content-Type"), "application/xml", "text/xml", 1)
		if r.status != tc.status || !strings.HasPrefix(ct, tc.wantType) {
			t.Errorf("GET %s: %d %q, want %d %q", tc.path, r.status, r.header.Get("Content-Type"), tc.status, tc.wantType)
		}
		want := string(files[tc.file])
		if strings.HasSuffix(tc.file, ".html") {
			want = strings.Replace(want, "</head>", reloadTag, 1)
			if strings.Count(r.body, "reload.js") != 1 {
				t.Errorf("GET %s: reload script not injected once:\n%s", tc.path, r.body)
			}
		}
		if unversioned(r.body) != want {
			t.Errorf("GET %s: body differs from built %s:\n%s", tc.path, tc.file, r.body)
		}
		if r.header.Get("Cache-Control") != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q", tc.path, r.header.Get("Cache-Control"))
		}
	}

	// Assets are served as built, with their types.
	for _, p := range files.Paths() {
		ext := filepath.Ext(p)
		if !strings.HasPrefix(p, "assets/") {
			continue
		}
		r := get(t, srv, base+p)
		if r.status != 200 || r.body != string(files[p]) {
			t.Errorf("GET %s: %d, body differs", p, r.status)
		}
		// The system's MIME table may name JavaScript either way.
		ct := strings.Replace(r.header.Get("Content-Type"), "application/javascript", "text/javascript", 1)
		wantType := map[string]string{".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".wasm": "application/wasm"}[ext]
		if !strings.HasPrefix(ct, wantType) {
			t.Errorf("GET %s: Content-Type %q, want %q", p, r.header.Get("Content-Type"), wantType)
		}
	}

	// Outside the base path: to the base. A folder without its slash:
	// to the slash.
	for path, want := range map[string]string{
		"/":                               "/liftwell/",
		"/liftwell":                       "/liftwell/",
		"/articles/sore-or-hurt/":         "/liftwell/",
		"/liftwell/articles/sore-or-hurt": "/liftwell/articles/sore-or-hurt/",
		"/liftwell/exercises":             "/liftwell/exercises/",
	} {
		r := get(t, srv, path)
		if loc := r.header.Get("Location"); r.status/100 != 3 || loc != want {
			t.Errorf("GET %s: %d to %q, want a redirect to %s", path, r.status, loc, want)
		}
	}

	r := get(t, srv, "/liftwell/_liftwell/reload.js")
	if r.status != 200 || !strings.Contains(r.body, "EventSource") || !strings.Contains(r.body, `"reload"`) {
		t.Errorf("reload.js: %d %q", r.status, r.body)
	}
}

// TestServeWorker: in serve mode sw.js is a worker that caches nothing,
// not the built one with its precache list.
func TestServeWorker(t *testing.T) {
	_, srv, _ := start(t, copyFixture(t))
	r := get(t, srv, "/liftwell/sw.js")
	if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "javascript") || r.header.Get("Cache-Control") != "no-cache" {
		t.Errorf("sw.js: %d %v", r.status, r.header)
	}
	if r.body != devWorker || strings.Contains(r.body, "PRECACHE") || strings.Contains(r.body, "caches.open") || !strings.Contains(r.body, "skipWaiting") {
		t.Errorf("sw.js is not the no-cache worker:\n%s", r.body)
	}
}

// events connects to the reload stream and returns its "event:" and
// "data:" lines as they come.
func events(t *testing.T, srv *httptest.Server) <-chan string {
	t.Helper()
	return pageEvents(t, srv, "")
}

// pageEvents is events for an open page at the URL path page, as the
// reload script asks for them.
func pageEvents(t *testing.T, srv *httptest.Server, page string) <-chan string {
	t.Helper()
	q := url.Values{}
	if page != "" {
		q.Set("page", page)
	}
	return stream(t, srv, q)
}

// stream opens the reload stream with the query q.
func stream(t *testing.T, srv *httptest.Server, q url.Values) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel) // before srv.Close, which waits for the stream to end
	u := srv.URL + base + "_liftwell/events"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := make(chan string, 100)
	r := bufio.NewReader(resp.Body)
	first, err := r.ReadString('\n')
	if err != nil || first != "retry: 500\n" {
		t.Fatalf("events: first line %q, %v", first, err)
	}
	go func() {
		defer resp.Body.Close()
		defer close(lines)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if line = strings.TrimSpace(line); line != "" {
				lines <- line
			}
		}
	}()
	return lines
}

// nextReload waits for an "event: reload" and returns its data line.
func nextReload(t *testing.T, lines <-chan string) string {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("event stream closed")
			}
			if line == "event: reload" {
				select {
				case data := <-lines:
					return data
				case <-timeout:
					t.Fatal("reload event without data")
				}
			}
		case <-timeout:
			t.Fatal("no reload event")
		}
	}
}

func edit(t *testing.T, root, name, old, new string) {
	t.Helper()
	testfix.Edit(t, filepath.Join(root, name), old, new)
}

// TestServeBrokenEdit breaks the content, rebuilds, and checks that
// pages show the error (status 500, file:line:col) while the reload
// stream tells open pages to reload; assets of the last good build are
// still served; a good edit recovers.
func TestServeBrokenEdit(t *testing.T) {
	root := copyFixture(t)
	s, srv, log := start(t, root)
	stream := events(t, srv)
	good := get(t, srv, "/liftwell/exercises/bridge/")
	css := ""
	for _, f := range strings.Split(good.body, `"`) {
		if strings.HasPrefix(f, "/liftwell/assets/style.") {
			css = f
		}
	}
	if css == "" {
		t.Fatal("no stylesheet in the page")
	}

	edit(t, root, "content/exercises/bridge.yaml", "steps:", "stpes:")
	if err := s.Rebuild(); err == nil {
		t.Fatal("Rebuild of broken content succeeded")
	}
	if data := nextReload(t, stream); data != "data: 2" {
		t.Errorf("reload event %q, want data: 2", data)
	}
	if !strings.Contains(log.String(), "build failed:\n") || !strings.Contains(log.String(), `content/exercises/bridge.yaml:7:1: unknown field "stpes"`) {
		t.Errorf("log does not show the error:\n%s", log.String())
	}
	for _, path := range []string{"/liftwell/", "/liftwell/exercises/bridge/", "/liftwell/articles/sore-or-hurt/", "/liftwell/404.html", "/liftwell/no/such/page/"} {
		r := get(t, srv, path)
		if r.status != 500 || r.header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %s after a broken edit: %d %q, want 500 text/html", path, r.status, r.header.Get("Content-Type"))
		}
		text := html.UnescapeString(unversioned(r.body))
		for _, want := range []string{
			`content/exercises/bridge.yaml:7:1: unknown field "stpes" (did you mean "steps"?)`,
			`content/exercises/bridge.yaml:1:1: missing required field "steps"`,
			"Build failed",
			reloadTag,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("GET %s: error page lacks %s:\n%s", path, want, r.body)
			}
		}
	}
	// The error is escaped in the page, not markup.
	edit(t, root, "content/exercises/bridge.yaml", "stpes:", "steps:")
	edit(t, root, "content/exercises/bridge.yaml", "name: Bridge", "name: Bridge\n<b>: x")
	s.Rebuild()
	nextReload(t, stream)
	if r := get(t, srv, "/liftwell/"); r.status != 500 || strings.Contains(r.body, "<b>") || !strings.Contains(r.body, `unknown field &#34;&lt;b&gt;&#34;`) {
		t.Errorf("error page does not escape the message:\n%s", r.body)
	}
	if r := get(t, srv, css); r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("GET %s during a failed build: %d", css, r.status)
	}
	if r := get(t, srv, "/liftwell/sw.js"); r.status != 200 || r.body != devWorker {
		t.Errorf("sw.js during a failed build: %d", r.status)
	}

	edit(t, root, "content/exercises/bridge.yaml", "name: Bridge\n<b>: x", "name: Bridge, fixed")
	if err := s.Rebuild(); err != nil {
		t.Fatalf("Rebuild after the fix: %v", err)
	}
	if data := nextReload(t, stream); data != "data: 4" {
		t.Errorf("reload event %q, want data: 4", data)
	}
	r := get(t, srv, "/liftwell/exercises/bridge/")
	if r.status != 200 || !strings.Contains(r.body, "<h1>Bridge, fixed</h1>") || strings.Contains(r.body, "Build failed") {
		t.Errorf("after the fix: %d\n%s", r.status, r.body)
	}
}

// TestServeWatch edits a file on disk and waits for the watcher to
// rebuild: the stream sends a reload and the page shows the edit.
func TestServeWatch(t *testing.T) {
	root := copyFixture(t)
	s, srv, _ := start(t, root)
	watch(t, s, root)
	stream := events(t, srv)

	edit(t, root, "templates/home.html", "<h1>Liftwell</h1>", "<h1>Liftwell, watched</h1>")
	nextReload(t, stream)
	if r := get(t, srv, "/liftwell/"); r.status != 200 || !strings.Contains(r.body, "Liftwell, watched") {
		t.Errorf("after a template edit: %d\n%s", r.status, r.body)
	}

	// A new folder is watched too.
	if err := os.Mkdir(filepath.Join(root, "content", "articles", "drafts"), 0o755); err != nil {
		t.Fatal(err)
	}
	nextReload(t, stream)
	// A file written in it then rebuilds: poll (write, wait for a reload)
	// rather than sleep for the watcher to have added the folder.
	for i := 0; ; i++ {
		if err := os.WriteFile(filepath.Join(root, "content", "articles", "drafts", "x.md"), []byte("x"+strings.Repeat("!", i)), 0o644); err != nil {
			t.Fatal(err)
		}
		if reloaded(stream, time.Second) {
			break
		}
		if i == 20 {
			t.Fatal("no reload after a file was written in a new folder")
		}
	}
}

// reloaded reports whether a reload event comes within d.
func reloaded(lines <-chan string, d time.Duration) bool {
	timeout := time.After(d)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				return false
			}
			if line == "event: reload" {
				return true
			}
		case <-timeout:
			return false
		}
	}
}

// TestWatchDirs: serve watches the module's sources where Config.ModuleDir
// says they are, not below the working folder.
func TestWatchDirs(t *testing.T) {
	got := watchDirs(site.Config{Content: "c", Templates: "t", ModuleDir: "/repo"})
	want := []string{"c", "t", filepath.Join("/repo", "wasm"), filepath.Join("/repo", "internal", "checker"), filepath.Join("/repo", "internal", "painlog")}
	if !slices.Equal(got, want) {
		t.Errorf("watchDirs = %q, want %q", got, want)
	}
	if got := watchDirs(site.Config{Content: "c", Templates: "t", Module: []byte("fake")}); !slices.Equal(got, []string{"c", "t"}) {
		t.Errorf("with a given module, watchDirs = %q, want only content and templates", got)
	}
}

// waitFor polls path until its body holds want (or, with status, also
// the status), and fails after 20 s.
func waitFor(t *testing.T, srv *httptest.Server, path string, status int, want string, log *testfix.SyncBuffer) response {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := get(t, srv, path)
		if r.status == status && strings.Contains(html.UnescapeString(r.body), want) {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %d, want %d and %q\n%s\nlog:\n%s", path, r.status, status, want, r.body, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServeContentReplaced removes the content folder and copies it back
// (as rm -rf content; cp -r backup content does): serve shows the error
// while it is gone, builds again when it is back, and keeps watching the
// new folder, so a later edit shows.
func TestServeContentReplaced(t *testing.T) {
	root := copyFixture(t)
	s, srv, log := start(t, root)
	watch(t, s, root)
	content := filepath.Join(root, "content")
	backup := filepath.Join(t.TempDir(), "backup")
	if err := os.CopyFS(backup, os.DirFS(content)); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(content); err != nil {
		t.Fatal(err)
	}
	waitFor(t, srv, "/liftwell/", 500, "Build failed", log)
	if err := os.CopyFS(content, os.DirFS(backup)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, srv, "/liftwell/exercises/bridge/", 200, "<h1>Bridge</h1>", log)
	edit(t, root, "content/exercises/bridge.yaml", "name: Bridge", "name: Bridge, after the copy")
	waitFor(t, srv, "/liftwell/exercises/bridge/", 200, "<h1>Bridge, after the copy</h1>", log)

	// Moved away and back, templates too.
	templates := filepath.Join(root, "templates")
	if err := os.Rename(templates, templates+".away"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, srv, "/liftwell/", 500, "Build failed", log)
	if err := os.Rename(templates+".away", templates); err != nil {
		t.Fatal(err)
	}
	waitFor(t, srv, "/liftwell/", 200, "<h1>Liftwell</h1>", log)
	edit(t, root, "templates/home.html", "<h1>Liftwell</h1>", "<h1>Liftwell, moved back</h1>")
	waitFor(t, srv, "/liftwell/", 200, "<h1>Liftwell, moved back</h1>", log)
}

// loopTemplate is a template that would loop for ever, writing nothing.
const loopTemplate = "<h1>Liftwell</h1>{{range $i := 100000000}}{{range $j := 100000000}}{{end}}{{end}}"

// TestServeLoopingTemplate saves a template that loops without end: the
// build stops at the render timeout and the pages show the error, naming
// the template and the loop; saving the fix recovers. The deadline passes
// at the loop's 100,000th step, not after a time, so that a slow machine
// cannot reach it before the loop does.
func TestServeLoopingTemplate(t *testing.T) {
	root := copyFixture(t)
	log := &testfix.SyncBuffer{}
	cfg := testConfig(root)
	cfg.RenderTimeout = 500 * time.Millisecond
	cfg.RenderExpired = testfix.LoopDeadline(100000)
	s, err := New(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	s.allowHosts("127.0.0.1", port)
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	watch(t, s, root)
	edit(t, root, "templates/home.html", "<h1>Liftwell</h1>", loopTemplate)
	waitFor(t, srv, "/liftwell/", 500, "templates/home.html:2:51: rendering stopped after 500ms (the render timeout) in this loop", log)
	edit(t, root, "templates/home.html", loopTemplate, "<h1>Liftwell, fixed</h1>")
	waitFor(t, srv, "/liftwell/", 200, "<h1>Liftwell, fixed</h1>", log)
}

// TestServeCancelsBuild saves a looping template with a render timeout
// of a minute, then the fix while that build runs: the change cancels
// it, and the fixed page is served within seconds, not a minute.
func TestServeCancelsBuild(t *testing.T) {
	root := copyFixture(t)
	s, srv, log := start(t, root) // the default render timeout
	watch(t, s, root)
	edit(t, root, "templates/home.html", "<h1>Liftwell</h1>", loopTemplate)
	// The fix must come while the looping build renders: a change during
	// an earlier stage is found at the stage's end, and would pass this
	// test with the render's checks broken.
	waitRendering(t)
	began := time.Now()
	edit(t, root, "templates/home.html", loopTemplate, "<h1>Liftwell, fixed</h1>")
	waitFor(t, srv, "/liftwell/", 200, "<h1>Liftwell, fixed</h1>", log)
	if d := time.Since(began); d > 10*time.Second {
		t.Errorf("the fix took %v to show", d)
	}
	if !strings.Contains(log.String(), "build cancelled after") {
		t.Errorf("log does not show the cancelled build:\n%s", log.String())
	}
}

// waitRendering waits until a build is drawing pages: until a goroutine
// is in site's renderPages (whose function the stacks name). It fails t
// after 10 s.
func waitRendering(t *testing.T) {
	t.Helper()
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if n := runtime.Stack(buf, true); bytes.Contains(buf[:n], []byte("site.(*build).renderPages(")) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no build began rendering")
		}
	}
}

// TestServeMethodsAndHosts: serve answers GET and HEAD only, and only for
// the address it was started on and the loopback names with its port; a
// page from another name (DNS rebinding) cannot read it, not even the
// error page.
func TestServeMethodsAndHosts(t *testing.T) {
	root := copyFixture(t)
	s, srv, _ := start(t, root)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	edit(t, root, "content/exercises/bridge.yaml", "steps:", "stpes:")
	s.Rebuild()
	do := func(method, host string) (int, string) {
		req, err := http.NewRequest(method, srv.URL+"/liftwell/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port} {
		if code, _ := do("GET", host); code != 500 { // the error page
			t.Errorf("GET with Host %s: %d, want the error page", host, code)
		}
		if code, body := do("HEAD", host); code != 500 || body != "" {
			t.Errorf("HEAD with Host %s: %d %q", host, code, body)
		}
		for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS", "PATCH"} {
			if code, body := do(m, host); code != 405 || strings.Contains(body, "stpes") {
				t.Errorf("%s with Host %s: %d, want 405", m, host, code)
			}
		}
	}
	for _, host := range []string{"evil.example:" + port, "evil.example", "localhost", "127.0.0.1:1", "localhost.evil.example:" + port, "192.168.1.2:" + port} {
		if code, body := do("GET", host); code != 421 || strings.Contains(body, "stpes") {
			t.Errorf("GET with Host %q: %d, want 421 without the error\n%s", host, code, body)
		}
	}

	// Started on every interface, any IP address with the port is served,
	// and still no other name.
	s.allowHosts("0.0.0.0", port)
	for host, want := range map[string]int{"192.168.1.2:" + port: 500, "localhost:" + port: 500, "evil.example:" + port: 421, "192.168.1.2:1": 421} {
		if code, _ := do("GET", host); code != want {
			t.Errorf("on every interface, GET with Host %s: %d, want %d", host, code, want)
		}
	}
}

// TestServeReloadsChangedPages: after a rebuild, only the open pages whose
// file changed reload; every page reloads when the build fails, and when
// it recovers. A stream that names no page reloads after every build.
func TestServeReloadsChangedPages(t *testing.T) {
	root := copyFixture(t)
	s, srv, _ := start(t, root)
	article := pageEvents(t, srv, "/liftwell/articles/sore-or-hurt/")
	other := pageEvents(t, srv, "/liftwell/exercises/bridge/")
	any := events(t, srv)
	quiet := func(name string, lines <-chan string) {
		t.Helper()
		select {
		case line := <-lines:
			t.Errorf("%s: %q, want no reload", name, line)
		case <-time.After(200 * time.Millisecond):
		}
	}

	edit(t, root, "content/articles/sore-or-hurt.md", "\n## ", "\nA sentence added.\n\n## ")
	s.Changed(filepath.Join(root, "content/articles/sore-or-hurt.md"))
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	nextReload(t, article)
	nextReload(t, any)
	quiet("a page the edit did not change", other)

	edit(t, root, "content/articles/sore-or-hurt.md", "title: ", "titel: ")
	s.Rebuild()
	nextReload(t, article)
	nextReload(t, other)
	nextReload(t, any)

	edit(t, root, "content/articles/sore-or-hurt.md", "titel: ", "title: ")
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	nextReload(t, article)
	nextReload(t, other)
	nextReload(t, any)

	if err := s.Rebuild(); err != nil { // nothing changed
		t.Fatal(err)
	}
	nextReload(t, any)
	quiet("the article, after a build that changed nothing", article)
	quiet("the exercise, after a build that changed nothing", other)

	// A template edit redraws every article: the open article is drawn
	// first and shown early (its one reload), and not reloaded again when
	// the build ends with the same page.
	edit(t, root, "templates/article.html", "Reviewed", "Checked again")
	s.Changed(filepath.Join(root, "templates/article.html"))
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	nextReload(t, article)
	quiet("the article, shown early, at the end of the build", article)
	quiet("the exercise, after an article template edit", other)
	if body := get(t, srv, "/liftwell/articles/sore-or-hurt/").body; !strings.Contains(body, "Checked again") {
		t.Error("the article page does not show the template edit")
	}
}

// servedVersion is the version of the server's files that page was
// taken from, as its reload script says it.
func servedVersion(t *testing.T, srv *httptest.Server, page string) string {
	t.Helper()
	body := get(t, srv, page).body
	m := regexp.MustCompile(`reload\.js" data-version="([0-9]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("%s: no reload script with its version in the page", page)
	}
	return m[1]
}

// TestServeLateConnection loads pages, then builds, and only then opens
// their reload streams, as a page does whose script connects after a
// quick build has ended (seen in the browser test TestLiveReload, where
// an edit saved just after a reload was never shown): a page that
// changed since it was served is told to reload at once; one that did
// not change is not, nor is a page connecting with the current version.
func TestServeLateConnection(t *testing.T) {
	root := copyFixture(t)
	s, srv, _ := start(t, root)
	const article, exercise, missing = "/liftwell/articles/sore-or-hurt/", "/liftwell/exercises/bridge/", "/liftwell/no-such-page/"
	served := map[string]string{}
	for _, p := range []string{article, exercise, missing} {
		served[p] = servedVersion(t, srv, p)
	}
	late := func(page, v string) <-chan string {
		return stream(t, srv, url.Values{"page": {page}, "v": {v}})
	}
	quiet := func(name string, lines <-chan string) {
		t.Helper()
		if reloaded(lines, 300*time.Millisecond) {
			t.Errorf("%s: a reload, want none", name)
		}
	}

	edit(t, root, "content/articles/sore-or-hurt.md", "\n## ", "\nA sentence added.\n\n## ")
	s.Changed(filepath.Join(root, "content/articles/sore-or-hurt.md"))
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	nextReload(t, late(article, served[article]))
	quiet("an exercise the edit did not change, connecting late", late(exercise, served[exercise]))
	quiet("a missing page, the 404 page unchanged", late(missing, served[missing]))
	quiet("the article, connecting with the version it now has", late(article, servedVersion(t, srv, article)))

	// A failed build: every page served before it is stale.
	edit(t, root, "content/articles/sore-or-hurt.md", "title: ", "titel: ")
	s.Rebuild()
	nextReload(t, late(exercise, served[exercise]))
	nextReload(t, late(missing, served[missing]))
}

// TestServeWatchedEqualsFullBuild edits the content under a running
// watcher the ways editors save (in place; to a temporary file renamed
// over the old one; a new file; a file removed; a backup file left
// beside) and checks after each that what serve serves, once it settles,
// is what a fresh full build of the same folders gives, file for file or
// error for error: the Builder trusts the watcher's events alone, so an
// event it missed would show here as a stale page.
func TestServeWatchedEqualsFullBuild(t *testing.T) {
	root := copyFixture(t)
	s, _, _ := start(t, root)
	watch(t, s, root)
	articles := filepath.Join(root, "content", "articles")
	page := func(title string) []byte {
		return []byte("---\ntitle: " + title + "\ndescription: A page added while serve runs.\norder: 9\nupdated: 2024-05-02\n---\nText of " + title + ".\n")
	}
	settled := func(what string) {
		t.Helper()
		var diff string
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			b, err := site.New(testConfig(root))
			if err != nil {
				t.Fatal(err)
			}
			want, wantErr := b.Build()
			s.mu.Lock()
			got, gotErr, early := s.files, s.err, s.early
			s.mu.Unlock()
			diff = ""
			switch {
			case fmt.Sprint(gotErr) != fmt.Sprint(wantErr):
				diff = fmt.Sprintf("serve's error\n%v\nfull build's\n%v", gotErr, wantErr)
			case early != nil:
				diff = "a build is still in progress"
			case wantErr == nil:
				for _, p := range slices.Sorted(maps.Keys(want)) {
					if !bytes.Equal(got[p], want[p]) {
						diff += " " + p
					}
				}
				if len(got) != len(want) {
					diff += fmt.Sprintf(" (%d files served, %d built)", len(got), len(want))
				}
			}
			if diff == "" {
				return
			}
		}
		t.Fatalf("%s: serve does not give what a full build gives: %s", what, diff)
	}
	settled("no edit")
	p := filepath.Join(articles, "sore-or-hurt.md")
	testfix.Edit(t, p, "fades in", "goes away in")
	settled("an edit in place")
	tmp := filepath.Join(articles, ".sore-or-hurt.md.swp")
	data, _ := os.ReadFile(p)
	os.WriteFile(tmp, bytes.Replace(data, []byte("goes away in"), []byte("passes in"), 1), 0o644)
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
	settled("a save through a renamed temporary file")
	os.WriteFile(filepath.Join(articles, "added-page.md"), page("Added page"), 0o644)
	settled("a new article")
	os.WriteFile(filepath.Join(articles, "added-page.md~"), page("Backup"), 0o644)
	settled("a backup file left beside (an unexpected file)")
	os.Remove(filepath.Join(articles, "added-page.md~"))
	os.Remove(filepath.Join(articles, "added-page.md"))
	settled("the new article removed")
}

// TestServePolicy: every response carries the pages' Content-Security-
// Policy as a header, with frame-ancestors 'none', which a <meta> policy
// cannot carry (no other site may frame the pages), and nosniff; an SVG
// opened by its URL is governed by it too.
func TestServePolicy(t *testing.T) {
	_, srv, _ := start(t, copyFixture(t))
	page := get(t, srv, "/liftwell/")
	meta := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page.body)
	if meta == nil {
		t.Fatalf("the page has no CSP meta:\n%s", page.body)
	}
	svg := ""
	for _, m := range regexp.MustCompile(`/liftwell/assets/[^"]+\.svg`).FindAllString(page.body, 1) {
		svg = m
	}
	if svg == "" {
		t.Fatal("no SVG on the home page")
	}
	for _, p := range []string{"/liftwell/", "/liftwell/no/such/page/", svg, "/liftwell/feed.xml"} {
		r := get(t, srv, p)
		csp := r.header.Get("Content-Security-Policy")
		if csp != html.UnescapeString(meta[1])+"; frame-ancestors 'none'" {
			t.Errorf("GET %s: Content-Security-Policy %q, want the page's policy %q and frame-ancestors 'none'", p, csp, meta[1])
		}
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", p, got)
		}
	}
}

// TestServeStuckHighlighter adds an article whose code fence hung chroma
// for ever (a lone backslash in JSONata, "!" in Jungle): the build ends
// and serves it, and removing the file recovers as any edit does. Before,
// the build never ended, one core stayed busy and no later edit showed.
func TestServeStuckHighlighter(t *testing.T) {
	root := copyFixture(t)
	s, srv, log := start(t, root)
	watch(t, s, root)
	article := filepath.Join(root, "content/articles/stuck.md")
	src := "---\ntitle: Stuck\nshort: Stuck\ndescription: A fence that hung the highlighter.\norder: 3\nupdated: 2024-05-01\n---\n" +
		"Before.\n\n```jsonata\n\\\n```\n\n```jungle\n!\n```\n"
	if err := os.WriteFile(article, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, srv, "/liftwell/articles/stuck/", 200, "<pre class=\"code\"><code>\\\n</code></pre>", log)
	if err := os.Remove(article); err != nil {
		t.Fatal(err)
	}
	waitFor(t, srv, "/liftwell/articles/stuck/", 404, "", log)
	edit(t, root, "templates/home.html", "<h1>Liftwell</h1>", "<h1>Liftwell, edited</h1>")
	waitFor(t, srv, "/liftwell/", 200, "<h1>Liftwell, edited</h1>", log)
}
