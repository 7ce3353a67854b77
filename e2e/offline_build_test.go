package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liftwell/liftwell/internal/checker"
	lwsite "github.com/liftwell/liftwell/internal/site"
	"github.com/liftwell/liftwell/internal/wasmbuild"
)

// The offline tests build the site in this process, twice into the same
// served directory, with the real checker module: the second build's
// module carries one extra custom section (which WebAssembly ignores) and
// its wasm_exec.js one extra comment line, so that both are new files
// under new hashed names that still work.

var (
	moduleOnce     once
	moduleBytes    []byte
	wasmExecBytes  []byte
	moduleDuration time.Duration
)

// realModule compiles ./wasm once per test binary.
func realModule(t testing.TB) ([]byte, []byte) {
	t.Helper()
	root := repoRoot(t)
	err := moduleOnce.do(func() error {
		start := time.Now()
		m, w, err := wasmbuild.Compile(root)
		moduleBytes, wasmExecBytes, moduleDuration = m, w, time.Since(start)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return moduleBytes, wasmExecBytes
}

// withCustomSection returns module with a custom section (id 0) named
// name appended: a valid module that runs exactly like the first.
func withCustomSection(module []byte, name, payload string) []byte {
	leb := func(n int) []byte {
		var b []byte
		for {
			c := byte(n & 0x7f)
			n >>= 7
			if n != 0 {
				b = append(b, c|0x80)
				continue
			}
			return append(b, c)
		}
	}
	body := append(leb(len(name)), name...)
	body = append(body, payload...)
	out := append([]byte(nil), module...)
	out = append(out, 0)
	out = append(out, leb(len(body))...)
	return append(out, body...)
}

// offlineBuild builds the site for base and origin; version 2 has the
// changed module and loader.
func offlineBuild(t testing.TB, base, origin string, version int) lwsite.Files {
	t.Helper()
	root := repoRoot(t)
	module, wasmExec := realModule(t)
	if version > 1 {
		module = withCustomSection(module, "liftwell-e2e", fmt.Sprintf("build %d", version))
		wasmExec = append(append([]byte(nil), wasmExec...), fmt.Sprintf("\n// liftwell e2e: build %d\n", version)...)
	}
	b, err := lwsite.New(lwsite.Config{
		Content:     filepath.Join(root, "content"),
		Templates:   filepath.Join(root, "templates"),
		Base:        base,
		Origin:      origin,
		ModuleDir:   root,
		Module:      module,
		WasmExec:    wasmExec,
		Checker:     new(checker.Page()),
		RulesSource: checker.RulesSource,
	})
	if err != nil {
		t.Fatal(err)
	}
	files, err := b.Build()
	if err != nil {
		t.Fatalf("build %d for %s: %v", version, base, err)
	}
	return files
}

// sitePath is the URL path of an output file: "dir/index.html" is "dir/".
func sitePath(base, file string) string {
	return base + strings.TrimSuffix(file, "index.html")
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// assetOf returns the URL path of the build's asset whose name starts
// with prefix and ends with ext ("assets/checker.", ".wasm").
func assetOf(files lwsite.Files, base, prefix, ext string) string {
	for _, p := range files.Paths() {
		if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, ext) {
			return base + p
		}
	}
	return ""
}

// stopServer is a GitHub-Pages-like server of one directory that can be
// stopped (connections refused, as when the reader is offline) and
// started again on the same address, and told to fail some paths.
type stopServer struct {
	dir, base, addr string

	mu     sync.Mutex
	srv    *http.Server
	refuse map[string]bool   // URL paths answered 503
	stale  map[string][]byte // URL paths answered 200 with other bytes
	hits   []string          // URL paths requested, in order
}

func startStopServer(t testing.TB, dir, base string) *stopServer {
	t.Helper()
	s := &stopServer{dir: dir, base: base, addr: "127.0.0.1:0", refuse: map[string]bool{}}
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	addCleanup(s.stop)
	return s
}

func (s *stopServer) origin() string { return "http://" + s.addr }

func (s *stopServer) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return nil
	}
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may take a moment to be free again
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("listening on %s again: %w", s.addr, err)
	}
	s.addr = ln.Addr().String()
	pages := pagesHandler(s.dir, s.base)
	s.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, r.URL.Path)
		refused := s.refuse[r.URL.Path]
		stale, isStale := s.stale[r.URL.Path]
		s.mu.Unlock()
		if refused {
			http.Error(w, "e2e: refused on purpose", http.StatusServiceUnavailable)
			return
		}
		if isStale {
			w.Header().Set("Content-Type", contentType(r.URL.Path))
			w.Write(stale)
			return
		}
		pages.ServeHTTP(w, r)
	})}
	go s.srv.Serve(ln)
	return nil
}

// stop closes the listener and every connection: requests are refused.
func (s *stopServer) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		s.srv.Close()
		s.srv = nil
	}
}

// setFaults makes the server refuse the paths of refuse (503) and answer
// those of stale with the bytes given; nil clears.
func (s *stopServer) setFaults(refuse []string, stale map[string][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = map[string]bool{}
	for _, p := range refuse {
		s.refuse[p] = true
	}
	s.stale = stale
}

// takeHits returns and forgets the paths requested so far.
func (s *stopServer) takeHits() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hits
	s.hits = nil
	return h
}

// offlineDir returns a fresh directory for one base's build.
func offlineDir(t testing.TB, base string) string {
	t.Helper()
	dir := filepath.Join(tmpRoot, "offline-"+baseName(base), "site")
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
