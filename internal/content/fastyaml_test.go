package content

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/liftwell/liftwell/internal/corpus"
)

// nodeDiff compares every field of two yaml.Node trees and describes the
// first difference, or returns "".
func nodeDiff(at string, got, want *yaml.Node) string {
	if got == nil || want == nil {
		if got != want {
			return fmt.Sprintf("%s: got %v, want %v", at, got, want)
		}
		return ""
	}
	g, w := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := 0; i < g.NumField(); i++ {
		name := g.Type().Field(i).Name
		switch name {
		case "Content":
			if len(got.Content) != len(want.Content) {
				return fmt.Sprintf("%s: %d children, want %d", at, len(got.Content), len(want.Content))
			}
			for j := range got.Content {
				if d := nodeDiff(fmt.Sprintf("%s[%d]", at, j), got.Content[j], want.Content[j]); d != "" {
					return d
				}
			}
		case "Alias":
			if d := nodeDiff(at+".Alias", got.Alias, want.Alias); d != "" {
				return d
			}
		default:
			if gf, wf := g.Field(i).Interface(), w.Field(i).Interface(); gf != wf {
				return fmt.Sprintf("%s.%s: got %#v, want %#v", at, name, gf, wf)
			}
		}
	}
	return ""
}

// checkFastYAML compares fastYAML's tree for src, if it handles src, with
// yaml.v3's, and reports whether it did.
func checkFastYAML(t *testing.T, src []byte) bool {
	t.Helper()
	got, ok := fastYAML(src)
	if !ok {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("fastYAML handles %q, which yaml.v3 rejects: %v", src, err)
	}
	if len(doc.Content) != 1 {
		t.Fatalf("fastYAML handles %q, for which yaml.v3 gives %d nodes", src, len(doc.Content))
	}
	if d := nodeDiff("root", got, doc.Content[0]); d != "" {
		t.Fatalf("fastYAML(%q) differs from yaml.v3: %s", src, d)
	}
	return true
}

// frontMatter returns an article's front matter as article passes it to
// decodeYAML.
func frontMatter(t *testing.T, src []byte) []byte {
	src = append(normalizeNewlines(src), '\n')
	end := bytes.Index(src[3:], frontMatterEnd)
	if !bytes.HasPrefix(src, []byte("---\n")) || end < 0 {
		t.Fatalf("no front matter in %q", src)
	}
	return src[4 : end+3+1]
}

func TestYAMLNodeFields(t *testing.T) {
	// nodeDiff compares fields by ==: a new field of a pointer or slice
	// type would need its own case.
	if n := reflect.TypeOf(yaml.Node{}).NumField(); n != 12 {
		t.Fatalf("yaml.Node has %d fields, not 12: check nodeDiff", n)
	}
}

func TestFastYAMLContent(t *testing.T) {
	articles, _ := filepath.Glob("../../content/articles/*.md")
	exercises, _ := filepath.Glob("../../content/exercises/*.yaml")
	if len(articles) == 0 || len(exercises) == 0 {
		t.Fatal("no content")
	}
	for _, f := range append(articles, exercises...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(f) == ".md" {
			src = frontMatter(t, src)
		}
		if !checkFastYAML(t, src) && filepath.Ext(f) == ".md" {
			t.Errorf("fastYAML does not handle the front matter of %s", f)
		}
	}

	real, err := corpus.ReadReal("../../content", "../../templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range corpus.Generate(4000, real) {
		if src := frontMatter(t, a.Markdown()); !checkFastYAML(t, src) {
			t.Fatalf("fastYAML does not handle generated article %s:\n%s", a.Slug, src)
		}
	}
}

var fastYAMLCases = []struct {
	src     string
	handled bool
}{
	{"title: Warming up for deadlifts (98)\ndescription: A tired lifter loads the floor after your hips moves the setup before ...\norder: 1097\nupdated: 2025-02-14\nshort: Brace 98\nexercises: [foam-roller, bridge, hip-hinge-dowel]\nrelated: [note-03661-warm-up, note-00276-warm-up, note-03251-brace]\n", true},
	{"title: x", true},
	{"title: x\nshort: y", true},
	{"a: b\na: c\n", true}, // duplicates are the decoder's to report
	{"title: Sore or hurt?\n", true},
	{"title: Ünïcode — “quoted” ok 漢字 😀\n", true},
	{"related: [é, ü, 漢字, 😀x, x]\n", true},
	{"title: it's \"fine\"\n", true},
	{"title: a, b [c] {d} & *e !f |g >h %i @j `k\n", true},
	{"title: at 10:30\ntitle: a:b\ntitle: C#\n", true},
	{"title: a  b\n", true},
	{"title:\n", true},
	{"title:\nshort: x\n", true},
	{"title:", true},
	{"a: []\nb: [x]\n", true},
	{"yes: no\non: off\ny: n\nY: N\n", true},
	{"a: 0\nb: 9223372036854775807\nc: 2025-02-14\nd: 0000-01-01\n", true},
	{"_a-1: x\n", true},
	{"a: \uFFFD\n", true},

	{"", false},
	{"\n", false},
	{"title: x\n\nshort: y\n", false},
	{"# comment\ntitle: x\n", false},
	{"title: x # comment\n", false},
	{"title: x#y\n", true},
	{"---\ntitle: x\n", false},
	{"title: x\n...\n", false},
	{"title:  two spaces\n", false},
	{"title: trailing \n", false},
	{"title: a\tb\n", false},
	{"title:\tx\n", false},
	{"title :x\n", false},
	{"title:x\n", false},
	{" title: x\n", false},
	{"title: x\n  more\n", false},
	{"title: a: b\n", false},
	{"title: a:\n", false},
	{"title: 'x'\n", false},
	{"title: \"x\"\n", false},
	{"title: - x\n", false},
	{"title: -x\n", false},
	{"title: ?x\n", false},
	{"title: :x\n", false},
	{"title: ,x\n", false},
	{"title: ]\n", false},
	{"title: {a: b}\n", false},
	{"title: #x\n", false},
	{"title: &a x\n", false},
	{"title: *a\n", false},
	{"title: !!str x\n", false},
	{"title: |\n  x\n", false},
	{"title: >\n  x\n", false},
	{"title: %x\n", false},
	{"title: @x\n", false},
	{"title: `x\n", false},
	{"title: ~\n", false},
	{"title: <<\n", false},
	{"<<: x\n", false},
	{"a: true\n", true},
	{"a: false\n", true},
	{"a: True\n", false},
	{"a: False\n", false},
	{"a: NULL\n", false},
	{"null: x\n", false},
	{"True: x\n", false},
	{"a: +1\n", false},
	{"a: -1\n", false},
	{"a: 1.5\n", false},
	{"a: .5\n", false},
	{"a: .inf\n", false},
	{"a: .nan\n", false},
	{"a: 1e3\n", false},
	{"a: 0x1f\n", false},
	{"a: 0o17\n", false},
	{"a: 0b101\n", false},
	{"a: 017\n", false},
	{"a: 08\n", false},
	{"a: 1_000\n", false},
	{"a: 9223372036854775808\n", false},
	{"a: 99999999999999999999\n", false},
	{"a: 2025-02-30\n", false},
	{"a: 2025-2-3\n", false},
	{"a: 2001-12-14 21:59:43\n", false},
	{"a: 2001-12-14t21:59:43.10-05:00\n", false},
	{"a: 3 sets\n", false},
	{"a: [a,b]\n", false},
	{"a: [a , b]\n", false},
	{"a: [ a, b ]\n", false},
	{"a: [a, ]\n", false},
	{"a: [a,  b]\n", false},
	{"a: [a, b\n", false},
	{"a: [a, b] \n", false},
	{"a: [a, [b]]\n", false},
	{"a: [a?, b]\n", false},
	{"a: [a: b]\n", false},
	{"a: [a:b]\n", false},
	{"a: [true, 1.5]\n", false},
	{"a: [a, 'b']\n", false},
	{"a: [a #b]\n", false},
	{"- a\n- b\n", false},
	{"a:\n  - b\n", false},
	{"a:\n  b: c\n", false},
	{"a: b\r\nc: d\r\n", false},
	{"a: b\rc: d\n", false},
	{"a: x\u0085y\n", false},
	{"a: x\u2028y\n", false},
	{"a: x\uFEFFy\n", false},
	{"\uFEFFa: x\n", false},
	{"a: x\x00y\n", false},
	{"a: x\x7fy\n", false},
	{"a: x\xffy\n", false},
	{"%YAML 1.2\n---\na: x\n", false},
	{"a" + string(bytes.Repeat([]byte("b"), 1100)) + ": x\n", false},
}

func TestFastYAMLCases(t *testing.T) {
	for _, c := range fastYAMLCases {
		if handled := checkFastYAML(t, []byte(c.src)); handled != c.handled {
			t.Errorf("fastYAML(%q) handled = %v, want %v", c.src, handled, c.handled)
		}
	}
}

// FuzzFastYAML checks fastYAML against yaml.v3 on any input it handles.
func FuzzFastYAML(f *testing.F) {
	for _, c := range fastYAMLCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastYAML(t, data)
	})
}
