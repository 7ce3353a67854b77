// Package serve builds the site, serves it from memory and rebuilds it
// when a source changes, reloading open pages through Server-Sent Events.
//
// A rebuild starts on the first event of a save, with no wait for quiet;
// events that arrive meanwhile are folded into the next rebuild, and each
// event's path is passed to the Builder (site.Builder.Changed), whose
// rebuilds cost what the edit changed; once the watcher runs, the
// Builder looks at no file the events did not name (site.Builder.Watched).
// The open pages are drawn first and served as soon as they are drawn
// (site.Builder.BuildFirst), before the rest of the site. Only the open
// pages whose file changed reload (each page's reload script names its
// page), once, and every page when a build fails or recovers. A failed build is shown only when
// no change follows within errorGrace: a save that empties a file before
// writing it would otherwise flash its error.
//
// The reload script is injected into HTML responses here, never into the
// built files. A failed build is shown in the terminal and in the browser
// (every page request gets the error), and the next good save recovers.
// In serve mode the service worker is replaced by one that caches nothing,
// so that a reload always shows the latest build.
//
// It answers only GET and HEAD, and only for the host it listens on and
// the loopback names (see allowHosts), so that a page of another site
// cannot read it through DNS rebinding.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/liftwell/liftwell/internal/site"
	"github.com/liftwell/liftwell/internal/wasmbuild"
)

// Server holds the latest build and the pages listening for reloads.
type Server struct {
	builder *site.Builder
	base    string
	log     io.Writer

	building sync.Mutex // held by the build in progress

	// The Host headers served (see allowHosts): none until it is called.
	hosts map[string]bool
	anyIP bool
	port  string

	mu      sync.Mutex
	files   site.Files
	early   site.Files // the open pages of the build in progress, drawn first (preview)
	err     error
	version int
	clients map[chan int]string // the file each open page shows ("" when not named)

	// What a page that connects late needs to know: the version at which
	// each file's served bytes last changed, and the last version at
	// which every page had to reload (a build failed, or recovered).
	changedAt map[string]int
	allAt     int

	timeouts Timeouts // of the connections it serves (Serve)
}

// Timeouts bound what a connection may hold the server for, so that
// clients which open connections and send nothing, or send a request
// slowly, or keep idle connections, cannot hold them open for ever.
// There is no write timeout: the reload stream (events) is one response
// that lasts as long as its page is open.
type Timeouts struct {
	ReadHeader time.Duration // to read a request's headers
	Read       time.Duration // to read a whole request, body included
	Idle       time.Duration // between two requests on a kept-alive connection
}

// DefaultTimeouts are those of liftwell serve: generous for a browser on
// this machine, short enough that stalled connections do not pile up.
var DefaultTimeouts = Timeouts{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Idle: 2 * time.Minute}

// New returns a Server for cfg; call Rebuild before serving.
func New(cfg site.Config, log io.Writer) (*Server, error) {
	b, err := site.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Server{builder: b, base: b.Config().Base, log: log, clients: map[chan int]string{}, changedAt: map[string]int{}, timeouts: DefaultTimeouts}, nil
}

// Serve answers the connections of ln with s, with s's timeouts, until
// ln fails.
func (s *Server) Serve(ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.timeouts.ReadHeader,
		ReadTimeout:       s.timeouts.Read,
		IdleTimeout:       s.timeouts.Idle,
	}
	return srv.Serve(ln)
}

// Run builds, serves on addr and rebuilds on change until it fails.
func Run(addr string, cfg site.Config, stdout, stderr io.Writer) error {
	s, err := New(cfg, stderr)
	if err != nil {
		return err
	}
	s.Rebuild()
	stop, err := s.Watch(watchDirs(s.builder.Config()))
	if err != nil {
		return err
	}
	defer stop()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s.allowHosts(host, port)
	fmt.Fprintf(stdout, "serving http://%s%s (Ctrl-C to stop)\n", net.JoinHostPort(displayHost(host), port), s.base)
	return s.Serve(ln)
}

// displayHost is the name to print for a listening host: the one given,
// or localhost for all interfaces.
func displayHost(host string) string {
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		return "localhost"
	}
	return host
}

// allowHosts sets the Host headers served: the host serve was started on
// and the loopback names, with its port; and, when it listens on every
// interface, any IP address. A page from another site whose name was
// pointed at this machine (DNS rebinding) sends its own name, and is
// refused.
func (s *Server) allowHosts(host, port string) {
	s.hosts = map[string]bool{}
	for _, h := range []string{host, "localhost", "127.0.0.1", "::1"} {
		if h != "" {
			s.hosts[strings.ToLower(net.JoinHostPort(h, port))] = true
		}
	}
	ip := net.ParseIP(host)
	s.anyIP = host == "" || ip != nil && ip.IsUnspecified()
	s.port = port
}

// hostAllowed says whether a request's Host header is one serve answers.
func (s *Server) hostAllowed(h string) bool {
	h = strings.ToLower(h)
	if s.hosts[h] {
		return true
	}
	if !s.anyIP {
		return false
	}
	host, port, err := net.SplitHostPort(h)
	return err == nil && port == s.port && net.ParseIP(host) != nil
}

func watchDirs(cfg site.Config) []string {
	dirs := []string{cfg.Content, cfg.Templates}
	if cfg.Module == nil {
		dirs = append(dirs, wasmbuild.SourceDirs(cfg.ModuleDir)...)
	}
	return dirs
}

// errorGrace is how long a failed build waits for a change that would
// cancel it before the failure is shown.
const errorGrace = 50 * time.Millisecond

// Changed tells the next build that the files at paths changed (see
// site.Builder.Changed); the watcher does it for every event.
func (s *Server) Changed(paths ...string) {
	s.building.Lock()
	defer s.building.Unlock()
	s.builder.Changed(paths...)
}

// Rebuild builds the site and tells open pages to reload.
func (s *Server) Rebuild() error { return s.rebuild(context.Background()) }

// rebuild is Rebuild, stopped early when ctx is cancelled: the build is
// then forgotten, and open pages keep what they show. Otherwise it tells
// the open pages whose file changed to reload.
func (s *Server) rebuild(ctx context.Context) error {
	s.building.Lock()
	defer s.building.Unlock()
	start := time.Now()
	files, err := s.builder.BuildFirst(ctx, s.openPages(), s.preview)
	if err != nil && !errors.Is(err, site.ErrCancelled) {
		// A build starts on the first change, which may be the first half
		// of a save (a file emptied, then written): a failure is shown
		// only if no change follows at once, which would cancel it.
		select {
		case <-ctx.Done():
			err = site.ErrCancelled
		case <-time.After(errorGrace):
		}
	}
	if errors.Is(err, site.ErrCancelled) {
		fmt.Fprintf(s.log, "build cancelled after %v: a file changed\n", time.Since(start).Round(time.Millisecond))
		return err
	}
	s.mu.Lock()
	// Every page reloads when the build fails, or recovers, or fails
	// differently; otherwise only those whose file changed.
	all := err != nil || s.err != nil || s.files == nil
	var changed map[string]bool
	if !all {
		changed = changedFiles(s.files, s.early, files)
	}
	if err == nil {
		s.files = files
	}
	s.early = nil
	s.err = err
	s.version++
	v := s.version
	if all {
		s.allAt = v
	}
	for p := range changed {
		s.changedAt[p] = v
	}
	for c, page := range s.clients {
		if !all && page != "" && !changed[page] && (!changed["404.html"] || s.files[page] != nil) {
			continue
		}
		select {
		case c <- v:
		default:
		}
	}
	s.mu.Unlock()
	if err != nil {
		fmt.Fprintf(s.log, "build failed:\n%v\n", err)
	} else {
		fmt.Fprintf(s.log, "built %d files in %v\n", len(files), time.Since(start).Round(time.Millisecond))
	}
	return err
}

const devPrefix = "_liftwell/"

// openPages lists the files the open pages show, for the build to draw
// them first.
func (s *Server) openPages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var pages []string
	for _, page := range s.clients {
		if page != "" && !slices.Contains(pages, page) {
			pages = append(pages, page)
		}
	}
	return pages
}

// preview serves the open pages of a build in progress as soon as they
// are drawn (site.Builder.BuildFirst), with the files made before them,
// and reloads those whose page changed: after a template edit that
// redraws every page, the open ones show it without waiting for the rest.
// The build's end replaces them; a page whose final bytes are what the
// preview showed does not reload again. A site whose last build failed
// shows its error until a build ends.
func (s *Server) preview(files site.Files) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil || s.files == nil {
		return
	}
	shown := func(p string) []byte {
		if data, ok := s.early[p]; ok {
			return data
		}
		return s.files[p]
	}
	var reload []chan int
	for c, page := range s.clients {
		if data, ok := files[page]; ok && !bytes.Equal(data, shown(page)) {
			reload = append(reload, c)
		}
	}
	s.version++
	for p, data := range files {
		if !bytes.Equal(data, shown(p)) {
			s.changedAt[p] = s.version
		}
	}
	s.early = files
	for _, c := range reload {
		select {
		case c <- s.version:
		default:
		}
	}
}

// policyHeader is the Content-Security-Policy header of every response:
// site.Policy, and frame-ancestors.
var policyHeader = site.PolicyString(site.FrameAncestors)

// ServeHTTP answers GET and HEAD, for the hosts serve was started on.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		http.Error(w, "liftwell serve answers only for the address it was started on", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "liftwell serve answers only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	if !strings.HasPrefix(r.URL.Path, s.base) {
		http.Redirect(w, r, s.base, http.StatusFound)
		return
	}
	p := strings.TrimPrefix(r.URL.Path, s.base)
	w.Header().Set("Cache-Control", "no-cache")
	// The pages' own policy, as a header, which can also say that no
	// other site may frame them (a <meta> policy cannot), and that a
	// file is what its type says.
	w.Header().Set("Content-Security-Policy", policyHeader)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	switch p {
	case devPrefix + "events":
		s.events(w, r)
		return
	case devPrefix + "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, reloadJS)
		return
	case "sw.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, devWorker)
		return
	}
	s.mu.Lock()
	files, early, err, v := s.files, s.early, s.err, s.version
	s.mu.Unlock()
	if err != nil && (p == "" || strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html")) {
		s.errorPage(w, err, v)
		return
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	data, ok := early[p]
	if !ok {
		data, ok = files[p]
	}
	status := http.StatusOK
	if !ok {
		if _, dir := files[p+"/index.html"]; dir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		p, status = "404.html", http.StatusNotFound
		data = files[p]
	}
	w.Header().Set("Content-Type", contentType(p))
	if strings.HasSuffix(p, ".html") {
		data = s.inject(data, v)
	}
	w.WriteHeader(status)
	w.Write(data)
}

func contentType(p string) string {
	switch path.Ext(p) {
	case ".wasm":
		return "application/wasm"
	case ".webmanifest":
		return "application/manifest+json"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject adds the reload script to a page, with the version of the
// server's files the page was taken from (see Server.events).
func (s *Server) inject(page []byte, version int) []byte {
	tag := `<script src="` + s.base + devPrefix + `reload.js" data-version="` + strconv.Itoa(version) + `" defer></script>`
	if i := bytes.Index(page, []byte("</head>")); i >= 0 {
		return append(append(append([]byte{}, page[:i]...), tag...), page[i:]...)
	}
	return append([]byte(tag), page...)
}

func (s *Server) errorPage(w http.ResponseWriter, err error, version int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	page := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>` +
		`<body><main><h1>Build failed</h1><p>Fix the problems below and save; this page reloads by itself.</p>` +
		`<pre id="build-error">` + html.EscapeString(err.Error()) + `</pre></main></body></html>`
	w.Write(s.inject([]byte(page), version))
}

// events streams a "reload" event after every build that changed the
// page named by the "page" parameter (every build, without it). A page
// that names the version it was served from ("v") and changed since is
// told at once: a build may end between the page's load and its
// connection here, and its reload would otherwise be lost.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan int, 1)
	page := s.pageFile(r.URL.Query().Get("page"))
	s.mu.Lock()
	s.clients[c] = page
	if v, err := strconv.Atoi(r.URL.Query().Get("v")); err == nil && s.changedSince(page, v) {
		c <- s.version
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	io.WriteString(w, "retry: 500\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case v := <-c:
			fmt.Fprintf(w, "event: reload\ndata: %d\n\n", v)
			flusher.Flush()
		}
	}
}

// changedSince says whether the file page shows ("" for any) changed
// after the server's version v. It is called with s.mu held.
func (s *Server) changedSince(page string, v int) bool {
	switch {
	case v >= s.version:
		return false
	case page == "" || s.allAt > v:
		return true
	}
	if _, ok := s.early[page]; !ok && s.files[page] == nil {
		page = "404.html" // what a missing page shows
	}
	return s.changedAt[page] > v
}

// changedFiles returns the paths whose bytes differ between what was
// served (the last build, with the preview early over it) and the new
// build, or that only one has. Pages taken from the last build are the
// same bytes, which compare at once.
func changedFiles(old, early, new site.Files) map[string]bool {
	changed := map[string]bool{}
	for p, data := range new {
		prev, ok := early[p]
		if !ok {
			prev, ok = old[p]
		}
		if !ok || !bytes.Equal(prev, data) {
			changed[p] = true
		}
	}
	for p := range old {
		if _, ok := new[p]; !ok {
			changed[p] = true
		}
	}
	return changed
}

// pageFile is the built file a page at the URL path page shows, or "" when
// the page is not named: it then reloads after every build.
func (s *Server) pageFile(page string) string {
	p, ok := strings.CutPrefix(page, s.base)
	if page == "" || !ok {
		return ""
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// The reload script names the page it is on, so that it reloads only
// when that page changed.
const reloadJS = `(function(){var d=document.currentScript,s=d.src.replace(/reload\.js$/,"events")+"?page="+encodeURIComponent(location.pathname)+"&v="+encodeURIComponent(d.dataset.version||"");` +
	`var es=new EventSource(s);es.addEventListener("reload",function(){location.reload()});})();`

const devWorker = `// liftwell serve: a worker that caches nothing, so reloads show the latest build.
self.addEventListener("install",function(){self.skipWaiting()});
self.addEventListener("activate",function(e){e.waitUntil(self.clients.claim())});
`
