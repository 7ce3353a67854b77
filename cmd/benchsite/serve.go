package main

// The edit benchmark (-serve): how long a writer waits after saving a file
// for `liftwell serve` and `hugo server` to show the edit.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/coder/websocket"

	"github.com/liftwell/liftwell/internal/corpus"
)

// pollEvery is how often the benchmark asks the server for the edited
// page while it waits for the edit to show.
const pollEvery = 2 * time.Millisecond

// editKind is one kind of edit the benchmark makes, for both tools.
type editKind struct {
	name string
	// file returns the file to edit for a tool ("liftwell" or "hugo"),
	// and page the URL path to poll.
	file, page func(tool string) string
	// edit returns the file's text with the marker in it.
	edit func(tool string, orig []byte, marker string) []byte
}

// server is a running `liftwell serve` or `hugo server`.
type server struct {
	tool   string
	cmd    *exec.Cmd
	base   string             // "http://127.0.0.1:port"
	events chan time.Time     // when a reload event reached the benchmark
	builds chan time.Duration // what the server itself says a rebuild took
	client *http.Client
	logMu  sync.Mutex
	log    bytes.Buffer // its output, for errors
}

// editResult is one timed edit.
type editResult struct {
	page, reload, build time.Duration // build: the server's own figure, 0 if none
	cpu                 time.Duration // CPU time the server used for the edit
}

// serveRow is the timed edits of one kind, by one tool, on one corpus.
type serveRow struct {
	n    int // articles
	kind string
	tool string
	res  []editResult
}

// runServe starts both servers on each corpus and times edits.
func runServe(jobs []*job, rounds int, hugoPath, lw string) error {
	var rows []*serveRow
	for _, j := range jobs {
		r, err := serveJob(j, rounds, hugoPath, lw)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	printServe(rows, rounds)
	return nil
}

// serveJob starts both servers on one corpus, times each kind of edit
// with both, and stops them.
func serveJob(j *job, rounds int, hugoPath, lw string) ([]*serveRow, error) {
	templates := filepath.Join(j.dir, "templates")
	if err := corpus.CopyDir("templates", templates); err != nil {
		return nil, err
	}
	hdir := filepath.Join(j.dir, "hugo")
	lwPort, hugoPort := freePort(), freePort()
	fmt.Printf("serve +%d: starting liftwell serve and hugo server ...\n", j.n)
	start := time.Now()
	lws, err := startServer("liftwell", lwPort, exec.Command(lw, "serve", "-addr", "127.0.0.1:"+strconv.Itoa(lwPort),
		"-content", filepath.Join(j.dir, "content"), "-templates", templates))
	if err != nil {
		return nil, err
	}
	defer lws.stop()
	hs, err := startServer("hugo", hugoPort, exec.Command(hugoPath, "server", "-s", hdir, "--bind", "127.0.0.1",
		"--port", strconv.Itoa(hugoPort), "--minify", "--cacheDir", filepath.Join(j.dir, "hugo-cache")))
	if err != nil {
		return nil, err
	}
	defer hs.stop()
	// The edited article: one in the middle of the synthetic ones, as
	// far from the footer as any (of the real ones, with -sizes 0).
	// The footer edit changes the short title of the first article,
	// which every page's footer names.
	first := j.real.Articles[0].Slug
	mid := j.real.Articles[len(j.real.Articles)-1].Slug
	if len(j.arts) > 0 {
		mid = j.arts[len(j.arts)/2].Slug
	}
	for _, s := range []*server{lws, hs} {
		if err := s.waitReady("/articles/"+mid+"/", 5*time.Minute); err != nil {
			return nil, err
		}
	}
	fmt.Printf("serve +%d: both ready after %.1fs\n", j.n, time.Since(start).Seconds())
	var rows []*serveRow
	seq := 0 // numbers the markers
	for _, k := range editKinds(j, templates, hdir, first, mid) {
		lwRow, hRow, err := timeKind(j, k, lws, hs, rounds, &seq)
		if err != nil {
			return nil, err
		}
		rows = append(rows, lwRow, hRow)
		fmt.Printf("serve +%d %-8s liftwell %s | hugo %s\n", j.n, k.name, summary(lwRow.res), summary(hRow.res))
	}
	return rows, nil
}

// editKinds is the edits made on a corpus: to the article mid (its body
// and title), to the article first (the footer) and to the article
// template, each polled on mid's page. templates and hdir are
// liftwell's templates and Hugo's site.
func editKinds(j *job, templates, hdir, first, mid string) []editKind {
	articleFile := func(slug string) func(string) string {
		return func(tool string) string {
			if tool == "hugo" {
				return filepath.Join(hdir, "content", "articles", slug+".md")
			}
			return filepath.Join(j.dir, "content", "articles", slug+".md")
		}
	}
	midPage := func(string) string { return "/articles/" + mid + "/" }
	return []editKind{
		{name: "body", file: articleFile(mid), page: midPage,
			edit: func(_ string, orig []byte, m string) []byte {
				return append(bytes.Clone(orig), "\nAn edit, "+m+".\n"...)
			}},
		{name: "title", file: articleFile(mid), page: midPage,
			edit: func(_ string, orig []byte, m string) []byte {
				return frontMatterLine(orig, "title", func(v string) string { return strings.TrimSuffix(v, `"`) + " " + m + quoteEnd(v) })
			}},
		{name: "footer", file: articleFile(first), page: midPage,
			edit: func(tool string, orig []byte, m string) []byte {
				field := "short"
				if tool == "hugo" {
					field = "linkTitle"
				}
				return frontMatterLine(orig, field, func(v string) string { return strings.TrimSuffix(v, `"`) + " " + m + quoteEnd(v) })
			}},
		{name: "template", page: midPage,
			file: func(tool string) string {
				if tool == "hugo" {
					return filepath.Join(hdir, "layouts", "articles", "single.html")
				}
				return filepath.Join(templates, "article.html")
			},
			edit: func(_ string, orig []byte, m string) []byte {
				return bytes.Replace(orig, []byte("Updated"), []byte("Updated "+m), 1)
			}},
	}
}

// timeKind times edits of kind k with both servers: one warm-up edit
// each, then rounds alternating which goes first. It then puts the file
// back and lets both settle. seq numbers the edits' markers.
func timeKind(j *job, k editKind, lws, hs *server, rounds int, seq *int) (lwRow, hRow *serveRow, err error) {
	lwRow = &serveRow{n: len(j.real.Articles) + j.n, kind: k.name, tool: "liftwell"}
	hRow = &serveRow{n: lwRow.n, kind: k.name, tool: "hugo"}
	origs := map[string][]byte{}
	for _, s := range []*server{lws, hs} {
		data, err := os.ReadFile(k.file(s.tool))
		if err != nil {
			return nil, nil, err
		}
		origs[s.tool] = data
	}
	for r := -1; r < rounds; r++ {
		order := []*server{lws, hs}
		pair := []*serveRow{lwRow, hRow}
		if r%2 != 0 {
			order[0], order[1], pair[0], pair[1] = order[1], order[0], pair[1], pair[0]
		}
		for i, s := range order {
			*seq++
			marker := fmt.Sprintf("zq%dx%dq", *seq, time.Now().UnixNano()%1000)
			res, err := s.timeEdit(k.file(s.tool), k.page(s.tool), k.edit(s.tool, origs[s.tool], marker), marker)
			if err != nil {
				return nil, nil, fmt.Errorf("%s, +%d, %s edit: %v", s.tool, j.n, k.name, err)
			}
			if r >= 0 {
				pair[i].res = append(pair[i].res, res)
			}
		}
	}
	for _, s := range []*server{lws, hs} {
		if err := s.restore(k.file(s.tool), k.page(s.tool), origs[s.tool]); err != nil {
			return nil, nil, err
		}
	}
	return lwRow, hRow, nil
}

// printServe prints the table of medians, after what its columns mean.
func printServe(rows []*serveRow, rounds int) {
	fmt.Printf("\nedit to page: from the file write to the first response with the edit (polled every %v over loopback);\n", pollEvery)
	fmt.Printf("edit to reload: to the reload event (liftwell: Server-Sent Events; hugo: its livereload WebSocket);\n")
	fmt.Printf("server's own: what the server prints (liftwell: built ... in; hugo: Total in);\n")
	fmt.Printf("server CPU: the CPU time the server used, from the write to 300 ms after the edit showed. Median of %d edits, ms.\n\n", rounds)
	fmt.Printf("%-8s %-9s %-9s %9s %11s %13s %11s\n", "articles", "edit", "tool", "to page", "to reload", "server's own", "server CPU")
	for _, r := range rows {
		med := func(f func(editResult) time.Duration) string {
			v := make([]float64, 0, len(r.res))
			for _, e := range r.res {
				if d := f(e); d > 0 {
					v = append(v, d.Seconds()*1000)
				}
			}
			if len(v) == 0 {
				return "-"
			}
			return strconv.FormatFloat(median(v), 'f', 0, 64)
		}
		fmt.Printf("%-8d %-9s %-9s %9s %11s %13s %11s\n", r.n, r.kind, r.tool,
			med(func(e editResult) time.Duration { return e.page }),
			med(func(e editResult) time.Duration { return e.reload }),
			med(func(e editResult) time.Duration { return e.build }),
			med(func(e editResult) time.Duration { return e.cpu }))
	}
}

func summary(res []editResult) string {
	var s []string
	for _, r := range res {
		s = append(s, strconv.Itoa(int(r.page.Milliseconds())))
	}
	return strings.Join(s, " ") + " ms"
}

// frontMatterLine rewrites the value of the front matter line "field: ..."
// with f; it adds the line after the title when there is none.
func frontMatterLine(src []byte, field string, f func(string) string) []byte {
	re := regexp.MustCompile(`(?m)^` + field + `: (.*)$`)
	if m := re.FindSubmatchIndex(src); m != nil {
		out := append([]byte{}, src[:m[2]]...)
		out = append(out, f(string(src[m[2]:m[3]]))...)
		return append(out, src[m[3]:]...)
	}
	title := regexp.MustCompile(`(?m)^title: (.*)$`).FindSubmatchIndex(src)
	line := field + ": " + f(string(src[title[2]:title[3]])) + "\n"
	return append(append(append([]byte{}, src[:title[1]+1]...), line...), src[title[1]+1:]...)
}

func quoteEnd(v string) string {
	if strings.HasSuffix(v, `"`) {
		return `"`
	}
	return ""
}

// drain drops the reload events and build times not read yet.
func (s *server) drain() {
	for len(s.events) > 0 {
		<-s.events
	}
	for len(s.builds) > 0 {
		<-s.builds
	}
}

// timeEdit writes data to file and times how long the server takes to
// return page with marker in it, and to send a reload event.
func (s *server) timeEdit(file, page string, data []byte, marker string) (editResult, error) {
	s.drain()
	var res editResult
	cpu0 := cpuTime(s.cmd.Process.Pid)
	t0 := time.Now()
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return res, err
	}
	deadline := t0.Add(60 * time.Second)
	for {
		body, err := s.get(page)
		if err == nil && bytes.Contains(body, []byte(marker)) {
			res.page = time.Since(t0)
			break
		}
		if time.Now().After(deadline) {
			return res, fmt.Errorf("the edit did not show on %s within a minute\n%s", page, s.output())
		}
		time.Sleep(pollEvery)
	}
	select {
	case t := <-s.events:
		res.reload = t.Sub(t0)
	case <-time.After(10 * time.Second):
		return res, fmt.Errorf("no reload event within 10 s\n%s", s.output())
	}
	// Let the server finish whatever else the edit started, and take what
	// it says the rebuild took.
	time.Sleep(300 * time.Millisecond)
	for len(s.builds) > 0 {
		res.build += <-s.builds
	}
	res.cpu = cpuTime(s.cmd.Process.Pid) - cpu0
	return res, nil
}

// cpuTime is the CPU time the process has used so far, summed over its
// threads from /proc (in nanoseconds, unlike the clock ticks of
// /proc/PID/stat): a figure of what an edit costs that the load of the
// machine changes less than the wall time.
func cpuTime(pid int) time.Duration {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var sum time.Duration
	for _, t := range tasks {
		data, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		if f := strings.Fields(string(data)); len(f) > 0 {
			ns, _ := strconv.ParseInt(f[0], 10, 64)
			sum += time.Duration(ns)
		}
	}
	return sum
}

// restore writes orig back to file and waits for page to drop the edit.
func (s *server) restore(file, page string, orig []byte) error {
	before, _ := s.get(page)
	if err := os.WriteFile(file, orig, 0o644); err != nil {
		return err
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if body, err := s.get(page); err == nil && !bytes.Equal(body, before) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	return nil
}

func (s *server) get(page string) ([]byte, error) {
	resp, err := s.client.Get(s.base + page)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return body, fmt.Errorf("%s: %s", page, resp.Status)
	}
	return body, err
}

func (s *server) output() string {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	out := s.log.String()
	if len(out) > 4000 {
		out = "..." + out[len(out)-4000:]
	}
	return out
}

var (
	liftwellBuilt = regexp.MustCompile(`built \d+ files in (\S+)`)
	hugoTotal     = regexp.MustCompile(`Total in (\d+) ms`)
)

// startServer starts cmd, a server listening on port, and follows its
// output for the build times it prints.
func startServer(tool string, port int, cmd *exec.Cmd) (*server, error) {
	s := &server{tool: tool, cmd: cmd, base: "http://127.0.0.1:" + strconv.Itoa(port),
		events: make(chan time.Time, 64), builds: make(chan time.Duration, 64),
		client: &http.Client{Timeout: 30 * time.Second}}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			s.logMu.Lock()
			s.log.WriteString(line + "\n")
			s.logMu.Unlock()
			var d time.Duration
			if m := liftwellBuilt.FindStringSubmatch(line); m != nil && tool == "liftwell" {
				d, _ = time.ParseDuration(m[1])
			} else if m := hugoTotal.FindStringSubmatch(line); m != nil && tool == "hugo" {
				ms, _ := strconv.Atoi(m[1])
				d = time.Duration(ms) * time.Millisecond
			}
			if d > 0 {
				select {
				case s.builds <- d:
				default:
				}
			}
		}
	}()
	return s, nil
}

// waitReady waits until the server answers page, then subscribes to its
// reload events.
func (s *server) waitReady(page string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if _, err := s.get(page); err == nil {
			break
		}
		if time.Now().After(deadline) || s.cmd.ProcessState != nil {
			return fmt.Errorf("%s did not serve %s within %v\n%s", s.tool, page, timeout, s.output())
		}
		time.Sleep(100 * time.Millisecond)
	}
	var err error
	if s.tool == "hugo" {
		err = s.followLiveReload()
	} else {
		err = s.followSSE(page)
	}
	if err != nil {
		return err
	}
	// The first build's messages are not an edit's.
	time.Sleep(500 * time.Millisecond)
	s.drain()
	return nil
}

func (s *server) stop() {
	if s.cmd.Process != nil && s.cmd.ProcessState == nil {
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
}

// followSSE reads liftwell's event stream for page, as the reload script
// of a browser showing page does, noting when each reload event arrives.
// The page is named, as the script names it, so that serve knows it is
// open (and draws it first), as hugo server knows the pages requested.
func (s *server) followSSE(page string) error {
	resp, err := http.Get(s.base + "/_liftwell/events?page=" + url.QueryEscape(page))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return fmt.Errorf("liftwell events: %s", resp.Status)
	}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if sc.Text() == "event: reload" {
				s.events <- time.Now()
			}
		}
	}()
	return nil
}

// followLiveReload connects to Hugo's livereload WebSocket, says hello as
// livereload.js does, and notes when each reload command arrives.
func (s *server) followLiveReload() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Hugo's livereload takes only connections from its own origin.
	conn, _, err := websocket.Dial(ctx, s.base+"/livereload", &websocket.DialOptions{
		HTTPHeader: http.Header{"Origin": {s.base}},
	})
	if err != nil {
		return fmt.Errorf("hugo livereload: %v", err)
	}
	hello := []byte(`{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`)
	if err := conn.Write(ctx, websocket.MessageText, hello); err != nil {
		conn.CloseNow()
		return fmt.Errorf("hugo livereload: %v", err)
	}
	go func() {
		defer conn.CloseNow()
		for {
			_, msg, err := conn.Read(context.Background())
			if err != nil {
				return // the server stopped
			}
			if bytes.Contains(msg, []byte(`"command":"reload"`)) {
				s.events <- time.Now()
			}
		}
	}()
	return nil
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatalf("no free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
