package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

type vnuMessage struct {
	Type        string `json:"type"`
	SubType     string `json:"subType"`
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	LastColumn  int    `json:"lastColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// vnuControl is a page with two known HTML errors, checked with the builds
// as a positive control: a checker that reports nothing for it is broken.
const vnuControl = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>control</title></head>
<body><p><div>a block inside a paragraph</div></p><img src="x.png"></body></html>
`

// TestHTMLValid runs the Nu HTML Checker (npm vnu-jar) once over every HTML
// file of both builds and fails on each error, printed with its file, line
// and message. It counts the files checked, and checks a known-bad page
// alongside them, which must produce errors.
func TestHTMLValid(t *testing.T) {
	t.Parallel()
	var dirs []string
	pages := 0
	for _, base := range []string{baseRoot, baseProject} {
		s := builtSite(t, base)
		dirs = append(dirs, s.Dir)
		n, err := countHTML(s.Dir)
		if err != nil {
			t.Fatal(err)
		}
		if n < len(s.Pages) || len(s.Pages) == 0 {
			t.Fatalf("%s: %d HTML files for the %d pages of the sitemap", base, n, len(s.Pages))
		}
		pages += n
	}
	control := filepath.Join(t.TempDir(), "control")
	if err := os.MkdirAll(control, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(control, "control.html"), []byte(vnuControl), 0o644); err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, control)
	t.Logf("checking %d HTML files of two builds, and a control page", pages)
	msgs := runVNU(t, 4*time.Minute, dirs...)
	// Group by file so that one broken template reads as one failure per page.
	byFile := map[string][]string{}
	for _, m := range msgs {
		if m.Type != "error" && !(m.Type == "non-document-error") {
			continue
		}
		file := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			file = u.Path
		}
		for _, d := range dirs {
			if rel, err := filepath.Rel(d, file); err == nil && !strings.HasPrefix(rel, "..") {
				file = filepath.Base(d) + "/" + filepath.ToSlash(rel)
			}
		}
		line := m.LastLine
		if m.FirstLine > 0 {
			line = m.FirstLine
		}
		msg := fmt.Sprintf("line %d: %s", line, m.Message)
		if m.Extract != "" {
			msg += "\n    " + clip(m.Extract, 200)
		}
		byFile[file] = append(byFile[file], msg)
	}
	if n := len(byFile["control/control.html"]); n < 2 {
		t.Errorf("the Nu HTML Checker found %d errors in the control page, which has two", n)
	}
	delete(byFile, "control/control.html")
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		t.Errorf("%s: %d HTML errors:\n%s", f, len(byFile[f]), indent(strings.Join(byFile[f], "\n"), "  "))
	}
}

// runVNU runs the Nu HTML Checker (npm vnu-jar) over paths (files and
// folders, of which it checks the HTML files) and returns its messages,
// errors only. It fails t if the checker cannot run or says nothing of
// why it failed, or if it takes longer than timeout.
func runVNU(t *testing.T, timeout time.Duration, paths ...string) []vnuMessage {
	t.Helper()
	java := needJava(t)
	jar := nodeModule(t, "vnu-jar/build/dist/vnu.jar")
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// Small heap, serial GC and the quick compiler: several times faster
	// for a short run than the defaults on a 2-core machine.
	args := append([]string{"-Xss4m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-jar", jar, "--errors-only", "--skip-non-html", "--format", "json"}, paths...)
	cmd := exec.CommandContext(ctx, java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	runErr := cmd.Run()
	if testing.Verbose() {
		t.Logf("vnu took %s", time.Since(start).Round(time.Millisecond))
	}
	// vnu writes its JSON report to stderr and exits 1 when it found errors.
	out := stderr.Bytes()
	if i := bytes.IndexByte(out, '{'); i > 0 {
		out = out[i:]
	}
	var rep struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("vnu: %v (%v)\nstdout: %s\nstderr: %s", runErr, err, clip(stdout.String(), 2000), clip(stderr.String(), 2000))
	}
	if runErr != nil && len(rep.Messages) == 0 {
		t.Fatalf("vnu failed with no message: %v\n%s", runErr, clip(stderr.String(), 2000))
	}
	return rep.Messages
}

// countHTML counts the .html files under dir.
func countHTML(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			n++
		}
		return err
	})
	return n, err
}
