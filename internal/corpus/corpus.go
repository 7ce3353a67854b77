// Package corpus makes synthetic Liftwell content for benchmarks: articles
// of realistic length and shape (headings, paragraphs with links and
// emphasis, lists, a table every few articles, a code block every few
// more, footnotes) on top of a copy of the real content directory.
//
// The same Markdown bodies can be written for Liftwell (front matter valid
// for internal/content) and for Hugo (its own front matter), so that both
// tools build the same text. Generation is deterministic: the same
// arguments give the same bytes.
package corpus

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Article is one article, real or synthetic.
type Article struct {
	Slug        string
	Title       string
	Description string
	Short       string
	Order       int
	Updated     string // YYYY-MM-DD
	Exercises   []string
	Related     []string
	Body        string // Markdown, without front matter
}

// Exercise is what a Hugo page for an exercise needs.
type Exercise struct {
	Slug, Name, Summary string
	Steps               []string
}

// Real is the real content a corpus is generated on top of.
type Real struct {
	Dir       string // the content directory that was read
	Articles  []Article
	Exercises []Exercise
	// Missing lists article slugs that the templates or the real articles
	// link to but that do not exist yet; Generate gives its first
	// synthetic articles these slugs, so that the build's link check passes
	// while the real content is still being written.
	Missing []string
	// Fragments lists, by missing slug, the #fragments links point at,
	// which the stand-in article gets as headings.
	Fragments map[string][]string
}

// ReadReal reads the real articles and exercises under contentDir and
// looks for article slugs that templatesDir and the articles refer to.
func ReadReal(contentDir, templatesDir string) (*Real, error) {
	r := &Real{Dir: contentDir, Fragments: map[string][]string{}}
	mds, _ := filepath.Glob(filepath.Join(contentDir, "articles", "*.md"))
	sort.Strings(mds)
	for _, f := range mds {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		a, err := parseArticle(strings.TrimSuffix(filepath.Base(f), ".md"), src)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		r.Articles = append(r.Articles, a)
	}
	yamls, _ := filepath.Glob(filepath.Join(contentDir, "exercises", "*.yaml"))
	sort.Strings(yamls)
	for _, f := range yamls {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var e struct {
			Name, Summary string
			Steps         []string
		}
		if err := yaml.Unmarshal(src, &e); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		r.Exercises = append(r.Exercises, Exercise{Slug: strings.TrimSuffix(filepath.Base(f), ".yaml"), Name: e.Name, Summary: e.Summary, Steps: e.Steps})
	}
	// Article slugs referred to anywhere, minus those that exist.
	have := map[string]bool{}
	for _, a := range r.Articles {
		have[a.Slug] = true
	}
	want := map[string]bool{}
	frags := map[string]map[string]bool{}
	refs := func(src string) {
		for _, m := range articleRef.FindAllStringSubmatch(src, -1) {
			want[m[1]] = true
			if m[2] != "" {
				if frags[m[1]] == nil {
					frags[m[1]] = map[string]bool{}
				}
				frags[m[1]][m[2]] = true
			}
		}
	}
	for _, a := range r.Articles {
		for _, s := range a.Related {
			want[s] = true
		}
		refs(a.Body)
	}
	tmpls, _ := filepath.Glob(filepath.Join(templatesDir, "*.html"))
	for _, f := range tmpls {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		refs(string(src))
	}
	for s := range want {
		if !have[s] {
			r.Missing = append(r.Missing, s)
			for f := range frags[s] {
				r.Fragments[s] = append(r.Fragments[s], f)
			}
			sort.Strings(r.Fragments[s])
		}
	}
	sort.Strings(r.Missing)
	return r, nil
}

var articleRef = regexp.MustCompile(`/articles/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:#([a-z0-9-]+))?`)

func parseArticle(slug string, src []byte) (Article, error) {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return Article{}, fmt.Errorf("no front matter")
	}
	end := bytes.Index(src[3:], []byte("\n---\n"))
	if end < 0 {
		return Article{}, fmt.Errorf("front matter not closed")
	}
	end += 3
	var fm struct {
		Title, Description, Short, Updated string
		Order                              int
		Exercises, Related                 []string
	}
	if err := yaml.Unmarshal(src[4:end+1], &fm); err != nil {
		return Article{}, err
	}
	return Article{Slug: slug, Title: fm.Title, Description: fm.Description, Short: fm.Short, Order: fm.Order,
		Updated: fm.Updated, Exercises: fm.Exercises, Related: fm.Related, Body: string(src[end+5:])}, nil
}

// Generate returns n synthetic articles that link only to each other, to
// the real articles and exercises, and to /checker/ and /exercises/. The
// first ones take the slugs in real.Missing.
func Generate(n int, real *Real) []Article {
	rng := rand.New(rand.NewSource(int64(n)*7919 + 1))
	slugs := make([]string, n)
	for i := range slugs {
		if i < len(real.Missing) {
			slugs[i] = real.Missing[i]
		} else {
			slugs[i] = fmt.Sprintf("note-%05d-%s", i, pick(rng, slugWords))
		}
	}
	var targets []link // pages a synthetic article may link to
	for _, a := range real.Articles {
		targets = append(targets, link{a.Short + "", "/articles/" + a.Slug + "/"})
	}
	var exSlugs []string
	for _, e := range real.Exercises {
		exSlugs = append(exSlugs, e.Slug)
		targets = append(targets, link{strings.ToLower(e.Name), "/exercises/" + e.Slug + "/"})
	}
	targets = append(targets, link{"pain checker", "/checker/"}, link{"exercise list", "/exercises/"})
	arts := make([]Article, n)
	for i := range arts {
		topic := pick(rng, topics)
		title := fmt.Sprintf("%s (%d)", capitalize(topic), i+1)
		a := Article{
			Slug:        slugs[i],
			Title:       title,
			Short:       fmt.Sprintf("%s %d", capitalize(pick(rng, slugWords)), i+1),
			Description: capitalize(sentence(rng, 15)) + ". " + capitalize(sentence(rng, 10)) + ".",
			Order:       1000 + i,
			Updated:     fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28),
		}
		for _, k := range rng.Perm(len(exSlugs))[:min(len(exSlugs), 2+rng.Intn(4))] {
			a.Exercises = append(a.Exercises, exSlugs[k])
		}
		for len(a.Related) < 3 && n > 1 {
			j := rng.Intn(n)
			if j != i && !contains(a.Related, slugs[j]) {
				a.Related = append(a.Related, slugs[j])
			}
		}
		// Links in the body: other synthetic articles and real pages.
		pageLink := func() link {
			if rng.Intn(3) == 0 && len(targets) > 0 {
				return targets[rng.Intn(len(targets))]
			}
			j := rng.Intn(n)
			return link{strings.ToLower(capitalize(pick(rng, topics))), "/articles/" + slugs[j] + "/"}
		}
		a.Body = body(rng, i, pageLink)
		if i < len(real.Missing) {
			for _, f := range real.Fragments[slugs[i]] {
				a.Body += "\n## " + capitalize(strings.ReplaceAll(f, "-", " ")) + "\n\n" + capitalize(sentence(rng, 14)) + ".\n"
			}
		}
		arts[i] = a
	}
	return arts
}

type link struct{ text, url string }

func body(rng *rand.Rand, i int, pageLink func() link) string {
	var b strings.Builder
	para := func(sentences int) {
		for s := 0; s < sentences; s++ {
			if s > 0 {
				b.WriteByte(' ')
			}
			switch rng.Intn(7) {
			case 0:
				l := pageLink()
				fmt.Fprintf(&b, "See [%s](%s) for more.", l.text, l.url)
			case 1:
				w := sentence(rng, 6+rng.Intn(6))
				fmt.Fprintf(&b, "%s *%s* %s.", capitalize(w), pick(rng, nouns), sentence(rng, 4))
			case 2:
				fmt.Fprintf(&b, "**%s.** %s.", capitalize(pick(rng, verbs)+" "+pick(rng, nouns)), capitalize(sentence(rng, 10+rng.Intn(6))))
			default:
				b.WriteString(capitalize(sentence(rng, 9+rng.Intn(10))) + ".")
			}
		}
		b.WriteString("\n\n")
	}
	footnote := i%3 == 0
	para(3 + rng.Intn(3))
	sections := 4 + rng.Intn(3)
	for s := 0; s < sections; s++ {
		fmt.Fprintf(&b, "## %s\n\n", capitalize(pick(rng, verbs)+" "+pick(rng, nouns)+" "+pick(rng, times)))
		for p := 1 + rng.Intn(3); p > 0; p-- {
			para(3 + rng.Intn(3))
		}
		switch {
		case s == 1 && footnote:
			b.WriteString(capitalize(sentence(rng, 12)) + ".[^src]\n\n")
		case s == 2 && i%5 == 0:
			b.WriteString("| Week | Sets | Reps | Load |\n|---|---:|---:|---|\n")
			for w := 1; w <= 4; w++ {
				fmt.Fprintf(&b, "| %d | %d | %d | %s |\n", w, 2+rng.Intn(3), 5+rng.Intn(8), pick(rng, loads))
			}
			b.WriteString("\n")
		case s == 3 && i%7 == 0:
			b.WriteString("```yaml\n# a training log entry\ndate: 2025-03-14\nlift: deadlift\nsets:\n")
			for k := 0; k < 4; k++ {
				fmt.Fprintf(&b, "  - {reps: %d, kg: %d, rpe: %d}\n", 3+rng.Intn(6), 60+10*rng.Intn(8), 6+rng.Intn(4))
			}
			b.WriteString("back: \"a little tight, gone by evening\"\n```\n\n")
		}
		if rng.Intn(2) == 0 {
			for k := 3 + rng.Intn(3); k > 0; k-- {
				if rng.Intn(4) == 0 {
					l := pageLink()
					fmt.Fprintf(&b, "- %s: [%s](%s)\n", capitalize(sentence(rng, 5)), l.text, l.url)
				} else {
					fmt.Fprintf(&b, "- %s\n", capitalize(sentence(rng, 6+rng.Intn(6))))
				}
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("## What to do next\n\n")
	for k := 0; k < 3; k++ {
		l := pageLink()
		fmt.Fprintf(&b, "- %s: [%s](%s)\n", capitalize(sentence(rng, 4)), l.text, l.url)
	}
	if footnote {
		fmt.Fprintf(&b, "\n[^src]: Author A, Author B. %s. *Journal of Strength Research*. 20%02d;%d:%d–%d.\n", capitalize(sentence(rng, 8)), 10+rng.Intn(15), 1+rng.Intn(40), 100+rng.Intn(800), 900+rng.Intn(100))
	}
	return b.String()
}

func sentence(rng *rand.Rand, words int) string {
	ws := make([]string, 0, words)
	for len(ws) < words {
		switch len(ws) % 4 {
		case 0:
			ws = append(ws, pick(rng, subjects))
		case 1:
			ws = append(ws, pick(rng, verbs))
		case 2:
			ws = append(ws, pick(rng, nouns))
		default:
			ws = append(ws, pick(rng, connectors))
		}
	}
	if len(ws)%4 == 0 { // do not end on a connector
		ws = ws[:len(ws)-1]
	}
	return strings.Join(ws, " ")
}

func pick(rng *rand.Rand, list []string) string { return list[rng.Intn(len(list))] }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	subjects   = []string{"your lower back", "the hamstrings", "a tired lifter", "most people", "your hips", "the bar", "a slow warm-up", "the first set", "your coach", "a short walk", "the glutes", "your trunk", "the spine", "good sleep", "a lighter week"}
	verbs      = []string{"eases", "supports", "loads", "stretches", "calms", "protects", "tightens", "warms", "moves", "rests", "builds", "steadies", "shifts", "guides", "relaxes"}
	nouns      = []string{"the hinge", "stiff muscles", "the next session", "a heavy pull", "sore tissue", "the setup", "the lockout", "every rep", "light weights", "the floor", "your breathing", "the plan", "a rest day", "the grip", "tight hips"}
	connectors = []string{"and", "when", "before", "after", "so", "while", "because", "until", "if", "as"}
	topics     = []string{"how to hinge without pain", "soreness after a heavy week", "warming up for deadlifts", "resting a stiff back", "returning to the bar", "sleep and recovery", "bracing for a heavy pull", "grip and setup", "when to rest", "lifting after a strain", "the first week back", "planning a lighter week"}
	times      = []string{"before you pull", "after a heavy day", "on rest days", "in the first week", "as you tire", "between sets", "the next morning", "over a month"}
	loads      = []string{"light", "moderate", "steady", "heavy", "easy"}
	slugWords  = []string{"hinge", "rest", "warm-up", "brace", "grip", "sleep", "setup", "return", "recover", "plan"}
)

// Markdown returns the article as a Liftwell content file.
func (a Article) Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", yamlString(a.Title))
	fmt.Fprintf(&b, "description: %s\n", yamlString(a.Description))
	fmt.Fprintf(&b, "order: %d\n", a.Order)
	fmt.Fprintf(&b, "updated: %s\n", a.Updated)
	if a.Short != "" {
		fmt.Fprintf(&b, "short: %s\n", yamlString(a.Short))
	}
	if len(a.Exercises) > 0 {
		fmt.Fprintf(&b, "exercises: [%s]\n", strings.Join(a.Exercises, ", "))
	}
	if len(a.Related) > 0 {
		fmt.Fprintf(&b, "related: [%s]\n", strings.Join(a.Related, ", "))
	}
	b.WriteString("---\n")
	b.WriteString(a.Body)
	return b.Bytes()
}

// Hugo returns the article as a Hugo content file: the same body, with
// Hugo's front matter (weight for order, lastmod for updated, and the
// exercise and related slugs as params).
func (a Article) Hugo() []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", yamlString(a.Title))
	fmt.Fprintf(&b, "description: %s\n", yamlString(a.Description))
	fmt.Fprintf(&b, "weight: %d\n", a.Order)
	fmt.Fprintf(&b, "date: %s\n", a.Updated)
	fmt.Fprintf(&b, "lastmod: %s\n", a.Updated)
	short := a.Short
	if short == "" {
		short = a.Title
	}
	fmt.Fprintf(&b, "linkTitle: %s\n", yamlString(short))
	fmt.Fprintf(&b, "exercises: [%s]\n", strings.Join(a.Exercises, ", "))
	fmt.Fprintf(&b, "related: [%s]\n", strings.Join(a.Related, ", "))
	b.WriteString("---\n")
	b.WriteString(a.Body)
	return b.Bytes()
}

// Hugo returns the exercise as a Hugo content page: its summary and steps.
func (e Exercise) Hugo() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\ntitle: %s\ndescription: %s\n---\n%s\n\n## Steps\n\n", yamlString(e.Name), yamlString(e.Summary), e.Summary)
	for i, s := range e.Steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, s)
	}
	return b.Bytes()
}

func yamlString(s string) string {
	out, _ := yaml.Marshal(s)
	return strings.TrimSpace(string(out))
}

// WriteLiftwell copies the real content directory to dir and adds arts
// to dir/articles.
func WriteLiftwell(dir string, real *Real, arts []Article) error {
	if err := CopyDir(real.Dir, dir); err != nil {
		return err
	}
	for _, a := range arts {
		if err := os.WriteFile(filepath.Join(dir, "articles", a.Slug+".md"), a.Markdown(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteHugoContent writes the real and synthetic articles and the
// exercises as a Hugo content directory in dir.
func WriteHugoContent(dir string, real *Real, arts []Article) error {
	for _, sub := range []string{"articles", "exercises"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	for _, a := range append(append([]Article{}, real.Articles...), arts...) {
		if err := os.WriteFile(filepath.Join(dir, "articles", a.Slug+".md"), a.Hugo(), 0o644); err != nil {
			return err
		}
	}
	for _, e := range real.Exercises {
		if err := os.WriteFile(filepath.Join(dir, "exercises", e.Slug+".md"), e.Hugo(), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "exercises", "_index.md"), []byte("---\ntitle: Exercises\ndescription: Warm-up moves, strength work, stretches and self-massage.\n---\n"), 0o644)
}

// CopyDir copies the folders and regular files of the tree src to dst
// (folders 0755, files 0644; anything else, such as a symbolic link, is
// left out), for building corpora and benchmark sites beside the real
// content, and for tests (testfix.CopyTree). src may be a single file.
func CopyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
