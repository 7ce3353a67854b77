// Command liftwell builds and serves the Liftwell site and runs its pain
// checker from the command line.
//
//	liftwell build  [-content content] [-templates templates] [-out site] [-base /] [-origin URL] [-render-timeout 60s] [-v] [-cpuprofile file]
//	liftwell serve  [-addr localhost:8080] [-content, -templates, -base, -origin, -render-timeout as build]
//	liftwell assess id=value ...
//
// build -v prints the time each stage of the build took; -cpuprofile
// writes a CPU profile of the build for go tool pprof. serve's -origin,
// unless given, is http:// and -addr (localhost for all interfaces).
//
// build exits 0 on success, 1 when the content or templates have errors
// (each printed as file:line:col: message) or the output cannot be
// written (the last line says what the output folder holds), and 2 on
// bad usage, before any work.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/liftwell/liftwell/internal/output"
	"github.com/liftwell/liftwell/internal/serve"
	"github.com/liftwell/liftwell/internal/site"
)

const usage = `usage:
  liftwell build  [-content dir] [-templates dir] [-out dir] [-base /path/] [-origin URL] [-render-timeout 60s] [-v] [-cpuprofile file]
  liftwell serve  [-addr host:port] [-content dir] [-templates dir] [-base /path/] [-origin URL] [-render-timeout 60s]
  liftwell assess id=value ...
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "assess":
		return runAssess(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "liftwell: unknown command %q\n%s", args[0], usage)
	return 2
}

// siteFlags declares the flags build and serve share.
func siteFlags(fs *flag.FlagSet) *site.Config {
	cfg := &site.Config{}
	fs.StringVar(&cfg.Content, "content", "content", "content `directory`")
	fs.StringVar(&cfg.Templates, "templates", "templates", "templates `directory`")
	fs.StringVar(&cfg.Base, "base", "/", "URL `path` the site is served under, like /liftwell/")
	fs.StringVar(&cfg.Origin, "origin", "http://localhost:8080", "scheme and host for absolute URLs (feed, sitemap, canonical)")
	fs.DurationVar(&cfg.RenderTimeout, "render-timeout", site.DefaultRenderTimeout, "how long rendering the pages may take before the build stops with an error")
	return cfg
}

func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) bool {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "liftwell %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return false
	}
	return true
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// testHookConfig, set by tests, changes the configuration build makes
// from its flags (a render deadline driven by steps, not by the clock).
var testHookConfig func(*site.Config)

func runBuild(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	cfg := siteFlags(fs)
	out := fs.String("out", "site", "output `directory`")
	verbose := fs.Bool("v", false, "print the time each stage took")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file`")
	if !parseFlags(fs, args, stderr) {
		return 2
	}
	withChecker(cfg)
	cfg.Once = true
	if testHookConfig != nil {
		testHookConfig(cfg)
	}
	if os.Getenv("GOGC") == "" {
		// A build is one short burst that keeps most of what it makes
		// until the end: collecting garbage half as often costs a third
		// more memory (still well under Hugo's) and saves a tenth of the
		// time (make bench).
		debug.SetGCPercent(200)
	}
	// Bad usage is found before any work: flags, folders, the output.
	b, err := site.New(*cfg)
	if err == nil {
		err = checkSources(*cfg)
	}
	if err == nil {
		err = output.Check(*out)
	}
	if err != nil {
		fmt.Fprintln(stderr, "liftwell build:", err)
		return 2
	}
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			fmt.Fprintln(stderr, "liftwell build:", err)
			return 2
		}
		defer stop()
	}
	start := time.Now()
	files, err := b.Build()
	if err == nil {
		write := time.Now()
		err = output.Folder{Dir: *out, Waiting: func(lock string) {
			fmt.Fprintf(stderr, "liftwell build: waiting for another build writing %s to finish (it holds %s)\n", *out, lock)
		}}.Write(files)
		b.Timings = append(b.Timings, site.Timing{Stage: "write", Took: time.Since(write)})
	}
	if *verbose {
		for _, t := range b.Timings {
			fmt.Fprintf(stderr, "%-8s %7.1f ms\n", t.Stage, t.Took.Seconds()*1000)
		}
		fmt.Fprintf(stderr, "%-8s %7.1f ms, %d files\n", "total", time.Since(start).Seconds()*1000, len(files))
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		outcome := *out + " is unchanged"
		var we *output.Error
		if errors.As(err, &we) {
			outcome = we.Outcome()
		}
		fmt.Fprintln(stderr, "liftwell build: failed; "+outcome)
		return 1
	}
	return 0
}

// checkSources returns an error when the folders a build reads are not
// there, as when liftwell runs away from the repository root.
func checkSources(cfg site.Config) error {
	var missing []string
	isDir := func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && fi.IsDir()
	}
	for _, d := range []struct{ flag, dir string }{{"-content", cfg.Content}, {"-templates", cfg.Templates}} {
		if !isDir(d.dir) {
			missing = append(missing, d.dir+" (see "+d.flag+")")
		}
	}
	if cfg.Module == nil {
		if wasm := filepath.Join(cfg.ModuleDir, "wasm"); !isDir(wasm) {
			missing = append(missing, wasm+" (the checker's WebAssembly entry point)")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	wd, _ := os.Getwd()
	return fmt.Errorf("no folder %s in %s: run liftwell from the root of the Liftwell repository", strings.Join(missing, ", "), wd)
}

// startProfile starts a CPU profile into file; the returned function
// ends it.
func startProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg := siteFlags(fs)
	addr := fs.String("addr", "localhost:8080", "`address` to listen on")
	if !parseFlags(fs, args, stderr) {
		return 2
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "liftwell serve: -addr %q must be host:port, like localhost:8080 or :8080\n", *addr)
		return 2
	}
	if !flagSet(fs, "origin") {
		// All interfaces (":8080") are reached on this machine as localhost.
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			host = "localhost"
		}
		cfg.Origin = "http://" + net.JoinHostPort(host, port)
	}
	withChecker(cfg)
	_, err = site.New(*cfg)
	if err == nil {
		err = checkSources(*cfg)
	}
	if err != nil {
		fmt.Fprintln(stderr, "liftwell serve:", err)
		return 2
	}
	if err := serve.Run(*addr, *cfg, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "liftwell serve:", err)
		return 1
	}
	return 0
}
