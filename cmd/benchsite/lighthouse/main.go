// Command lighthouse serves a built site and runs Lighthouse on some of
// its pages, printing the four category scores of each page and every
// audit that does not pass, with what Lighthouse says about it.
//
//	npm install --prefix /tmp/lh lighthouse@13
//	go run ./cmd/liftwell build -out /tmp/lh-site
//	go run ./cmd/benchsite/lighthouse -site /tmp/lh-site [-lighthouse /tmp/lh/node_modules/.bin/lighthouse] [path ...]
//
// The site is served at the root of a local address the way GitHub Pages
// serves it: folder URLs give index.html, unknown ones 404.html, text is
// gzip-compressed, and every response has Cache-Control: max-age=600.
// Lighthouse runs with its default (mobile) settings in headless Chromium
// (CHROME_PATH, /usr/bin/chromium when unset). The paths default to the
// home page, an article, an exercise, the checker and the log. -json keeps
// each report in a directory, and -trace with it keeps each page's trace
// too.
//
// One run's performance score moves by a point or two from run to run
// with nothing changed, on this kind of machine most of all. -runs N runs
// Lighthouse N times on each page and reports the median run, the one
// Lighthouse's own computeMedianRun picks (closest to the median first
// contentful paint and time to interactive), as Lighthouse's
// documentation on variability advises; it prints every run's
// performance score too.
package main

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

var chromeFlags = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"

func main() {
	site := flag.String("site", "site", "the built site `directory`")
	lh := flag.String("lighthouse", "/tmp/lh/node_modules/.bin/lighthouse", "the lighthouse `command`")
	keep := flag.String("json", "", "keep the JSON reports in this `directory`")
	from := flag.String("from", "", "only summarize the reports kept by -json in this `directory`")
	traces := flag.Bool("trace", false, "with -json, also keep each page's trace and DevTools log (Lighthouse's --save-assets)")
	runs := flag.Int("runs", 1, "run Lighthouse this many `times` on each page and report the median run")
	flag.Parse()
	if *from != "" {
		files, _ := filepath.Glob(filepath.Join(*from, "report-*.json"))
		for _, f := range files {
			if err := summarize(f, f); err != nil {
				fatal(err)
			}
		}
		return
	}
	paths := flag.Args()
	if len(paths) == 0 {
		paths = []string{"/", "/articles/why-it-hurts/", "/exercises/bridge/", "/checker/", "/log/"}
	}
	mime.AddExtensionType(".webmanifest", "application/manifest+json")
	mime.AddExtensionType(".wasm", "application/wasm")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal(err)
	}
	go http.Serve(ln, pages(*site))
	origin := "http://" + ln.Addr().String()
	if os.Getenv("CHROME_PATH") == "" {
		os.Setenv("CHROME_PATH", "/usr/bin/chromium")
	}
	dir := *keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "lighthouse-"); err != nil {
			fatal(err)
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		fatal(err)
	}
	failed := false
	for i, p := range paths {
		var reports []string
		for run := 0; run < max(*runs, 1); run++ {
			out := filepath.Join(dir, fmt.Sprintf("report-%d.json", i))
			if *runs > 1 {
				out = filepath.Join(dir, fmt.Sprintf("report-%d-run%d.json", i, run+1))
			}
			args := []string{origin + p, "--output=json", "--output-path=" + out, "--quiet", "--chrome-flags=" + chromeFlags}
			if *traces && *keep != "" {
				args = append(args, "--save-assets")
			}
			cmd := exec.Command(*lh, args...)
			cmd.Stderr = os.Stderr
			if err := cmd.Run(); err != nil {
				fmt.Printf("%s: lighthouse failed: %v\n", p, err)
				failed = true
				continue
			}
			reports = append(reports, out)
		}
		if len(reports) == 0 {
			continue
		}
		report := reports[0]
		if len(reports) > 1 {
			m, err := medianRun(*lh, reports)
			if err != nil {
				fmt.Printf("%s: %v\n", p, err)
				failed = true
				continue
			}
			report = reports[m]
			fmt.Printf("%s: performance in each run: %s; the median run is run %d\n", p, strings.Join(performance(reports), ", "), m+1)
		}
		if err := summarize(p, report); err != nil {
			fmt.Printf("%s: %v\n", p, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

// medianRun returns the index of the median run among the reports, as
// Lighthouse's own computeMedianRun picks it (core/lib/median-run.js, in
// the package the lighthouse command belongs to).
func medianRun(lh string, reports []string) (int, error) {
	lib := filepath.Join(filepath.Dir(filepath.Dir(lh)), "lighthouse", "core", "lib", "median-run.js")
	if _, err := os.Stat(lib); err != nil {
		return 0, fmt.Errorf("Lighthouse's median-run.js: %v", err)
	}
	const script = `
const {computeMedianRun} = await import(process.argv[1]);
const {readFileSync} = await import("node:fs");
const runs = process.argv.slice(2).map(f => JSON.parse(readFileSync(f, "utf8")));
process.stdout.write(String(runs.indexOf(computeMedianRun(runs))));
`
	out, err := exec.Command("node", append([]string{"--input-type=module", "-e", script, lib}, reports...)...).Output()
	if err != nil {
		return 0, fmt.Errorf("computeMedianRun: %v", err)
	}
	m, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil || m < 0 || m >= len(reports) {
		return 0, fmt.Errorf("computeMedianRun printed %q", out)
	}
	return m, nil
}

// performance is each report's performance score, or "-".
func performance(reports []string) []string {
	var scores []string
	for _, f := range reports {
		r, err := readReport(f)
		if err != nil {
			scores = append(scores, "-")
			continue
		}
		scores = append(scores, r.score("performance"))
	}
	return scores
}

// readReport reads one JSON report.
func readReport(file string) (report, error) {
	var r report
	data, err := os.ReadFile(file)
	if err == nil {
		err = json.Unmarshal(data, &r)
	}
	return r, err
}

// score is the category's score out of 100, or "-".
func (r report) score(category string) string {
	cat, ok := r.Categories[category]
	if !ok || cat.Score == nil {
		return "-"
	}
	return fmt.Sprintf("%.0f", *cat.Score*100)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "lighthouse:", err)
	os.Exit(1)
}

type report struct {
	RequestedURL string                          `json:"requestedUrl"`
	RuntimeError *struct{ Code, Message string } `json:"runtimeError"`
	Categories   map[string]struct {
		Title     string
		Score     *float64
		AuditRefs []struct {
			ID    string
			Group string
		} `json:"auditRefs"`
	}
	Audits map[string]struct {
		Title            string
		Score            *float64
		ScoreDisplayMode string
		DisplayValue     string
		Description      string
		Details          struct {
			Items json.RawMessage // usually a list of objects
		}
	}
}

func summarize(p, file string) error {
	r, err := readReport(file)
	if err != nil {
		return err
	}
	if r.RuntimeError != nil && r.RuntimeError.Code != "" && r.RuntimeError.Code != "NO_ERROR" {
		return fmt.Errorf("lighthouse runtime error %s: %s", r.RuntimeError.Code, r.RuntimeError.Message)
	}
	var scores []string
	for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
		scores = append(scores, c+" "+r.score(c))
	}
	if u, err := url.Parse(r.RequestedURL); err == nil && u.Path != "" {
		p = u.Path
	}
	fmt.Printf("%s: %s\n", p, strings.Join(scores, ", "))
	// Audits that count (scored, not informative or manual) and do not pass.
	seen := map[string]bool{}
	var lines []string
	for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
		for _, ref := range r.Categories[c].AuditRefs {
			a, ok := r.Audits[ref.ID]
			if !ok || seen[ref.ID] || a.Score == nil || *a.Score >= 0.9 {
				continue
			}
			switch a.ScoreDisplayMode {
			case "notApplicable", "manual", "informative", "error":
				continue
			}
			seen[ref.ID] = true
			line := fmt.Sprintf("  [%s] %s (%s, score %.2f)", c, a.Title, ref.ID, *a.Score)
			if a.DisplayValue != "" {
				line += ": " + a.DisplayValue
			}
			var items []map[string]any
			json.Unmarshal(a.Details.Items, &items)
			for i, it := range items {
				if i == 3 {
					line += fmt.Sprintf("\n      ... %d more", len(items)-3)
					break
				}
				line += "\n      " + item(it)
			}
			lines = append(lines, line)
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	return nil
}

// item shortens one row of an audit's details to what names the problem.
func item(it map[string]any) string {
	var parts []string
	for _, k := range []string{"url", "source", "label", "node", "description"} {
		v, ok := it[k]
		if !ok {
			continue
		}
		switch v := v.(type) {
		case string:
			parts = append(parts, v)
		case map[string]any:
			for _, kk := range []string{"selector", "snippet", "explanation", "url", "value"} {
				if s, ok := v[kk].(string); ok && s != "" {
					parts = append(parts, strings.ReplaceAll(s, "\n", " "))
				}
			}
		}
	}
	s := strings.Join(parts, " | ")
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// pages serves dir like GitHub Pages: index.html for folders, 404.html
// with status 404 for what is missing, gzip for text, ten minutes' cache.
func pages(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		file := filepath.Join(dir, filepath.FromSlash(p))
		status := http.StatusOK
		if fi, err := os.Stat(file); err == nil && fi.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			file = filepath.Join(file, "index.html")
		}
		data, err := os.ReadFile(file)
		if err != nil {
			file = filepath.Join(dir, "404.html")
			status = http.StatusNotFound
			if data, err = os.ReadFile(file); err != nil {
				http.NotFound(w, r)
				return
			}
		}
		ct := mime.TypeByExtension(filepath.Ext(file))
		if ct == "" {
			ct = "application/octet-stream"
		}
		h := w.Header()
		h.Set("Content-Type", ct)
		h.Set("Cache-Control", "max-age=600")
		text := strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") || strings.Contains(ct, "json") ||
			strings.Contains(ct, "xml") || strings.Contains(ct, "wasm") || strings.Contains(ct, "svg")
		if text && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			h.Set("Vary", "Accept-Encoding")
			w.WriteHeader(status)
			gz := gzip.NewWriter(w)
			gz.Write(data)
			gz.Close()
			return
		}
		w.WriteHeader(status)
		w.Write(data)
	})
}
