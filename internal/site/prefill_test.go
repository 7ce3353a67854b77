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

// prefillField is a field of the checker's form as logprefill.js sees it.
type prefillField struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
	Min   string `json:"min,omitempty"`
	Max   string `json:"max,omitempty"`
	Label string `json:"label"`
}

// prefillPage is what the built checker page gives logprefill.js: the
// form's data-prefill, its fields, each question's data-topic, and the
// script itself as built.
type prefillPage struct {
	Prefill *string           `json:"prefill"`
	Fields  []prefillField    `json:"fields"`
	Topics  map[string]string `json:"topics"`
	Script  string            `json:"script"`
}

func pattr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func ptextOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

// readPrefillPage reads the checker page of a build.
func readPrefillPage(t *testing.T, files Files, base string) prefillPage {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(files["checker/index.html"]))
	if err != nil {
		t.Fatal(err)
	}
	p := prefillPage{Topics: map[string]string{}}
	labels := map[string]string{}
	var form *html.Node
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		id, _ := pattr(n, "id")
		switch {
		case n.Data == "form" && id == "checker-form":
			form = n
			if v, ok := pattr(n, "data-prefill"); ok {
				p.Prefill = &v
			}
		case n.Data == "label":
			if f, ok := pattr(n, "for"); ok {
				labels[f] = ptextOf(n)
			}
		case n.Data == "script":
			if src, _ := pattr(n, "src"); strings.Contains(src, "logprefill") {
				p.Script = strings.TrimPrefix(src, base)
			}
		}
		if topic, ok := pattr(n, "data-topic"); ok {
			p.Topics[id] = topic
		}
	}
	if form == nil || p.Script == "" {
		t.Fatalf("the checker page has no form#checker-form or no logprefill script")
	}
	for n := range form.Descendants() {
		name, ok := pattr(n, "name")
		if n.Type != html.ElementNode || !ok || n.Data != "input" {
			continue
		}
		f := prefillField{Name: name}
		f.Type, _ = pattr(n, "type")
		f.Value, _ = pattr(n, "value")
		f.Min, _ = pattr(n, "data-min")
		f.Max, _ = pattr(n, "data-max")
		id, _ := pattr(n, "id")
		f.Label = labels[id]
		p.Fields = append(p.Fields, f)
	}
	return p
}

// prefillRun is what logprefill.js did on a page opened with one fragment.
type prefillRun struct {
	Threw  string            `json:"threw"`
	Filled map[string]string `json:"filled"`
	Notice *string           `json:"notice"`
	Reads  int               `json:"reads"` // of form.elements
}

// prefillJS runs the built logprefill.js under Node, once per fragment,
// on a stand-in for the checker page's DOM built from its form.
const prefillJS = `
const fs = require("fs"), vm = require("vm");
const [page, hashes] = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const src = fs.readFileSync(process.argv[2], "utf8");
const out = hashes.map(hash => {
  let reads = 0, notice = null;
  const fields = page.fields.map(f => ({
    name: f.name, type: f.type, value: f.type === "text" ? "" : f.value, checked: false,
    labels: [{textContent: f.label}],
    getAttribute(k) { return k === "data-min" ? (f.min ?? null) : k === "data-max" ? (f.max ?? null) : null; },
    dispatchEvent() { return true; },
  }));
  const form = {
    get elements() { reads++; return fields; },
    getAttribute(k) { return k === "data-prefill" ? page.prefill : null; },
    parentNode: { insertBefore(n) { notice = n.textContent; } },
  };
  const document = {
    querySelector(s) { return s === "form[novalidate]" ? form : null; },
    getElementById(id) { return id in page.topics ? { getAttribute: k => k === "data-topic" ? page.topics[id] : null } : null; },
    createElement() { return { setAttribute() {} }; },
  };
  const r = { threw: "", filled: {}, notice: null, reads: 0 };
  try {
    vm.runInNewContext(src, { document, location: { hash }, Event: class { constructor(t) { this.type = t; } } });
  } catch (e) { r.threw = String(e && e.message || e); }
  for (const f of fields) {
    if (f.type === "radio" ? f.checked : f.type === "text" && f.value !== "") r.filled[f.name] = f.value;
  }
  r.notice = notice;
  r.reads = reads;
  return r;
});
process.stdout.write(JSON.stringify(out));
`

// TestPrefill runs the built logprefill.js on the built checker page,
// opened with crafted fragments: it fills the form only from a fragment
// made wholly of answers the checker package lets a link give (the
// names, ranges and values come from the page, which Go writes), says
// "from this link", never "from your pain log"; it never throws on names
// of Object.prototype; anything unknown fills nothing and says so; and
// 200,000 pairs are refused before the form is looked at.
func TestPrefill(t *testing.T) {
	node, err := exec.LookPath("node")
	testfix.Need(t, err == nil, "node is not installed")
	const base = "/liftwell/"
	files := fixtureBuild(t, fixtureConfig("../..", base))
	page := readPrefillPage(t, files, base)
	if page.Prefill == nil || *page.Prefill != "days trend severity recurring" {
		t.Errorf("the checker form's data-prefill is %v, want the checker package's Prefill, \"days trend severity recurring\"", page.Prefill)
	}
	if page.Topics["q-days-question"] != "how many days ago the pain first began" {
		t.Errorf("the days question's data-topic is %q, want its Topic", page.Topics["q-days-question"])
	}

	many := strings.Repeat("days=1&", 200000) + "days=1"
	none := map[string]string{}
	cases := []struct {
		hash   string
		filled map[string]string // nil: no notice at all
	}{
		{"#days=3&trend=better&severity=6&recurring=no", map[string]string{"days": "3", "trend": "better", "severity": "6", "recurring": "no"}},
		{"#trend=worse", map[string]string{"trend": "worse"}},
		{"#days=0&severity=10", map[string]string{"days": "0", "severity": "10"}},
		{"#days=3650", map[string]string{"days": "3650"}},
		{"", nil},
		{"#main", nil},
		{"#__proto__", nil},
		{"#toString", nil},
		{"#constructor", nil},
		{"#hasOwnProperty", nil},
		{"#__proto__=x", none},
		{"#toString=1", none},
		{"#constructor=1", none},
		{"#hasOwnProperty=days", none},
		{"#valueOf=1&days=2", none},
		{"#days=5&__proto__=x", none},
		{"#days=5&days=6", none},
		{"#days=3651", none},
		{"#days=-1", none},
		{"#days=03", none},
		{"#days=1e3", none},
		{"#severity=11", none},
		{"#trend=sideways", none},
		{"#trend=", none},
		{"#days=3&", none},
		{"#days=%E0", none},
		{"#saddle_numbness=no", none},
		{"#onset=during_lift", none},
		{"#days=3&trend=better&severity=6&recurring=no&days=3", none},
		{"#" + many, none},
	}
	hashes := make([]string, len(cases))
	for i, c := range cases {
		hashes[i] = c.hash
	}
	in := filepath.Join(t.TempDir(), "in.json")
	data, _ := json.Marshal([]any{page, hashes})
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "logprefill.js")
	if err := os.WriteFile(script, files[page.Script], 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, "-e", prefillJS, in, script).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []prefillRun
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(cases) {
		t.Fatalf("node printed %d results for %d fragments: %v", len(got), len(cases), err)
	}
	for i, c := range cases {
		g, name := got[i], clipText(c.hash, 60)
		if g.Threw != "" {
			t.Errorf("%s: logprefill.js threw %s", name, g.Threw)
			continue
		}
		if c.filled == nil {
			if len(g.Filled) > 0 || g.Notice != nil {
				t.Errorf("%s: filled %v and showed %v; want nothing (not answers)", name, g.Filled, g.Notice)
			}
			continue
		}
		if len(g.Filled) != len(c.filled) || !mapsEqual(g.Filled, c.filled) {
			t.Errorf("%s: filled %v, want %v", name, g.Filled, c.filled)
		}
		switch {
		case g.Notice == nil:
			t.Errorf("%s: no notice above the form", name)
		case strings.Contains(*g.Notice, "pain log"):
			t.Errorf("%s: the notice says the answers come from the pain log, which a link cannot show: %q", name, *g.Notice)
		case len(c.filled) > 0 && !strings.Contains(*g.Notice, "from this link"):
			t.Errorf("%s: the notice %q does not say the answers come from this link", name, *g.Notice)
		case len(c.filled) == 0 && !strings.Contains(*g.Notice, "none were filled in"):
			t.Errorf("%s: nothing filled, but the notice %q does not say so", name, *g.Notice)
		}
		if len(c.filled) > 0 && g.Notice != nil && !strings.Contains(*g.Notice, "whether the pain is getting better") && c.filled["trend"] != "" {
			t.Errorf("%s: the notice %q does not name the trend question by its topic", name, *g.Notice)
		}
		// The work is bounded by the questions a link may answer, not
		// by the length of the fragment.
		if g.Reads > 4 {
			t.Errorf("%s: the script read the form's fields %d times, more than once a question it may fill", name, g.Reads)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return len(a) == len(b)
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
