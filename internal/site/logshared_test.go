package site

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/liftwell/liftwell/internal/testfix"
)

// sharedJS runs the built logshared.js under Node once per host, on a
// stand-in for the log page: its data-base and the notice's elements, as
// the built page has them. It prints, for each host, whether the notice
// shows and the host and path it names.
const sharedJS = `
const fs = require("fs"), vm = require("vm");
const [page, hosts] = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const src = fs.readFileSync(process.argv[2], "utf8");
process.stdout.write(JSON.stringify(hosts.map(host => {
  const els = {};
  for (const id of page.ids) els[id] = { id, hidden: id === "log-shared", textContent: "" };
  const document = {
    documentElement: { getAttribute: k => k === "data-base" ? page.base : null },
    getElementById: id => els[id] || null,
  };
  const r = { shown: false, host: "", base: "", threw: "" };
  try { vm.runInNewContext(src, { document, location: new URL("https://" + host + page.base + "log/") }); }
  catch (e) { r.threw = String(e.message || e); }
  const box = els["log-shared"];
  r.shown = !!box && !box.hidden;
  r.host = (els["log-shared-host"] || {}).textContent || "";
  r.base = (els["log-shared-base"] || {}).textContent || "";
  return r;
})));
`

// TestLogSharedOrigin: the log page says its address is shared when, and
// only when, it runs under a project path of a *.github.io host (every
// project of a GitHub user shares the origin USER.github.io, and so its
// storage); the host comes from the address, the path from the page.
func TestLogSharedOrigin(t *testing.T) {
	node, err := exec.LookPath("node")
	testfix.Need(t, err == nil, "node is not installed")
	type result struct {
		Shown      bool
		Host, Base string
		Threw      string
	}
	for _, base := range []string{"/liftwell/", "/"} {
		files := fixtureBuild(t, fixtureConfig("../..", base))
		doc, err := html.Parse(bytes.NewReader(files["log/index.html"]))
		if err != nil {
			t.Fatal(err)
		}
		page := struct {
			Base string   `json:"base"`
			IDs  []string `json:"ids"`
		}{}
		script, hidden := "", false
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			if v, ok := pattr(n, "data-base"); ok && n.Data == "html" {
				page.Base = v
			}
			if src, _ := pattr(n, "src"); n.Data == "script" && strings.Contains(src, "logshared") {
				script = strings.TrimPrefix(src, base)
			}
			if id, _ := pattr(n, "id"); strings.HasPrefix(id, "log-shared") {
				page.IDs = append(page.IDs, id)
				if id == "log-shared" {
					_, hidden = pattr(n, "hidden")
					if text := ptextOf(n); !strings.Contains(text, "own") || !strings.Contains(text, "could read this log") {
						t.Errorf("base %s: the notice does not say that other projects could read the log and what to do: %q", base, text)
					}
				}
			}
		}
		if script == "" || len(page.IDs) != 3 || !hidden || page.Base != base {
			t.Fatalf("base %s: the log page has script %q, elements %v (notice hidden at first: %v), data-base %q; want logshared.js, #log-shared with #log-shared-host and #log-shared-base, hidden, and data-base %q",
				base, script, page.IDs, hidden, page.Base, base)
		}
		hosts := []string{"user.github.io", "some-org.github.io", "liftwell.example", "github.io.evil.example", "localhost", "127.0.0.1"}
		dir := t.TempDir()
		data, _ := json.Marshal([]any{page, hosts})
		os.WriteFile(filepath.Join(dir, "in.json"), data, 0o644)
		os.WriteFile(filepath.Join(dir, "s.js"), files[script], 0o644)
		out, err := exec.Command(node, "-e", sharedJS, filepath.Join(dir, "in.json"), filepath.Join(dir, "s.js")).Output()
		if err != nil {
			t.Fatalf("node: %v", err)
		}
		var got []result
		if err := json.Unmarshal(out, &got); err != nil || len(got) != len(hosts) {
			t.Fatalf("node printed %s: %v", out, err)
		}
		for i, host := range hosts {
			g := got[i]
			want := base != "/" && strings.HasSuffix(host, ".github.io")
			switch {
			case g.Threw != "":
				t.Errorf("%s%s: the script threw %s", host, base, g.Threw)
			case g.Shown != want:
				t.Errorf("%s%s: the shared-address notice shown %v, want %v", host, base, g.Shown, want)
			case want && (g.Host != host || g.Base != base):
				t.Errorf("%s%s: the notice names the host %q and the path %q", host, base, g.Host, g.Base)
			}
		}
	}
}
