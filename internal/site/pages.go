package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/content"
	"github.com/liftwell/liftwell/internal/painlog"
	"github.com/liftwell/liftwell/internal/parallel"
	"github.com/liftwell/liftwell/internal/srcerr"
)

// Page is what every template receives.
type Page struct {
	Path        string // site-root path: "/articles/sore-or-hurt/"
	Kind        string // the template's name without ".html"
	Title       string
	Description string
	Updated     string // YYYY-MM-DD, when the page has a date
	NoIndex     bool   // keep out of search engines and the sitemap (404, offline)
	Site        *SiteData
	JSONLD      any // structured data, rendered as application/ld+json

	Article  *ArticleView
	Exercise *ExerciseView

	// For the checker pages.
	Checker   *checker.PageData
	RulesHTML template.HTML
	Exercises map[string]ExerciseCard
	// Flow is what the checker page's script needs besides the questions:
	// the emergency result it shows without the module. Only on /checker/.
	Flow *CheckerFlow

	// Log is the pain log's facts, on /log/ and /log/sheet/.
	Log *LogView
}

// LogView is what the pain log page and its paper sheet show of the
// facts that internal/painlog and the checker hold: the 0 to 10 scale,
// the places a pain can be and the summary's thresholds. The page's
// script reads them from the page, so none is written twice.
type LogView struct {
	Scale       []checker.Anchor // the checker's pain scale (its severity question)
	Pain        []PainPoint      // each value of the scale, lowest first
	Least, Most int              // the scale's ends: 0 and 10
	Areas       []painlog.Area

	BreakDays, TrendDays, MinChange, Weeks, MinSessions, FollowDays int

	// The chart: the weeks it shows at first (ChartDays days) and the
	// fewest days it spans (painlog.ChartWeeks, painlog.MinChartDays).
	ChartWeeks, ChartDays, MinChartDays int

	// CSV is painlog.Facts as JSON, for logcsv.js: the file's columns,
	// the places' names and the limits of each field. MaxNote is the
	// note's limit, for the form's note field.
	CSV     string
	MaxNote int
}

// PainPoint is one value of the pain scale with its anchor's name, in
// lower case: 3, "mild".
type PainPoint struct {
	Value int
	Name  string
}

// CheckerFlow is the checker page's build-time data for its script. The
// emergency answers and their reasons come from checker.Assess itself, run
// on each tick box and each choice of the first three steps alone, so
// that the page can show the emergency result at once, before the module
// has loaded, and say exactly what the module would.
type CheckerFlow struct {
	// Emergency holds the answers, as "id=value" (a tick box is
	// "id=yes"), that alone give the emergency level: the emergency step's
	// boxes, and later ones such as leg_sides=both.
	Emergency map[string]bool
	// Reasons are the reasons each answer of those steps gives alone, in
	// the order of the checker's rules: the emergency result shows those
	// of the answers given (marked lower below emergency).
	Reasons []FlowReason
	// ModuleSize is the size of the module in bytes, for the progress
	// shown while it loads.
	ModuleSize int
	// Steps is the number of steps: one per group and one per split of a
	// long group (checker.Help.Splits), then "check your answers".
	Steps int
}

// ChoiceView is a choice question as the checker page renders it: with
// the answers that give the emergency result at once, and whether it
// stands apart from the tick boxes of its step.
type ChoiceView struct {
	checker.Question
	Emergency map[string]bool
	Apart     bool
}

// Choice returns the view of a choice question (f may be nil).
func (f *CheckerFlow) Choice(q checker.Question, apart bool) ChoiceView {
	v := ChoiceView{Question: q, Apart: apart}
	if f != nil {
		v.Emergency = f.Emergency
	}
	return v
}

// showIf writes the tests of a follow-up question for the checker page's
// script: "id=value,value id=value", shown while any one holds.
func showIf(tests []checker.Test) string {
	var parts []string
	for _, t := range tests {
		parts = append(parts, t.ID+"="+strings.Join(t.Values, ","))
	}
	return strings.Join(parts, " ")
}

// FlowReason is a reason of the emergency result with the answer that
// gives it ("id=value").
type FlowReason struct {
	checker.Reason
	Answer string
}

// SiteData is what every page may list.
type SiteData struct {
	Articles  []Link
	Footer    []Link // the first articles, for every page's footer
	Purposes  []PurposeGroup
	Exercises []Link
}

// ExerciseCard is an exercise as a checker result shows it: a link, one
// line and its drawing.
type ExerciseCard struct {
	Link
	Image         string // URL
	Width, Height int
}

// Link is a page as other pages point at it.
type Link struct {
	Slug, Title, Short, Description, URL string
}

// PurposeGroup is the exercises of one purpose, for the exercise index.
type PurposeGroup struct {
	Purpose, Title string
	Exercises      []Link
}

// ArticleView is an article ready to render.
type ArticleView struct {
	*content.Article
	Body      template.HTML
	Exercises []Link
	Related   []Link
	// Sections lists the body's h2 headings for an "On this page" list;
	// empty unless there are at least MinSections of them.
	Sections []Section
}

// ExerciseView is an exercise ready to render.
type ExerciseView struct {
	*content.Exercise
	Image         string // URL
	Width, Height int
	PurposeTitle  string
	Related       []Link
	UsedIn        []Link // articles that recommend it
	// NotFor are the answers that rule the exercise out for now, in plain
	// words, from the checker's exercise table (checker.PageData.NotFor):
	// the same table the checker's results choose exercises from.
	NotFor []string
}

// footerArticles is how many articles every page's footer names.
const footerArticles = 10

var purposeTitles = map[string]string{
	"easing":       "Easing a flare of pain",
	"warm-up":      "Warm-up moves",
	"strengthen":   "Strength moves that spare the back",
	"mobility":     "Mobility",
	"cool-down":    "Cool-down stretches",
	"self-massage": "Self-massage",
}

func (b *build) siteData() *SiteData {
	d := &SiteData{Articles: make([]Link, 0, len(b.site.Articles))}
	for _, a := range b.site.Articles {
		d.Articles = append(d.Articles, b.articleLink(a))
	}
	// Every page lists these, so the list is capped: a footer naming every
	// article would make the build cost the square of their number.
	d.Footer = d.Articles[:min(len(d.Articles), footerArticles)]
	for _, p := range content.Purposes {
		g := PurposeGroup{Purpose: p, Title: purposeTitles[p]}
		for _, e := range b.site.Exercises {
			if e.Purpose == p {
				g.Exercises = append(g.Exercises, b.exerciseLink(e))
			}
		}
		if len(g.Exercises) > 0 {
			d.Purposes = append(d.Purposes, g)
		}
	}
	for _, e := range b.site.Exercises {
		d.Exercises = append(d.Exercises, b.exerciseLink(e))
	}
	return d
}

func (b *Builder) articleLink(a *content.Article) Link {
	return Link{Slug: a.Slug, Title: a.Title, Short: a.Short, Description: a.Description, URL: b.cfg.Base + "articles/" + a.Slug + "/"}
}

func (b *Builder) exerciseLink(e *content.Exercise) Link {
	return Link{Slug: e.Slug, Title: e.Name, Short: e.Name, Description: e.Summary, URL: b.url("/exercises/" + e.Slug + "/")}
}

// renderPages renders every HTML page into b.files. Pages render on as
// many goroutines as there are CPUs; their results are merged in page
// order, so the files and the errors are the same on every run.
func (b *build) renderPages(errs *srcerr.List) {
	data := b.siteData()
	b.articleLinks = data.Articles
	// The articles that recommend each exercise, in article order, for
	// the exercise pages: one pass over the articles for them all.
	// Counted first, so that each list is made once at its size.
	count := map[string]int{}
	for _, a := range b.site.Articles {
		for _, slug := range a.Exercises {
			count[slug]++
		}
	}
	b.usedIn = make(map[string][]Link, len(count))
	for i, a := range b.site.Articles {
		for _, slug := range a.Exercises {
			if b.usedIn[slug] == nil {
				b.usedIn[slug] = make([]Link, 0, count[slug])
			}
			b.usedIn[slug] = append(b.usedIn[slug], data.Articles[i])
		}
	}
	defer func() { b.articleLinks, b.usedIn, b.exerciseLinks = nil, nil, nil }()
	b.shared.reset(data, b.cache.templates)
	b.drawingsKey = b.assetsKey()
	jobs := make([]pageJob, 0, len(b.site.Articles)+len(b.site.Exercises)+8)
	page := func(p Page) {
		jobs = append(jobs, pageJob{path: p.Path, kind: p.Kind, page: func(*rendered) Page { return p }})
	}
	page(Page{Path: "/", Kind: "home", Title: "Liftwell: lower back pain after deadlifts", Description: "Is back pain after deadlifts normal, what helps, and when to get care: plain answers and a private pain checker that works offline."})
	b.exerciseLinks = make(map[string]Link, len(b.site.Exercises))
	for _, e := range b.site.Exercises {
		b.exerciseLinks[e.Slug] = b.exerciseLink(e)
	}
	for _, a := range b.site.Articles {
		jobs = append(jobs, pageJob{path: "/articles/" + a.Slug + "/", kind: "article", article: a, page: func(r *rendered) Page { return b.articlePage(a, r) }})
	}
	page(Page{Path: "/exercises/", Kind: "exercises", Title: "Exercises", Description: "Warm-up moves, back-friendly strength work, cool-down stretches and self-massage for lifters, each with steps, dose and a drawing."})
	for _, e := range b.site.Exercises {
		page(b.exercisePage(e))
	}
	exercises := map[string]ExerciseCard{}
	for _, e := range b.site.Exercises {
		img := b.site.Images["exercises/"+e.Illustration.File]
		exercises[e.Slug] = ExerciseCard{Link: b.exerciseLink(e), Image: b.assets["exercises/"+e.Illustration.File], Width: img.Width, Height: img.Height}
	}
	rules := b.rulesHTML(errs)
	flow := b.checkerFlow(errs)
	checkerPage := func(path, kind, title, desc string) {
		p := Page{Path: path, Kind: kind, Title: title, Description: desc, Checker: b.cfg.Checker, RulesHTML: rules, Exercises: exercises}
		if kind == "checker" {
			p.Flow = flow
		}
		page(p)
	}
	checkerPage("/checker/", "checker", "Back pain checker", "Answer a few questions about your back pain after lifting and get advice on what to do next. It runs on your device; nothing you enter is sent anywhere.")
	checkerPage("/checker/checklist/", "checklist", "Back pain checklist", "The pain checker as a printable checklist: read from the top and stop at the first statement that is true for you.")
	checkerPage("/checker/rules/", "rules", "How the checker decides", "The rules the back pain checker follows, in plain words and as the code that runs them, with their sources.")
	logView := b.logView(errs)
	page(Page{Path: "/log/", Kind: "log", Title: "My pain log", Description: "A private pain log: note your back pain each day, see it on a chart, print it for an appointment, and let the checker read it. It stays on your device.", Log: logView})
	page(Page{Path: "/log/sheet/", Kind: "logsheet", Title: "Paper pain log sheet", Description: "A printable sheet to log back pain by hand, one line a day, with the 0 to 10 pain scale.", Log: logView})
	page(Page{Path: "/404.html", Kind: "404", Title: "Page not found", Description: "This page does not exist.", NoIndex: true})
	page(Page{Path: "/offline/", Kind: "offline", Title: "You are offline", Description: "This page was not saved for offline use.", NoIndex: true})

	// A page is taken from the last build when everything it is made
	// from is as it was: its template set, the assets, the site-wide
	// lists its templates read (pageKeys), and its own inputs (deps).
	inc := b.inc
	inc.updateLists(data)
	keys := b.pageKeys()
	// The slices of the last build are used again (after a large site's
	// edit, making them anew is most of what a rebuild allocates).
	results, records, reused := parallel.Reuse(&inc.results, len(jobs)), parallel.Reuse(&inc.records, len(jobs)), parallel.Reuse(&inc.reused, len(jobs))
	b.drawn.Store(0)
	draw := func(i int) {
		j, r := &jobs[i], &results[i]
		rec := &records[i]
		rec.key = keys[j.kind]
		prev, ok := inc.pages[j.path]
		if j.article != nil {
			if ok && prev.key == rec.key && b.sameArticle(prev.article, j.article) {
				*r, reused[i] = prev.r, true
				return
			}
			rec.article = b.articleDeps(j.article)
		}
		p := j.page(r)
		if j.article == nil {
			rec.deps = pageDeps(p)
			if ok && prev.key == rec.key && sameDeps(prev.deps, rec.deps) {
				*r, reused[i] = prev.r, true
				return
			}
		}
		b.drawn.Add(1)
		if len(r.errs) == 0 {
			p.Site = data
			b.render(p, r)
		}
	}
	rest := b.drawFirst(jobs, results, reused, draw)
	parallel.For(len(rest), func(k int) { draw(rest[k]) })
	// The records and the links by page are updated in place: a rebuild
	// after a small edit touches few of them.
	if inc.pageLinks == nil {
		inc.pageLinks = map[string][]sourceLink{}
	}
	b.pageLinks = inc.pageLinks
	kept := 0
	for i, r := range results {
		b.merge(r, errs)
		if reused[i] {
			kept++
			continue
		}
		inc.pageLinks[r.out] = r.links
		// Only pages drawn without a problem are kept: a problem is found
		// again (and a render that ran out of time may not, next time).
		if len(r.errs) == 0 && r.html != nil {
			rec := records[i]
			rec.r = r
			rec.r.md = nil
			inc.pages[jobs[i].path] = rec
			kept++
		} else {
			delete(inc.pages, jobs[i].path)
		}
	}
	if len(inc.pages) > kept { // pages that are gone
		current := make(map[string]bool, len(jobs))
		for _, j := range jobs {
			current[j.path] = true
		}
		for p := range inc.pages {
			if !current[p] {
				delete(inc.pages, p)
			}
		}
		for p := range inc.pageLinks {
			if _, ok := b.files[p]; !ok {
				delete(inc.pageLinks, p)
			}
		}
	}
	// Rendered Markdown is kept for the articles there are.
	if len(inc.markdown) > len(b.site.Articles)+64 {
		used := make(map[string]bool, len(results))
		for _, r := range results {
			used[r.mdKey] = true
		}
		for k := range inc.markdown {
			if !used[k] {
				delete(inc.markdown, k)
			}
		}
	}
}

// pageJob is one page to render.
type pageJob struct {
	path, kind string
	page       func(*rendered) Page
	article    *content.Article // for an article's page
}

// articleInputs is what an article's page is made from besides the
// templates, the assets and the lists: the article (an unchanged file
// gives the same pointer), the drawings' URLs, which its Markdown
// carries, and the links to the exercises and articles it names, as
// articlePage makes them (a link, not the page it points to: an edit to
// the body of a related article changes nothing here).
type articleInputs struct {
	article  *content.Article
	drawings string
	ex, rel  []Link
	relArts  []*content.Article // the related articles rel was made from
}

func (b *build) articleDeps(a *content.Article) *articleInputs {
	in := &articleInputs{article: a, drawings: b.drawingsKey}
	for _, slug := range a.Exercises {
		in.ex = append(in.ex, b.exerciseLinks[slug])
	}
	for _, slug := range a.Related {
		r := b.site.Article(slug)
		in.relArts = append(in.relArts, r)
		in.rel = append(in.rel, b.articleLink(r))
	}
	return in
}

// drawFirst draws the jobs of the pages BuildFirst named, and shows them
// to its ready function if one was drawn again and none has a problem.
// It returns the indexes of the other jobs, to draw next.
func (b *build) drawFirst(jobs []pageJob, results []rendered, reused []bool, draw func(int)) (rest []int) {
	var first []int
	rest = make([]int, 0, len(jobs))
	for i, j := range jobs {
		if b.first[j.path] {
			first = append(first, i)
		} else {
			rest = append(rest, i)
		}
	}
	if len(first) == 0 || b.ready == nil {
		return rest
	}
	parallel.For(len(first), func(k int) { draw(first[k]) })
	files := maps.Clone(b.files)
	drawn := false
	for _, i := range first {
		r := &results[i]
		if len(r.errs) > 0 || r.html == nil {
			return rest
		}
		files[r.out] = r.html
		drawn = drawn || !reused[i]
	}
	if drawn {
		b.ready(files)
	}
	return rest
}

// outputPath is the file a page at the URL path p is written to:
// "/articles/bridge/" is "articles/bridge/index.html".
func outputPath(p string) string {
	out := strings.TrimPrefix(p, "/")
	if out == "" || strings.HasSuffix(out, "/") {
		out += "index.html"
	}
	return out
}

// sameArticle reports whether articleDeps(a) would be prev, without
// making it: it runs for every article on every rebuild.
func (b *build) sameArticle(prev *articleInputs, a *content.Article) bool {
	if prev == nil || prev.article != a || prev.drawings != b.drawingsKey {
		return false
	}
	// The same article names the same slugs.
	for i, slug := range a.Exercises {
		if prev.ex[i] != b.exerciseLinks[slug] {
			return false
		}
	}
	for i, slug := range a.Related {
		// An unchanged article gives the same link; another may too. The
		// record is the page's own: no other goroutine reads it.
		if r := b.site.Article(slug); r != prev.relArts[i] {
			if b.articleLink(r) != prev.rel[i] {
				return false
			}
			prev.relArts[i] = r
		}
	}
	return true
}

// rendered is what rendering one page produced.
type rendered struct {
	out   string // output path
	kind  string // the page's kind: its template's name
	html  []byte // minified
	links []sourceLink
	md    *markdownPage // freshly rendered Markdown, to cache
	mdKey string        // its key in the cache, rendered now or not
	// headings are the ids of the article's headings, where they are
	// written (href is the id), for the check of repeated ids.
	headings []sourceLink
	errs     srcerr.List
}

// merge adds one page's result to the build. A template that fails the
// same way for many pages is reported once.
func (b *build) merge(r rendered, errs *srcerr.List) {
	if r.md != nil {
		b.inc.markdown[r.mdKey] = *r.md
	}
	if r.html != nil {
		b.files[r.out] = r.html
		b.pageKinds[r.out] = r.kind
	}
	for _, err := range r.errs {
		if !slices.ContainsFunc(*errs, func(e error) bool { return e.Error() == err.Error() }) {
			errs.Add(err)
		}
	}
}

// logView gathers the pain log's facts (see LogView). The scale is the
// checker's severity question's, which the log's summary answers.
func (b *Builder) logView(errs *srcerr.List) *LogView {
	v := &LogView{Areas: painlog.Areas[:],
		BreakDays: painlog.BreakDays, TrendDays: painlog.TrendDays, MinChange: painlog.MinChange,
		Weeks: painlog.Weeks, MinSessions: painlog.MinSessions, FollowDays: painlog.FollowDays,
		ChartWeeks: painlog.ChartWeeks, ChartDays: 7 * painlog.ChartWeeks, MinChartDays: painlog.MinChartDays,
		MaxNote: painlog.MaxNote}
	csv, _ := json.Marshal(painlog.Facts()) // strings and ints: it cannot fail
	v.CSV = string(csv)
	for _, g := range b.cfg.Checker.Groups {
		for _, q := range g.Questions {
			if q.ID == "severity" {
				v.Scale = q.Scale
			}
		}
	}
	for _, a := range v.Scale {
		for n := a.From; n <= a.To; n++ {
			v.Pain = append(v.Pain, PainPoint{n, strings.ToLower(a.Name)})
		}
	}
	if len(v.Pain) != painlog.MaxPain+1 || v.Pain[0].Value != 0 {
		errs.Add(fmt.Errorf("checker: the severity question's scale must name each pain from 0 to %d once, as the pain log asks it", painlog.MaxPain))
		return v
	}
	v.Least, v.Most = v.Pain[0].Value, v.Pain[len(v.Pain)-1].Value
	return v
}

// checkerFlow runs checker.Assess on each answer of the tick boxes and
// choices before the pain step alone (see CheckerFlow).
func (b *build) checkerFlow(errs *srcerr.List) *CheckerFlow {
	data := b.cfg.Checker
	f := &CheckerFlow{Emergency: map[string]bool{}, Steps: len(data.Groups) + 1 + len(checker.HelpData().Splits)}
	if u, ok := b.assets["checker.wasm"]; ok {
		f.ModuleSize = len(b.files[strings.TrimPrefix(u, b.url("/"))])
	}
	order := map[string]int{} // a rule's place in the table
	for i, s := range data.Checklist {
		order[s.Rule] = i
	}
	seen := map[string]bool{}
	for _, g := range data.Groups[:min(3, len(data.Groups))] {
		for _, q := range g.Questions {
			values := []string{"yes"}
			switch q.Kind {
			case checker.Number:
				continue
			case checker.Choice, checker.YesNo:
				values = values[:0]
				for _, o := range q.Options {
					values = append(values, o.Value)
				}
			}
			for _, v := range values {
				res, err := checker.Assess(map[string]string{q.ID: v})
				if err != nil {
					errs.Add(errors.New("checker: " + err.Error()))
					return nil
				}
				if res.Level == checker.Emergency {
					f.Emergency[q.ID+"="+v] = true
				}
				for _, r := range res.Reasons {
					// Only the answer's own reasons: not a fallback rule's,
					// which names the answers still missing.
					if !seen[r.ID] && slices.Contains(r.Answers, q.ID) {
						seen[r.ID] = true
						r.Lower = r.Level != checker.Emergency
						f.Reasons = append(f.Reasons, FlowReason{Reason: r, Answer: q.ID + "=" + v})
					}
				}
			}
		}
	}
	slices.SortStableFunc(f.Reasons, func(a, b FlowReason) int { return order[a.ID] - order[b.ID] })
	return f
}

// rulesHTML is the checker's rule table as highlighted Go, made once per
// Builder: highlighting it took a third of a rebuild.
func (b *Builder) rulesHTML(errs *srcerr.List) template.HTML {
	if b.cfg.RulesSource == "" {
		return ""
	}
	if b.cache.rulesSource != b.cfg.RulesSource {
		var buf strings.Builder
		if err := highlight(&buf, "go", b.cfg.RulesSource); err != nil {
			errs.Add(err)
			return ""
		}
		min, err := minifyHTML([]byte(buf.String()))
		if err != nil {
			errs.Add(err)
			return ""
		}
		b.cache.rulesSource, b.cache.rules = b.cfg.RulesSource, template.HTML(min)
	}
	return b.cache.rules
}

// articlePage renders an article's Markdown, or takes it from the cache.
// It runs concurrently with other pages: it only reads the Builder, and
// leaves what it made in r.
func (b *build) articlePage(a *content.Article, r *rendered) Page {
	// The body's first line is in the key: the rendered page keeps the
	// positions of its links, for the link check's errors.
	key := string(sha256Sum(a.Path, strconv.Itoa(a.BodyLine), a.Body, b.cfg.Base, b.drawingsKey))
	md, ok := b.inc.markdown[key]
	if !ok {
		md = b.renderMarkdown(a, &r.errs)
		if len(r.errs) == 0 {
			r.md = &md
		}
	}
	r.mdKey = key
	for _, l := range md.links {
		l.page = "articles/" + a.Slug + "/index.html"
		r.links = append(r.links, l)
	}
	r.headings = md.headings
	v := &ArticleView{Article: a, Body: template.HTML(md.html)}
	if len(md.sections) >= MinSections {
		v.Sections = md.sections
	}
	for _, slug := range a.Exercises {
		v.Exercises = append(v.Exercises, b.exerciseLink(b.site.Exercise(slug)))
	}
	for _, slug := range a.Related {
		v.Related = append(v.Related, b.articleLink(b.site.Article(slug)))
	}
	p := Page{Path: "/articles/" + a.Slug + "/", Kind: "article", Title: a.Title, Description: a.Description, Updated: a.Updated, Article: v}
	p.JSONLD = map[string]any{
		"@context":      "https://schema.org",
		"@type":         "Article",
		"headline":      a.Title,
		"description":   a.Description,
		"dateModified":  a.Updated,
		"datePublished": a.Updated,
		"url":           b.absURL(p.Path),
		"inLanguage":    "en",
		"publisher":     map[string]any{"@type": "Organization", "name": "Liftwell"},
	}
	return p
}

// assetsKey changes when any content drawing changes, since rendered
// Markdown carries the drawings' hashed names.
func (b *build) assetsKey() string {
	var s strings.Builder
	for _, name := range slices.Sorted(maps.Keys(b.site.Images)) {
		s.WriteString(b.assets[name])
	}
	return s.String()
}

func sha256Sum(parts ...any) []byte {
	h := sha256.New()
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			h.Write([]byte(p))
		case []byte:
			h.Write(p)
		}
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

func (b *build) exercisePage(e *content.Exercise) Page {
	img := b.site.Images["exercises/"+e.Illustration.File]
	v := &ExerciseView{Exercise: e, Image: b.assets["exercises/"+e.Illustration.File], Width: img.Width, Height: img.Height, PurposeTitle: purposeTitles[e.Purpose]}
	v.NotFor = b.cfg.Checker.NotFor[e.Slug] // New refuses a nil Checker
	for _, slug := range e.Related {
		v.Related = append(v.Related, b.exerciseLink(b.site.Exercise(slug)))
	}
	v.UsedIn = b.usedIn[e.Slug]
	p := Page{Path: "/exercises/" + e.Slug + "/", Kind: "exercise", Title: e.Name, Description: e.Summary, Exercise: v}
	steps := make([]any, len(e.Steps))
	for i, s := range e.Steps {
		steps[i] = map[string]any{"@type": "HowToStep", "position": i + 1, "text": s}
	}
	p.JSONLD = map[string]any{
		"@context":    "https://schema.org",
		"@type":       "HowTo",
		"name":        e.Name,
		"description": e.Summary,
		"image":       b.cfg.Origin + v.Image,
		"step":        steps,
		"url":         b.absURL(p.Path),
	}
	return p
}

// render executes the page's template and minifies the result into r.
func (b *Builder) render(p Page, r *rendered) {
	t, ok := b.cache.templates[p.Kind+".html"]
	if !ok {
		r.errs.AddAt(b.cfg.Templates+"/"+p.Kind+".html", 0, 0, "missing template for "+p.Path)
		return
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer pageBuffers.Put(buf)
	buf.Reset()
	minified, err := t.execute(buf, "layout.html", p, !b.minifyPages)
	if err != nil {
		var stop *renderStopped
		if errors.As(err, &stop) {
			r.errs.Add(stoppedError(stop, b.cfg.Templates))
			return
		}
		if errors.Is(err, errPageTooLarge) {
			// The template package does not say which action wrote last.
			r.errs.AddAt(t.path, 0, 0, "page "+p.Path+" "+err.Error())
			return
		}
		for fe := (*fragmentError)(nil); errors.As(err, &fe); {
			err = fe.err
		}
		r.errs.Add(templateError(err, b.cfg.Templates))
		return
	}
	r.out, r.kind = outputPath(p.Path), p.Kind
	html := buf.Bytes()
	if !minified {
		buf.Grow(1) // see minifyHTML
		html, err = minifyHTML(buf.Bytes())
		if err != nil {
			r.errs.AddAt(r.out, 0, 0, "cannot minify: "+err.Error())
			return
		}
	}
	if r.html = withPolicy(html); r.html == nil {
		r.errs.AddAt(filepath.Join(b.cfg.Templates, "layout.html"), 0, 0, "page "+p.Path+" has no <head> tag, where the builder puts the Content-Security-Policy")
		return
	}
	if b.checkIDs(p, t, r) {
		r.html = nil
		return
	}
	if len(r.html) > maxBuiltPage {
		where := t.path
		if p.Article != nil {
			where = p.Article.Path
		}
		r.errs.AddAt(where, 0, 0, "too large on page "+p.Path+": "+strconv.Itoa(len(r.html))+" bytes, more than the "+strconv.Itoa(maxBuiltPage>>20)+" MB a page may have")
		r.html = nil
	}
}

// checkIDs adds an error for each id that r's page gives to more than one
// element (a heading "Main" of an article takes the layout's id "main",
// and the skip link then goes to the heading), at the heading when it is
// one of the article's, else at the page's template; it reports whether
// there was one.
func (b *Builder) checkIDs(p Page, t *pageTemplate, r *rendered) bool {
	seen := map[string]int{}
	for _, m := range idAttr.FindAllSubmatch(r.html, -1) {
		seen[string(m[1])]++
	}
	found := false
	for _, id := range slices.Sorted(maps.Keys(seen)) {
		if seen[id] < 2 {
			continue
		}
		found = true
		i := slices.IndexFunc(r.headings, func(h sourceLink) bool { return h.href == id })
		if i >= 0 {
			h := r.headings[i]
			r.errs.AddAt(h.path, h.line, h.col, "the heading's id "+srcerr.Quote(id)+" is taken on page "+p.Path+" by an element of the layout: reword the heading")
			continue
		}
		r.errs.AddAt(t.path, 0, 0, "id "+srcerr.Quote(id)+" is given to "+strconv.Itoa(seen[id])+" elements on page "+p.Path)
	}
	return found
}

// idAttr finds the id attributes of a built page (the minifier keeps
// their quotes; a quote in text is escaped).
var idAttr = regexp.MustCompile(`\sid="([^"]*)"`)

// maxBuiltPage is the most a page may weigh once drawn and minified, and
// maxOutput the most the whole site may: far above what the site needs
// (its largest page is under 200 KB), low enough that no input can fill
// a disk. Variables, for the tests.
var (
	maxBuiltPage = 8 << 20
	maxOutput    = 256 << 20
)

// pageBuffers hold pages between the template and the minifier.
var pageBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}
