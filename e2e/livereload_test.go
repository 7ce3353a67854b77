//go:build unix

package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/liftwell/liftwell/internal/testfix"
)

// startServe runs `liftwell serve` in dir on a free port and returns its
// origin; the server and its children stop when t ends.
func startServe(t testing.TB, dir string) (string, *testfix.SyncBuffer) {
	t.Helper()
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(liftwell(t), "serve", "-addr", addr)
	cmd.Dir = dir
	out := &testfix.SyncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	origin := "http://" + addr
	deadline := time.Now().Add(120 * time.Second)
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		select {
		case <-exited:
			t.Fatalf("liftwell serve exited:\n%s", out.String())
		default:
		}
		resp, err := client.Get(origin + "/")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				// It prints the address it serves, as the README says.
				if want := "serving " + origin + "/ (Ctrl-C to stop)\n"; !strings.Contains(out.String(), want) {
					t.Errorf("liftwell serve printed %q, want %q", out.String(), want)
				}
				return origin, out
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("liftwell serve did not answer on %s within 2 minutes:\n%s", origin, out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestLiveReload runs `liftwell serve` on a copy of the sources, opens an
// article, and edits its Markdown: the page must reload with the change; a
// broken edit (an unknown front matter field) must show the error in the
// page; the next good edit must bring the article back; and so must
// replacing the whole content folder by a copy, and editing the copy.
func TestLiveReload(t *testing.T) {
	needChromium(t)
	t.Parallel() // it mostly waits for rebuilds; its own server and sources
	root := repoRoot(t)
	tree := t.TempDir()
	// The parts of the repository that `liftwell serve` reads (and may
	// rebuild from), so that edits never touch the real tree.
	testfix.CopyTree(t, root, tree, "content", "templates", "wasm", "internal", "cmd", "go.mod", "go.sum")
	articles, _ := filepath.Glob(filepath.Join(tree, "content", "articles", "*.md"))
	if len(articles) == 0 {
		t.Fatal("no article in content/articles to edit")
	}
	sort.Strings(articles)
	md := articles[0]
	slug := strings.TrimSuffix(filepath.Base(md), ".md")
	orig, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	text := string(orig)
	if !strings.HasPrefix(text, "---\n") {
		t.Fatalf("%s does not start with front matter", md)
	}
	origin, log := startServe(t, tree)
	tb := newTab(t)
	u := origin + "/articles/" + slug + "/"
	status, err := tb.open(u)
	if err != nil || status != 200 {
		t.Fatalf("%s: status %d, %v\nserver output:\n%s", u, status, err, log.String())
	}

	// waitFor polls the page (across reloads) until cond holds.
	waitFor := func(what, cond string) {
		t.Helper()
		deadline := time.Now().Add(45 * time.Second)
		for time.Now().Before(deadline) {
			if ok, err := eval[bool](tb, cond); err == nil && ok {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		body, _ := eval[string](tb, `document.body ? document.body.innerText : ""`)
		t.Fatalf("%s: %s did not happen within 45 s\npage text: %s\nserver output:\n%s", u, what, clip(body, 600), clip(log.String(), 3000))
	}
	mark := func() {
		t.Helper()
		mustEval[bool](t, tb, `window.__e2eMark = true`)
	}
	reloaded := `!window.__e2eMark && document.readyState !== "loading"`
	has := func(s string) string {
		return fmt.Sprintf(`document.body !== null && document.body.innerText.includes(%q)`, s)
	}

	// 1. A good edit: a new paragraph at the end.
	mark()
	one := "Live reload check one."
	if err := os.WriteFile(md, []byte(text+"\n\n"+one+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("a reload showing the edit", reloaded+" && "+has(one))
	tb.check(t, u+" (after a good edit)")

	// 2. A broken edit: an unknown front matter field.
	mark()
	broken := "---\ne2e_unknown_field: 1\n" + strings.TrimPrefix(text, "---\n")
	if err := os.WriteFile(md, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the build error in the page", reloaded+" && ("+has("e2e_unknown_field")+")")
	if ok := mustEval[bool](t, tb, has(slug+".md")); !ok {
		t.Errorf("%s: the error shown does not name the file %s.md: %s", u, slug, clip(mustEval[string](t, tb, `document.body.innerText`), 400))
	}

	// The error page may come with an error status, which the console
	// reports: that is expected here.
	tb.reset()

	// 3. The next good edit recovers.
	mark()
	two := "Live reload check two."
	if err := os.WriteFile(md, []byte(text+"\n\n"+two+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the article back after a good edit", reloaded+" && "+has(two)+" && !("+has("e2e_unknown_field")+")")
	tb.check(t, u)

	// 4. The content folder replaced by a copy (rm -rf content; cp -r
	// backup content): serve watches the new folder, so the page shows
	// the copy, and then an edit made in it.
	content := filepath.Join(tree, "content")
	backup := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(backup, os.DirFS(content)); err != nil {
		t.Fatal(err)
	}
	three := "Live reload check three."
	if err := os.WriteFile(filepath.Join(backup, "articles", filepath.Base(md)), []byte(text+"\n\n"+three+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mark()
	if err := os.RemoveAll(content); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(content, os.DirFS(backup)); err != nil {
		t.Fatal(err)
	}
	waitFor("the copied content", has(three))
	tb.reset() // the page may have shown the error while content/ was gone
	mark()
	four := "Live reload check four."
	if err := os.WriteFile(md, []byte(text+"\n\n"+four+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("an edit in the copied content", reloaded+" && "+has(four))
	tb.check(t, u)
}
