package site

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/corpus"
	"github.com/liftwell/liftwell/internal/testfix"
)

// rebuildSite is a copy of the real content, with synthetic articles, and
// of the real templates, in a temporary directory, built by a Builder that
// keeps its work between builds, as serve's does.
type rebuildSite struct {
	t                 *testing.T
	root              string
	cfg               Config
	b                 *Builder
	orig              map[string][]byte // the files as first written, by path under root
	synthetic         []string          // slugs of the synthetic articles
	deleted           map[string][]byte // files deleted by an edit, to add back
	lastFiles         Files             // the last full build, for the ids of headings
	articles, changed []string
	journal           []undo // what the edits since the last good build replaced
}

// undo is a file as it was before an edit: its bytes, or nil if there was none.
type undo struct {
	name string
	data []byte
}

// undoStep puts back the files the edits since the last good build changed.
func (s *rebuildSite) undoStep() {
	s.t.Helper()
	j := s.journal
	for i := len(j) - 1; i >= 0; i-- {
		if j[i].data == nil {
			os.Remove(s.path(j[i].name))
		} else if err := os.WriteFile(s.path(j[i].name), j[i].data, 0o644); err != nil {
			s.t.Fatal(err)
		}
		delete(s.deleted, j[i].name)
		s.changed = append(s.changed, s.path(j[i].name))
	}
	s.journal = nil
}

func newRebuildSite(t *testing.T, extra int) *rebuildSite {
	t.Helper()
	real, err := corpus.ReadReal("../../content", "../../templates")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	arts := corpus.Generate(max(extra, len(real.Missing)), real)
	// No highlighted code: chroma gives each regular expression of its
	// lexers 250 ms of wall time, after which it takes the text as not
	// matching, so that on a machine starved of CPU two highlightings of
	// the same code can differ, in any two builds (not only a rebuild and a
	// full build). The checker's rules, highlighted Go, are left out for
	// the same reason.
	for i := range arts {
		arts[i].Body = codeBlock.ReplaceAllString(arts[i].Body, "")
	}
	if err := corpus.WriteLiftwell(filepath.Join(root, "content"), real, arts); err != nil {
		t.Fatal(err)
	}
	testfix.CopyTree(t, "../../templates", filepath.Join(root, "templates"))
	s := &rebuildSite{t: t, root: root, orig: map[string][]byte{}, deleted: map[string][]byte{}}
	for _, a := range arts[len(real.Missing):] {
		s.synthetic = append(s.synthetic, a.Slug)
	}
	for _, a := range real.Articles {
		s.articles = append(s.articles, a.Slug)
	}
	for _, a := range arts {
		s.articles = append(s.articles, a.Slug)
	}
	s.cfg = fixtureConfig(root, "/")
	s.cfg.RulesSource = "" // not highlighted: see above
	if s.b, err = New(s.cfg); err != nil {
		t.Fatal(err)
	}
	return s
}

var codeBlock = regexp.MustCompile("(?s)```.*?```\n")

func (s *rebuildSite) path(name string) string {
	return filepath.Join(s.root, filepath.FromSlash(name))
}

func (s *rebuildSite) read(name string) []byte {
	s.t.Helper()
	data, err := os.ReadFile(s.path(name))
	if err != nil {
		s.t.Fatal(err)
	}
	return data
}

// write writes a file of the site and tells the Builder, as the watcher does.
func (s *rebuildSite) write(name string, data []byte) {
	s.t.Helper()
	prev, err := os.ReadFile(s.path(name))
	if _, ok := s.orig[name]; !ok && err == nil {
		s.orig[name] = prev
	}
	s.journal = append(s.journal, undo{name, prev})
	if err := os.WriteFile(s.path(name), data, 0o644); err != nil {
		s.t.Fatal(err)
	}
	s.changed = append(s.changed, s.path(name))
}

func (s *rebuildSite) remove(name string) {
	s.t.Helper()
	s.deleted[name] = s.read(name)
	s.journal = append(s.journal, undo{name, s.deleted[name]})
	if err := os.Remove(s.path(name)); err != nil {
		s.t.Fatal(err)
	}
	s.changed = append(s.changed, s.path(name))
}

// replace replaces the first match of re in a file with repl (a
// regexp.Expand template); it reports whether there was one.
func (s *rebuildSite) replace(name, re, repl string) bool {
	data := s.read(name)
	m := regexp.MustCompile(re).FindSubmatchIndex(data)
	if m == nil {
		return false
	}
	out := append([]byte{}, data[:m[0]]...)
	out = regexp.MustCompile(re).Expand(out, []byte(repl), data, m)
	out = append(out, data[m[1]:]...)
	s.write(name, out)
	return true
}

// existing returns the slugs of the articles that are there now.
func (s *rebuildSite) existing(slugs []string) []string {
	var out []string
	for _, slug := range slugs {
		if _, err := os.Stat(s.path("content/articles/" + slug + ".md")); err == nil {
			out = append(out, slug)
		}
	}
	return out
}

// headingIDs returns the ids of the h2 headings on an article's page in
// the last full build.
func (s *rebuildSite) headingIDs(slug string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`<h2 id="?([a-z0-9-]+)`).FindAllSubmatch(s.lastFiles["articles/"+slug+"/index.html"], -1) {
		ids = append(ids, string(m[1]))
	}
	return ids
}

// edit makes one random edit and returns what it did.
func (s *rebuildSite) edit(rng *rand.Rand, n int) string {
	pick := func(list []string) string { return list[rng.Intn(len(list))] }
	arts := s.existing(s.articles)
	syn := s.existing(s.synthetic)
	article := func(slug string) string { return "content/articles/" + slug + ".md" }
	mark := fmt.Sprintf("edit%d", n)
	switch k := rng.Intn(15); k {
	case 0, 1: // a body
		slug := pick(arts)
		s.write(article(slug), append(s.read(article(slug)), "\nA line added by "+mark+".\n"...))
		return "body of " + slug
	case 2: // a title
		slug := pick(arts)
		s.replace(article(slug), `(?m)^title: (.*)$`, "title: ${1} "+mark)
		return "title of " + slug
	case 3: // front matter: order, short title, date, description
		slug := pick(arts)
		switch rng.Intn(4) {
		case 0:
			s.replace(article(slug), `(?m)^order: .*$`, fmt.Sprintf("order: %d", rng.Intn(40)))
			return "order of " + slug
		case 1:
			if !s.replace(article(slug), `(?m)^short: (.*)$`, "short: Short "+mark) {
				s.replace(article(slug), `(?m)^(title: .*)$`, "${1}\nshort: Short "+mark)
			}
			return "short title of " + slug
		case 2:
			s.replace(article(slug), `(?m)^updated: .*$`, fmt.Sprintf("updated: 2026-%02d-%02d", 1+rng.Intn(12), 1+rng.Intn(28)))
			return "date of " + slug
		default:
			s.replace(article(slug), `(?m)^description: (.*)$`, "description: Said again by "+mark+".")
			return "description of " + slug
		}
	case 4: // a template
		switch rng.Intn(3) {
		case 0:
			s.replace("templates/article.html", `Updated[a-z0-9 ]*`, "Updated "+mark)
			return "article template"
		case 1:
			s.replace("templates/home.html", `</h2>`, " "+mark+"</h2>")
			return "home template"
		default:
			s.replace("templates/exercise.html", `</h1>`, " "+mark+"</h1>")
			return "exercise template"
		}
	case 5: // a shared fragment
		s.replace("templates/_lists.html", `>Feed[a-z0-9 ]*<`, ">Feed "+mark+"<")
		return "shared footer fragment"
	case 6: // a drawing
		s.replace("content/articles/soreness-timeline.svg", `stroke:#52606d;stroke-width:[0-9.]+`, fmt.Sprintf("stroke:#52606d;stroke-width:%d", 1+rng.Intn(5)))
		return "drawing"
	case 7: // a new article
		slug := fmt.Sprintf("added-%d", n)
		related := pick(arts)
		body := fmt.Sprintf("---\ntitle: Added by %s\ndescription: An article %s added.\norder: %d\nupdated: 2026-01-02\nrelated: [%s]\n---\nSee [a page](/articles/%s/).\n\n## Part %s\n\nText.\n",
			mark, mark, rng.Intn(30), related, related, mark)
		s.write(article(slug), []byte(body))
		s.articles = append(s.articles, slug)
		s.synthetic = append(s.synthetic, slug)
		return "new article " + slug
	case 8: // an article deleted (pages that name it break)
		if len(syn) < 5 {
			return "nothing"
		}
		slug := pick(syn)
		s.remove(article(slug))
		return "deleted " + slug
	case 9: // a link to a heading of another article
		from, to := pick(arts), pick(arts)
		ids := s.headingIDs(to)
		if len(ids) == 0 {
			return "nothing"
		}
		id := pick(ids)
		s.write(article(from), append(s.read(article(from)), "\nSee [that part](/articles/"+to+"/#"+id+").\n"...))
		return "link from " + from + " to " + to + "#" + id
	case 10: // a heading renamed, which links may point to
		slug := pick(arts)
		if !s.replace(article(slug), `(?m)^## (.*)$`, "## ${1} "+mark) {
			return "nothing"
		}
		return "heading renamed in " + slug
	case 11: // an exercise's name
		s.replace("content/exercises/bridge.yaml", `(?m)^name: (.*)$`, "name: Bridge "+mark)
		return "exercise name"
	case 12: // the stylesheet
		s.write("templates/static/site.css", append(s.read("templates/static/site.css"), "\n/* "+mark+" */ .x-"+mark+"{color:red}\n"...))
		return "stylesheet"
	case 13: // an error in the content
		slug := pick(arts)
		if rng.Intn(2) == 0 {
			s.replace(article(slug), `(?m)^(order: .*)$`, "${1}\nordr: 3")
			return "unknown field in " + slug
		}
		s.write(article(slug), append(s.read(article(slug)), "\nSee [nothing](/articles/no-such-page-"+mark+"/).\n"...))
		return "broken link in " + slug
	default: // put a changed or deleted file back
		var names []string
		for name := range s.orig {
			if !bytes.Equal(s.orig[name], s.readMaybe(name)) {
				names = append(names, name)
			}
		}
		for name := range s.deleted {
			names = append(names, name)
		}
		if len(names) == 0 {
			return "nothing"
		}
		slices.Sort(names)
		name := pick(names)
		if data, ok := s.deleted[name]; ok {
			delete(s.deleted, name)
			s.write(name, data)
		} else {
			s.write(name, s.orig[name])
		}
		return "put back " + name
	}
}

func (s *rebuildSite) readMaybe(name string) []byte {
	data, _ := os.ReadFile(s.path(name))
	return data
}

// TestRebuildEqualsFullBuild applies random sequences of edits to a site
// (bodies, titles, front matter, templates, a shared fragment, a drawing,
// articles added and deleted, headings that links point to renamed, an
// exercise, the stylesheet, errors, and edits undone) and checks after
// each that the Builder that saw every build gives what a fresh Builder
// building once gives: the same files, byte for byte, or the same errors.
// With seeds 1 and 2 the Builder is told of each edit as serve's watcher
// tells it (Watched, then Changed) and looks at nothing else; with seed
// 3 it finds the edits by the files' sizes and times. Each rebuild draws
// two pages first (BuildFirst, as for pages open in a browser): what it
// shows of them early must be what the build gives, and it must show them
// whenever the build changed them.
func TestRebuildEqualsFullBuild(t *testing.T) {
	edits := 50
	if testing.Short() {
		edits = 20
	}
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			s := newRebuildSite(t, 30)
			full := func() (Files, error) {
				cfg := s.cfg
				cfg.Once = true
				b, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				return b.Build()
			}
			if seed != 3 {
				s.b.Watched()
			}
			last, err := s.b.Build()
			if err != nil {
				t.Fatal(err)
			}
			var failed, redrawnSome, previews int
			undone := false
			for i := 0; i < edits; i++ {
				// One to three edits between builds, as a save of several files.
				var did []string
				if !undone {
					for k := 1 + rng.Intn(3); k > 0; k-- {
						did = append(did, s.edit(rng, i*10+k))
					}
				} else {
					did = append(did, "undo of the edits that broke the build")
				}
				s.b.Changed(s.changed...)
				s.changed = nil
				open := []string{"index.html", "articles/" + s.existing(s.articles)[rng.Intn(len(s.existing(s.articles)))] + "/index.html"}
				var early Files
				got, gotErr := s.b.BuildFirst(context.Background(), open, func(f Files) {
					if early != nil {
						t.Errorf("after edit %d: ready called twice", i)
					}
					if n := s.b.drawn.Load(); n > int64(len(open)) {
						t.Errorf("after edit %d: %d pages were drawn before the %d open ones were shown", i, n, len(open))
					}
					early = f
				})
				if gotErr == nil {
					changed := false
					for _, p := range open {
						if early != nil && !bytes.Equal(early[p], got[p]) {
							t.Errorf("after edit %d (%s): %s was shown early as\n%.300q\nbut built as\n%.300q", i, strings.Join(did, ", "), p, early[p], got[p])
						}
						changed = changed || !bytes.Equal(last[p], got[p])
					}
					if changed && early == nil {
						t.Errorf("after edit %d (%s): an open page changed but was not shown early", i, strings.Join(did, ", "))
					}
					if early != nil {
						previews++
					}
					last = got
				}
				want, wantErr := full()
				if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
					t.Fatalf("after edit %d (%s): the rebuild's errors differ from a full build's:\nrebuild:\n%v\nfull build:\n%v", i, strings.Join(did, ", "), gotErr, wantErr)
				}
				if d := diffFiles(got, want); d != "" {
					if os.Getenv("REBUILD_DEBUG") != "" {
						for _, p := range got.Paths() {
							if !bytes.Equal(got[p], want[p]) && strings.HasSuffix(p, ".html") {
								a, b := string(got[p]), string(want[p])
								i := 0
								for i < len(a) && i < len(b) && a[i] == b[i] {
									i++
								}
								t.Logf("%s: rebuild %q\nfull %q", p, a[max(0, i-200):min(len(a), i+200)], b[max(0, i-200):min(len(b), i+200)])
							}
						}
					}
					t.Fatalf("after edit %d (%s): the rebuild differs from a full build: %s", i, strings.Join(did, ", "), d)
				}
				undone = false
				if wantErr != nil {
					if os.Getenv("REBUILD_DEBUG") != "" {
						t.Logf("edit %d (%s): %v", i, strings.Join(did, ", "), wantErr)
					}
					failed++
					// Most broken builds are mended at once, by putting
					// back what the edits since the last good build
					// changed; the others stay broken for the next edits.
					if rng.Intn(3) > 0 {
						s.undoStep()
						undone = true
					}
				} else {
					s.journal = nil
					s.lastFiles = want
					if int(s.b.drawn.Load()) < len(s.articles)/2 {
						redrawnSome++
					}
				}
			}
			t.Logf("%d edits: %d builds failed, %d rebuilds redrew less than half the pages, %d showed open pages early", edits, failed, redrawnSome, previews)
			if failed == edits || redrawnSome == 0 || previews == 0 {
				t.Errorf("the edits did not exercise both paths: %d of %d builds failed, %d rebuilds redrew few pages", failed, edits, redrawnSome)
			}
		})
	}
}

// TestRebuildRedraws checks that a rebuild redraws the pages an edit
// changes, and only those: one page for a body edit, every page for an
// edit to what the footer shows.
func TestRebuildRedraws(t *testing.T) {
	s := newRebuildSite(t, 30)
	files, err := s.b.Build()
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := htmlPages(files)
	check := func(what string, want func(n int) bool, wantText string) {
		t.Helper()
		s.b.Changed(s.changed...)
		s.changed = nil
		if _, err := s.b.Build(); err != nil {
			t.Fatal(err)
		}
		if n := int(s.b.drawn.Load()); !want(n) {
			t.Errorf("%s: %d of %d pages redrawn, want %s", what, n, pages, wantText)
		}
	}
	check("no edit", func(n int) bool { return n == 0 }, "none")
	slug := s.synthetic[len(s.synthetic)/2]
	name := "content/articles/" + slug + ".md"
	s.write(name, append(s.read(name), "\nOne more line.\n"...))
	check("body edit", func(n int) bool { return n == 1 }, "1")
	// The title shows on the page, in the home page's list and in the
	// "Read next" lists of the articles that name it: not on every page.
	s.replace(name, `(?m)^title: (.*)$`, "title: ${1} again")
	check("title edit", func(n int) bool { return n >= 2 && n < pages/2 }, "the page, the home page and the pages that list it")
	// The first article's short title is in every page's footer.
	first := s.b.site.Articles[0].Slug
	if !s.replace("content/articles/"+first+".md", `(?m)^short: (.*)$`, "short: ${1} again") {
		s.replace("content/articles/"+first+".md", `(?m)^(title: .*)$`, "${1}\nshort: Footer label")
	}
	check("footer edit", func(n int) bool { return n == pages }, "every page")
	s.write("templates/article.html", bytes.Replace(s.read("templates/article.html"), []byte("Updated"), []byte("Changed"), 1))
	check("article template edit", func(n int) bool { return n == len(s.b.site.Articles) }, "every article")
}
