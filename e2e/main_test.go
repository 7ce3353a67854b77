// Package e2e holds Liftwell's end-to-end tests: they build the real site,
// serve it the way GitHub Pages does, and drive it in a real Chromium
// (accessibility, keyboard, the checker, live reload), and they check the
// built files (valid HTML, links).
//
// Tools: Chromium (env CHROMIUM or /usr/bin/chromium), Java, and the npm
// packages of package.json (npm ci). A missing tool skips the tests that
// need it, except with CI=true, where it fails them.
//
// Flags (after -args, or directly with go test ./e2e):
//
//	-page /articles/sore-or-hurt/   audit one page only (path relative to the base)
//	-keep                           print and keep the temporary build directories
//
// Env: LIFTWELL_BIN uses a prebuilt liftwell binary instead of building
// ./cmd/liftwell.
package e2e

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liftwell/liftwell/internal/testfix"
)

var (
	flagPage = flag.String("page", "", "audit only this page: a path relative to the base, such as /articles/sore-or-hurt/")
	flagKeep = flag.Bool("keep", false, "keep the temporary build directories and print where they are")
)

// The two base paths the site must work under: a user site and a project site.
const (
	baseRoot    = "/"
	baseProject = "/liftwell/"
)

// notFoundProbe is a path (relative to the base) that no page has.
const notFoundProbe = "/no-such-page-e2e/"

var (
	tmpRoot   string       // removed after the run
	cleanups  []func()     // run after the run, last first
	cleanupMu sync.Mutex   // guards cleanups
	started   = time.Now() // for the timing line
)

// waitLimit bounds a wait for something the page does by itself (an
// answer, a step, a navigation). It only guards against a hang, so it is
// generous: on a busy 2-core machine compiling the module alone can take
// seconds. A test never passes or fails on how long the wait was.
const waitLimit = 30 * time.Second

func addCleanup(f func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanups = append(cleanups, f)
}

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "liftwell-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	tmpRoot = dir
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	if testing.Verbose() {
		refusedReport()
	}
	if *flagKeep {
		fmt.Fprintln(os.Stderr, "e2e: kept", tmpRoot)
	} else {
		os.RemoveAll(tmpRoot)
	}
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "e2e: finished in %s\n", time.Since(started).Round(time.Millisecond))
	}
	os.Exit(code)
}

// repoRoot is the module root: the parent of this package's directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd)
}

// once runs f once and remembers its error for every later caller.
type once struct {
	sync.Once
	err error
}

func (o *once) do(f func() error) error {
	o.Once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				o.err = fmt.Errorf("panic: %v", r)
			}
		}()
		o.err = f()
	})
	return o.err
}

// ---------------------------------------------------------------------------
// The liftwell binary.

var (
	binOnce once
	binPath string
)

// liftwell returns the path of a liftwell binary built from ./cmd/liftwell
// once per test binary (or LIFTWELL_BIN).
func liftwell(t testing.TB) string {
	t.Helper()
	root := repoRoot(t)
	err := binOnce.do(func() error {
		if p := os.Getenv("LIFTWELL_BIN"); p != "" {
			abs, err := filepath.Abs(p)
			binPath = abs
			return err
		}
		if _, err := os.Stat(filepath.Join(root, "cmd", "liftwell")); err != nil {
			return fmt.Errorf("no ./cmd/liftwell to build: %w", err)
		}
		binPath = filepath.Join(tmpRoot, "bin", "liftwell")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/liftwell")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("go build ./cmd/liftwell: %v\n%s", err, out)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return binPath
}

// ---------------------------------------------------------------------------
// Built sites.

// site is one build of the site, served on 127.0.0.1.
type site struct {
	Base   string   // "/" or "/liftwell/"
	Dir    string   // the build output
	Origin string   // http://127.0.0.1:PORT
	Pages  []string // page paths from sitemap.xml, relative to the base ("/", "/articles/x/")
}

// URL returns the absolute URL of rel, a path relative to the base.
func (s *site) URL(rel string) string {
	return s.Origin + s.Path(rel)
}

// Path returns the site path of rel, a path relative to the base.
func (s *site) Path(rel string) string {
	return strings.TrimSuffix(s.Base, "/") + "/" + strings.TrimPrefix(rel, "/")
}

// Rel turns a site path into a path relative to the base, or reports false
// when p is outside the base.
func (s *site) Rel(p string) (string, bool) {
	if !strings.HasPrefix(p, s.Base) {
		if p+"/" == s.Base {
			return "/", true
		}
		return "", false
	}
	return "/" + strings.TrimPrefix(p, s.Base), true
}

var (
	siteMu    sync.Mutex
	siteOnces = map[string]*once{}
	sites     = map[string]*site{}
)

// builtSite builds the site for base once per test binary and serves it.
func builtSite(t testing.TB, base string) *site {
	t.Helper()
	bin := liftwell(t)
	root := repoRoot(t)
	siteMu.Lock()
	o := siteOnces[base]
	if o == nil {
		o = &once{}
		siteOnces[base] = o
	}
	siteMu.Unlock()
	err := o.do(func() error {
		name := "root"
		if base != "/" {
			name = strings.Trim(base, "/")
		}
		dir := filepath.Join(tmpRoot, "site-"+name)
		start := time.Now()
		cmd := exec.Command(bin, "build", "-out", dir, "-base", base)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("liftwell build -out %s -base %s: %v\n%s", dir, base, err, out)
		}
		if testing.Verbose() {
			fmt.Fprintf(os.Stderr, "e2e: built the site for base %s in %s\n", base, time.Since(start).Round(time.Millisecond))
		}
		s := &site{Base: base, Dir: dir}
		if s.Pages, err = sitemapPages(s); err != nil {
			return err
		}
		origin, stop, err := serveDir(dir, base)
		if err != nil {
			return err
		}
		addCleanup(stop)
		s.Origin = origin
		siteMu.Lock()
		sites[base] = s
		siteMu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	siteMu.Lock()
	defer siteMu.Unlock()
	return sites[base]
}

// locPath returns the URL path of a sitemap or feed location. The builder
// writes a placeholder for the origin, so only the path counts.
func locPath(loc string) string {
	loc = strings.TrimSpace(loc)
	if i := strings.Index(loc, "://"); i >= 0 {
		rest := loc[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			loc = rest[j:]
		} else {
			loc = "/"
		}
	} else if !strings.HasPrefix(loc, "/") {
		if j := strings.IndexByte(loc, '/'); j >= 0 {
			loc = loc[j:]
		}
	}
	if u, err := url.Parse(loc); err == nil {
		return u.Path
	}
	return loc
}

type sitemapXML struct {
	URLs []struct {
		Loc string `xml:"loc"`
	} `xml:"url"`
}

// sitemapPages reads the page list from sitemap.xml.
func sitemapPages(s *site) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(s.Dir, "sitemap.xml"))
	if err != nil {
		return nil, err
	}
	var sm sitemapXML
	if err := xml.Unmarshal(data, &sm); err != nil {
		return nil, fmt.Errorf("sitemap.xml: %w", err)
	}
	var pages []string
	seen := map[string]bool{}
	for _, u := range sm.URLs {
		p := locPath(u.Loc)
		rel, ok := s.Rel(p)
		if !ok {
			return nil, fmt.Errorf("sitemap.xml: <loc>%s</loc> is outside the base %s", u.Loc, s.Base)
		}
		if !seen[rel] {
			seen[rel] = true
			pages = append(pages, rel)
		}
	}
	if len(pages) == 0 {
		return nil, errors.New("sitemap.xml lists no page")
	}
	sort.Strings(pages)
	return pages, nil
}

// auditPages returns the pages that the browser tests visit: every sitemap
// page and the 404 probe, or only the -page flag's page.
func auditPages(t testing.TB, s *site) []string {
	t.Helper()
	if *flagPage != "" {
		p := *flagPage
		if rel, ok := s.Rel(p); ok && s.Base != "/" {
			p = rel // accept /liftwell/x/ too
		}
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		return []string{p}
	}
	return append(append([]string(nil), s.Pages...), notFoundProbe)
}

// ownOrigin serves the build s on an origin of its own (its storage and
// service worker are no other test's) until t ends, and returns it.
func ownOrigin(t testing.TB, s *site) string {
	t.Helper()
	origin, stop, err := serveDir(s.Dir, s.Base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return origin
}

// serveDir serves a build on a new port of 127.0.0.1 and returns its
// origin and a func that stops the server.
func serveDir(dir, base string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: pagesHandler(dir, base), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// pagesHandler serves dir under base like GitHub Pages: directories need a
// trailing slash (a redirect adds it), index.html is the directory page, and
// any unknown path gets 404.html with status 404.
func pagesHandler(dir, base string) http.Handler {
	notFound := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if r.Method == http.MethodHead {
			return
		}
		f, err := os.Open(filepath.Join(dir, "404.html"))
		if err == nil {
			defer f.Close()
			io.Copy(w, f)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		if base != "/" && p+"/" == base {
			http.Redirect(w, r, base, http.StatusMovedPermanently)
			return
		}
		if !strings.HasPrefix(p, base) {
			notFound(w, r)
			return
		}
		rel := path.Clean("/" + strings.TrimPrefix(p, base))
		full := filepath.Join(dir, filepath.FromSlash(rel))
		fi, err := os.Stat(full)
		if err != nil {
			notFound(w, r)
			return
		}
		if fi.IsDir() {
			if !strings.HasSuffix(p, "/") {
				http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
				return
			}
			full = filepath.Join(full, "index.html")
			if fi, err = os.Stat(full); err != nil {
				notFound(w, r)
				return
			}
		}
		f, err := os.Open(full)
		if err != nil {
			notFound(w, r)
			return
		}
		defer f.Close()
		if ct := contentType(full); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, full, fi.ModTime(), f)
	})
}

func contentType(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	case ".json":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".xml":
		return "application/xml"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".woff2":
		return "font/woff2"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	}
	return ""
}

// ---------------------------------------------------------------------------
// Tools.

// chromiumPath returns the Chromium binary, or "". Debian's
// /usr/bin/chromium is a shell wrapper that adds Google API keys and
// remote-extension flags, with which the browser contacts Google accounts
// on its own; the binary behind it starts without them.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
		return ""
	}
	for _, name := range []string{"/usr/lib/chromium/chromium", "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func needChromium(t testing.TB) string {
	t.Helper()
	p := chromiumPath()
	testfix.Need(t, p != "", "Chromium is not installed (apt-get install chromium, or set CHROMIUM)")
	return p
}

func needJava(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("java")
	testfix.Need(t, err == nil, "java is not installed (apt-get install default-jre-headless)")
	return p
}

// nodeModule returns the path of a file in node_modules.
func nodeModule(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(repoRoot(t), "node_modules", filepath.FromSlash(rel))
	_, err := os.Stat(p)
	testfix.Need(t, err == nil, "node_modules/%s is missing (run npm ci)", rel)
	return p
}

// pageName turns a page path into a subtest name without slashes.
func pageName(rel string) string {
	if rel == "/" {
		return "home"
	}
	return strings.ReplaceAll(strings.Trim(rel, "/"), "/", ":")
}

// baseName names a base path in subtest names.
func baseName(base string) string {
	if base == "/" {
		return "root"
	}
	return strings.Trim(base, "/")
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// indent prefixes each line of s for failure messages.
func indent(s, prefix string) string {
	var b bytes.Buffer
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(prefix)
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// clip shortens s to n runes for messages.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
