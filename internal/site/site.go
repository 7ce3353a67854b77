// Package site turns Liftwell's content and templates into the files of a
// static site, in memory; package output writes them.
//
// A build runs in three stages:
//
//   - load: content.Load reads articles and exercises into typed values,
//     with positioned errors (srcerr), while wasmbuild gets the checker's
//     WebAssembly module ready;
//   - render: Markdown through goldmark (code highlighted by chroma),
//     pages through html/template, the checker pages from the checker's
//     own tables, then feed, sitemap, manifest and service worker; every
//     file minified (pages by being drawn from templates minified when
//     they are loaded, see pageTemplate), every static asset named by its
//     content hash;
//   - check: every link and #fragment is resolved in memory (linkcheck).
//
// The caller then writes the files with output.Write, which puts them in
// a temporary folder beside the output and swaps it in, so a failed
// build leaves the previous site intact.
//
// Pages render on every CPU. A Builder keeps what did not change between
// builds (parsed templates, rendered Markdown, the compiled WebAssembly
// module, which is also kept between runs in the user's cache folder),
// which is what makes serve's rebuilds quick. The same input gives
// byte-identical output.
//
// # Templates
//
// The templates folder (Config.Templates) holds:
//
//	layout.html    draws every page; it calls the block "main"
//	<kind>.html    one per kind of page, defining "main": home, article,
//	               exercises, exercise, checker, checklist, rules, log,
//	               logsheet, 404, offline
//	_*.html        shared definitions, parsed with every page
//	static/        files served as they are, named by content hash; the
//	               CSS files are joined into one style.css (site.css
//	               first), with the code-highlighting styles, but for
//	               noscript.css: the look of pages without their script,
//	               linked from a <noscript> (see app.js)
//	sw.js          the service worker's code; the builder puts the list
//	               of files to precache in front of it
//
// The folder is read as content is (see Config.TemplatesFS): regular files
// only, a symbolic link is an error. Tests may give it as an fs.FS.
//
// Templates are minified when they are loaded, and Markdown when it is
// rendered, so pages come out minified with no pass over each whole page;
// an error is still reported at its line in the file as written.
//
// # What a template gets
//
// Dot is a [Page]:
//
//	.Path          the page's path from the site root: "/articles/sore-or-hurt/"
//	.Kind          the template's name without ".html"
//	.Title, .Description
//	.Updated       YYYY-MM-DD, on pages with a date (articles)
//	.NoIndex       true for pages kept out of search engines and the sitemap (404, offline)
//	.Site          [SiteData], on every page: .Articles, .Footer (the first ten
//	               articles), .Purposes (exercises by purpose), .Exercises, each a [Link]
//	.JSONLD        structured data for a <script type="application/ld+json">, or nil
//	.Article       on article pages, an [ArticleView]: the content.Article's fields,
//	               .Body (the rendered Markdown), .Exercises and .Related ([Link]s)
//	.Exercise      on exercise pages, an [ExerciseView]: the content.Exercise's fields,
//	               .Image (URL), .Width, .Height, .PurposeTitle, .Related, .UsedIn
//	               (articles that recommend it), .NotFor
//	.Checker       on the checker, checklist and rules pages: the checker's
//	               tables (checker.PageData: groups of questions, levels,
//	               checklist, rules, tips, sources)
//	.RulesHTML     on the checker pages: the rule table's Go source, highlighted
//	.Exercises     on the checker pages: every exercise's [Link] by slug
//	.Flow          on /checker/ only, a [CheckerFlow]: the emergency result the
//	               page shows before the module has loaded, the module's size,
//	               the number of steps
//	.Log           on /log/ and /log/sheet/, a [LogView]: the pain scale, the
//	               places a pain can be and the summary's thresholds, from
//	               internal/painlog and the checker's severity question
//
// Functions:
//
//	url "/checker/"        the path under the base path: "/liftwell/checker/"
//	absURL "/checker/"     the same with the origin in front (canonical, Open Graph)
//	asset "app.js"         the hashed URL of a file of static/ ("style.css" is the
//	                       joined stylesheet); a name with no file is an error
//	absAsset "icon.png"    asset with the origin in front
//	wasmURL                the hashed URL of the checker's WebAssembly module
//	wasmExecURL            the hashed URL of the wasm_exec.js that loads it
//	base                   the base path: "/" or "/liftwell/"
//	join list sep          strings.Join
//	shared "site-footer"   inserts the template of that name, run once per build
//	                       and page template with [SiteData] as dot, for the parts
//	                       of the layout that are the same on every page; a shared
//	                       template that uses a page's field is an error
//
// Every link a page holds must resolve to a file of the build (see
// linkcheck): a broken one is an error at the line that wrote it.
//
// # Rebuilds
//
// Every build runs the same code, in a state that the Builder's memory
// gives it (see memory in incremental.go): a Builder that builds once
// (Config.Once) gives each build a new state, which makes it a full build;
// one that builds more than once (serve's) gives each build the state the
// last one left. That makes each rebuild cost what the edit changed, and
// give what a full build would, byte for byte and error for error
// (TestRebuildEqualsFullBuild checks it on random sequences of edits):
//
//   - load: a content.Loader reads again only the files the watcher named
//     (Builder.Changed) or whose size or time changed; an unchanged file
//     gives the same *content.Article, so a page can tell its article is
//     unchanged by its pointer. Once serve's watcher runs (Builder.Watched)
//     the Loader trusts its events alone: it lists a folder and looks at a
//     file's size and time only where an event named them. The merge
//     (order, slugs, cross references) runs over every file, as in a full
//     build.
//   - render: every page is kept with what it was made from, and taken
//     from the last build when all of it is unchanged: the files of its
//     template set (its page template, the layout and the partials), the
//     URL of every asset, the version of each site-wide list its templates
//     read (the articles, the footer, the exercises by purpose, the
//     exercises: found in the parse trees, see siteLists; a list's version
//     moves when its links change), and its own inputs: for an article,
//     the article, the drawings' URLs and the links to what it names
//     (articleInputs); for the few other pages, their Page value whole
//     (pageDeps). The shared fragments are made from the lists and the
//     assets, so they are covered by the same keys. A body edit redraws
//     one page; a title edit that the footer shows, every page.
//   - feed, sitemap, minified files and the service worker's precache
//     list are made again only from what changed: the feed from what it
//     shows of each article, the sitemap from the pages and dates, each
//     revision from a file's bytes (a page taken from the last build is
//     the same slice).
//   - links (linkcheck.State): each page's ids, links and broken links
//     are kept with the files they depend on; a page is checked again
//     when its bytes changed, when a file it links to appears or goes, or
//     when a page it links to a #fragment of changes its ids, so a
//     renamed heading is reported on every page that links to it. Broken
//     links are placed (placeLink) again on every build.
//   - open pages first (Builder.BuildFirst): the pages open in a browser
//     are drawn before the others and handed to serve at once, so that
//     an edit that redraws every page (a template, the footer) shows on
//     them without waiting for the rest; the build then goes on as usual.
//
// Pages drawn with an error are never kept, so an error is always found
// the way a full build finds it.
package site

import (
	"context"
	"errors"
	"fmt"

	"html/template"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/yuin/goldmark"

	"github.com/liftwell/liftwell/internal/checker"
	"github.com/liftwell/liftwell/internal/content"
	"github.com/liftwell/liftwell/internal/srcerr"
	"github.com/liftwell/liftwell/internal/wasmbuild"
)

// Config says where a build reads from and where the site will live.
type Config struct {
	Content   string // the content directory
	Templates string // the templates directory, with static/ inside
	// ContentFS and TemplatesFS, when set, are read instead of the
	// folders Content and Templates, whose names then only say where
	// errors are ("templates/article.html:3:5: ..."): tests give them
	// fstest.MapFS overlays. Without them, each folder is read confined
	// (content.OpenDir): regular files only, no symbolic link, at most
	// content.MaxFileSize bytes a file. A Builder that builds more than
	// once reads a file of ContentFS again only when its size or time
	// changed, or Changed named it, as with the folder.
	ContentFS, TemplatesFS fs.FS
	Base                   string // the URL path the site is served under: "/" or "/liftwell/"
	Origin                 string // scheme and host for absolute URLs: "https://user.github.io"
	ModuleDir              string // the Go module holding ./wasm, compiled when Module is nil
	// Module and WasmExec, when set, are used instead of compiling the
	// checker (tests set them to keep builds fast).
	Module, WasmExec []byte
	// Checker is the checker's tables as its pages show them (required:
	// New refuses a Config without them), and RulesSource the Go source
	// of its rule table, shown highlighted.
	Checker     *checker.PageData
	RulesSource string
	// RenderTimeout bounds the rendering of all pages, so that a template
	// that loops without end is an error naming it, not a build that
	// never ends (DefaultRenderTimeout when zero).
	RenderTimeout time.Duration
	// RenderExpired, when set, is asked at every check of the render
	// (the start of each template, each step of each range; see guard)
	// with the check's kind ("range", `template "name"`) and place, and
	// as an article's Markdown renders with the kind "markdown" (no
	// place); true stops that page there as if the render timeout had
	// passed. Tests
	// set it to stop a looping template after a number of steps instead
	// of a number of milliseconds, which a slow machine can use up
	// before the loop is reached. It replaces the timer: the render
	// timeout then only names the deadline in the error.
	RenderExpired func(kind, place string) bool
	// Once says the Builder will build only once, as `liftwell build`
	// does: it then remembers nothing for a next build (its memory is
	// forget), and every build is a full build, run by the same code.
	Once bool
}

// DefaultRenderTimeout is how long rendering the pages may take: some
// hundred times what the largest site we measured needs (make bench).
const DefaultRenderTimeout = 60 * time.Second

// Timing is how long one stage of a build took.
type Timing struct {
	Stage string
	Took  time.Duration
}

// Files maps an output path ("articles/bridge/index.html") to its bytes.
type Files map[string][]byte

// Paths returns the output paths, sorted.
func (f Files) Paths() []string {
	paths := make([]string, 0, len(f))
	for p := range f {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// Builder builds the site, reusing work between builds. It is not safe
// for concurrent use: calls of BuildContext (and Build, BuildFirst) must
// not overlap.
type Builder struct {
	// Timings are how long each stage of the last build took.
	Timings []Timing

	cfg Config
	md  goldmark.Markdown

	cache struct {
		templatesKey string
		templates    map[string]*pageTemplate
		module       wasmbuild.Module
		css          string
		svg          map[*byte]svgResult // static SVGs rebuilt, by their bytes
		rulesSource  string              // the RulesSource that rules was made from
		rules        template.HTML       // RulesSource, highlighted
	}

	// mem is what the Builder remembers from one build for the next.
	mem memory
	// drawn counts the pages the build in progress has drawn so far, and
	// then those the last build drew, not taking them from the build
	// before.
	drawn atomic.Int64

	// minifyPages draws every page from its templates as written and
	// minifies it whole (the tests compare that with the minified
	// templates).
	minifyPages bool

	// cur is the build in progress, nil between builds: the parsed
	// templates' functions and the Markdown converter, made once and
	// kept, reach the build through it.
	cur *build
	// lastFiles is how many files the last build made, to size the next
	// one's maps.
	lastFiles int
	// onBuild, when set (by tests), is called with each build as it ends.
	onBuild func(*build)
}

// build is the state of one build, made by BuildContext and dropped when
// it returns: what the Builder keeps between builds is in Builder.cache
// and in its memory, which gives the build inc.
type build struct {
	*Builder

	// inc is the state the Builder's memory gives this build: new for a
	// full build, the last build's for a rebuild.
	inc *incremental

	// first and ready are BuildFirst's: the pages to draw first (by site
	// path, "/articles/bridge/"), and what to call with them.
	first map[string]bool
	ready func(Files)

	// During renderPages: the links to the articles, in their order
	// (SiteData.Articles), and to the exercises by slug.
	articleLinks  []Link
	exerciseLinks map[string]Link
	usedIn        map[string][]Link // by exercise: the articles that recommend it

	module      func() (module, wasmExec []byte, err error) // waits for startModule
	site        *content.Site
	files       Files
	assets      map[string]string       // logical name ("style.css") -> URL
	pageKinds   map[string]string       // output file -> the kind of page, its template's name
	pageLinks   map[string][]sourceLink // the links, by the page they are on
	shared      sharedFragments
	tmpl        fs.FS  // the templates (Config.TemplatesFS or the folder)
	drawingsKey string // assetsKey, for the keys of rendered Markdown

	// stop, once set, says why rendering must stop (the templates' checks
	// fail with it): its deadline passed, or the build was cancelled.
	stop atomic.Pointer[error]
}

// New returns a Builder for cfg. It checks the base path and origin.
func New(cfg Config) (*Builder, error) {
	if cfg.Base == "" {
		cfg.Base = "/"
	}
	if !strings.HasPrefix(cfg.Base, "/") || !strings.HasSuffix(cfg.Base, "/") || strings.Contains(cfg.Base, "//") {
		return nil, errors.New("base path " + quote(cfg.Base) + " must start and end with a slash, like / or /liftwell/")
	}
	if cfg.Checker == nil || len(cfg.Checker.Groups) == 0 {
		return nil, errors.New("no checker data (Config.Checker): the checker's pages would have no questions")
	}
	if cfg.Origin == "" {
		cfg.Origin = "http://localhost:8080"
	}
	if err := checkOrigin(cfg.Origin); err != nil {
		return nil, err
	}
	cfg.Origin = strings.TrimSuffix(cfg.Origin, "/")
	if cfg.RenderTimeout <= 0 {
		cfg.RenderTimeout = DefaultRenderTimeout
	}
	if cfg.ModuleDir == "" {
		cfg.ModuleDir = "."
	}
	b := &Builder{cfg: cfg}
	b.md = newMarkdown(b.stopped)
	b.mem = newMemory(cfg.Once)
	return b, nil
}

// stopped returns why the Markdown being rendered must stop (see
// build.stop, and Config.RenderExpired, asked with the kind
// "markdown"), or nil.
func (b *Builder) stopped() error {
	if b.cur == nil {
		return nil
	}
	if p := b.cur.stop.Load(); p != nil {
		return *p
	}
	if b.cfg.RenderExpired != nil && b.cfg.RenderExpired("markdown", "") {
		return b.timeoutError()
	}
	return nil
}

// checkOrigin returns an error unless origin is an http or https URL
// with a host and nothing after it.
func checkOrigin(origin string) error {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil ||
		u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return errors.New("origin " + quote(origin) + " must be an http or https URL with a host and no path, like https://user.github.io")
	}
	return nil
}

// Config returns the builder's configuration, defaults filled in.
func (b *Builder) Config() Config { return b.cfg }

// Build renders the whole site in memory. On failure the error lists every
// problem found, each naming its file, line and column where it can.
func (b *Builder) Build() (Files, error) { return b.BuildContext(context.Background()) }

// ErrCancelled is the error of a build whose context was cancelled.
var ErrCancelled = errors.New("build cancelled")

// BuildContext is Build, stopped early when ctx is cancelled: rendering
// stops at once, the other stages at their end. It then returns
// ErrCancelled.
func (b *Builder) BuildContext(ctx context.Context) (Files, error) {
	return b.run(ctx, &build{Builder: b, inc: b.mem.state()})
}

// run runs the build bd, which may name pages to draw first.
func (b *Builder) run(ctx context.Context, bd *build) (files Files, err error) {
	b.cur = bd
	defer func() {
		b.cur = nil
		if b.onBuild != nil {
			b.onBuild(bd)
		}
		if ctx.Err() != nil {
			files, err = nil, ErrCancelled
		}
	}()
	// The templates' checks read the build's stop, so that a timer of
	// the last build cannot stop this one.
	cancelled := context.AfterFunc(ctx, func() {
		err := ErrCancelled
		bd.stop.CompareAndSwap(nil, &err)
	})
	defer cancelled()
	if ctx.Err() != nil {
		return nil, ErrCancelled
	}
	return bd.run(ctx)
}

// run loads, renders and checks the site.
func (b *build) run(ctx context.Context) (Files, error) {
	b.Timings = nil
	start := time.Now()
	done := func(stage string) {
		now := time.Now()
		b.Timings = append(b.Timings, Timing{Stage: stage, Took: now.Sub(start)})
		start = now
	}
	b.module = b.startModule()
	assetsStarted := false
	defer func() {
		if !assetsStarted {
			b.module() // wait for the module, not left compiling
		}
	}()
	site, err := b.loadContent()
	if err != nil {
		return nil, err
	}
	done("load")
	b.site, b.files, b.assets, b.pageKinds = site, make(Files, b.lastFiles), map[string]string{}, make(map[string]string, b.lastFiles)
	var errs srcerr.List
	tmpl, closeTemplates, err := b.openTemplates()
	if err != nil {
		return nil, err
	}
	defer closeTemplates()
	b.tmpl = tmpl
	if err := b.loadTemplates(); err != nil {
		return nil, err
	}
	done("templates")
	if ctx.Err() != nil {
		return nil, ErrCancelled
	}
	assetsStarted = true
	errs.Add(b.addAssets())
	if errs.Err() != nil {
		return nil, errs
	}
	done("assets")
	// Highlighting the checker's rule table takes a while the first time
	// (it grew with version 3 of the checker): done here, it is not counted
	// in the render timeout, which is there to stop a runaway template.
	// Its errors, if any, come from renderPages, which asks again.
	b.rulesHTML(&srcerr.List{})
	endTimer := b.renderTimer(&b.stop)
	b.renderPages(&errs)
	endTimer()
	if errs.Err() != nil {
		return nil, errs
	}
	done("render")
	b.addFeeds()
	errs.Add(b.minifyAll())
	errs.Add(b.addServiceWorker())
	if errs.Err() != nil {
		return nil, errs
	}
	if err := checkOutputSize(b.files); err != nil {
		return nil, err
	}
	b.lastFiles = len(b.files)
	done("files")
	errs.Add(b.inc.links.CheckContext(ctx, b.files, b.cfg.Base, b.cfg.Origin, b.placeLink))
	if errs.Err() != nil {
		return nil, errs
	}
	done("links")
	return b.files, nil
}

// checkOutputSize returns an error when the files weigh more than
// maxOutput together.
func checkOutputSize(files Files) error {
	total := 0
	for _, data := range files {
		total += len(data)
	}
	if total > maxOutput {
		return srcerr.List{&srcerr.Error{Path: "the built site", Msg: fmt.Sprintf("%d bytes, more than the %d MB a site may have: are articles or templates repeating something?", total, maxOutput>>20)}}
	}
	return nil
}

// renderTimer starts the render timeout's timer, which stops the render
// through stop, and returns what ends it (no timer with RenderExpired).
func (b *Builder) renderTimer(stop *atomic.Pointer[error]) (end func()) {
	if b.cfg.RenderExpired != nil {
		return func() {}
	}
	limit := time.AfterFunc(b.cfg.RenderTimeout, func() {
		err := b.timeoutError()
		stop.CompareAndSwap(nil, &err)
	})
	return func() { limit.Stop() }
}

// BuildFirst is BuildContext, drawing first the pages at the output paths
// first (those open in a browser, for serve) and calling ready with them
// as soon as they are drawn, before the rest of the site: a template or
// footer edit that redraws every page shows on the open ones as soon as
// an edit of one page would. ready gets those pages and the files made
// before them (the assets, not yet minified), and is called only when one
// of them was drawn again and none has a problem. What it gets is a
// preview: the build may still fail (a broken link) or be cancelled, and
// the files BuildFirst returns are the build.
func (b *Builder) BuildFirst(ctx context.Context, first []string, ready func(Files)) (Files, error) {
	bd := &build{Builder: b, inc: b.mem.state(), first: map[string]bool{}, ready: ready}
	for _, p := range first { // by the page's path, as the jobs name it
		bd.first["/"+strings.TrimSuffix(p, "index.html")] = true
	}
	return b.run(ctx, bd)
}

// loadContent loads Config.ContentFS, or else the folder Config.Content,
// with the Loader of the last build when there is one.
func (b *build) loadContent() (*content.Site, error) {
	if b.cfg.ContentFS != nil {
		return b.inc.loader.Load(b.cfg.ContentFS, b.cfg.Content)
	}
	return b.inc.loader.LoadDir(b.cfg.Content)
}

// openTemplates returns Config.TemplatesFS, or else the folder
// Config.Templates opened confined, and what closes it.
func (b *Builder) openTemplates() (fs.FS, func() error, error) {
	if b.cfg.TemplatesFS != nil {
		return b.cfg.TemplatesFS, func() error { return nil }, nil
	}
	fsys, closeDir, err := content.OpenDir(b.cfg.Templates)
	if err != nil {
		var l srcerr.List
		l.AddAt(b.cfg.Templates, 0, 0, "cannot open the templates folder: "+err.Error())
		return nil, nil, l
	}
	return fsys, closeDir, nil
}

// url turns a site-root path ("/exercises/bridge/") into one under the
// base path ("/liftwell/exercises/bridge/").
func (b *Builder) url(p string) string {
	return b.cfg.Base + strings.TrimPrefix(p, "/")
}

// absURL is url with the origin in front, for feeds, sitemaps and meta.
func (b *Builder) absURL(p string) string {
	return b.cfg.Origin + b.url(p)
}

func quote(s string) string { return `"` + s + `"` }
