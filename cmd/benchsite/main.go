// Command benchsite compares `liftwell build` with Hugo on the same
// synthetic corpora: the real content plus 1,000 and 4,000 generated
// articles of realistic length (headings, lists, links, a table and a
// code block every few articles), written once for each tool from the
// same Markdown bodies (see package corpus).
//
//	go run ./cmd/benchsite [-sizes 1000,4000] [-rounds 5] [-build | -serve] [-hugo /usr/bin/hugo] [-liftwell bin] [-tmp dir] [-keep]
//
// Run it from the repository root (`make bench` does). It runs two
// benchmarks, or only one with -build or -serve.
//
// # Builds
//
// It builds the liftwell binary once with go build (unless -liftwell names
// one), then for each size runs liftwell and Hugo (`hugo --minify`, with a
// minimal layout equivalent to templates/layout.html: the same head,
// navigation, footer list of every article, article body, exercise cards
// and related links) alternately, one warm-up run each and then -rounds
// timed runs each. It prints, per tool and size, the median wall time,
// HTML pages per second, the ratio, and peak memory: the maximum resident
// set size from wait4 (rusage Maxrss, which on Linux also covers the
// children the process waited for, so for liftwell the go command and
// linker that compile the checker's WebAssembly module) and the process's
// own high-water mark (VmHWM, polled from /proc while it runs).
//
// The corpora and outputs go to /dev/shm when it exists (-tmp to choose):
// on a slow disk, creating thousands of files costs both tools seconds of
// system time that says nothing about either. Both start every run from
// an empty output directory.
//
// `liftwell build` compiles the checker's WebAssembly module, which Hugo
// has nothing like, once, and then takes it from its cache folder while
// the module's sources do not change, as Hugo keeps its own cache between
// runs (both caches are warm after the warm-up run). benchsite also times
// a compile of the module on its own, for reference.
//
// # Edits (-serve)
//
// For each size it starts `liftwell serve` and `hugo server` (Hugo's
// defaults: pages in memory, fast render, live reload; with --minify, as
// the build is) on the same corpora, on loopback ports, and edits files
// under them, one tool after the other, alternating which goes first,
// with one warm-up edit and then -rounds timed edits of each kind:
//
//   - body: a sentence appended to a synthetic article in the middle of
//     the list (its page is the one polled for every kind);
//   - title: that article's title, which its own page, the home page and
//     the "Read next" lists of the articles that name it show;
//   - footer: the short title of the first article, which the footer of
//     every page names (liftwell's short, Hugo's linkTitle);
//   - template: the article template (templates/article.html, Hugo's
//     layouts/articles/single.html), which draws every article.
//
// Each edit writes the whole file at once (os.WriteFile) with a new marker
// in it, then asks the server for the polled page every 2 ms until the
// marker is there: "to page" is that time from the write. "to reload" is
// the time to the reload event a browser would get (liftwell's Server-Sent
// Events stream; Hugo's livereload WebSocket, which benchsite reads with
// github.com/coder/websocket after saying hello as livereload.js does),
// and "server's own" the rebuild time the server prints (liftwell's "built
// N files in", Hugo's "Total in", summed over the rebuilds one edit
// caused), and "server CPU" the CPU time the server process used from the
// write to 300 ms after the edit showed (from /proc/PID/task/*/schedstat),
// which the machine's load changes less than the wall times. Every figure
// is the median over the timed edits. The templates the edits change are a
// copy of templates/, so that the repository's own files are never
// touched.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/liftwell/liftwell/internal/corpus"
)

func main() {
	sizes := flag.String("sizes", "1000,4000", "comma-separated `counts` of synthetic articles")
	rounds := flag.Int("rounds", 5, "timed runs of each tool per size")
	hugo := flag.String("hugo", "hugo", "the hugo `command`")
	keep := flag.Bool("keep", false, "keep the temporary directory")
	lwBin := flag.String("liftwell", "", "use this liftwell `binary` instead of building ./cmd/liftwell")
	tmpRoot := flag.String("tmp", defaultTmp(), "`directory` for the corpora and outputs (a tmpfs, so that the disk is not what is measured)")
	onlyServe := flag.Bool("serve", false, "run only the edit benchmark (liftwell serve and hugo server)")
	onlyBuild := flag.Bool("build", false, "run only the build benchmark")
	flag.Parse()
	if *onlyServe && *onlyBuild {
		fatalf("-serve and -build exclude each other: give neither to run both")
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			fatalf("bad -sizes %q", *sizes)
		}
		ns = append(ns, n)
	}
	if err := run(ns, *rounds, *hugo, *lwBin, *tmpRoot, *keep, !*onlyServe, !*onlyBuild); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchsite: "+format+"\n", args...)
	os.Exit(1)
}

// result is one timed run.
type result struct {
	wall   time.Duration
	maxrss int64 // KiB, from wait4: the process and the children it waited for
	hwm    int64 // KiB, the process's own VmHWM
}

type series struct {
	runs  []result
	pages int // HTML files in the output
}

func (s *series) median(f func(result) float64) float64 {
	v := make([]float64, len(s.runs))
	for i, r := range s.runs {
		v[i] = f(r)
	}
	return median(v)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = append([]float64(nil), v...)
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// job is one corpus size, written for both tools.
type job struct {
	n              int
	dir            string
	real           *corpus.Real
	arts           []corpus.Article
	lwCmd, hugoCmd func() *exec.Cmd
	lwOut, hugoOut string
	lw, hugo       series
	mdBytes        int64
}

func run(sizes []int, rounds int, hugo, lw, tmpRoot string, keep, build, serve bool) error {
	if _, err := os.Stat("go.mod"); err != nil {
		return fmt.Errorf("run me from the repository root (no go.mod here)")
	}
	hugoPath, err := exec.LookPath(hugo)
	if err != nil {
		return fmt.Errorf("hugo not found: %v (apt-get install hugo)", err)
	}
	hv, _ := exec.Command(hugoPath, "version").Output()
	tmp, err := os.MkdirTemp(tmpRoot, "liftwell-bench-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("keeping", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	if lw == "" {
		lw = filepath.Join(tmp, "liftwell")
		if out, err := exec.Command("go", "build", "-o", lw, "./cmd/liftwell").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/liftwell: %v\n%s", err, out)
		}
	} else if lw, err = filepath.Abs(lw); err != nil {
		return err
	}
	real, err := corpus.ReadReal("content", "templates")
	if err != nil {
		return err
	}
	if len(real.Missing) > 0 {
		fmt.Printf("note: the real content links to articles that do not exist yet; the first synthetic articles stand in for them: %s\n", strings.Join(real.Missing, ", "))
	}
	fmt.Printf("working in %s\n", tmp)
	fmt.Printf("real content: %d articles, %d exercises; %s", len(real.Articles), len(real.Exercises), hv)

	var jobs []*job
	for _, n := range sizes {
		arts := corpus.Generate(n, real)
		j := &job{n: n, dir: filepath.Join(tmp, strconv.Itoa(n)), real: real, arts: arts}
		if err := corpus.WriteLiftwell(filepath.Join(j.dir, "content"), real, arts); err != nil {
			return err
		}
		hdir := filepath.Join(j.dir, "hugo")
		if err := writeHugoSite(hdir, real, arts); err != nil {
			return err
		}
		for _, a := range arts {
			j.mdBytes += int64(len(a.Body))
		}
		j.lwOut = filepath.Join(j.dir, "site")
		j.hugoOut = filepath.Join(hdir, "public")
		j.lwCmd = func() *exec.Cmd {
			return exec.Command(lw, "build", "-content", filepath.Join(j.dir, "content"), "-templates", "templates",
				"-out", j.lwOut, "-origin", "https://example.org")
		}
		j.hugoCmd = func() *exec.Cmd {
			return exec.Command(hugoPath, "--minify", "--quiet", "-s", hdir, "-d", j.hugoOut,
				"--cacheDir", filepath.Join(j.dir, "hugo-cache"))
		}
		jobs = append(jobs, j)
		fmt.Printf("corpus +%d: %d synthetic articles, %.1f MB of Markdown (mean %d bytes)\n", n, len(arts), float64(j.mdBytes)/1e6, j.mdBytes/int64(max(1, len(arts))))
	}

	if build {
		if err := runBuild(jobs, rounds, tmp, real); err != nil {
			return err
		}
	}
	if serve {
		if build {
			fmt.Println()
		}
		return runServe(jobs, rounds, hugoPath, lw)
	}
	return nil
}

// runBuild times full builds of each corpus by both tools.
func runBuild(jobs []*job, rounds int, tmp string, real *corpus.Real) error {
	// The checker module, compiled as liftwell build compiles it.
	var compile []float64
	for i := 0; i < max(3, rounds); i++ {
		cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", filepath.Join(tmp, "checker.wasm"), "./wasm")
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		r, err := measure(cmd)
		if err != nil {
			return fmt.Errorf("compiling the checker module: %v", err)
		}
		if i > 0 { // the first fills the build cache
			compile = append(compile, r.wall.Seconds())
		}
	}
	moduleTime := median(compile)

	// Both tools start from an empty output directory, removed outside
	// the timing.
	lwRun := func(j *job) (result, error) {
		if err := os.RemoveAll(j.lwOut); err != nil {
			return result{}, err
		}
		return measure(j.lwCmd())
	}
	hugoRun := func(j *job) (result, error) {
		if err := os.RemoveAll(j.hugoOut); err != nil { // liftwell writes a fresh tree too
			return result{}, err
		}
		return measure(j.hugoCmd())
	}
	for _, j := range jobs {
		fmt.Printf("warm-up +%d ...\n", j.n)
		if _, err := lwRun(j); err != nil {
			return fmt.Errorf("liftwell build, +%d articles: %v", j.n, err)
		}
		if _, err := hugoRun(j); err != nil {
			return fmt.Errorf("hugo, +%d articles: %v", j.n, err)
		}
		j.lw.pages = countHTML(j.lwOut)
		j.hugo.pages = countHTML(j.hugoOut)
	}
	for r := 0; r < rounds; r++ {
		for _, j := range jobs {
			first, second := &j.lw, &j.hugo
			f1, f2 := lwRun, hugoRun
			if r%2 == 1 {
				first, second, f1, f2 = second, first, f2, f1
			}
			for _, s := range []struct {
				s *series
				f func(*job) (result, error)
			}{{first, f1}, {second, f2}} {
				res, err := s.f(j)
				if err != nil {
					return err
				}
				s.s.runs = append(s.s.runs, res)
			}
			fmt.Printf("round %d/%d +%d: liftwell %.2fs, hugo %.2fs\n", r+1, rounds, j.n,
				j.lw.runs[len(j.lw.runs)-1].wall.Seconds(), j.hugo.runs[len(j.hugo.runs)-1].wall.Seconds())
		}
	}

	fmt.Printf("\nmedian of %d alternating runs; pages = HTML files written; RSS in MB (maxrss: wait4, with waited-for children; own: VmHWM)\n", rounds)
	fmt.Printf("checker module compile (go build, GOOS=js, warm go cache): %.2fs, done once; liftwell keeps the module in its cache folder\n\n", moduleTime)
	fmt.Printf("%-8s %-9s %6s %8s %9s %11s %9s %8s\n", "articles", "tool", "pages", "time s", "pages/s", "maxrss MB", "own MB", "ratio")
	for _, j := range jobs {
		lwT := j.lw.median(func(r result) float64 { return r.wall.Seconds() })
		hT := j.hugo.median(func(r result) float64 { return r.wall.Seconds() })
		lwPPS, hPPS := float64(j.lw.pages)/lwT, float64(j.hugo.pages)/hT
		mb := func(kib float64) float64 { return kib / 1024 }
		total := len(real.Articles) + j.n
		fmt.Printf("%-8d %-9s %6d %8.2f %9.0f %11.0f %9.0f %7.2fx\n", total, "liftwell", j.lw.pages, lwT, lwPPS,
			mb(j.lw.median(func(r result) float64 { return float64(r.maxrss) })),
			mb(j.lw.median(func(r result) float64 { return float64(r.hwm) })), lwPPS/hPPS)
		fmt.Printf("%-8d %-9s %6d %8.2f %9.0f %11.0f %9.0f\n", total, "hugo", j.hugo.pages, hT, hPPS,
			mb(j.hugo.median(func(r result) float64 { return float64(r.maxrss) })),
			mb(j.hugo.median(func(r result) float64 { return float64(r.hwm) })))
	}
	return nil
}

// defaultTmp is /dev/shm when it is there: on a slow disk, creating
// thousands of files costs both tools seconds of system time that has
// nothing to do with them.
func defaultTmp() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if f, err := os.CreateTemp("/dev/shm", "benchsite-"); err == nil {
			f.Close()
			os.Remove(f.Name())
			return "/dev/shm"
		}
	}
	return os.TempDir()
}

// measure runs cmd and returns its wall time and peak memory.
func measure(cmd *exec.Cmd) (result, error) {
	var out strings.Builder // both streams, for the error
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	done := make(chan struct{})
	hwm := make(chan int64, 1)
	go func() {
		var peak int64
		status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if v := vmHWM(status); v > peak {
				peak = v
			}
			select {
			case <-done:
				hwm <- peak
				return
			case <-t.C:
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	r := result{wall: wall, hwm: <-hwm}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxrss = ru.Maxrss
	}
	if err != nil {
		return r, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out.String())
	}
	return r, nil
}

// vmHWM reads the peak resident set size, in KiB, from /proc/<pid>/status.
func vmHWM(status string) int64 {
	f, err := os.Open(status)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			v, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return v
		}
	}
	return 0
}

func countHTML(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			n++
		}
		return nil
	})
	return n
}
